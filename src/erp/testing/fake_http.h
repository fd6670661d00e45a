// FakeHttpClient: a scripted HttpClient for connector tests. Routes match on method and on the URL
// path (exact or by suffix) and, optionally, on a body substring; the first match answers. Every
// request is recorded so a test can assert the wire format the connector sent. Unmatched requests
// get a 599 with the URL in the body. Thread-safe. Also loads fixture files from
// src/erp/<erp>/testdata/.
#pragma once

#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "http/client.h"

namespace atende::erp::testing {

inline std::string ReadFixture(const std::string& erp, const std::string& name) {
  std::string path = std::string(ATENDE_SOURCE_DIR) + "/src/erp/" + erp + "/testdata/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class FakeHttpClient final : public http::HttpClient {
 public:
  struct Route {
    http::Method method;
    std::string path_suffix;    // matched against the URL without its query
    std::string body_contains;  // "" matches any body
    std::function<Result<http::ClientResponse>(const http::ClientRequest&)> answer;
  };

  // Answers `status`/`body` to requests whose path ends with `path_suffix` (and whose body has
  // `body_contains`).
  void On(http::Method method, std::string path_suffix, int status, std::string body,
          std::string content_type = "application/json", std::string body_contains = "") {
    http::ClientResponse r;
    r.status = status;
    r.headers = {{"content-type", content_type}};
    r.body = std::move(body);
    OnCall(
        method, std::move(path_suffix),
        [r](const http::ClientRequest&) { return Result<http::ClientResponse>(r); },
        std::move(body_contains));
  }
  void OnCall(http::Method method, std::string path_suffix,
              std::function<Result<http::ClientResponse>(const http::ClientRequest&)> answer,
              std::string body_contains = "") {
    std::lock_guard lock(mu_);
    routes_.insert(routes_.begin(), Route{method, std::move(path_suffix), std::move(body_contains),
                                          std::move(answer)});
  }
  void OnError(http::Method method, std::string path_suffix, Error error) {
    OnCall(method, std::move(path_suffix),
           [error](const http::ClientRequest&) { return Result<http::ClientResponse>(error); });
  }

  Result<http::ClientResponse> Send(const http::ClientRequest& request) override {
    std::function<Result<http::ClientResponse>(const http::ClientRequest&)> answer;
    {
      std::lock_guard lock(mu_);
      requests_.push_back(request);
      std::string path = request.url.substr(0, request.url.find('?'));
      for (const Route& r : routes_) {
        if (r.method != request.method) continue;
        if (path.size() < r.path_suffix.size() ||
            path.compare(path.size() - r.path_suffix.size(), r.path_suffix.size(), r.path_suffix) !=
                0) {
          continue;
        }
        if (!r.body_contains.empty() && request.body.find(r.body_contains) == std::string::npos)
          continue;
        answer = r.answer;
        break;
      }
    }
    if (!answer) {
      http::ClientResponse miss;
      miss.status = 599;
      miss.body =
          "no fake route for " + std::string(http::MethodName(request.method)) + " " + request.url;
      return miss;
    }
    return answer(request);
  }

  std::vector<http::ClientRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  // Requests whose URL path ends with `suffix`.
  std::vector<http::ClientRequest> RequestsTo(std::string_view suffix) const {
    std::vector<http::ClientRequest> out;
    for (const auto& r : requests()) {
      std::string path = r.url.substr(0, r.url.find('?'));
      if (path.size() >= suffix.size() &&
          path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
        out.push_back(r);
      }
    }
    return out;
  }
  void ClearRequests() {
    std::lock_guard lock(mu_);
    requests_.clear();
  }

 private:
  mutable std::mutex mu_;
  std::vector<Route> routes_;
  std::vector<http::ClientRequest> requests_;
};

}  // namespace atende::erp::testing
