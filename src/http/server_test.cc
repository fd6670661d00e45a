#include "http/server.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <thread>

namespace atende::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// A small synchronous Beast client that keeps one connection open.
class TestClient {
 public:
  explicit TestClient(uint16_t port) : stream_(ioc_) {
    stream_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }
  bhttp::response<bhttp::string_body> Send(bhttp::verb verb, const std::string& target,
                                           const std::string& body = "", bool keep_alive = true) {
    bhttp::request<bhttp::string_body> req{verb, target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    req.set("X-Test", "yes");
    req.keep_alive(keep_alive);
    req.body() = body;
    req.prepare_payload();
    bhttp::write(stream_, req);
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream_, buffer_, res);
    return res;
  }
  beast::tcp_stream& stream() { return stream_; }

 private:
  asio::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

Router MakeRouter() {
  Router router;
  router.Add("GET", "/hello", [](const Request&) { return Response::Text(200, "olá"); });
  router.Add("POST", "/echo", [](const Request& r) {
    Response res = Response::Json(201, r.body);
    res.headers.emplace_back("X-Header-Seen", r.Header("x-test"));
    return res;
  });
  router.Add("GET", "/query", [](const Request& r) {
    return Response::Text(
        200, r.path + "|" + r.Query("a").value_or("-") + "|" + r.Query("b").value_or("-"));
  });
  router.AddPrefix("*", "/api/",
                   [](const Request& r) { return Response::Text(200, "prefix " + r.path); });
  router.AddPrefix("GET", "/api/deep/",
                   [](const Request& r) { return Response::Text(200, "deep " + r.path); });
  router.Add("GET", "/slow", [](const Request&) {
    Response res = Response::Text(200, "late");
    res.delay = std::chrono::milliseconds(300);
    return res;
  });
  router.Add("GET", "/throw", [](const Request&) -> Response { throw std::runtime_error("boom"); });
  return router;
}

std::unique_ptr<Server> StartServer(ServerOptions options = {}) {
  auto server = Server::Start(options, MakeRouter().AsHandler());
  EXPECT_TRUE(server.ok()) << (server.ok() ? "" : server.error().ToString());
  return std::move(server).value();
}

TEST(HttpServer, RoutesExactPathsWithMethodAndFallbacks) {
  auto server = StartServer();
  ASSERT_NE(server->port(), 0);
  TestClient client(server->port());
  auto res = client.Send(bhttp::verb::get, "/hello");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "olá");
  EXPECT_EQ(client.Send(bhttp::verb::post, "/hello").result_int(), 405);
  EXPECT_EQ(client.Send(bhttp::verb::get, "/nothing").result_int(), 404);
}

TEST(HttpServer, PassesBodyHeadersAndDecodedQuery) {
  auto server = StartServer();
  TestClient client(server->port());
  auto res = client.Send(bhttp::verb::post, "/echo", R"({"x":1})");
  EXPECT_EQ(res.result_int(), 201);
  EXPECT_EQ(res.body(), R"({"x":1})");
  EXPECT_EQ(res["X-Header-Seen"], "yes");
  EXPECT_EQ(res[bhttp::field::content_type], "application/json");
  res = client.Send(bhttp::verb::get, "/query?a=1%2B2&b=S%C3%A3o+Paulo");
  EXPECT_EQ(res.body(), "/query|1+2|São Paulo");
}

TEST(HttpServer, LongestPrefixWinsAndStarMatchesAnyMethod) {
  auto server = StartServer();
  TestClient client(server->port());
  EXPECT_EQ(client.Send(bhttp::verb::put, "/api/x").body(), "prefix /api/x");
  EXPECT_EQ(client.Send(bhttp::verb::get, "/api/deep/y").body(), "deep /api/deep/y");
}

TEST(HttpServer, KeepsConnectionAliveAcrossRequests) {
  auto server = StartServer();
  TestClient client(server->port());
  for (int i = 0; i < 5; ++i) {
    auto res = client.Send(bhttp::verb::get, "/hello");
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_TRUE(res.keep_alive());
  }
  auto last = client.Send(bhttp::verb::get, "/hello", "", false);
  EXPECT_FALSE(last.keep_alive());
}

TEST(HttpServer, RefusesBodiesOverTheLimit) {
  ServerOptions options;
  options.body_limit = 16;
  auto server = StartServer(options);
  TestClient client(server->port());
  auto res = client.Send(bhttp::verb::post, "/echo", std::string(100, 'x'));
  EXPECT_EQ(res.result_int(), 413);
}

TEST(HttpServer, HandlerExceptionBecomes500) {
  auto server = StartServer();
  TestClient client(server->port());
  EXPECT_EQ(client.Send(bhttp::verb::get, "/throw").result_int(), 500);
  EXPECT_EQ(client.Send(bhttp::verb::get, "/hello").result_int(), 200);  // connection still usable
}

TEST(HttpServer, DelayedResponseDoesNotBlockOtherRequests) {
  ServerOptions options;
  options.threads = 1;
  auto server = StartServer(options);
  auto start = std::chrono::steady_clock::now();
  std::thread slow([&] {
    TestClient client(server->port());
    EXPECT_EQ(client.Send(bhttp::verb::get, "/slow").body(), "late");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  TestClient fast(server->port());
  EXPECT_EQ(fast.Send(bhttp::verb::get, "/hello").result_int(), 200);
  auto fast_done = std::chrono::steady_clock::now() - start;
  slow.join();
  auto slow_done = std::chrono::steady_clock::now() - start;
  EXPECT_LT(fast_done, std::chrono::milliseconds(250));
  EXPECT_GE(slow_done, std::chrono::milliseconds(300));
}

TEST(HttpServer, ClosesIdleConnectionsAfterReadTimeout) {
  ServerOptions options;
  options.read_timeout = std::chrono::milliseconds(200);
  auto server = StartServer(options);
  TestClient client(server->port());
  EXPECT_EQ(client.Send(bhttp::verb::get, "/hello").result_int(), 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  beast::error_code ec;
  char byte;
  client.stream().socket().read_some(asio::buffer(&byte, 1), ec);
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
}

TEST(HttpServer, StopIsGracefulAndIdempotent) {
  auto server = StartServer();
  uint16_t port = server->port();
  TestClient client(port);
  EXPECT_EQ(client.Send(bhttp::verb::get, "/hello").result_int(), 200);
  auto start = std::chrono::steady_clock::now();
  server->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  server->Stop();
  asio::io_context ioc;
  tcp::socket socket(ioc);
  beast::error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  EXPECT_TRUE(ec);
}

TEST(HttpServer, RejectsBadListenAddress) {
  ServerOptions options;
  options.listen = "nonsense";
  EXPECT_FALSE(Server::Start(options, Router().AsHandler()).ok());
  options.listen = "127.0.0.1:99999";
  EXPECT_FALSE(Server::Start(options, Router().AsHandler()).ok());
}

TEST(HttpForm, ParsesUrlEncodedFields) {
  auto fields = ParseForm("token=sim-token&app=atende&cpfcnpj=529.982.247-25&x=a+b%26c&empty=");
  ASSERT_EQ(fields.size(), 5u);
  EXPECT_EQ(fields[2].second, "529.982.247-25");
  EXPECT_EQ(fields[3].second, "a b&c");
  EXPECT_EQ(fields[4].second, "");
}

}  // namespace
}  // namespace atende::http
