// ConcurrencyLimit: at most N requests in flight to one ERP (never overload the ISP's server;
// erp-common.md §6.1.5). A caller waits up to `max_wait` for a slot, then gives up. Slots are RAII
// permits. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace atende::erp {

class ConcurrencyLimit {
 public:
  class Permit {
   public:
    explicit Permit(ConcurrencyLimit* owner) : owner_(owner) {}
    Permit(Permit&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Permit& operator=(Permit&&) = delete;
    Permit(const Permit&) = delete;
    ~Permit() {
      if (owner_ != nullptr) owner_->Release();
    }

   private:
    ConcurrencyLimit* owner_;
  };

  explicit ConcurrencyLimit(int max_in_flight) : max_(max_in_flight < 1 ? 1 : max_in_flight) {}
  ConcurrencyLimit(const ConcurrencyLimit&) = delete;
  ConcurrencyLimit& operator=(const ConcurrencyLimit&) = delete;

  // A permit, or nullopt when no slot freed up within max_wait.
  std::optional<Permit> Acquire(std::chrono::milliseconds max_wait);
  int in_flight() const;
  int max_in_flight() const { return max_; }

 private:
  void Release();
  const int max_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int in_flight_ = 0;
};

}  // namespace atende::erp
