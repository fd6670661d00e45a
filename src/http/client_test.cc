// Tests the libcurl client against a minimal scripted HTTP/1.1 server on loopback (plain
// Boost.Asio, one thread), so timeouts, retries and connection reuse are observed on a real socket.
#include "http/client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <functional>
#include <thread>

namespace atende::http {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

struct SeenRequest {
  std::string head;
  std::string body;
};

// Answers each request with Reply(n, request) where n counts requests from 0; keeps connections
// alive.
class ScriptedServer {
 public:
  using Reply = std::function<std::string(int, const SeenRequest&)>;
  explicit ScriptedServer(Reply reply) : reply_(std::move(reply)), acceptor_(io_, {tcp::v4(), 0}) {
    thread_ = std::thread([this] { Run(); });
  }
  ~ScriptedServer() {
    stop_ = true;
    boost::system::error_code ec;
    {
      tcp::socket wake(io_);  // a blocking accept() is not woken by close(): connect once instead
      wake.connect({asio::ip::make_address("127.0.0.1"), acceptor_.local_endpoint().port()}, ec);
    }
    if (thread_.joinable()) thread_.join();
    for (auto& t : conn_threads_) t.join();
  }
  std::string url(std::string_view path = "/") const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) +
           std::string(path);
  }
  int requests() const { return requests_; }
  int connections() const { return connections_; }
  SeenRequest last() {
    std::lock_guard lock(mu_);
    return last_;
  }

 private:
  void Run() {
    while (!stop_) {
      tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stop_) return;
      ++connections_;
      conn_threads_.emplace_back([this, s = std::move(socket)]() mutable { Serve(std::move(s)); });
    }
  }
  void Serve(tcp::socket socket) {
    std::string buffer;
    for (;;) {
      boost::system::error_code ec;
      size_t end;
      while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
        char chunk[4096];
        size_t n = socket.read_some(asio::buffer(chunk), ec);
        if (ec) return;
        buffer.append(chunk, n);
      }
      SeenRequest req{buffer.substr(0, end), {}};
      size_t length = 0;
      auto pos = req.head.find("Content-Length: ");
      if (pos != std::string::npos) length = std::stoul(req.head.substr(pos + 16));
      buffer.erase(0, end + 4);
      while (buffer.size() < length) {
        char chunk[4096];
        size_t n = socket.read_some(asio::buffer(chunk), ec);
        if (ec) return;
        buffer.append(chunk, n);
      }
      req.body = buffer.substr(0, length);
      buffer.erase(0, length);
      int n = requests_++;
      {
        std::lock_guard lock(mu_);
        last_ = req;
      }
      std::string out = reply_(n, req);
      if (out.empty()) return;  // drop the connection without answering
      asio::write(socket, asio::buffer(out), ec);
      if (ec) return;
    }
  }

  Reply reply_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::vector<std::thread> conn_threads_;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::atomic<int> connections_{0};
  std::mutex mu_;
  SeenRequest last_;
};

std::string Http(int status, std::string_view body, std::string_view type = "application/json") {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + std::string(type) +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

CurlClientOptions FastOptions() {
  CurlClientOptions o;
  o.connect_timeout = 500ms;
  o.total_timeout = 2000ms;
  o.sleep = [](std::chrono::milliseconds) {};
  return o;
}

TEST(CurlHttpClient, ReturnsStatusHeadersAndBodyAndReusesTheConnection) {
  ScriptedServer server(
      [](int, const SeenRequest&) { return Http(200, "{\"ok\":true}", "text/x-json"); });
  CurlHttpClient client(FastOptions());
  for (int i = 0; i < 5; ++i) {
    auto r = client.Send({Method::kGet, server.url("/x"), {}, {}, {}, {}, {}, {}});
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "{\"ok\":true}");
    EXPECT_EQ(r->Header("Content-Type"), "text/x-json");
  }
  EXPECT_EQ(server.requests(), 5);
  EXPECT_EQ(server.connections(), 1);  // keep-alive through the handle pool
}

TEST(CurlHttpClient, SendsMethodHeadersAndBody) {
  ScriptedServer server([](int, const SeenRequest&) { return Http(200, "{}"); });
  CurlHttpClient client(FastOptions());
  ClientRequest req{Method::kPost,
                    server.url("/webservice/v1/cliente"),
                    {{"ixcsoft", "listar"}, {"Authorization", BasicAuthorization("1", "tok")}},
                    "{\"qtype\":\"cliente.id\"}",
                    true,
                    {},
                    {},
                    {}};
  ASSERT_TRUE(client.Send(req).ok());
  SeenRequest seen = server.last();
  EXPECT_TRUE(seen.head.starts_with("POST /webservice/v1/cliente HTTP/1.1")) << seen.head;
  EXPECT_NE(seen.head.find("ixcsoft: listar"), std::string::npos);
  EXPECT_NE(seen.head.find("Authorization: Basic MTp0b2s="), std::string::npos);
  EXPECT_EQ(seen.body, "{\"qtype\":\"cliente.id\"}");
}

TEST(CurlHttpClient, RetriesIdempotentReadsOnRetryableStatus) {
  ScriptedServer server(
      [](int n, const SeenRequest&) { return n < 2 ? Http(503, "busy") : Http(200, "ok"); });
  CurlHttpClient client(FastOptions());
  auto r = client.Send({Method::kGet, server.url(), {}, {}, {}, {}, {}, {}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(server.requests(), 3);
}

TEST(CurlHttpClient, NeverRetriesWrites) {
  ScriptedServer server(
      [](int, const SeenRequest&) { return Http(504, "<div>erro</div>", "text/html"); });
  CurlHttpClient client(FastOptions());
  auto r = client.Send({Method::kPost, server.url(), {}, "{\"id\":\"10\"}", {}, {}, {}, {}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 504);  // a status is a response; the caller judges it
  EXPECT_EQ(server.requests(), 1);
}

TEST(CurlHttpClient, GivesUpAfterMaxRetriesWithTheLastResponse) {
  ScriptedServer server([](int, const SeenRequest&) { return Http(502, "bad gateway"); });
  auto options = FastOptions();
  std::vector<std::chrono::milliseconds> waits;
  options.sleep = [&](std::chrono::milliseconds d) { waits.push_back(d); };
  CurlHttpClient client(options);
  auto r = client.Send({Method::kGet, server.url(), {}, {}, {}, {}, {}, {}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 502);
  EXPECT_EQ(server.requests(), 3);
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_GE(waits[0], 100ms);  // base..2*base, then doubled
  EXPECT_LT(waits[0], 200ms);
  EXPECT_GE(waits[1], 200ms);
  EXPECT_LT(waits[1], 400ms);
}

std::string Throttled(std::string_view retry_after) {
  std::string body = "{\"error\":\"rate limited\"}";
  return "HTTP/1.1 429 Too Many Requests\r\nRetry-After: " + std::string(retry_after) +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

TEST(CurlHttpClient, WaitsAtLeastWhatRetryAfterAsksBeforeRetrying) {
  ScriptedServer server(
      [](int n, const SeenRequest&) { return n == 0 ? Throttled("1") : Http(200, "{}"); });
  auto options = FastOptions();
  std::vector<std::chrono::milliseconds> waits;
  options.sleep = [&](std::chrono::milliseconds d) { waits.push_back(d); };
  CurlHttpClient client(options);
  auto r = client.Send({Method::kGet, server.url(), {}, {}, {}, {}, {}, {}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  ASSERT_EQ(waits.size(), 1u);
  EXPECT_EQ(waits[0], 1000ms);  // not the 100-200 ms backoff
}

TEST(CurlHttpClient, ALongerRetryAfterIsReturnedAtOnceNotRetriedEarly) {
  ScriptedServer server([](int, const SeenRequest&) { return Throttled("30"); });
  auto options = FastOptions();
  int waits = 0;
  options.sleep = [&](std::chrono::milliseconds) { ++waits; };
  CurlHttpClient client(options);
  auto r = client.Send({Method::kGet, server.url(), {}, {}, {}, {}, {}, {}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(server.requests(), 1);
  EXPECT_EQ(waits, 0);
}

TEST(HttpRetryAfter, SecondsOrAnHttpDate) {
  auto now = std::chrono::system_clock::from_time_t(1445412480);  // Wed, 21 Oct 2015 07:28:00 GMT
  ClientResponse r;
  EXPECT_FALSE(RetryAfter(r, now).has_value());
  r.headers = {{"retry-after", "120"}};
  EXPECT_EQ(RetryAfter(r, now), std::chrono::milliseconds(120000));
  r.headers = {{"retry-after", "Wed, 21 Oct 2015 07:28:30 GMT"}};
  EXPECT_EQ(RetryAfter(r, now), std::chrono::milliseconds(30000));
  r.headers = {{"retry-after", "Wed, 21 Oct 2015 07:00:00 GMT"}};
  EXPECT_EQ(RetryAfter(r, now), std::chrono::milliseconds(0));
  r.headers = {{"retry-after", "soon"}};
  EXPECT_FALSE(RetryAfter(r, now).has_value());
}

TEST(CurlHttpClient, SlowServerIsATimeout) {
  ScriptedServer server([](int, const SeenRequest&) {
    std::this_thread::sleep_for(600ms);
    return Http(200, "late");
  });
  auto options = FastOptions();
  options.max_retries = 0;
  CurlHttpClient client(options);
  auto start = std::chrono::steady_clock::now();
  auto r = client.Send({Method::kGet, server.url(), {}, {}, {}, 200ms, {}, {}});
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kTimeout);
  EXPECT_LT(took, 550ms);
}

TEST(CurlHttpClient, TimedOutReadsAreNotRetriedUnlessAsked) {
  ScriptedServer server([](int, const SeenRequest&) {
    std::this_thread::sleep_for(300ms);
    return Http(200, "late");
  });
  CurlHttpClient client(FastOptions());
  auto r = client.Send({Method::kGet, server.url(), {}, {}, {}, 100ms, {}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kTimeout);
  EXPECT_EQ(client.attempts(), 1u);
  auto options = FastOptions();
  options.retry_timeouts = true;
  options.max_retries = 1;
  CurlHttpClient retrying(options);
  ASSERT_FALSE(retrying.Send({Method::kGet, server.url(), {}, {}, {}, 100ms, {}, {}}).ok());
  EXPECT_EQ(retrying.attempts(), 2u);
}

TEST(CurlHttpClient, RefusedConnectionIsUnavailable) {
  int port;
  {
    asio::io_context io;
    tcp::acceptor a(io, {tcp::v4(), 0});
    port = a.local_endpoint().port();
  }  // closed: nothing listens there now
  CurlHttpClient client(FastOptions());
  auto r = client.Send(
      {Method::kGet, "http://127.0.0.1:" + std::to_string(port) + "/", {}, {}, {}, {}, {}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(client.attempts(), 3u);  // a read is retried
}

TEST(CurlHttpClient, ErrorMessageNeverCarriesTheQueryString) {
  CurlHttpClient client(FastOptions());
  auto r = client.Send(
      {Method::kGet, "http://127.0.0.1:1/api/x?token=SECRET", {}, {}, false, {}, {}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find("SECRET"), std::string::npos) << r.error().message;
}

TEST(CurlHttpClient, OversizedBodyIsABadAnswer) {
  ScriptedServer server([](int, const SeenRequest&) { return Http(200, std::string(5000, 'x')); });
  auto options = FastOptions();
  options.max_body_bytes = 1000;
  CurlHttpClient client(options);
  auto r = client.Send({Method::kGet, server.url(), {}, {}, {}, {}, {}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kBadAnswer);
}

TEST(CurlHttpClient, ARequestMayLowerTheBodyLimit) {
  ScriptedServer server([](int, const SeenRequest&) { return Http(200, std::string(5000, 'x')); });
  CurlHttpClient client(FastOptions());
  ClientRequest request{Method::kGet, server.url(), {}, {}, {}, {}, {}, {}};
  ASSERT_TRUE(client.Send(request).ok());
  request.max_body_bytes = 4999;
  auto r = client.Send(request);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kBadAnswer);
  EXPECT_NE(r.error().message.find("4999"), std::string::npos);
}

TEST(CurlHttpClient, MultipartFormDataThroughLibcurlMime) {
  ScriptedServer server([](int, const SeenRequest&) { return Http(200, "{}"); });
  CurlHttpClient client(FastOptions());
  ClientRequest request;
  request.method = Method::kPost;
  request.url = server.url("/v1/audio/transcriptions");
  request.multipart = {{"file", std::string("OggS\0\x01", 6), "voz.ogg", "audio/ogg"},
                       {"model", "whisper-1", "", ""}};
  ASSERT_TRUE(client.Send(request).ok());
  SeenRequest seen = server.last();
  EXPECT_NE(seen.head.find("Content-Type: multipart/form-data; boundary="), std::string::npos)
      << seen.head;
  EXPECT_NE(seen.body.find("Content-Disposition: form-data; name=\"file\"; filename=\"voz.ogg\""
                           "\r\nContent-Type: audio/ogg\r\n\r\nOggS"),
            std::string::npos)
      << seen.body;
  EXPECT_NE(seen.body.find(std::string("OggS\0\x01", 6)), std::string::npos);  // bytes intact
  EXPECT_NE(seen.body.find("name=\"model\"\r\n\r\nwhisper-1\r\n"), std::string::npos);
}

TEST(HttpEncoding, FormAndBasic) {
  EXPECT_EQ(FormEncode({{"token", "a b&c"}, {"app", "atende"}}), "token=a%20b%26c&app=atende");
  EXPECT_EQ(UrlEncode("cpf_cnpj=529"), "cpf_cnpj%3D529");
  EXPECT_EQ(BasicAuthorization("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
}

}  // namespace
}  // namespace atende::http
