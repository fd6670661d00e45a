// FakeGraphApi: a local stand-in for the WhatsApp Cloud API's send side (whatsapp-cloud.md §10), on
// http::Server at 127.0.0.1, for adapter and end-to-end tests. POST /{version}/{phone-number-id}/
// messages checks the bearer token and the §7 limits (its own checks, not the adapter's), answers a
// fresh wamid, and records the body; /media takes multipart uploads and answers a media id; DELETE
// /{media-id} forgets it. Modes: throttled (130429), pair-limited (131056), the 24-hour window
// (131047 for non-template sends to recipients without an open window), template parameter counts
// (132000). Inbound media: AddMedia() stores bytes that GET /{media-id} describes (url, mime_type,
// sha256 in hex, file_size) and GET /media-download/{id} serves to the bearer token only, until
// ExpireMediaUrls() (the 5-minute URL lifetime). Test-only, header-only; thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "channel/crypto.h"
#include "http/server.h"

namespace atende::channel::testing {

class FakeGraphApi {
 public:
  struct Options {
    std::string api_version = "v21.0";
    std::string phone_number_id = "106540352242922";
    std::string access_token = "EAAtoken";
    bool enforce_window = false;  // 131047 unless OpenWindow(to) was called
  };

  static std::unique_ptr<FakeGraphApi> Start(Options options) {
    auto fake = std::unique_ptr<FakeGraphApi>(new FakeGraphApi(std::move(options)));
    FakeGraphApi* self = fake.get();
    auto server =
        http::Server::Start({}, [self](const http::Request& r) { return self->Handle(r); });
    if (!server.ok()) return nullptr;
    fake->server_ = std::move(server).value();
    return fake;
  }
  ~FakeGraphApi() {
    if (server_) server_->Stop();
  }

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  void SetThrottled(bool on) { throttled_ = on; }       // every send → 130429
  void SetPairLimited(bool on) { pair_limited_ = on; }  // every send → 131056
  void OpenWindow(const std::string& to) {
    std::lock_guard lock(mu_);
    open_windows_.insert(to);
  }
  // Approved template → its number of body parameters (others: 132001 template does not exist).
  void ApproveTemplate(const std::string& name, size_t body_parameters) {
    std::lock_guard lock(mu_);
    templates_[name] = body_parameters;
  }

  // Accepted message bodies, in arrival order.
  std::vector<nlohmann::json> sent() const {
    std::lock_guard lock(mu_);
    return sent_;
  }
  // Uploaded media: id → the raw multipart body.
  std::map<std::string, std::string> media() const {
    std::lock_guard lock(mu_);
    return media_;
  }
  int rejected() const { return rejected_; }

  // Media a subscriber sent (a voice note): its id, to put in a webhook's audio.id.
  std::string AddMedia(std::string bytes, std::string mime) {
    std::lock_guard lock(mu_);
    std::string id = std::to_string(7000000000000000 + ++counter_);
    inbound_media_[id] = {std::move(bytes), std::move(mime)};
    return id;
  }
  // The download URLs handed out so far stop working (Meta's last 5 minutes).
  void ExpireMediaUrls() { media_urls_expired_ = true; }
  int media_downloads() const { return media_downloads_; }

 private:
  explicit FakeGraphApi(Options options) : options_(std::move(options)) {}

  static http::Response GraphError(int status, int code, const std::string& message) {
    nlohmann::json body = {
        {"error",
         {{"message", "(#" + std::to_string(code) + ") " + message},
          {"type", "OAuthException"},
          {"code", code},
          {"error_data", {{"messaging_product", "whatsapp"}, {"details", message}}},
          {"fbtrace_id", "FakeTrace"}}}};
    return http::Response::Json(status, body.dump());
  }

  http::Response Reject(int status, int code, const std::string& message) {
    ++rejected_;
    return GraphError(status, code, message);
  }

  struct InboundMedia {
    std::string bytes;
    std::string mime;
  };

  http::Response Handle(const http::Request& r) {
    if (r.method == "GET" && r.path.rfind("/media-download/", 0) == 0) return Download(r);
    const std::string prefix = "/" + options_.api_version + "/";
    if (r.path.rfind(prefix, 0) != 0) return http::Response::Text(404, "not found");
    if (r.Header("authorization") != "Bearer " + options_.access_token) {
      return Reject(401, 190, "Error validating access token");
    }
    std::string tail = r.path.substr(prefix.size());
    if (r.method == "POST" && tail == options_.phone_number_id + "/messages") return Message(r);
    if (r.method == "POST" && tail == options_.phone_number_id + "/media") return Upload(r);
    if (r.method == "GET") return DescribeMedia(tail);
    if (r.method == "DELETE") {
      std::lock_guard lock(mu_);
      if (media_.erase(tail) == 0) return Reject(404, 100, "Unknown media");
      return http::Response::Json(200, R"({"success":true})");
    }
    return http::Response::Text(404, "not found");
  }

  http::Response DescribeMedia(const std::string& id) {
    std::lock_guard lock(mu_);
    auto it = inbound_media_.find(id);
    if (it == inbound_media_.end()) return GraphError(404, 100, "Unsupported get request");
    nlohmann::json answer = {{"messaging_product", "whatsapp"},
                             {"url", base_url() + "/media-download/" + id + "?ext=1&hash=fake"},
                             {"mime_type", it->second.mime},
                             {"sha256", HexLower(Sha256(it->second.bytes))},
                             {"file_size", std::to_string(it->second.bytes.size())},
                             {"id", id}};
    return http::Response::Json(200, answer.dump());
  }

  http::Response Download(const http::Request& r) {
    if (r.Header("authorization") != "Bearer " + options_.access_token) {
      return Reject(401, 190, "Error validating access token");
    }
    std::string id = r.path.substr(std::string("/media-download/").size());
    std::lock_guard lock(mu_);
    auto it = inbound_media_.find(id);
    if (it == inbound_media_.end() || media_urls_expired_) {
      return http::Response::Text(404, "URL signature expired", "text/plain");
    }
    ++media_downloads_;
    return http::Response::Text(200, it->second.bytes, it->second.mime);
  }

  http::Response Upload(const http::Request& r) {
    if (r.Header("content-type").rfind("multipart/form-data; boundary=", 0) != 0 ||
        r.body.find("name=\"messaging_product\"\r\n\r\nwhatsapp") == std::string::npos ||
        r.body.find("name=\"file\"; filename=\"") == std::string::npos) {
      return Reject(400, 131053, "Media upload error");
    }
    std::lock_guard lock(mu_);
    std::string id = std::to_string(9000000000000000 + ++counter_);
    media_[id] = r.body;
    return http::Response::Json(200, nlohmann::json({{"id", id}}).dump());
  }

  http::Response Message(const http::Request& r) {
    using nlohmann::json;
    json body = json::parse(r.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() ||
        body.value("messaging_product", "") != "whatsapp") {
      return Reject(400, 100, "Invalid parameter");
    }
    std::string to = body.value("to", body.value("recipient", ""));
    std::string type = body.value("type", "");
    if (to.empty() || type.empty()) return Reject(400, 131008, "Required parameter is missing");
    if (throttled_) return Reject(400, 130429, "Rate limit hit");
    if (pair_limited_) return Reject(400, 131056, "Pair rate limit hit");
    auto too_long = [](const json& j, const char* key, size_t max) {
      return j.is_object() && j.contains(key) && j[key].is_string() &&
             Utf8Length(j[key].get<std::string>()) > max;
    };
    if (type == "text") {
      if (!body.contains("text") || too_long(body["text"], "body", 4096)) {
        return Reject(400, 100, "Invalid parameter");
      }
    } else if (type == "interactive") {
      const json& in = body["interactive"];
      const json& action = in.value("action", json::object());
      if (in.value("type", "") == "button") {
        const json& buttons = action.value("buttons", json::array());
        if (buttons.empty() || buttons.size() > 3)
          return Reject(400, 131009, "Parameter value is not valid");
        for (const json& b : buttons) {
          if (too_long(b.value("reply", json::object()), "title", 20)) {
            return Reject(400, 131009, "Parameter value is not valid");
          }
        }
      } else if (in.value("type", "") == "list") {
        size_t rows = 0;
        for (const json& section : action.value("sections", json::array())) {
          for (const json& row : section.value("rows", json::array())) {
            ++rows;
            if (too_long(row, "title", 24) || too_long(row, "description", 72)) {
              return Reject(400, 131009, "Parameter value is not valid");
            }
          }
        }
        if (rows == 0 || rows > 10 || too_long(action, "button", 20)) {
          return Reject(400, 131009, "Parameter value is not valid");
        }
      }
    } else if (type == "document") {
      std::string id = body.value("document", json::object()).value("id", "");
      std::lock_guard lock(mu_);
      if (!id.empty() && media_.count(id) == 0) return Reject(400, 131053, "Media upload error");
    }
    {
      std::lock_guard lock(mu_);
      if (type == "template") {
        const json& tpl = body.value("template", json::object());
        auto it = templates_.find(tpl.value("name", ""));
        if (it == templates_.end())
          return Reject(404, 132001, "Template name does not exist in the translation");
        size_t params = 0;
        for (const json& c : tpl.value("components", json::array())) {
          if (c.value("type", "") == "body") params += c.value("parameters", json::array()).size();
        }
        if (params != it->second)
          return Reject(400, 132000,
                        "Number of parameters does not match the expected number of params");
      } else if (options_.enforce_window && open_windows_.count(to) == 0) {
        ++rejected_;
        return GraphError(400, 131047, "Re-engagement message");
      }
      sent_.push_back(body);
      std::string wamid = "wamid.FAKE" + std::to_string(++counter_);
      json answer = {{"messaging_product", "whatsapp"},
                     {"contacts", json::array({{{"input", to}, {"wa_id", to}}})},
                     {"messages", json::array({{{"id", wamid}}})}};
      return http::Response::Json(200, answer.dump());
    }
  }

  Options options_;
  std::unique_ptr<http::Server> server_;
  mutable std::mutex mu_;
  std::vector<nlohmann::json> sent_;
  std::map<std::string, std::string> media_;
  std::set<std::string> open_windows_;
  std::map<std::string, size_t> templates_;
  std::map<std::string, InboundMedia> inbound_media_;
  std::atomic<bool> media_urls_expired_{false};
  std::atomic<int> media_downloads_{0};
  uint64_t counter_ = 0;
  std::atomic<bool> throttled_{false};
  std::atomic<bool> pair_limited_{false};
  std::atomic<int> rejected_{0};
};

}  // namespace atende::channel::testing
