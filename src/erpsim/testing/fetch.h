// Test helper: one synchronous HTTP/1.1 request to the simulator on loopback with Boost.Beast.
// Header-only, for the erpsim tests (and any test that talks to a running simulator).
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace atende::erpsim::testing {

struct Reply {
  int status = 0;
  std::string content_type;
  std::string location;
  std::string body;
  bool timed_out = false;
};

inline Reply Fetch(uint16_t port, const std::string& method, const std::string& target,
                   const std::vector<std::pair<std::string, std::string>>& headers = {},
                   const std::string& body = "",
                   std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  namespace beast = boost::beast;
  namespace bhttp = boost::beast::http;
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(timeout);
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  Reply reply;
  beast::error_code ec;
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  // Asynchronous operations, so the stream's expiry applies (synchronous ones ignore it).
  stream.expires_after(timeout);
  bhttp::async_write(stream, req, [&](beast::error_code write_ec, size_t) {
    if (write_ec) {
      ec = write_ec;
      return;
    }
    bhttp::async_read(stream, buffer, res,
                      [&](beast::error_code read_ec, size_t) { ec = read_ec; });
  });
  ioc.run();
  if (ec) {
    reply.timed_out = ec == beast::error::timeout;
    return reply;
  }
  reply.status = static_cast<int>(res.result_int());
  reply.content_type = std::string(res[bhttp::field::content_type]);
  reply.location = std::string(res[bhttp::field::location]);
  reply.body = res.body();
  return reply;
}

inline std::string GoldenPath() {
  return std::string(ATENDE_SOURCE_DIR) + "/src/erpsim/testdata/golden.json";
}

}  // namespace atende::erpsim::testing
