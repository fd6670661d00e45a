// The worked example and the table of specs/late-fees.md §4.
#include "br/late_fee.h"

#include <gtest/gtest.h>

namespace atende::br {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

struct Row {
  int64_t principal;
  const char* due;
  const char* effective_due;
  const char* paid_on;
  int days;
  int64_t fine;
  int64_t interest;
  int64_t total;
};

TEST(LateFeeTest, SpecTable) {
  const Row rows[] = {
      {9990, "2026-11-10", "2026-11-10", "2026-11-25", 15, 200, 50, 10240},
      {9990, "2026-11-10", "2026-11-10", "2026-11-10", 0, 0, 0, 9990},
      {9990, "2026-11-10", "2026-11-10", "2026-11-11", 1, 200, 3, 10193},
      {9990, "2026-11-14", "2026-11-16", "2026-11-16", 0, 0, 0, 9990},
      {9990, "2026-11-14", "2026-11-16", "2026-11-17", 3, 200, 10, 10200},
      {25000, "2026-11-10", "2026-11-10", "2026-12-10", 30, 500, 250, 25750},
      {8990, "2026-09-15", "2026-09-15", "2026-09-28", 13, 180, 39, 9209},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(std::string(r.due) + " → " + r.paid_on);
    LateFee fee = ComputeLateFee(Money::FromCents(r.principal), D(r.due), D(r.paid_on));
    EXPECT_EQ(fee.principal.cents(), r.principal);
    EXPECT_EQ(fee.due_date.ToIso(), r.due);
    EXPECT_EQ(fee.effective_due.ToIso(), r.effective_due);
    EXPECT_EQ(fee.days_late, r.days);
    EXPECT_EQ(fee.fine.cents(), r.fine);
    EXPECT_EQ(fee.interest.cents(), r.interest);
    EXPECT_EQ(fee.total.cents(), r.total);
  }
}

TEST(LateFeeTest, PaidEarlyCostsNothing) {
  LateFee fee = ComputeLateFee(Money::FromCents(9990), D("2026-11-10"), D("2026-11-01"));
  EXPECT_EQ(fee.total.cents(), 9990);
  EXPECT_EQ(fee.days_late, 0);
}

TEST(LateFeeTest, HolidayRollsForwardAndContractRates) {
  // Due on 20 November 2026 (Friday, national holiday): payable on Monday 23 without charges.
  LateFee on_time = ComputeLateFee(Money::FromCents(10000), D("2026-11-20"), D("2026-11-23"));
  EXPECT_EQ(on_time.effective_due.ToIso(), "2026-11-23");
  EXPECT_EQ(on_time.total.cents(), 10000);
  LateFee late = ComputeLateFee(Money::FromCents(10000), D("2026-11-20"), D("2026-11-24"));
  EXPECT_EQ(late.days_late, 4);
  EXPECT_EQ(late.fine.cents(), 200);
  EXPECT_EQ(late.interest.cents(), 13);  // 10000 × 1 % × 4 / 30 = 13.33
  LateFee custom = ComputeLateFee(Money::FromCents(10000), D("2026-11-10"), D("2026-11-20"),
                                  LateFeePolicy{100, 300});
  EXPECT_EQ(custom.fine.cents(), 100);
  EXPECT_EQ(custom.interest.cents(), 100);  // 3 % a month for 10 days
  const Date local[] = {D("2026-11-10")};
  LateFee municipal =
      ComputeLateFee(Money::FromCents(9990), D("2026-11-10"), D("2026-11-11"), {}, local);
  EXPECT_EQ(municipal.total.cents(), 9990);
}

}  // namespace
}  // namespace atende::br
