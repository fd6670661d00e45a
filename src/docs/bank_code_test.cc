#include "docs/bank_code.h"

#include <gtest/gtest.h>

namespace atende::docs {
namespace {

TEST(BankCode, PublishedDigitsOfCommonBanks) {
  const std::pair<const char*, const char*> cases[] = {
      {"001", "001-9"}, {"033", "033-7"}, {"041", "041-8"}, {"077", "077-9"}, {"104", "104-0"},
      {"237", "237-2"}, {"260", "260-7"}, {"341", "341-7"}, {"748", "748-X"}, {"756", "756-0"},
  };
  for (const auto& [code, expected] : cases) {
    Result<std::string> got = BankCodeWithDigit(code);
    ASSERT_TRUE(got.ok()) << code;
    EXPECT_EQ(*got, expected);
  }
}

TEST(BankCode, RefusesAnythingButThreeDigits) {
  EXPECT_FALSE(BankCodeWithDigit("34").ok());
  EXPECT_FALSE(BankCodeWithDigit("3411").ok());
  EXPECT_FALSE(BankCodeWithDigit("34a").ok());
}

}  // namespace
}  // namespace atende::docs
