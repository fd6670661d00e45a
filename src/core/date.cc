#include "core/date.h"

#include <cstdio>

namespace atende {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
int DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Ymd {
  int y;
  unsigned m;
  unsigned d;
};

Ymd CivilFromDays(int z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

bool ParseFixed(std::string_view s, int& out) {
  if (s.empty()) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

std::string Pad(int v, int width) {
  std::string s = std::to_string(v);
  while (static_cast<int>(s.size()) < width) s.insert(s.begin(), '0');
  return s;
}

}  // namespace

static bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int Date::DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeap(year)) return 29;
  return kDays[month - 1];
}

Result<Date> Date::FromYmd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    return Error::InvalidInput("no such date: " + Pad(year, 4) + "-" + Pad(month, 2) + "-" +
                               Pad(day, 2));
  }
  return Date(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
}

Result<Date> Date::ParseIso(std::string_view text) {
  int y, m, d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseFixed(text.substr(0, 4), y) ||
      !ParseFixed(text.substr(5, 2), m) || !ParseFixed(text.substr(8, 2), d)) {
    return Error::InvalidInput("not a date (YYYY-MM-DD): '" + std::string(text) + "'");
  }
  return FromYmd(y, m, d);
}

Result<Date> Date::ParseBr(std::string_view text) {
  int y, m, d;
  if (text.size() != 10 || text[2] != '/' || text[5] != '/' || !ParseFixed(text.substr(0, 2), d) ||
      !ParseFixed(text.substr(3, 2), m) || !ParseFixed(text.substr(6, 4), y)) {
    return Error::InvalidInput("not a date (DD/MM/YYYY): '" + std::string(text) + "'");
  }
  return FromYmd(y, m, d);
}

Result<std::optional<Date>> Date::ParseErp(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty() || text == "0000-00-00" || text == "00/00/0000" ||
      text.starts_with("0000-00-00 ") || text.starts_with("0000-00-00T")) {
    return std::optional<Date>{};
  }
  std::string_view day = text.substr(0, 10);
  if (text.size() > 10 && text[10] != 'T' && text[10] != ' ') {
    return Error::InvalidInput("not a date: '" + std::string(text) + "'");
  }
  Result<Date> parsed = day.size() == 10 && day[2] == '/' ? ParseBr(day) : ParseIso(day);
  if (!parsed.ok()) return Error::InvalidInput("not a date: '" + std::string(text) + "'");
  return std::optional<Date>(*parsed);
}

int Date::year() const { return CivilFromDays(days_).y; }
int Date::month() const { return static_cast<int>(CivilFromDays(days_).m); }
int Date::day() const { return static_cast<int>(CivilFromDays(days_).d); }

Weekday Date::weekday() const {
  // 1970-01-01 was a Thursday.
  int w = (days_ % 7 + 7 + 4) % 7;
  return static_cast<Weekday>(w);
}

bool Date::IsWeekend() const {
  Weekday w = weekday();
  return w == Weekday::kSaturday || w == Weekday::kSunday;
}

Date Date::AddMonths(int n) const {
  Ymd c = CivilFromDays(days_);
  int total = c.y * 12 + static_cast<int>(c.m) - 1 + n;
  int y = total / 12;
  int m = total % 12 + 1;
  int d = static_cast<int>(c.d);
  int last = DaysInMonth(y, m);
  if (d > last) d = last;
  return Date(DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

std::string Date::ToIso() const {
  Ymd c = CivilFromDays(days_);
  return Pad(c.y, 4) + "-" + Pad(static_cast<int>(c.m), 2) + "-" + Pad(static_cast<int>(c.d), 2);
}

std::string Date::ToBr() const {
  Ymd c = CivilFromDays(days_);
  return Pad(static_cast<int>(c.d), 2) + "/" + Pad(static_cast<int>(c.m), 2) + "/" + Pad(c.y, 4);
}

std::string Date::ToBrShort() const {
  Ymd c = CivilFromDays(days_);
  return Pad(static_cast<int>(c.d), 2) + "/" + Pad(static_cast<int>(c.m), 2);
}

}  // namespace atende
