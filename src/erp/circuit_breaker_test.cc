#include "erp/circuit_breaker.h"

#include <gtest/gtest.h>

namespace atende::erp {
namespace {

using namespace std::chrono_literals;

TEST(CircuitBreaker, OpensAfterConsecutiveFailuresAndProbesAfterCoolDown) {
  auto clock = FixedClock::AtLocalNoon(Date::ParseIso("2026-11-22").value());
  CircuitBreaker b(*clock, {3, 5000ms});
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(b.Allow());
    b.RecordFailure();
  }
  EXPECT_EQ(b.state(), CircuitBreaker::State::kClosed);
  ASSERT_TRUE(b.Allow());
  b.RecordFailure();
  EXPECT_EQ(b.state(), CircuitBreaker::State::kOpen);
  EXPECT_FALSE(b.Allow());
  clock->Advance(4999ms);
  EXPECT_FALSE(b.Allow());
  EXPECT_EQ(b.rejected(), 2u);
  clock->Advance(1ms);
  EXPECT_TRUE(b.Allow());  // the probe
  EXPECT_EQ(b.state(), CircuitBreaker::State::kHalfOpen);
  EXPECT_FALSE(b.Allow());  // only one probe at a time
  b.RecordFailure();
  EXPECT_EQ(b.state(), CircuitBreaker::State::kOpen);  // a failed probe re-opens at once
  clock->Advance(5000ms);
  EXPECT_TRUE(b.Allow());
  b.RecordSuccess();
  EXPECT_EQ(b.state(), CircuitBreaker::State::kClosed);
  EXPECT_TRUE(b.Allow());
}

TEST(CircuitBreaker, ASuccessResetsTheFailureCount) {
  auto clock = FixedClock::AtLocalNoon(Date::ParseIso("2026-11-22").value());
  CircuitBreaker b(*clock, {2, 1000ms});
  b.RecordFailure();
  b.RecordSuccess();
  b.RecordFailure();
  EXPECT_EQ(b.state(), CircuitBreaker::State::kClosed);
  b.RecordFailure();
  EXPECT_EQ(b.state(), CircuitBreaker::State::kOpen);
}

}  // namespace
}  // namespace atende::erp
