// Shared HTTP plumbing of the ERP connectors: sends through the HttpClient port and turns transport
// failures and HTTP statuses into normalised errors named after the ERP and the operation. Bodies
// are judged by each connector (ERPs answer business errors with 200). Never puts credentials into
// messages.
#pragma once

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "http/client.h"

namespace atende::erp {

// Transport errors keep their kind (kTimeout, kUnavailable) with "<erp> <what>: " in front.
Result<http::ClientResponse> Send(http::HttpClient& client, const http::ClientRequest& request,
                                  std::string_view erp, std::string_view what);
// 401/403 → kUnauthorized; 429 and 5xx → kUnavailable; others pass. The body snippet goes to
// detail.
Status CheckStatus(const http::ClientResponse& response, std::string_view erp,
                   std::string_view what);

// A write that failed this way (no answer, or the ERP down mid-call) may still have happened
// (erp-common.md §5): the connector re-reads the state and never resends it.
inline bool WriteFateUnknown(const Error& error) {
  return error.kind == ErrorKind::kTimeout || error.kind == ErrorKind::kUnavailable;
}

// GETs a public boleto link with no credentials (SGP, HubSoft): the bytes when they are a PDF;
// otherwise "" with the reason added to `dropped`. Transport failures are errors.
Result<std::string> FetchPublicPdf(http::HttpClient& client, const std::string& url,
                                   std::chrono::milliseconds timeout, std::string_view erp,
                                   std::vector<std::string>& dropped);

// An ERP's "slow down" remembered: after a 429 (or 503) carrying Retry-After — which the HTTP
// client has already honoured for its own retries, or judged too long to wait inside a turn — every
// call fails fast with kUnavailable until the time asked for has passed, so the ERP is not called
// again sooner than it allowed. Without Retry-After nothing is held (the breaker sees the
// failures). Times from the injected Clock. Thread-safe (one atomic).
class Throttle {
 public:
  explicit Throttle(std::chrono::seconds longest_hold = std::chrono::minutes(10))
      : longest_hold_(longest_hold) {}
  // kUnavailable naming the ERP and the seconds left while a hold is on.
  Status Check(TimePoint now, std::string_view erp) const;
  // Starts a hold when `response` is a 429/503 with a readable Retry-After (capped at
  // longest_hold).
  void Note(const http::ClientResponse& response, TimePoint now);
  bool holding(TimePoint now) const;

 private:
  std::chrono::seconds longest_hold_;
  std::atomic<int64_t> until_ms_{0};
};

}  // namespace atende::erp
