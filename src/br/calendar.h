// Brazilian bank calendar: national holidays (fixed ones, 20 November since 2024, and the movable
// Carnival Monday and Tuesday, Good Friday and Corpus Christi computed from Easter) and business
// days. Banks do not clear on Carnival, so it counts as a non-business day here. Local
// (state/municipal) holidays are configuration: pass them in `extra`.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace atende::br {

Date EasterSunday(int year);  // Gregorian computus (anonymous algorithm)

struct Holiday {
  Date date;
  std::string_view name;  // pt-BR: "Sexta-feira Santa"
};

std::vector<Holiday> NationalHolidays(int year);  // sorted by date
std::optional<std::string_view> NationalHolidayName(Date date);

bool IsBusinessDay(Date date, std::span<const Date> extra = {});
// `date` itself when it is a business day, otherwise the next one.
Date NextBusinessDay(Date date, std::span<const Date> extra = {});

}  // namespace atende::br
