#include "br/calendar.h"

#include <algorithm>

namespace atende::br {
namespace {

Date Ymd(int year, int month, int day) { return Date::FromYmd(year, month, day).value(); }

}  // namespace

Date EasterSunday(int year) {
  int a = year % 19;
  int b = year / 100;
  int c = year % 100;
  int d = b / 4;
  int e = b % 4;
  int f = (b + 8) / 25;
  int g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4;
  int k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31;
  int day = (h + l - 7 * m + 114) % 31 + 1;
  return Ymd(year, month, day);
}

std::vector<Holiday> NationalHolidays(int year) {
  Date easter = EasterSunday(year);
  std::vector<Holiday> days = {
      {Ymd(year, 1, 1), "Confraternização Universal"},
      {easter.AddDays(-48), "Carnaval (segunda-feira)"},
      {easter.AddDays(-47), "Carnaval (terça-feira)"},
      {easter.AddDays(-2), "Sexta-feira Santa"},
      {Ymd(year, 4, 21), "Tiradentes"},
      {Ymd(year, 5, 1), "Dia do Trabalho"},
      {easter.AddDays(60), "Corpus Christi"},
      {Ymd(year, 9, 7), "Independência do Brasil"},
      {Ymd(year, 10, 12), "Nossa Senhora Aparecida"},
      {Ymd(year, 11, 2), "Finados"},
      {Ymd(year, 11, 15), "Proclamação da República"},
      {Ymd(year, 12, 25), "Natal"},
  };
  // Lei 14.759/2023 made 20 November a national holiday from 2024 on.
  if (year >= 2024)
    days.push_back({Ymd(year, 11, 20), "Dia Nacional de Zumbi e da Consciência Negra"});
  std::sort(days.begin(), days.end(),
            [](const Holiday& x, const Holiday& y) { return x.date < y.date; });
  return days;
}

std::optional<std::string_view> NationalHolidayName(Date date) {
  for (const Holiday& h : NationalHolidays(date.year())) {
    if (h.date == date) return h.name;
  }
  return std::nullopt;
}

bool IsBusinessDay(Date date, std::span<const Date> extra) {
  if (date.IsWeekend()) return false;
  if (std::find(extra.begin(), extra.end(), date) != extra.end()) return false;
  return !NationalHolidayName(date).has_value();
}

Date NextBusinessDay(Date date, std::span<const Date> extra) {
  while (!IsBusinessDay(date, extra)) date = date.AddDays(1);
  return date;
}

}  // namespace atende::br
