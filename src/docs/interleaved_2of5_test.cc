#include "docs/interleaved_2of5.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace atende::docs {
namespace {

// An independent reader: element widths back to digits with the 2-of-5 weights 1-2-4-7-0
// (parity/zero rule), the way a scanner decodes them, so the test does not reuse the encoder's
// table.
std::string Decode(const std::string& elements) {
  if (elements.substr(0, 4) != "nnnn" || elements.substr(elements.size() - 3) != "wnn") return "?";
  const std::string body = elements.substr(4, elements.size() - 7);
  if (body.size() % 10 != 0) return "?";
  auto digit = [](const std::string& five) {
    static const int kWeights[5] = {1, 2, 4, 7, 0};
    int sum = 0;
    int wide = 0;
    for (int i = 0; i < 5; ++i) {
      if (five[i] == 'w') {
        sum += kWeights[i];
        ++wide;
      }
    }
    if (wide != 2) return '?';
    return static_cast<char>('0' + (sum == 11 ? 0 : sum));
  };
  std::string digits;
  for (size_t i = 0; i < body.size(); i += 10) {
    std::string bars, spaces;
    for (int k = 0; k < 5; ++k) {
      bars.push_back(body[i + 2 * k]);
      spaces.push_back(body[i + 2 * k + 1]);
    }
    digits.push_back(digit(bars));
    digits.push_back(digit(spaces));
  }
  return digits;
}

TEST(Interleaved2of5, EncodesThePairInBarsAndSpaces) {
  // "12": 1 = wnnnw in the bars, 2 = nwnnw in the spaces.
  Result<std::string> e = Interleaved2of5Elements("12");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(*e,
            "nnnn"
            "wn"
            "nw"
            "nn"
            "nn"
            "ww"
            "wnn");
}

TEST(Interleaved2of5, BoletoGoldenRoundTripsAndHasTheFebrabanWidth) {
  const std::string barcode = "34198162600000099901234000000001000000056789";
  Result<std::string> e = Interleaved2of5Elements(barcode);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->size(), 4u + 44u * 5u + 3u);
  EXPECT_EQ(Decode(*e), barcode);
  // 4 (start) + 22 pairs × 18 + 5 (stop) narrow modules → 102.87 mm at 0.254 mm, FEBRABAN's ~103
  // mm.
  EXPECT_EQ(Interleaved2of5Modules(*e, kBoletoWideRatio), 405);
  EXPECT_NEAR(Interleaved2of5Modules(*e, kBoletoWideRatio) * kBoletoNarrowMm, 102.87, 0.01);
}

TEST(Interleaved2of5, EveryDigitInBothPositions) {
  for (char a = '0'; a <= '9'; ++a) {
    for (char b = '0'; b <= '9'; ++b) {
      const std::string digits{a, b};
      Result<std::string> e = Interleaved2of5Elements(digits);
      ASSERT_TRUE(e.ok());
      EXPECT_EQ(Decode(*e), digits);
    }
  }
}

TEST(Interleaved2of5, RefusesOddLengthNonDigitsAndEmpty) {
  EXPECT_FALSE(Interleaved2of5Elements("123").ok());
  EXPECT_FALSE(Interleaved2of5Elements("").ok());
  Result<std::string> bad = Interleaved2of5Elements("12a4");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(bad.error().message.find("position 3"), std::string::npos);
}

}  // namespace
}  // namespace atende::docs
