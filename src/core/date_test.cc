#include "core/date.h"

#include <gtest/gtest.h>

namespace atende {
namespace {

Date D(std::string_view iso) { return *Date::ParseIso(iso); }

TEST(DateTest, ParsesAndPrints) {
  Date d = D("2026-11-10");
  EXPECT_EQ(d.year(), 2026);
  EXPECT_EQ(d.month(), 11);
  EXPECT_EQ(d.day(), 10);
  EXPECT_EQ(d.ToIso(), "2026-11-10");
  EXPECT_EQ(d.ToBr(), "10/11/2026");
  EXPECT_EQ(d.ToBrShort(), "10/11");
  EXPECT_EQ(*Date::ParseBr("10/11/2026"), d);
  EXPECT_EQ(D("1970-01-01").days_since_epoch(), 0);
}

TEST(DateTest, RefusesImpossibleDates) {
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-10",
                          "20261110", "2026/11/10", "abcd-ef-gh", ""}) {
    EXPECT_FALSE(Date::ParseIso(bad).ok()) << bad;
  }
  EXPECT_TRUE(Date::ParseIso("2024-02-29").ok());
  EXPECT_FALSE(Date::ParseIso("2100-02-29").ok());
  EXPECT_TRUE(Date::ParseIso("2000-02-29").ok());
  EXPECT_FALSE(Date::ParseBr("31/06/2026").ok());
}

TEST(DateTest, ParsesErpForms) {
  EXPECT_EQ(Date::ParseErp("2024-05-30T00:00:00")->value(), D("2024-05-30"));
  EXPECT_EQ(Date::ParseErp("2024-07-15 00:00:00")->value(), D("2024-07-15"));
  EXPECT_EQ(Date::ParseErp("15/09/2026")->value(), D("2026-09-15"));
  EXPECT_EQ(Date::ParseErp("16/11/2018 10:58:21")->value(), D("2018-11-16"));
  EXPECT_FALSE(Date::ParseErp("0000-00-00")->has_value());
  EXPECT_FALSE(Date::ParseErp("")->has_value());
  EXPECT_FALSE(Date::ParseErp("0000-00-00 00:00:00")->has_value());
  EXPECT_FALSE(Date::ParseErp("ontem").ok());
  EXPECT_FALSE(Date::ParseErp("2024-05-30X").ok());
}

TEST(DateTest, Weekdays) {
  EXPECT_EQ(D("2026-11-22").weekday(), Weekday::kSunday);
  EXPECT_EQ(D("2026-11-10").weekday(), Weekday::kTuesday);
  EXPECT_EQ(D("2026-11-14").weekday(), Weekday::kSaturday);
  EXPECT_TRUE(D("2026-11-14").IsWeekend());
  EXPECT_FALSE(D("2026-11-13").IsWeekend());
  EXPECT_EQ(D("1970-01-01").weekday(), Weekday::kThursday);
  EXPECT_EQ(D("1969-12-31").weekday(), Weekday::kWednesday);
}

TEST(DateTest, Arithmetic) {
  EXPECT_EQ(D("2026-11-25") - D("2026-11-10"), 15);
  EXPECT_EQ(D("2025-02-21") - D("1997-10-07"), 9999);  // the last factor of the first cycle
  EXPECT_EQ(D("2026-12-31").AddDays(1), D("2027-01-01"));
  EXPECT_EQ(D("2024-02-28").AddDays(1), D("2024-02-29"));
  EXPECT_EQ(D("2026-01-31").AddMonths(1), D("2026-02-28"));
  EXPECT_EQ(D("2024-01-31").AddMonths(1), D("2024-02-29"));
  EXPECT_EQ(D("2026-11-10").AddMonths(2), D("2027-01-10"));
  EXPECT_EQ(D("2026-03-15").AddMonths(-3), D("2025-12-15"));
}

TEST(DateTest, RoundTripsEveryDayOfFourCenturies) {
  Date d = D("1900-01-01");
  Date end = D("2300-01-01");
  int expected_weekday = static_cast<int>(d.weekday());
  for (; d < end; d = d.AddDays(1)) {
    ASSERT_EQ(*Date::ParseIso(d.ToIso()), d);
    ASSERT_EQ(static_cast<int>(d.weekday()), expected_weekday);
    expected_weekday = (expected_weekday + 1) % 7;
  }
}

}  // namespace
}  // namespace atende
