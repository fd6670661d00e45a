// Transcriber against the local stand-in of /v1/audio/transcriptions over real HTTP (libcurl
// multipart on the wire), and the duration checks on real Ogg Opus and WAV voice notes made with
// espeak-ng (testdata/README.md).
#include "speech/transcriber.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "speech/testing/transcription_stand_in.h"

namespace atende::speech {
namespace {

using namespace std::chrono_literals;
using testing::TranscriptionStandIn;

std::string Audio(const std::string& name) {
  std::ifstream in(std::string(ATENDE_SOURCE_DIR) + "/src/speech/testdata/" + name,
                   std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A minimal Ogg Opus stream: the OpusHead page, then one page whose granule position says how
// many 48 kHz samples the stream holds (the parser reads no audio).
std::string OggOpus(uint64_t samples, uint16_t pre_skip = 312) {
  auto page = [](uint64_t granule, const std::string& packet) {
    std::string p = "OggS";
    p.push_back('\0');  // version
    p.push_back('\0');  // flags
    for (int i = 0; i < 8; ++i) p.push_back(static_cast<char>(granule >> (8 * i)));
    p += std::string(12, '\0');  // serial, sequence, CRC (not checked)
    p.push_back('\1');           // one segment
    p.push_back(static_cast<char>(packet.size()));
    return p + packet;
  };
  std::string head = "OpusHead";
  head.push_back('\1');
  head.push_back('\1');
  head.push_back(static_cast<char>(pre_skip & 0xff));
  head.push_back(static_cast<char>(pre_skip >> 8));
  head += std::string(9, '\0');
  return page(0, head) + page(samples + pre_skip, std::string(40, 'x'));
}

class TranscriberTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stand_in_ = TranscriptionStandIn::Start({}, {"quero a segunda via do meu boleto", "oi"});
    ASSERT_NE(stand_in_, nullptr);
    config_.base_url = stand_in_->base_url() + "/";
    config_.timeout = 3000ms;
  }
  SpeechConfig config_;
  std::unique_ptr<TranscriptionStandIn> stand_in_;
};

TEST(SpeechDuration, ExactFromOggOpusAndWavEstimatedOtherwise) {
  EXPECT_NEAR(*ContainerSeconds(Audio("segunda_via.ogg")), 2.591, 0.01);
  EXPECT_NEAR(*ContainerSeconds(Audio("segunda_via.wav")), 2.591, 0.01);
  EXPECT_NEAR(*ContainerSeconds(OggOpus(48000 * 90)), 90.0, 1e-9);
  EXPECT_FALSE(ContainerSeconds(std::string(8000, 'm')).has_value());  // mp3, m4a, …
  bool estimated = false;
  EXPECT_NEAR(EstimateSeconds(std::string(8000, 'm'), &estimated), 2.0, 1e-9);  // 32 kbit/s
  EXPECT_TRUE(estimated);
  EXPECT_NEAR(EstimateSeconds(Audio("segunda_via.ogg"), &estimated), 2.591, 0.01);
  EXPECT_FALSE(estimated);
  EXPECT_FALSE(ContainerSeconds("OggS").has_value());  // truncated: no codec header
}

TEST(SpeechDuration, FileNamesServersCanDecode) {
  EXPECT_EQ(FileNameFor("audio/ogg; codecs=opus"), "voice-note.ogg");
  EXPECT_EQ(FileNameFor("audio/mpeg"), "voice-note.mp3");
  EXPECT_EQ(FileNameFor("audio/mp4"), "voice-note.m4a");
  EXPECT_EQ(FileNameFor("application/x-whatever"), "voice-note.bin");
}

TEST_F(TranscriberTest, AVoiceNoteGoesAsMultipartAndItsTextComesBack) {
  Transcriber transcriber(config_);
  std::string ogg = Audio("segunda_via.ogg");
  auto t = transcriber.Transcribe(ogg, "audio/ogg; codecs=opus");
  ASSERT_TRUE(t.ok()) << t.error().ToString() << " " << t.error().detail;
  EXPECT_EQ(t->text, "quero a segunda via do meu boleto");
  EXPECT_NEAR(t->seconds, 2.591, 0.01);
  EXPECT_FALSE(t->estimated);
  auto seen = stand_in_->requests();
  ASSERT_EQ(seen.size(), 1u);
  ASSERT_EQ(seen[0].size(), 4u);
  EXPECT_EQ(seen[0][0].name, "file");
  EXPECT_EQ(seen[0][0].filename, "voice-note.ogg");
  EXPECT_EQ(seen[0][0].content_type, "audio/ogg");
  EXPECT_EQ(seen[0][0].value, ogg);  // the bytes, unchanged
  EXPECT_EQ(seen[0][1].value, "whisper-1");
  EXPECT_EQ(seen[0][2].name, "language");
  EXPECT_EQ(seen[0][2].value, "pt");
  EXPECT_EQ(seen[0][3].value, "json");
  EXPECT_EQ(transcriber.Transcribe(Audio("segunda_via.wav"), "audio/wav")->text, "oi");
}

TEST_F(TranscriberTest, TooLongOrEmptyIsRefusedBeforeAnythingIsSent) {
  config_.max_seconds = 60;
  Transcriber transcriber(config_);
  auto long_note = transcriber.Transcribe(OggOpus(48000 * 61), "audio/ogg");
  ASSERT_FALSE(long_note.ok());
  EXPECT_EQ(long_note.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(long_note.error().message.find("61 s is longer than the 60 s"), std::string::npos)
      << long_note.error().message;
  auto big_mp3 = transcriber.Transcribe(std::string(4000 * 61, 'm'), "audio/mpeg");
  ASSERT_FALSE(big_mp3.ok());
  EXPECT_NE(big_mp3.error().message.find("about 61 s"), std::string::npos);
  EXPECT_EQ(transcriber.Transcribe("", "audio/ogg").error().kind, ErrorKind::kInvalidInput);
  EXPECT_TRUE(stand_in_->requests().empty());
  EXPECT_TRUE(transcriber.Transcribe(OggOpus(48000 * 59), "audio/ogg").ok());
  SpeechConfig nowhere;
  EXPECT_EQ(Transcriber(nowhere).Transcribe("OggS", "audio/ogg").error().kind,
            ErrorKind::kInvalidInput);
}

TEST_F(TranscriberTest, TheApiKeyTravelsAsBearerAndARefusedOneIsUnauthorized) {
  TranscriptionStandIn::Expect expect;
  expect.api_key = "sk-local";
  auto keyed = TranscriptionStandIn::Start(expect, {"ok"});
  config_.base_url = keyed->base_url();
  config_.api_key = "sk-local";
  EXPECT_EQ(Transcriber(config_).Transcribe(OggOpus(48000), "audio/ogg")->text, "ok");
  config_.api_key = "sk-wrong";
  auto refused = Transcriber(config_).Transcribe(OggOpus(48000), "audio/ogg");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kUnauthorized);
  EXPECT_NE(refused.error().detail.find("Incorrect API key"), std::string::npos);
}

TEST_F(TranscriberTest, ServerErrorsMapToTheCoreKinds) {
  config_.model = "large-v3";  // the stand-in wants whisper-1: a real server's 400
  auto wrong_model = Transcriber(config_).Transcribe(OggOpus(48000), "audio/ogg");
  ASSERT_FALSE(wrong_model.ok());
  EXPECT_EQ(wrong_model.error().kind, ErrorKind::kRefused);
  EXPECT_NE(wrong_model.error().detail.find("'model' must be 'whisper-1'"), std::string::npos);
  config_.model = "whisper-1";
  stand_in_->FailWith(503);
  http::CurlClientOptions no_retry;
  no_retry.max_retries = 0;
  Transcriber once(config_, std::make_shared<http::CurlHttpClient>(no_retry));
  EXPECT_EQ(once.Transcribe(OggOpus(48000), "audio/ogg").error().kind, ErrorKind::kUnavailable);
  stand_in_->FailWith(0);
  stand_in_->Delay(1500ms);
  config_.timeout = 300ms;
  EXPECT_EQ(Transcriber(config_, std::make_shared<http::CurlHttpClient>(no_retry))
                .Transcribe(OggOpus(48000), "audio/ogg")
                .error()
                .kind,
            ErrorKind::kTimeout);
  stand_in_->Delay(0ms);
  config_.base_url += "/wrong-prefix";
  config_.timeout = 3000ms;
  EXPECT_EQ(Transcriber(config_).Transcribe(OggOpus(48000), "audio/ogg").error().kind,
            ErrorKind::kUnavailable);  // 404: the route is not there
}

}  // namespace
}  // namespace atende::speech
