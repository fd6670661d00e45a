#include "erp/circuit_breaker.h"

namespace atende::erp {

bool CircuitBreaker::Allow() {
  std::lock_guard lock(mu_);
  switch (state_) {
    case State::kClosed:
      return true;
    case State::kOpen:
      if (clock_.Now() - opened_at_ < options_.cool_down) {
        ++rejected_;
        return false;
      }
      state_ = State::kHalfOpen;
      probe_in_flight_ = true;
      return true;
    case State::kHalfOpen:
      if (probe_in_flight_) {
        ++rejected_;
        return false;
      }
      probe_in_flight_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::RecordSuccess() {
  std::lock_guard lock(mu_);
  consecutive_failures_ = 0;
  probe_in_flight_ = false;
  state_ = State::kClosed;
}

void CircuitBreaker::RecordFailure() {
  std::lock_guard lock(mu_);
  probe_in_flight_ = false;
  ++consecutive_failures_;
  if (state_ == State::kHalfOpen || consecutive_failures_ >= options_.failure_threshold) {
    state_ = State::kOpen;
    opened_at_ = clock_.Now();
  }
}

void CircuitBreaker::RecordAbandoned() {
  std::lock_guard lock(mu_);
  probe_in_flight_ = false;
}

CircuitBreaker::State CircuitBreaker::state() const {
  std::lock_guard lock(mu_);
  return state_;
}

uint64_t CircuitBreaker::rejected() const {
  std::lock_guard lock(mu_);
  return rejected_;
}

std::string_view CircuitStateName(CircuitBreaker::State state) {
  switch (state) {
    case CircuitBreaker::State::kClosed:
      return "closed";
    case CircuitBreaker::State::kOpen:
      return "open";
    case CircuitBreaker::State::kHalfOpen:
      return "half-open";
  }
  return "closed";
}

}  // namespace atende::erp
