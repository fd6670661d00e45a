#include "channel/testing/fake_graph_api.h"

#include <gtest/gtest.h>

#include "channel/whatsapp_cloud/whatsapp_cloud_channel.h"

namespace atende::channel::testing {
namespace {

struct FakeGraphTest : ::testing::Test {
  void SetUp() override {
    FakeGraphApi::Options options;
    options.enforce_window = true;
    fake = FakeGraphApi::Start(options);
    ASSERT_NE(fake, nullptr);
    WhatsAppCloudConfig config;
    config.graph_base_url = fake->base_url();
    config.phone_number_id = "106540352242922";
    config.access_token = "EAAtoken";
    config.app_secret = "s";
    http::CurlClientOptions http_options;
    http_options.max_retries = 0;
    channel = std::make_unique<WhatsAppCloudChannel>(
        config, std::make_shared<http::CurlHttpClient>(http_options));
  }
  OutboundMessage To(OutboundContent content) {
    OutboundMessage m;
    m.to = "5511999990000";
    m.content = std::move(content);
    return m;
  }
  std::unique_ptr<FakeGraphApi> fake;
  std::unique_ptr<WhatsAppCloudChannel> channel;
};

TEST_F(FakeGraphTest, WindowDecidesFreeFormSends) {
  auto closed = channel->Send(To(OutText{"oi"}));
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().kind, ErrorKind::kRefused);
  EXPECT_EQ(closed.error().detail.substr(0, 6), "131047");

  fake->ApproveTemplate("fatura_disponivel", 2);
  EXPECT_TRUE(
      channel->Send(To(OutTemplate{"fatura_disponivel", "pt_BR", {"Maria", "R$ 99,90"}})).ok());
  auto mismatch = channel->Send(To(OutTemplate{"fatura_disponivel", "pt_BR", {"Maria"}}));
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().detail.substr(0, 6), "132000");
  EXPECT_EQ(mismatch.error().kind, ErrorKind::kRefused);

  fake->OpenWindow("5511999990000");
  auto sent = channel->Send(To(OutButtons{"Pagar como?", {{"pix", "Pix"}, {"boleto", "Boleto"}}}));
  ASSERT_TRUE(sent.ok()) << sent.error().ToString();
  EXPECT_EQ(sent->provider_message_id.rfind("wamid.FAKE", 0), 0u);
  ASSERT_EQ(fake->sent().size(), 2u);
  EXPECT_EQ(fake->sent()[1]["interactive"]["action"]["buttons"][1]["reply"]["id"], "boleto");
}

TEST_F(FakeGraphTest, DocumentUploadSendAndDelete) {
  fake->OpenWindow("5511999990000");
  auto sent =
      channel->Send(To(OutDocument{"boleto.pdf", "application/pdf", "%PDF-1.4 x", "2a via"}));
  ASSERT_TRUE(sent.ok()) << sent.error().ToString() << " " << sent.error().detail;
  EXPECT_EQ(fake->media().size(), 1u);
  EXPECT_TRUE(channel->DeleteMedia(sent->media_id).ok());
  EXPECT_TRUE(fake->media().empty());
}

TEST_F(FakeGraphTest, RateLimitModes) {
  fake->OpenWindow("5511999990000");
  fake->SetThrottled(true);
  auto throttled = channel->Send(To(OutText{"oi"}));
  ASSERT_FALSE(throttled.ok());
  EXPECT_EQ(throttled.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(throttled.error().detail.substr(0, 6), "130429");
  fake->SetThrottled(false);
  fake->SetPairLimited(true);
  EXPECT_EQ(channel->Send(To(OutText{"oi"})).error().detail.substr(0, 6), "131056");
  fake->SetPairLimited(false);
  EXPECT_TRUE(channel->Send(To(OutText{"oi"})).ok());
}

TEST_F(FakeGraphTest, WrongTokenIsUnauthorized) {
  WhatsAppCloudConfig config = channel->config();
  config.access_token = "expired";
  WhatsAppCloudChannel bad(config, std::make_shared<http::CurlHttpClient>());
  EXPECT_EQ(bad.Send(To(OutText{"oi"})).error().kind, ErrorKind::kUnauthorized);
}

TEST_F(FakeGraphTest, AVoiceNoteIsFetchedByIdWithTheBearerToken) {
  std::string ogg = "OggS" + std::string(3000, '\x01');
  std::string id = fake->AddMedia(ogg, "audio/ogg; codecs=opus");
  auto media = channel->FetchMedia(id, 16 * 1024);
  ASSERT_TRUE(media.ok()) << media.error().ToString();
  EXPECT_EQ(media->bytes, ogg);
  EXPECT_EQ(media->mime, "audio/ogg; codecs=opus");
  EXPECT_EQ(fake->media_downloads(), 1);
}

TEST_F(FakeGraphTest, MediaOverTheLimitIsRefusedBeforeItIsDownloaded) {
  std::string id = fake->AddMedia(std::string(5000, 'a'), "audio/ogg");
  auto media = channel->FetchMedia(id, 4999);
  ASSERT_FALSE(media.ok());
  EXPECT_EQ(media.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(media.error().message.find("5000 bytes"), std::string::npos) << media.error().message;
  EXPECT_EQ(fake->media_downloads(), 0);
  EXPECT_TRUE(channel->FetchMedia(id, 5000).ok());
}

TEST_F(FakeGraphTest, UnknownOrExpiredMediaIsAnErrorNotBytes) {
  EXPECT_FALSE(channel->FetchMedia("123", 1000).ok());
  EXPECT_EQ(channel->FetchMedia("../messages", 1000).error().kind, ErrorKind::kInvalidInput);
  std::string id = fake->AddMedia("OggS", "audio/ogg");
  fake->ExpireMediaUrls();
  auto expired = channel->FetchMedia(id, 1000);
  ASSERT_FALSE(expired.ok());
  EXPECT_NE(expired.error().kind, ErrorKind::kUnavailable);  // a new lookup is needed, not a retry
  WhatsAppCloudConfig config = channel->config();
  config.access_token = "expired";
  WhatsAppCloudChannel bad(config, std::make_shared<http::CurlHttpClient>());
  EXPECT_EQ(bad.FetchMedia(id, 1000).error().kind, ErrorKind::kUnauthorized);
}

}  // namespace
}  // namespace atende::channel::testing
