#include "speech/transcriber.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace atende::speech {
namespace {

constexpr double kBytesPerSecondFloor = 4000;  // 32 kbit/s: voice codecs use less

uint64_t Le(std::string_view s, size_t at, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= uint64_t{static_cast<unsigned char>(s[at + i])} << (8 * i);
  return v;
}

std::optional<double> OggSeconds(std::string_view a) {
  double rate = 0;
  uint64_t pre_skip = 0;
  if (size_t opus = a.find("OpusHead"); opus != std::string_view::npos && opus + 12 <= a.size()) {
    rate = 48000;  // Opus granule positions always count 48 kHz samples (RFC 7845 §4)
    pre_skip = Le(a, opus + 10, 2);
  } else if (size_t vorbis = a.find("\x01vorbis");
             vorbis != std::string_view::npos && vorbis + 16 <= a.size()) {
    rate = static_cast<double>(Le(a, vorbis + 12, 4));
  }
  if (rate <= 0) return std::nullopt;
  // The last page's granule position is the stream's length in samples.
  for (size_t at = a.rfind("OggS"); at != std::string_view::npos;
       at = at == 0 ? std::string_view::npos : a.rfind("OggS", at - 1)) {
    if (at + 14 > a.size() || a[at + 4] != 0) continue;  // stream structure version 0
    uint64_t granule = Le(a, at + 6, 8);
    if (granule == ~uint64_t{0}) continue;  // a page where no packet ends
    return static_cast<double>(granule > pre_skip ? granule - pre_skip : 0) / rate;
  }
  return std::nullopt;
}

std::optional<double> WavSeconds(std::string_view a) {
  uint64_t byte_rate = 0;
  for (size_t at = 12; at + 8 <= a.size();) {
    std::string_view id = a.substr(at, 4);
    uint64_t size = Le(a, at + 4, 4);
    if (id == "fmt " && at + 16 <= a.size()) byte_rate = Le(a, at + 16, 4);
    // A streamed WAV may leave the size at 0 or 0xFFFFFFFF: count what is there.
    if (id == "data" && byte_rate > 0) {
      uint64_t present = a.size() - (at + 8);
      if (size == 0 || size > present) size = present;
      return static_cast<double>(size) / static_cast<double>(byte_rate);
    }
    at += 8 + size + (size & 1);
  }
  return std::nullopt;
}

std::string BaseMime(std::string_view mime) {
  std::string out(mime.substr(0, mime.find(';')));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// An OpenAI-style error body ({"error":{"message":…}}) or the body's start, for Error::detail.
std::string ErrorDetail(int status, const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  std::string message;
  if (j.is_object() && j.contains("error")) {
    const auto& e = j["error"];
    message = e.is_object()   ? e.value("message", std::string())
              : e.is_string() ? e.get<std::string>()
                              : "";
  }
  if (message.empty()) message = body.substr(0, 200);
  return "HTTP " + std::to_string(status) + " " + message;
}

}  // namespace

std::optional<double> ContainerSeconds(std::string_view audio) {
  if (audio.starts_with("OggS")) return OggSeconds(audio);
  if (audio.size() >= 12 && audio.starts_with("RIFF") && audio.substr(8, 4) == "WAVE")
    return WavSeconds(audio);
  return std::nullopt;
}

double EstimateSeconds(std::string_view audio, bool* estimated) {
  std::optional<double> exact = ContainerSeconds(audio);
  if (estimated != nullptr) *estimated = !exact.has_value();
  return exact.value_or(static_cast<double>(audio.size()) / kBytesPerSecondFloor);
}

std::string FileNameFor(std::string_view mime) {
  std::string base = BaseMime(mime);
  std::string ext = base == "audio/ogg" || base == "audio/opus"                            ? "ogg"
                    : base == "audio/mpeg" || base == "audio/mp3"                          ? "mp3"
                    : base == "audio/mp4" || base == "audio/m4a" || base == "audio/aac"    ? "m4a"
                    : base == "audio/wav" || base == "audio/x-wav" || base == "audio/wave" ? "wav"
                    : base == "audio/webm"                                                 ? "webm"
                    : base == "audio/amr"                                                  ? "amr"
                                                                                           : "bin";
  return "voice-note." + ext;
}

Transcriber::Transcriber(SpeechConfig config, std::shared_ptr<http::HttpClient> http)
    : config_(std::move(config)), http_(std::move(http)) {
  while (!config_.base_url.empty() && config_.base_url.back() == '/') config_.base_url.pop_back();
  if (http_ == nullptr) {
    http::CurlClientOptions options;
    options.total_timeout = config_.timeout;
    options.connect_timeout = std::min(config_.timeout, std::chrono::milliseconds(3000));
    http_ = std::make_shared<http::CurlHttpClient>(options);
  }
}

Result<Transcript> Transcriber::Transcribe(std::string_view audio, std::string_view mime,
                                           const TranscribeOptions& options) const {
  if (config_.base_url.empty()) return Error::InvalidInput("speech: no base_url configured");
  if (audio.empty()) return Error::InvalidInput("speech: the voice note is empty");
  Transcript out;
  out.seconds = EstimateSeconds(audio, &out.estimated);
  if (out.seconds > config_.max_seconds) {
    return Error::InvalidInput(
        "speech: a voice note of " + std::string(out.estimated ? "about " : "") +
        std::to_string(static_cast<int>(std::ceil(out.seconds))) + " s is longer than the " +
        std::to_string(config_.max_seconds) + " s allowed");
  }
  http::ClientRequest request;
  request.method = http::Method::kPost;
  request.url = config_.base_url + "/v1/audio/transcriptions";
  if (!config_.api_key.empty()) request.headers = {{"Authorization", "Bearer " + config_.api_key}};
  std::string content_type = BaseMime(mime);
  request.multipart = {
      {"file", std::string(audio), FileNameFor(mime),
       content_type.empty() ? "application/octet-stream" : content_type},
      {"model", config_.model, "", ""},
      {"language", options.language.empty() ? config_.language : options.language, "", ""},
      {"response_format", "json", "", ""}};
  request.idempotent = true;  // nothing changes on the server: a lost answer may be asked again
  request.total_timeout = config_.timeout;
  auto response = http_->Send(request);
  if (!response.ok()) {
    Error e = response.error();
    e.message = "speech: " + e.message;
    return e;
  }
  int s = response->status;
  if (s == 401 || s == 403)
    return Error::Unauthorized("speech: API key refused")
        .WithDetail(ErrorDetail(s, response->body));
  if (s == 400 || s == 413 || s == 415 || s == 422) {
    return Error::Refused("speech: the server would not transcribe this audio")
        .WithDetail(ErrorDetail(s, response->body));
  }
  if (!response->IsSuccess()) {
    return Error::Unavailable("speech: server answered HTTP " + std::to_string(s))
        .WithDetail(ErrorDetail(s, response->body));
  }
  auto j = nlohmann::json::parse(response->body, nullptr, false);
  if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) {
    return Error::BadAnswer("speech: the answer has no text")
        .WithDetail(response->body.substr(0, 200));
  }
  out.text = Trim(j["text"].get<std::string>());
  return out;
}

}  // namespace atende::speech
