#include "erp/guarded_erp.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "erp/testing/empty_erp.h"

namespace atende::erp {
namespace {

using namespace std::chrono_literals;

// An Erp whose lookups answer with a scripted error (or an empty list) and can be made slow.
class ScriptedErp final : public testing::EmptyErp {
 public:
  std::optional<Error> error;
  std::chrono::milliseconds delay{0};
  std::atomic<int> calls{0};
  std::atomic<int> in_flight{0};
  std::atomic<int> max_in_flight{0};

  std::string_view name() const override { return "scripted"; }
  Result<std::vector<Customer>> FindCustomersByDocument(const Document&) override {
    ++calls;
    int now = ++in_flight;
    int prev = max_in_flight.load();
    while (now > prev && !max_in_flight.compare_exchange_weak(prev, now)) {
    }
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    --in_flight;
    if (error) return *error;
    return std::vector<Customer>{};
  }
};

Document Doc() { return Document::Parse("52998224725").value(); }

TEST(GuardedErp, OutagesOpenTheBreakerAndLaterCallsFailWithoutReachingTheErp) {
  auto clock = FixedClock::AtLocalNoon(Date::ParseIso("2026-11-22").value());
  auto inner = std::make_unique<ScriptedErp>();
  ScriptedErp* scripted = inner.get();
  scripted->error = Error::Timeout("slow");
  GuardOptions options;
  options.breaker = {3, 10000ms};
  GuardedErp erp(std::move(inner), *clock, options);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(erp.FindCustomersByDocument(Doc()).error().kind, ErrorKind::kTimeout);
  for (int i = 0; i < 10; ++i) {
    auto r = erp.FindCustomersByDocument(Doc());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::kUnavailable);
  }
  EXPECT_EQ(scripted->calls.load(), 3);
  scripted->error.reset();
  clock->Advance(10000ms);
  EXPECT_TRUE(erp.FindCustomersByDocument(Doc()).ok());  // the probe succeeds
  EXPECT_EQ(erp.breaker().state(), CircuitBreaker::State::kClosed);
}

TEST(GuardedErp, BusinessAnswersDoNotCountAsFailures) {
  auto clock = FixedClock::AtLocalNoon(Date::ParseIso("2026-11-22").value());
  auto inner = std::make_unique<ScriptedErp>();
  inner->error = Error::Unauthorized("bad token");
  GuardOptions options;
  options.breaker = {2, 10000ms};
  GuardedErp erp(std::move(inner), *clock, options);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(erp.FindCustomersByDocument(Doc()).error().kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(erp.breaker().state(), CircuitBreaker::State::kClosed);
}

TEST(GuardedErp, CapsConcurrentRequests) {
  auto clock = FixedClock::AtLocalNoon(Date::ParseIso("2026-11-22").value());
  auto inner = std::make_unique<ScriptedErp>();
  ScriptedErp* scripted = inner.get();
  scripted->delay = 20ms;
  GuardOptions options;
  options.max_in_flight = 2;
  options.max_queue_wait = 5000ms;
  GuardedErp erp(std::move(inner), *clock, options);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] { EXPECT_TRUE(erp.FindCustomersByDocument(Doc()).ok()); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(scripted->calls.load(), 8);
  EXPECT_LE(scripted->max_in_flight.load(), 2);
}

TEST(GuardedErp, GivesUpWhenNoSlotFreesInTime) {
  auto clock = FixedClock::AtLocalNoon(Date::ParseIso("2026-11-22").value());
  auto inner = std::make_unique<ScriptedErp>();
  inner->delay = 200ms;
  GuardOptions options;
  options.max_in_flight = 1;
  options.max_queue_wait = 10ms;
  GuardedErp erp(std::move(inner), *clock, options);
  std::thread slow([&] { EXPECT_TRUE(erp.FindCustomersByDocument(Doc()).ok()); });
  std::this_thread::sleep_for(50ms);
  auto r = erp.FindCustomersByDocument(Doc());
  slow.join();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace atende::erp
