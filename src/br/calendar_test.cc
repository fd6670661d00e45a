// National holidays 2024–2027 checked against explicit dates, Easter, and business-day rolling.
#include "br/calendar.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace atende::br {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

std::vector<std::string> Isos(int year) {
  std::vector<std::string> out;
  for (const Holiday& h : NationalHolidays(year)) out.push_back(h.date.ToIso());
  return out;
}

TEST(CalendarTest, Easter) {
  EXPECT_EQ(EasterSunday(2024).ToIso(), "2024-03-31");
  EXPECT_EQ(EasterSunday(2025).ToIso(), "2025-04-20");
  EXPECT_EQ(EasterSunday(2026).ToIso(), "2026-04-05");
  EXPECT_EQ(EasterSunday(2027).ToIso(), "2027-03-28");
  EXPECT_EQ(EasterSunday(2019).ToIso(), "2019-04-21");
  EXPECT_EQ(EasterSunday(2038).ToIso(), "2038-04-25");  // latest possible
  EXPECT_EQ(EasterSunday(2285).ToIso(), "2285-03-22");  // earliest possible
}

TEST(CalendarTest, NationalHolidays2024To2027) {
  EXPECT_EQ(Isos(2024), (std::vector<std::string>{
                            "2024-01-01", "2024-02-12", "2024-02-13", "2024-03-29", "2024-04-21",
                            "2024-05-01", "2024-05-30", "2024-09-07", "2024-10-12", "2024-11-02",
                            "2024-11-15", "2024-11-20", "2024-12-25"}));
  EXPECT_EQ(Isos(2025), (std::vector<std::string>{
                            "2025-01-01", "2025-03-03", "2025-03-04", "2025-04-18", "2025-04-21",
                            "2025-05-01", "2025-06-19", "2025-09-07", "2025-10-12", "2025-11-02",
                            "2025-11-15", "2025-11-20", "2025-12-25"}));
  EXPECT_EQ(Isos(2026), (std::vector<std::string>{
                            "2026-01-01", "2026-02-16", "2026-02-17", "2026-04-03", "2026-04-21",
                            "2026-05-01", "2026-06-04", "2026-09-07", "2026-10-12", "2026-11-02",
                            "2026-11-15", "2026-11-20", "2026-12-25"}));
  EXPECT_EQ(Isos(2027), (std::vector<std::string>{
                            "2027-01-01", "2027-02-08", "2027-02-09", "2027-03-26", "2027-04-21",
                            "2027-05-01", "2027-05-27", "2027-09-07", "2027-10-12", "2027-11-02",
                            "2027-11-15", "2027-11-20", "2027-12-25"}));
}

TEST(CalendarTest, TwentiethOfNovemberOnlySince2024) {
  EXPECT_FALSE(NationalHolidayName(D("2023-11-20")).has_value());
  EXPECT_EQ(NationalHolidays(2023).size(), 12u);
  EXPECT_EQ(*NationalHolidayName(D("2024-11-20")), "Dia Nacional de Zumbi e da Consciência Negra");
  EXPECT_EQ(*NationalHolidayName(D("2026-04-03")), "Sexta-feira Santa");
  EXPECT_FALSE(NationalHolidayName(D("2026-04-04")).has_value());
}

TEST(CalendarTest, BusinessDays) {
  EXPECT_TRUE(IsBusinessDay(D("2026-11-10")));   // Tuesday
  EXPECT_FALSE(IsBusinessDay(D("2026-11-14")));  // Saturday
  EXPECT_FALSE(IsBusinessDay(D("2026-11-20")));  // Friday, holiday
  EXPECT_FALSE(IsBusinessDay(D("2026-02-16")));  // Carnival Monday
  EXPECT_EQ(NextBusinessDay(D("2026-11-14")).ToIso(), "2026-11-16");
  EXPECT_EQ(NextBusinessDay(D("2026-11-20")).ToIso(), "2026-11-23");
  EXPECT_EQ(NextBusinessDay(D("2026-02-14")).ToIso(),
            "2026-02-18");  // Sat, Sun, Mon, Tue of Carnival
  EXPECT_EQ(NextBusinessDay(D("2026-11-10")).ToIso(), "2026-11-10");
  const Date local[] = {D("2026-11-16")};
  EXPECT_FALSE(IsBusinessDay(D("2026-11-16"), local));
  EXPECT_EQ(NextBusinessDay(D("2026-11-14"), local).ToIso(), "2026-11-17");
}

}  // namespace
}  // namespace atende::br
