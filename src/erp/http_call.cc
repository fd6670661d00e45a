#include "erp/http_call.h"

#include <algorithm>
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
  if (s == 429) {
    return Error::Unavailable(Prefix(erp, what) + "rate limited (HTTP 429)")
        .WithDetail(std::move(detail));
  }
  if (s >= 500) {
    return Error::Unavailable(Prefix(erp, what) + "server error " + std::to_string(s))
        .WithDetail(std::move(detail));
  }
  return {};
}

Result<std::string> FetchPublicPdf(http::HttpClient& client, const std::string& url,
                                   std::chrono::milliseconds timeout, std::string_view erp,
                                   std::vector<std::string>& dropped) {
  http::ClientRequest req;
  req.method = http::Method::kGet;
  req.url = url;
  req.total_timeout = timeout;
  auto r = Send(client, req, erp, "boleto pdf");
  if (!r.ok()) return r.error();
  if (r->IsSuccess() && r->body.starts_with("%PDF")) return std::move(r->body);
  dropped.push_back("boleto link did not return a PDF (HTTP " + std::to_string(r->status) + ")");
  return std::string();
}

Status Throttle::Check(TimePoint now, std::string_view erp) const {
  int64_t until = until_ms_.load();
  int64_t left = until - now.time_since_epoch().count();
  if (left <= 0) return {};
  return Error::Unavailable(std::string(erp) + ": rate limited by the ERP, holding calls for " +
                            std::to_string((left + 999) / 1000) + " s more (Retry-After)");
}

void Throttle::Note(const http::ClientResponse& response, TimePoint now) {
  if (response.status != 429 && response.status != 503) return;
  // Retry-After is relative to the server's answer; the system clock only reads an HTTP-date.
  auto asked = http::RetryAfter(response, std::chrono::system_clock::now());
  if (!asked) return;
  auto hold = std::min<std::chrono::milliseconds>(*asked, longest_hold_);
  int64_t until = (now + hold).time_since_epoch().count();
  int64_t seen = until_ms_.load();
  while (seen < until && !until_ms_.compare_exchange_weak(seen, until)) {
  }
}

bool Throttle::holding(TimePoint now) const {
  return until_ms_.load() > now.time_since_epoch().count();
}

}  // namespace atende::erp
