#include "erp/concurrency_limit.h"

namespace atende::erp {

std::optional<ConcurrencyLimit::Permit> ConcurrencyLimit::Acquire(
    std::chrono::milliseconds max_wait) {
  std::unique_lock lock(mu_);
  if (!cv_.wait_for(lock, max_wait, [this] { return in_flight_ < max_; })) return std::nullopt;
  ++in_flight_;
  return Permit(this);
}

void ConcurrencyLimit::Release() {
  {
    std::lock_guard lock(mu_);
    --in_flight_;
  }
  cv_.notify_one();
}

int ConcurrencyLimit::in_flight() const {
  std::lock_guard lock(mu_);
  return in_flight_;
}

}  // namespace atende::erp
