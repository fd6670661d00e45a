// The three check-digit algorithms of specs/boleto.md §4 on worked examples and edge remainders.
#include "br/check_digits.h"

#include <gtest/gtest.h>

namespace atende::br {
namespace {

TEST(CheckDigitsTest, Mod10) {
  EXPECT_EQ(Mod10("341912340"), 5);   // field 1 of the simulator golden linha
  EXPECT_EQ(Mod10("0000000100"), 8);  // field 2
  EXPECT_EQ(Mod10("0000056789"), 1);  // field 3
  EXPECT_EQ(Mod10("001900000"), 9);   // brazilian-utils vector field 1
  EXPECT_EQ(Mod10("0"), 0);
}

TEST(CheckDigitsTest, Mod11Bank) {
  // Body of the simulator golden barcode without position 5.
  EXPECT_EQ(Mod11Bank("3419162600000099901234000000001000000056789"), 8);
  EXPECT_EQ(Mod11Bank("0"), 1);  // remainder 0 → 11 → 1
  EXPECT_EQ(Mod11Bank("5"), 1);  // 10 → remainder 10 → DV 1
  EXPECT_EQ(Mod11Bank("6"), 1);  // 12 → remainder 1 → 10 → 1
  EXPECT_EQ(Mod11Bank("1"), 9);  // 2 → 11 − 2
}

TEST(CheckDigitsTest, Mod11Arrecadacao) {
  EXPECT_EQ(Mod11Arrecadacao("01230067896"), 0);  // FEBRABAN layout example, sum 176
  EXPECT_EQ(Mod11Arrecadacao("0"), 0);
  EXPECT_EQ(Mod11Arrecadacao("6"), 0);  // remainder 1
  EXPECT_EQ(Mod11Arrecadacao("5"), 1);  // remainder 10
  EXPECT_EQ(Mod11Arrecadacao("1"), 9);
}

}  // namespace
}  // namespace atende::br
