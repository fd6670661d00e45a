// TokenCache: the bearer token of an ERP whose API wants an OAuth token call first (Voalle's
// client_credentials, HubSoft's password grant), shared by every thread of one connector. A token
// is renewed before it expires (`renew_before` ahead of its lifetime, at most half the lifetime):
// while the old one is still valid, one caller renews it and the others keep using the old one
// without waiting; once it has expired (or after a 401), callers wait for the one renewal in
// flight, so the ERP sees one token call at a time, never one per turn. Times come from the
// injected Clock. Thread-safe; the Clock must outlive the cache.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/result.h"

namespace atende::erp {

struct IssuedToken {
  std::string value;
  std::chrono::seconds lifetime{0};  // the ERP's expires_in
};

class TokenCache {
 public:
  using Fetch = std::function<Result<IssuedToken>()>;

  TokenCache(const Clock& clock, std::chrono::seconds renew_before);
  TokenCache(const TokenCache&) = delete;
  TokenCache& operator=(const TokenCache&) = delete;

  // A token to send now. Calls `fetch` only when the cached one is missing, expired or due for
  // renewal; a failed early renewal keeps the still-valid token (the next call tries again).
  Result<std::string> Get(const Fetch& fetch);
  // After the ERP refused `rejected` (a 401: revoked, or the ERP restarted): a fresh token, unless
  // another caller already replaced it, in which case that one is returned without a token call.
  Result<std::string> Renew(const std::string& rejected, const Fetch& fetch);

  int fetches() const;  // token calls made (tests, metrics)

 private:
  // Caller holds refresh_mu_.
  Result<std::string> FetchLocked(const Fetch& fetch);

  const Clock& clock_;
  std::chrono::seconds renew_before_;
  std::mutex refresh_mu_;  // one token call at a time
  mutable std::mutex mu_;  // the fields below
  std::string token_;
  TimePoint renew_at_{};
  TimePoint expires_at_{};
  int fetches_ = 0;
};

}  // namespace atende::erp
