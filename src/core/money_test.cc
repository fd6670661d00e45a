#include "core/money.h"

#include <gtest/gtest.h>

namespace atende {
namespace {

int64_t Cents(std::string_view text) {
  Result<Money> m = Money::Parse(text);
  EXPECT_TRUE(m.ok()) << text << ": " << (m.ok() ? "" : m.error().message);
  return m.ok() ? m->cents() : -999999;
}

TEST(MoneyTest, ParsesBrazilianAndDecimalForms) {
  EXPECT_EQ(Cents("1.234,56"), 123456);
  EXPECT_EQ(Cents("1234.56"), 123456);
  EXPECT_EQ(Cents("1234,56"), 123456);
  EXPECT_EQ(Cents("1,234.56"), 123456);
  EXPECT_EQ(Cents("R$ 99,90"), 9990);
  EXPECT_EQ(Cents("r$99,9"), 9990);
  EXPECT_EQ(Cents("89.9"), 8990);
  EXPECT_EQ(Cents("100"), 10000);
  EXPECT_EQ(Cents("1.234"), 123400);  // thousands separator
  EXPECT_EQ(Cents("1.234.567"), 123456700);
  EXPECT_EQ(Cents("1.234.567,89"), 123456789);
  EXPECT_EQ(Cents(",50"), 50);
  EXPECT_EQ(Cents("-12,00"), -1200);
  EXPECT_EQ(Cents("R$ -5,00"), -500);
  EXPECT_EQ(Cents("  0,01 "), 1);
  EXPECT_EQ(Cents("10.000"), 1000000);
  EXPECT_EQ(Cents("2.50"), 250);
  EXPECT_EQ(Cents("2.500"), 250000);
  EXPECT_EQ(Cents("99.900"), 9990000);
  EXPECT_EQ(Cents("1.5"), 150);
}

TEST(MoneyTest, RefusesGarbage) {
  for (const char* bad : {"", "abc", "1,2,3", "1.23.4", "12,345,6", "1.234,567", "R$", "1..2",
                          "--1", "1,2.3,4", "12a", "1.234.56,00"}) {
    EXPECT_FALSE(Money::Parse(bad).ok()) << bad;
  }
}

TEST(MoneyTest, ParseDecimalIsStrict) {
  EXPECT_EQ(Money::ParseDecimal("99.90")->cents(), 9990);
  EXPECT_EQ(Money::ParseDecimal("89.9")->cents(), 8990);
  EXPECT_EQ(Money::ParseDecimal("101.03")->cents(), 10103);
  EXPECT_EQ(Money::ParseDecimal("0.030")->cents(), 3);  // trailing zero beyond 2 places is exact
  EXPECT_FALSE(Money::ParseDecimal("0.035").ok());      // would lose a fraction of a centavo
  EXPECT_FALSE(Money::ParseDecimal("99,90").ok());
  EXPECT_FALSE(Money::ParseDecimal("1.234.56").ok());
  EXPECT_FALSE(Money::ParseDecimal("12.").ok());
  EXPECT_FALSE(Money::ParseDecimal(".5").ok());
}

TEST(MoneyTest, Prints) {
  EXPECT_EQ(Money::FromCents(123456).ToBrl(), "1.234,56");
  EXPECT_EQ(Money::FromCents(123456).ToDecimal(), "1234.56");
  EXPECT_EQ(Money::FromCents(5).ToDecimal(), "0.05");
  EXPECT_EQ(Money::FromCents(9990).ToDisplay(), "R$ 99,90");
  EXPECT_EQ(Money::FromCents(-150).ToDisplay(), "-R$ 1,50");
  EXPECT_EQ(Money::FromCents(-150).ToDecimal(), "-1.50");
  EXPECT_EQ(Money::FromCents(100000000).ToBrl(), "1.000.000,00");
}

TEST(MoneyTest, RoundTripsEveryFormOverARange) {
  for (int64_t c = -2000; c <= 300000; c += 37) {
    Money m = Money::FromCents(c);
    EXPECT_EQ(Money::Parse(m.ToBrl())->cents(), c);
    EXPECT_EQ(Money::ParseDecimal(m.ToDecimal())->cents(), c);
    EXPECT_EQ(Money::Parse(m.ToDisplay())->cents(), c);
  }
}

TEST(MoneyTest, MulDivRoundsHalfUpOnce) {
  // late-fees.md: 2 % of 99.90 = 1.998 → 2.00; 1 %/30 × 15 days of 99.90 = 0.4995 → 0.50.
  Money p = Money::FromCents(9990);
  EXPECT_EQ(p.MulDivRoundHalfUp(200, 10000).cents(), 200);
  EXPECT_EQ(p.MulDivRoundHalfUp(100 * 15, 300000).cents(), 50);
  EXPECT_EQ(Money::FromCents(5).MulDivRoundHalfUp(1, 2).cents(), 3);    // 2.5 → 3
  EXPECT_EQ(Money::FromCents(-5).MulDivRoundHalfUp(1, 2).cents(), -3);  // symmetric
  EXPECT_EQ(Money::FromCents(4).MulDivRoundHalfUp(1, 3).cents(), 1);
  EXPECT_EQ(Money::FromCents(900000000000000).MulDivRoundHalfUp(300, 10000).cents(),
            27000000000000);
}

TEST(MoneyTest, Arithmetic) {
  Money a = Money::FromCents(9990);
  a += Money::FromCents(250);
  EXPECT_EQ(a, Money::FromCents(10240));
  EXPECT_LT(Money::FromCents(1), Money::FromCents(2));
  EXPECT_EQ((a - Money::FromCents(240)).cents(), 10000);
}

}  // namespace
}  // namespace atende
