#include "core/phone.h"

#include <gtest/gtest.h>

namespace atende {
namespace {

TEST(PhoneTest, ParsesBrazilianTypings) {
  for (const char* typed :
       {"(19) 98765-4321", "19 98765 4321", "19987654321", "5519987654321", "+55 19 98765-4321",
        "+5519987654321", "019987654321", "+55 (19) 9 8765-4321"}) {
    Result<Phone> p = Phone::Parse(typed);
    ASSERT_TRUE(p.ok()) << typed;
    EXPECT_EQ(p->e164(), "+5519987654321") << typed;
  }
}

TEST(PhoneTest, NinthDigit) {
  Phone old = *Phone::Parse("551987654321");  // WhatsApp wa_id without the ninth digit
  EXPECT_EQ(old.e164(), "+551987654321");
  EXPECT_TRUE(old.is_mobile());
  EXPECT_EQ(old.WithNinthDigit().e164(), "+5519987654321");
  EXPECT_TRUE(old.SameLine(*Phone::Parse("(19) 98765-4321")));
  Phone landline = *Phone::Parse("(19) 3234-5678");
  EXPECT_FALSE(landline.is_mobile());
  EXPECT_EQ(landline.WithNinthDigit(), landline);
  EXPECT_FALSE(landline.SameLine(*Phone::Parse("(19) 93234-5678")));
  EXPECT_FALSE(old.SameLine(*Phone::Parse("(19) 98765-4322")));
}

TEST(PhoneTest, FormatsAndMasks) {
  Phone p = *Phone::Parse("+5519987654321");
  EXPECT_EQ(p.Formatted(), "(19) 98765-4321");
  EXPECT_EQ(p.Masked(), "(19) *****-4321");
  EXPECT_EQ(p.area_code(), "19");
  EXPECT_EQ(Phone::Parse("1932345678")->Formatted(), "(19) 3234-5678");
}

TEST(PhoneTest, ForeignNumbers) {
  Phone us = *Phone::Parse("+1 415 555 0123");
  EXPECT_EQ(us.e164(), "+14155550123");
  EXPECT_FALSE(us.is_brazilian());
  EXPECT_EQ(us.Masked().substr(us.Masked().size() - 4), "0123");
}

TEST(PhoneTest, RefusesGarbage) {
  for (const char* bad : {"", "12345", "(00) 98765-4321", "19887654321", "abc", "+55 19 1234",
                          "+5519887654321", "1234567890123456", "98765-4321", "+0 123456789"}) {
    EXPECT_FALSE(Phone::Parse(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace atende
