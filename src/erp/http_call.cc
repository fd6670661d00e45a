#include "erp/http_call.h"

#include <string>

#include "erp/wire.h"

namespace atende::erp {

namespace {
std::string Prefix(std::string_view erp, std::string_view what) {
  return std::string(erp) + " " + std::string(what) + ": ";
}
}  // namespace

Result<http::ClientResponse> Send(http::HttpClient& client, const http::ClientRequest& request,
                                  std::string_view erp, std::string_view what) {
  auto r = client.Send(request);
  if (!r.ok()) {
    Error e = r.error();
    e.message = Prefix(erp, what) + e.message;
    return e;
  }
  return r;
}

Status CheckStatus(const http::ClientResponse& response, std::string_view erp,
                   std::string_view what) {
  int s = response.status;
  std::string detail = "HTTP " + std::to_string(s) + " " + wire::Snippet(response.body);
  if (s == 401 || s == 403) {
    return Error::Unauthorized(Prefix(erp, what) + "credentials refused")
        .WithDetail(std::move(detail));
  }
  if (s == 429 || s >= 500) {
    return Error::Unavailable(Prefix(erp, what) + "server error " + std::to_string(s))
        .WithDetail(std::move(detail));
  }
  return {};
}

}  // namespace atende::erp
