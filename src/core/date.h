// Date: a civil (proleptic Gregorian) calendar date with no time zone, stored as days since
// 1970-01-01. Day arithmetic, weekdays, and parsing of every date form ERPs and people use. Dates
// before year 1 or after 9999 are not representable through the parsers.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace atende {

enum class Weekday { kSunday = 0, kMonday, kTuesday, kWednesday, kThursday, kFriday, kSaturday };

class Date {
 public:
  constexpr Date() = default;
  // Returns an error when the day does not exist (2026-02-29).
  static Result<Date> FromYmd(int year, int month, int day);
  static constexpr Date FromDays(int days_since_epoch) { return Date(days_since_epoch); }

  static Result<Date> ParseIso(std::string_view text);  // "2026-11-10"
  static Result<Date> ParseBr(std::string_view text);   // "10/11/2026"
  // Any wire form an ERP sends: ISO, Brazilian, with a time part ("2024-05-30T00:00:00",
  // "2024-07-15 00:00:00"). "", "0000-00-00" and "00/00/0000" mean no date: std::nullopt.
  static Result<std::optional<Date>> ParseErp(std::string_view text);

  int year() const;
  int month() const;
  int day() const;
  constexpr int days_since_epoch() const { return days_; }
  Weekday weekday() const;
  bool IsWeekend() const;
  static int DaysInMonth(int year, int month);

  std::string ToIso() const;      // "2026-11-10"
  std::string ToBr() const;       // "10/11/2026"
  std::string ToBrShort() const;  // "10/11"

  constexpr Date AddDays(int n) const { return Date(days_ + n); }
  // Same day n months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).
  Date AddMonths(int n) const;
  constexpr int operator-(Date other) const { return days_ - other.days_; }
  constexpr auto operator<=>(const Date&) const = default;

 private:
  constexpr explicit Date(int days) : days_(days) {}
  int days_ = 0;
};

}  // namespace atende
