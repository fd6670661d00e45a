// Transcriber: speech to text for subscribers' voice notes, over the OpenAI-compatible route
// `POST {base}/v1/audio/transcriptions` (multipart: file, model, language, response_format=json)
// that whisper.cpp's server, speaches (faster-whisper) and OpenAI all expose. The audio is checked
// before anything is sent: not empty, and not longer than SpeechConfig::max_seconds (measured from
// the container where that is cheap — Ogg Opus/Vorbis granule positions, WAV headers — otherwise
// estimated from the size at a low bitrate, so a long note is never let through).
//
// Errors: kInvalidInput (no audio, too long, no base_url), kUnauthorized (401/403: the key),
// kRefused (the server would not take this audio: 400/413/415/422, its message in detail),
// kUnavailable (unreachable, 404 route, 429, 5xx), kTimeout, kBadAnswer (no `text`). Thread-safe:
// immutable after construction, the HttpClient is shared.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/client.h"
#include "speech/speech_config.h"

namespace atende::speech {

struct TranscribeOptions {
  std::string language;  // ISO 639-1; empty: SpeechConfig::language ("pt")
};

struct Transcript {
  std::string text;        // trimmed
  double seconds = 0;      // the audio's length as measured (or estimated) before sending
  bool estimated = false;  // true when `seconds` came from the size, not the container
};

// The audio's length: exact for Ogg (Opus, Vorbis) and WAV; nullopt for other containers.
std::optional<double> ContainerSeconds(std::string_view audio);
// ContainerSeconds, or the size at 32 kbit/s (an over-estimate for voice codecs).
double EstimateSeconds(std::string_view audio, bool* estimated = nullptr);
// "voice-note.ogg" for "audio/ogg; codecs=opus": the name servers use to pick a decoder.
std::string FileNameFor(std::string_view mime);

class Transcriber {
 public:
  // With no `http`, a CurlHttpClient with the configured timeout is created.
  explicit Transcriber(SpeechConfig config, std::shared_ptr<http::HttpClient> http = nullptr);

  Result<Transcript> Transcribe(std::string_view audio, std::string_view mime,
                                const TranscribeOptions& options = {}) const;

  const SpeechConfig& config() const { return config_; }

 private:
  SpeechConfig config_;
  std::shared_ptr<http::HttpClient> http_;
};

}  // namespace atende::speech
