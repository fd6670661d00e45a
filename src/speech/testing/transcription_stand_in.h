// TranscriptionStandIn: a local stand-in for an OpenAI-compatible speech-to-text server
// (whisper.cpp server, speaches), on http::Server at 127.0.0.1, for tests. POST
// /v1/audio/transcriptions must be multipart/form-data with a `file` part carrying a filename and a
// Content-Type, and `model`, `language` and `response_format` fields equal to what the test
// expects; a request that breaks any of these gets 400 with an OpenAI-style error naming it, like a
// real server would refuse it. Accepted requests get the configured texts in turn as {"text": …}. A
// required API key, a forced status and a delay can be set. Records every request's parts.
// Test-only, header-only; thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "http/server.h"

namespace atende::speech::testing {

struct SeenPart {
  std::string name;
  std::string filename;
  std::string content_type;
  std::string value;
};

// Parses a multipart/form-data body (RFC 7578) with the boundary of `content_type`; empty when it
// is not one.
inline std::vector<SeenPart> ParseMultipart(const std::string& content_type,
                                            const std::string& body) {
  std::vector<SeenPart> parts;
  size_t b = content_type.find("boundary=");
  if (content_type.rfind("multipart/form-data", 0) != 0 || b == std::string::npos) return parts;
  std::string boundary = content_type.substr(b + 9);
  if (boundary.size() > 1 && boundary.front() == '"')
    boundary = boundary.substr(1, boundary.size() - 2);
  std::string delimiter = "--" + boundary;
  size_t at = body.find(delimiter);
  while (at != std::string::npos) {
    at += delimiter.size();
    if (body.compare(at, 2, "--") == 0) break;  // the closing delimiter
    at += 2;                                    // CRLF
    size_t head_end = body.find("\r\n\r\n", at);
    size_t next = body.find("\r\n" + delimiter, at);
    if (head_end == std::string::npos || next == std::string::npos || head_end > next) break;
    std::string head = body.substr(at, head_end - at);
    SeenPart part;
    auto param = [&](const std::string& key) {
      size_t k = head.find(key + "=\"");
      if (k == std::string::npos) return std::string();
      size_t start = k + key.size() + 2;
      return head.substr(start, head.find('"', start) - start);
    };
    part.name = param("name");
    part.filename = param("filename");
    size_t ct = head.find("Content-Type: ");
    if (ct != std::string::npos) {
      size_t end = head.find("\r\n", ct);
      part.content_type =
          head.substr(ct + 14, end == std::string::npos ? std::string::npos : end - ct - 14);
    }
    part.value = body.substr(head_end + 4, next - head_end - 4);
    parts.push_back(std::move(part));
    at = next + 2;
  }
  return parts;
}

class TranscriptionStandIn {
 public:
  struct Expect {
    std::string model = "whisper-1";
    std::string language = "pt";
    std::string response_format = "json";
    std::string api_key;  // non-empty: "Authorization: Bearer <key>" required (401 otherwise)
  };

  static std::unique_ptr<TranscriptionStandIn> Start(Expect expect,
                                                     std::vector<std::string> texts) {
    auto stand_in = std::unique_ptr<TranscriptionStandIn>(
        new TranscriptionStandIn(std::move(expect), std::move(texts)));
    TranscriptionStandIn* self = stand_in.get();
    http::ServerOptions options;
    options.body_limit = 32 << 20;
    auto server =
        http::Server::Start(options, [self](const http::Request& r) { return self->Handle(r); });
    if (!server.ok()) return nullptr;
    stand_in->server_ = std::move(server).value();
    return stand_in;
  }
  ~TranscriptionStandIn() {
    if (server_) server_->Stop();
  }

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  // Every request that reached the route, accepted or not: its parts.
  std::vector<std::vector<SeenPart>> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  void FailWith(int status) {  // 0: answer normally again
    std::lock_guard lock(mu_);
    fail_status_ = status;
  }
  void Delay(std::chrono::milliseconds delay) {
    std::lock_guard lock(mu_);
    delay_ = delay;
  }

 private:
  TranscriptionStandIn(Expect expect, std::vector<std::string> texts)
      : expect_(std::move(expect)), texts_(std::move(texts)) {}

  static http::Response OpenAiError(int status, const std::string& message) {
    nlohmann::json body = {
        {"error", {{"message", message}, {"type", "invalid_request_error"}, {"code", nullptr}}}};
    return http::Response::Json(status, body.dump());
  }

  http::Response Handle(const http::Request& r) {
    if (r.method != "POST" || r.path != "/v1/audio/transcriptions") {
      return http::Response::Json(404, R"({"detail":"Not Found"})");
    }
    std::vector<SeenPart> parts = ParseMultipart(r.Header("content-type"), r.body);
    std::lock_guard lock(mu_);
    requests_.push_back(parts);
    http::Response out = Answer(r, parts);
    out.delay = delay_;
    return out;
  }

  http::Response Answer(const http::Request& r, const std::vector<SeenPart>& parts) {
    if (!expect_.api_key.empty() && r.Header("authorization") != "Bearer " + expect_.api_key) {
      return OpenAiError(401, "Incorrect API key provided");
    }
    if (fail_status_ != 0) return OpenAiError(fail_status_, "forced failure");
    if (parts.empty()) return OpenAiError(400, "expected multipart/form-data");
    std::map<std::string, const SeenPart*> by_name;
    for (const SeenPart& p : parts) by_name[p.name] = &p;
    auto file = by_name.find("file");
    if (file == by_name.end()) return OpenAiError(400, "missing the 'file' part");
    if (file->second->filename.empty()) return OpenAiError(400, "the 'file' part has no filename");
    if (file->second->content_type.rfind("audio/", 0) != 0) {
      return OpenAiError(400, "the 'file' part is not audio: '" + file->second->content_type + "'");
    }
    if (file->second->value.empty()) return OpenAiError(400, "the audio file is empty");
    for (const auto& [field, wanted] : {std::pair<std::string, std::string>{"model", expect_.model},
                                        {"language", expect_.language},
                                        {"response_format", expect_.response_format}}) {
      auto it = by_name.find(field);
      if (it == by_name.end() || it->second->value != wanted) {
        return OpenAiError(400, "'" + field + "' must be '" + wanted + "'");
      }
    }
    std::string text = texts_.empty() ? "" : texts_[served_++ % texts_.size()];
    return http::Response::Json(200, nlohmann::json({{"text", text}}).dump());
  }

  Expect expect_;
  std::vector<std::string> texts_;
  std::unique_ptr<http::Server> server_;
  mutable std::mutex mu_;
  std::vector<std::vector<SeenPart>> requests_;
  size_t served_ = 0;
  int fail_status_ = 0;
  std::chrono::milliseconds delay_{0};
};

}  // namespace atende::speech::testing
