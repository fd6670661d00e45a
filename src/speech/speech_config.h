// SpeechConfig: where voice notes are transcribed — `[speech]` for every tenant, or
// `[tenant.speech]` for one (config/atende.example.toml). Plain data; holds the API key, so never
// log it. Header-only so configuration code can hold it without linking the client.
#pragma once

#include <chrono>
#include <string>

namespace atende::speech {

struct SpeechConfig {
  // The server's base: "http://127.0.0.1:8081" (whisper.cpp server started with
  // `--inference-path /v1/audio/transcriptions --convert`), a speaches server, or
  // "https://api.openai.com". The client adds /v1/audio/transcriptions.
  std::string base_url;
  std::string model = "whisper-1";  // whisper.cpp ignores it; speaches wants its model's name
  std::string api_key;              // from `api_key_env`; empty: no Authorization header
  std::chrono::milliseconds timeout{30000};
  int max_seconds = 120;  // longer voice notes are refused before anything is sent
  std::string language = "pt";
};

}  // namespace atende::speech
