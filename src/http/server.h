// http::Server: an asynchronous HTTP/1.1 server on Boost.Beast/Asio for everything atende serves
// (the ERP simulator, later `atende serve`). N worker threads run one io_context; each connection
// reads requests with a body size limit and a read timeout, keeps alive when the client asks, and
// hands each request to a Handler. Handlers run on worker threads, concurrently: they must be
// thread-safe. A Response may ask to be withheld for a while (`delay`, used for latency and timeout
// faults) without holding a worker. Stop() is graceful and idempotent: it stops accepting, closes
// idle connections, lets in-flight handlers finish, joins the threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace atende::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent: "/webservice/v1/cliente?x=1"
  std::string path;    // percent-decoded target without the query: "/webservice/v1/cliente"
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_address;

  // Header lookup, case-insensitive; empty when absent.
  std::string Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
  std::optional<std::string> Query(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};  // withhold the response this long before writing it
  bool close = false;                  // close the connection after this response

  static Response Text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response Json(int status, std::string body, std::string content_type = "application/json");
};

using Handler = std::function<Response(const Request&)>;

// Routes by method and exact path, or by path prefix (the longest prefix wins). A path that matches
// with another method gets 405; no match gets the fallback (default 404).
class Router {
 public:
  void Add(std::string method, std::string path, Handler handler);
  void AddPrefix(std::string method, std::string prefix,
                 Handler handler);  // method "*" matches any
  void SetFallback(Handler handler);
  Response Route(const Request& request) const;
  Handler AsHandler() const;  // a Handler that calls Route on a copy of this router

 private:
  struct Entry {
    std::string method;
    std::string path;
    bool prefix = false;
    Handler handler;
  };
  std::vector<Entry> entries_;
  Handler fallback_;
};

struct ServerOptions {
  std::string listen = "127.0.0.1:0";  // host:port; port 0 picks a free one
  int threads = 2;
  size_t body_limit = 1 << 20;  // bytes; larger bodies get 413
  std::chrono::milliseconds read_timeout{
      15000};  // per request, from its first byte (and idle keep-alive)
  std::chrono::milliseconds stop_grace{2000};  // how long Stop waits for in-flight requests
  std::string server_name = "atende";
};

class Server {
 public:
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  uint16_t port() const;
  std::string host() const;
  void Stop();

  struct Impl;

 private:
  explicit Server(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

// Percent-decoding ('+' as space when form is true) and application/x-www-form-urlencoded parsing.
std::string UrlDecode(std::string_view text, bool form = false);
std::vector<std::pair<std::string, std::string>> ParseForm(std::string_view body);

}  // namespace atende::http
