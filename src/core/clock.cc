#include "core/clock.h"

#include <cstdio>

namespace atende {

Date Clock::Today() const {
  auto local = Now() + utc_offset_;
  auto days = std::chrono::floor<std::chrono::days>(local);
  return Date::FromDays(static_cast<int>(days.time_since_epoch().count()));
}

TimePoint SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

std::unique_ptr<FixedClock> FixedClock::AtLocalNoon(Date today, std::chrono::minutes utc_offset) {
  TimePoint t{std::chrono::days(today.days_since_epoch()) + std::chrono::hours(12) - utc_offset};
  return std::make_unique<FixedClock>(t, utc_offset);
}

std::string FormatUtc(TimePoint t) {
  auto days = std::chrono::floor<std::chrono::days>(t);
  Date d = Date::FromDays(static_cast<int>(days.time_since_epoch().count()));
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(t - days).count();
  char buf[16];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return d.ToIso() + buf;
}

}  // namespace atende
