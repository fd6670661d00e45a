// CircuitBreaker: stops calling an ERP that keeps failing. Closed: calls pass; after
// `failure_threshold` consecutive failures it opens and every call is refused at once for
// `cool_down`; then one probe call is let through (half-open): success closes it, failure opens it
// for another cool-down. Time comes from the injected Clock. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string_view>

#include "core/clock.h"

namespace atende::erp {

struct CircuitBreakerOptions {
  int failure_threshold = 5;
  std::chrono::milliseconds cool_down{10000};
};

class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };

  CircuitBreaker(const Clock& clock, CircuitBreakerOptions options)
      : clock_(clock), options_(options) {}
  CircuitBreaker(const CircuitBreaker&) = delete;
  CircuitBreaker& operator=(const CircuitBreaker&) = delete;

  // Whether a call may go out now. In half-open state only one caller gets true until it reports
  // back.
  bool Allow();
  void RecordSuccess();
  void RecordFailure();
  // A call that was allowed but ended without telling success from failure (e.g. not sent).
  void RecordAbandoned();

  State state() const;
  uint64_t rejected() const;  // calls refused while open, since construction

 private:
  const Clock& clock_;
  CircuitBreakerOptions options_;
  mutable std::mutex mu_;
  State state_ = State::kClosed;
  int consecutive_failures_ = 0;
  TimePoint opened_at_{};
  bool probe_in_flight_ = false;
  uint64_t rejected_ = 0;
};

std::string_view CircuitStateName(CircuitBreaker::State state);

}  // namespace atende::erp
