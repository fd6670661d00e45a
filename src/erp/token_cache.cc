#include "erp/token_cache.h"

#include <algorithm>

namespace atende::erp {

TokenCache::TokenCache(const Clock& clock, std::chrono::seconds renew_before)
    : clock_(clock), renew_before_(renew_before) {}

int TokenCache::fetches() const {
  std::lock_guard lock(mu_);
  return fetches_;
}

Result<std::string> TokenCache::FetchLocked(const Fetch& fetch) {
  {
    std::lock_guard lock(mu_);
    ++fetches_;
  }
  TimePoint asked_at = clock_.Now();
  Result<IssuedToken> issued = fetch();
  if (!issued.ok()) return issued.error();
  std::chrono::seconds lifetime = std::max(issued->lifetime, std::chrono::seconds(1));
  std::chrono::seconds margin = std::min(renew_before_, lifetime / 2);
  std::lock_guard lock(mu_);
  token_ = issued->value;
  // Counted from the moment the call was made: the server's clock started before its answer came.
  expires_at_ = asked_at + lifetime;
  renew_at_ = asked_at + lifetime - margin;
  return token_;
}

Result<std::string> TokenCache::Get(const Fetch& fetch) {
  std::string current;
  {
    std::lock_guard lock(mu_);
    TimePoint now = clock_.Now();
    if (!token_.empty() && now < renew_at_) return token_;
    if (!token_.empty() && now < expires_at_) current = token_;
  }
  if (!current.empty()) {
    // Due for renewal but still valid: renew once; everyone else goes on with the valid token.
    std::unique_lock refresh(refresh_mu_, std::try_to_lock);
    if (!refresh.owns_lock()) return current;
    {
      std::lock_guard lock(mu_);
      if (token_ != current || clock_.Now() < renew_at_) return token_;  // renewed meanwhile
    }
    auto renewed = FetchLocked(fetch);
    return renewed.ok() ? renewed : Result<std::string>(current);
  }
  std::lock_guard refresh(refresh_mu_);
  {
    std::lock_guard lock(mu_);
    if (!token_.empty() && clock_.Now() < expires_at_) return token_;  // another caller got one
  }
  return FetchLocked(fetch);
}

Result<std::string> TokenCache::Renew(const std::string& rejected, const Fetch& fetch) {
  std::lock_guard refresh(refresh_mu_);
  {
    std::lock_guard lock(mu_);
    if (!token_.empty() && token_ != rejected && clock_.Now() < expires_at_) return token_;
    token_.clear();
  }
  return FetchLocked(fetch);
}

}  // namespace atende::erp
