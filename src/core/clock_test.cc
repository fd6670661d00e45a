#include "core/clock.h"

#include <gtest/gtest.h>

namespace atende {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

TEST(ClockTest, FixedClockTodayIsLocal) {
  Date today = *Date::ParseIso("2026-11-22");
  auto clock = FixedClock::AtLocalNoon(today);
  EXPECT_EQ(clock->Today(), today);
  EXPECT_EQ(FormatUtc(clock->Now()), "2026-11-22T15:00:00Z");
  clock->Advance(hours(11));  // 23:00 local, 02:00 UTC next day
  EXPECT_EQ(clock->Today(), today);
  EXPECT_EQ(FormatUtc(clock->Now()), "2026-11-23T02:00:00Z");
  clock->Advance(hours(1));
  EXPECT_EQ(clock->Today(), today.AddDays(1));
}

TEST(ClockTest, OffsetMatters) {
  Date today = *Date::ParseIso("2026-11-22");
  auto utc = FixedClock::AtLocalNoon(today, minutes(0));
  EXPECT_EQ(FormatUtc(utc->Now()), "2026-11-22T12:00:00Z");
  utc->Advance(hours(12));
  EXPECT_EQ(utc->Today(), today.AddDays(1));
}

TEST(ClockTest, SystemClockMoves) {
  SystemClock clock;
  TimePoint a = clock.Now();
  EXPECT_GT(a.time_since_epoch().count(), 1700000000000);  // after 2023
  EXPECT_GE(clock.Now(), a);
}

}  // namespace
}  // namespace atende
