// Boost.Beast implementation of http::Server (server.h): one io_context, N threads, one strand per
// connection.
#include "http/server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace atende::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string UrlDecode(std::string_view text, bool form) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]), lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(form && c == '+' ? ' ' : c);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ParseForm(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> fields;
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view pair = body.substr(start, end - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos) {
        fields.emplace_back(UrlDecode(pair, true), "");
      } else {
        fields.emplace_back(UrlDecode(pair.substr(0, eq), true),
                            UrlDecode(pair.substr(eq + 1), true));
      }
    }
    start = end + 1;
  }
  return fields;
}

std::string Request::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

bool Request::HasHeader(std::string_view name) const {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& header) { return EqualsIgnoreCase(header.first, name); });
}

std::optional<std::string> Request::Query(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

Response Response::Text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

Response Response::Json(int status, std::string body, std::string content_type) {
  return Text(status, std::move(body), std::move(content_type));
}

void Router::Add(std::string method, std::string path, Handler handler) {
  entries_.push_back({std::move(method), std::move(path), false, std::move(handler)});
}

void Router::AddPrefix(std::string method, std::string prefix, Handler handler) {
  entries_.push_back({std::move(method), std::move(prefix), true, std::move(handler)});
}

void Router::SetFallback(Handler handler) { fallback_ = std::move(handler); }

Response Router::Route(const Request& request) const {
  const Entry* best = nullptr;
  bool path_matched = false;
  for (const auto& entry : entries_) {
    bool matches = entry.prefix ? request.path.compare(0, entry.path.size(), entry.path) == 0
                                : request.path == entry.path;
    if (!matches) continue;
    path_matched = true;
    if (entry.method != "*" && entry.method != request.method) continue;
    if (best == nullptr || (!entry.prefix && best->prefix) ||
        (entry.prefix == best->prefix && entry.path.size() > best->path.size())) {
      best = &entry;
    }
  }
  if (best != nullptr) return best->handler(request);
  if (path_matched) return Response::Text(405, "method not allowed\n");
  if (fallback_) return fallback_(request);
  return Response::Text(404, "not found\n");
}

Handler Router::AsHandler() const {
  auto router = std::make_shared<Router>(*this);
  return [router](const Request& request) { return router->Route(request); };
}

class Session;

// Declaration order matters: the io_context is destroyed before the session registry, because
// destroying it destroys pending handlers, hence sessions, which unregister themselves.
struct Server::Impl {
  ServerOptions options;
  Handler handler;
  std::atomic<bool> stopping{false};
  bool stopped = false;
  std::mutex stop_mu;

  std::mutex sessions_mu;
  std::condition_variable sessions_cv;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;

  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;

  void Accept();
  void Register(const std::shared_ptr<Session>& session);
  void Unregister(Session* session);
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl* server)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), server_(server) {}

  ~Session() { server_->Unregister(this); }

  void Run() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

  // Called by Stop: closes an idle connection now, a busy one after its current response.
  void Shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      if (self->reading_) {
        beast::error_code ec;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.close();
      }
      if (self->waiting_) self->timer_.cancel();
    });
  }

 private:
  void Read() {
    if (closing_ || server_->stopping) return Close();
    parser_.emplace();
    parser_->body_limit(server_->options.body_limit);
    stream_.expires_after(server_->options.read_timeout);
    reading_ = true;
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    reading_ = false;
    if (ec == bhttp::error::body_limit) {
      Response r = Response::Text(413, "payload too large\n");
      r.close = true;
      return Write(std::move(r), false);
    }
    if (ec) return Close();
    auto message = parser_->release();
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    std::string_view target = request.target;
    size_t q = target.find('?');
    request.path = UrlDecode(target.substr(0, q));
    if (q != std::string_view::npos) request.query = ParseForm(target.substr(q + 1));
    for (const auto& field : message) {
      request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    request.body = std::move(message.body());
    beast::error_code ep_ec;
    auto endpoint = stream_.socket().remote_endpoint(ep_ec);
    if (!ep_ec) request.remote_address = endpoint.address().to_string();

    Response response;
    try {
      response = server_->handler(request);
    } catch (const std::exception&) {
      response = Response::Text(500, "internal error\n");
    }
    bool keep_alive = message.keep_alive() && !response.close;
    if (response.delay.count() > 0) {
      waiting_ = true;
      timer_.expires_after(response.delay);
      auto shared = std::make_shared<Response>(std::move(response));
      timer_.async_wait([self = shared_from_this(), shared, keep_alive](beast::error_code wait_ec) {
        self->waiting_ = false;
        if (wait_ec || self->closing_) return self->Close();  // stopped while withholding: drop it
        self->Write(std::move(*shared), keep_alive);
      });
      return;
    }
    Write(std::move(response), keep_alive);
  }

  void Write(Response response, bool keep_alive) {
    if (closing_ || server_->stopping) keep_alive = false;
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>();
    out->version(11);
    out->result(static_cast<unsigned>(response.status));
    out->set(bhttp::field::server, server_->options.server_name);
    if (!response.content_type.empty()) out->set(bhttp::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) out->set(name, value);
    out->body() = std::move(response.body);
    out->keep_alive(keep_alive);
    out->prepare_payload();
    stream_.expires_after(std::chrono::seconds(30));
    bhttp::async_write(stream_, *out,
                       [self = shared_from_this(), out](beast::error_code ec, size_t) {
                         if (ec || !out->keep_alive()) return self->Close();
                         self->Read();
                       });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Server::Impl* server_;
  bool reading_ = false;
  bool waiting_ = false;
  bool closing_ = false;
};

void Server::Impl::Register(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(sessions_mu);
  sessions[session.get()] = session;
}

void Server::Impl::Unregister(Session* session) {
  std::lock_guard lock(sessions_mu);
  sessions.erase(session);
  sessions_cv.notify_all();
}

void Server::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(ioc),
                        [self = this](beast::error_code ec, tcp::socket socket) {
                          if (self->stopping) return;
                          if (!ec) {
                            auto session = std::make_shared<Session>(std::move(socket), self);
                            self->Register(session);
                            session->Run();
                          }
                          self->Accept();
                        });
}

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, Handler handler) {
  size_t colon = options.listen.rfind(':');
  if (colon == std::string::npos) {
    return Error::InvalidInput("listen address must be host:port, got '" + options.listen + "'");
  }
  std::string host = options.listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host == "localhost") host = "127.0.0.1";
  int port = 0;
  try {
    port = std::stoi(options.listen.substr(colon + 1));
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535)
    return Error::InvalidInput("bad port in listen address '" + options.listen + "'");
  beast::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) return Error::InvalidInput("bad host in listen address '" + options.listen + "'");

  auto impl = std::make_shared<Impl>();
  impl->options = options;
  impl->handler = std::move(handler);
  tcp::endpoint endpoint(address, static_cast<uint16_t>(port));
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Error::Unavailable("cannot listen on " + options.listen + ": " + ec.message());
  impl->Accept();
  int threads = std::max(1, options.threads);
  for (int i = 0; i < threads; ++i) {
    impl->threads.emplace_back([raw = impl.get()] { raw->ioc.run(); });
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { Stop(); }

uint16_t Server::port() const {
  beast::error_code ec;
  auto endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

std::string Server::host() const {
  beast::error_code ec;
  auto endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? "" : endpoint.address().to_string();
}

void Server::Stop() {
  std::lock_guard stop_lock(impl_->stop_mu);
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->stopping = true;
  asio::post(impl_->ioc, [impl = impl_.get()] {
    beast::error_code ec;
    impl->acceptor.close(ec);
  });
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(impl_->sessions_mu);
    for (auto& [raw, weak] : impl_->sessions) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (auto& session : live) session->Shutdown();
  live.clear();
  {
    std::unique_lock lock(impl_->sessions_mu);
    impl_->sessions_cv.wait_for(lock, impl_->options.stop_grace,
                                [&] { return impl_->sessions.empty(); });
  }
  impl_->ioc.stop();
  for (auto& thread : impl_->threads) {
    if (thread.joinable()) thread.join();
  }
}

}  // namespace atende::http
