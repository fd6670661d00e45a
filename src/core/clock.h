// Clock: where every part of atende takes the time from (DESIGN.md: never read the system time
// directly). SystemClock is the real one; FixedClock is set by tests, demos and `--today`, and can
// be advanced
// (`/wait 3d` in `atende chat`). Today() is the civil date in the ISP's time zone, given as a fixed
// UTC offset (Brazil has had no daylight saving time since 2019; Brasília is UTC-3).
// Implementations are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include "core/date.h"

namespace atende {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  explicit Clock(std::chrono::minutes utc_offset = std::chrono::minutes(-180))
      : utc_offset_(utc_offset) {}
  virtual ~Clock() = default;
  Clock(const Clock&) = delete;
  Clock& operator=(const Clock&) = delete;

  virtual TimePoint Now() const = 0;
  Date Today() const;
  std::chrono::minutes utc_offset() const { return utc_offset_; }

 private:
  std::chrono::minutes utc_offset_;
};

class SystemClock final : public Clock {
 public:
  using Clock::Clock;
  TimePoint Now() const override;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimePoint now, std::chrono::minutes utc_offset = std::chrono::minutes(-180))
      : Clock(utc_offset), now_ms_(now.time_since_epoch().count()) {}
  // Local noon of `today` in the clock's zone: a stable time in the middle of the day.
  static std::unique_ptr<FixedClock> AtLocalNoon(
      Date today, std::chrono::minutes utc_offset = std::chrono::minutes(-180));

  TimePoint Now() const override { return TimePoint(std::chrono::milliseconds(now_ms_.load())); }
  void Set(TimePoint now) { now_ms_ = now.time_since_epoch().count(); }
  void Advance(std::chrono::milliseconds by) { now_ms_ += by.count(); }

 private:
  std::atomic<int64_t> now_ms_;
};

// "2026-11-22T14:03:11Z"
std::string FormatUtc(TimePoint t);

}  // namespace atende
