// HttpClient: the port through which atende calls other HTTP services (ERPs, WhatsApp, LLMs).
// Callers build a ClientRequest and get a ClientResponse or an Error: kTimeout when no answer came
// in time, kUnavailable when the peer could not be reached (DNS, refused, TLS, reset) or kept
// answering 5xx/429 after the retries. Any HTTP status is otherwise a response, not an error:
// callers judge the body (ERPs answer errors with 200). CurlHttpClient is the libcurl
// implementation: connect and total timeouts, TLS verification on, a pool of reusable easy handles
// (keep-alive connections), and retries with exponential backoff and jitter for idempotent requests
// only. Thread-safe: one instance may be shared by any number of threads. Credentials travel in
// headers or bodies and are never logged by this module.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace atende::http {

enum class Method { kGet, kPost, kPut, kDelete };
std::string_view MethodName(Method method);

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// One part of a multipart/form-data body (RFC 7578): a field, or a file when `filename` is set.
struct FormPart {
  std::string name;
  std::string value;         // the field's text, or the file's bytes
  std::string filename;      // non-empty: a file part
  std::string content_type;  // of a file part ("audio/ogg")
};

struct ClientRequest {
  Method method = Method::kGet;
  std::string url;
  HeaderList headers;
  std::string body;
  // Whether the request may be sent twice. Defaults to true for GET only; a POST that only reads
  // (IXC listings, SGP queries) sets it to true. Writes must leave it false: they are never
  // retried.
  std::optional<bool> idempotent;
  std::optional<std::chrono::milliseconds> total_timeout;  // overrides the client's default
  // Overrides CurlClientOptions::max_body_bytes: a larger body aborts the transfer (kBadAnswer)
  // before it is all read — for downloads of a known limit (voice notes).
  std::optional<size_t> max_body_bytes;
  // Non-empty: a multipart/form-data POST built by libcurl's mime API (boundary and Content-Type
  // included) instead of `body`.
  std::vector<FormPart> multipart;

  bool IsIdempotent() const { return idempotent.value_or(method == Method::kGet); }
};

struct ClientResponse {
  int status = 0;
  HeaderList headers;  // names in lower case, in arrival order
  std::string body;

  // Case-insensitive lookup; empty when absent.
  std::string Header(std::string_view name) const;
  bool IsSuccess() const { return status >= 200 && status < 300; }
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<ClientResponse> Send(const ClientRequest& request) = 0;
};

struct CurlClientOptions {
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds total_timeout{10000};
  int max_retries = 2;  // extra attempts for idempotent requests (so at most 3 sends)
  // A timed-out read is retried only when this is set: a hanging server would otherwise cost
  // (1 + max_retries) timeouts per call before anyone's circuit breaker sees a failure.
  bool retry_timeouts = false;
  std::chrono::milliseconds backoff_base{100};  // first retry waits base..2*base, then doubles
  std::chrono::milliseconds backoff_max{2000};
  // A 429/503 with Retry-After is never retried sooner than the server asked. A wait up to this
  // long is made (instead of the backoff, when longer); a longer one returns the answer at once, so
  // the caller can fail fast and hold its calls (erp::Throttle) instead of blocking a turn.
  std::chrono::milliseconds max_retry_after{1000};
  bool verify_tls = true;
  std::string ca_file;  // extra CA bundle (a tenant's private CA); empty: system store
  std::string
      pinned_pubkey;  // "sha256//<base64>": accept this one server key (MK-Auth self-signed panels)
  std::string user_agent = "atende/0.1";
  size_t max_body_bytes = 32 * 1024 * 1024;
  // Used between retries; tests replace it to avoid real waits.
  std::function<void(std::chrono::milliseconds)> sleep;
};

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlClientOptions options = {});
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  Result<ClientResponse> Send(const ClientRequest& request) override;

  // How many attempts were sent in total (first sends plus retries): for tests and metrics.
  uint64_t attempts() const;

 private:
  class HandlePool;
  Result<ClientResponse> SendOnce(const ClientRequest& request);
  std::chrono::milliseconds BackoffDelay(int retry);

  CurlClientOptions options_;
  std::unique_ptr<HandlePool> pool_;
  mutable std::mutex mu_;
  uint64_t attempts_ = 0;
  uint64_t jitter_state_;
};

// True for the statuses worth another try on an idempotent request: 429, 502, 503, 504.
bool IsRetryableStatus(int status);
// The wait a response's Retry-After header asks for (RFC 9110 §10.2.3: delay-seconds or an
// HTTP-date, read against `now`); nullopt when absent or unreadable. A date in the past is zero.
std::optional<std::chrono::milliseconds> RetryAfter(const ClientResponse& response,
                                                    std::chrono::system_clock::time_point now);

// "user:secret" → "Basic dXNlcjpzZWNyZXQ=" (RFC 7617).
std::string BasicAuthorization(std::string_view user, std::string_view secret);
// application/x-www-form-urlencoded encoding of fields, in order.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);
// Percent-encodes one URL path segment or query value (RFC 3986 unreserved characters kept).
std::string UrlEncode(std::string_view text);

}  // namespace atende::http
