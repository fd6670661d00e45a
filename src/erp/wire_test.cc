#include "erp/wire.h"

#include <gtest/gtest.h>

namespace atende::erp::wire {
namespace {

TEST(Wire, MoneyFromStringsAndNumbersWithoutFloatingPoint) {
  Json j = Json::parse(
      R"({"a":"26.00","b":89.9,"c":"100.00","d":54.95,"e":101.03,"f":100,"g":"","h":null})");
  EXPECT_EQ(MoneyField(j, "a")->cents(), 2600);
  EXPECT_EQ(MoneyField(j, "b")->cents(), 8990);
  EXPECT_EQ(MoneyField(j, "c")->cents(), 10000);
  EXPECT_EQ(MoneyField(j, "d")->cents(), 5495);
  EXPECT_EQ(MoneyField(j, "e")->cents(), 10103);
  EXPECT_EQ(MoneyField(j, "f")->cents(), 10000);
  EXPECT_FALSE(MoneyField(j, "g").has_value());
  EXPECT_FALSE(MoneyField(j, "h").has_value());
  EXPECT_FALSE(MoneyField(j, "missing").has_value());
}

TEST(Wire, BooleansInEveryShape) {
  Json j = Json::parse(
      R"({"a":true,"b":"true","c":"True","d":"S","e":"sim","f":1,"g":"1","h":"N","i":"nao","j":0,"k":"x"})");
  for (const char* k : {"a", "b", "c", "d", "e", "f", "g"}) EXPECT_EQ(BoolField(j, k), true) << k;
  for (const char* k : {"h", "i", "j"}) EXPECT_EQ(BoolField(j, k), false) << k;
  EXPECT_FALSE(BoolField(j, "k").has_value());
}

TEST(Wire, DatesInEveryShapeAndAbsentOnes) {
  Json j = Json::parse(
      R"({"a":"2024-11-21","b":"15/09/2026","c":"2024-05-30T00:00:00","d":"2024-07-15 00:00:00","e":"0000-00-00","f":""})");
  EXPECT_EQ(DateField(j, "a")->ToIso(), "2024-11-21");
  EXPECT_EQ(DateField(j, "b")->ToIso(), "2026-09-15");
  EXPECT_EQ(DateField(j, "c")->ToIso(), "2024-05-30");
  EXPECT_EQ(DateField(j, "d")->ToIso(), "2024-07-15");
  EXPECT_FALSE(DateField(j, "e").has_value());
  EXPECT_FALSE(DateField(j, "f").has_value());
}

TEST(Wire, IdsAsTextWhateverTheirJsonType) {
  Json j = Json::parse(R"({"a":"145535","b":17402,"c":null})");
  EXPECT_EQ(Text(j, "a"), "145535");
  EXPECT_EQ(Text(j, "b"), "17402");
  EXPECT_EQ(Text(j, "c"), "");
  EXPECT_EQ(IntField(j, "b"), 17402);
}

TEST(Wire, HtmlAndTextAreNotJson) {
  auto r = ParseJson("<html><body>Login</body></html>", "sgp x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kBadAnswer);
  EXPECT_EQ(r.error().detail, "Login");
  EXPECT_FALSE(ParseJson("NULL", "mkauth").ok());
  EXPECT_TRUE(ParseJson("[]", "x").ok());
}

TEST(Wire, Base64StandardAndUrlSafe) {
  EXPECT_EQ(DecodeBase64("JVBERi0x"), "%PDF-1");
  EXPECT_EQ(DecodeBase64("eyJhIjoxfQ"), "{\"a\":1}");  // unpadded
  EXPECT_EQ(DecodeBase64("not base64!"), "");
}

TEST(Wire, FoldDropsCaseAndPortugueseAccents) {
  EXPECT_EQ(Fold("Cliente N\xc3\x83O possui t\xc3\xadtulos em aberto."),
            "cliente nao possui titulos em aberto.");
  EXPECT_EQ(Fold("Registro n\xc3\xa3o encontrado."), "registro nao encontrado.");
  EXPECT_EQ(Fold("Confian\xc3\xa7"
                 "a \xc3\x80 vista"),
            "confianca a vista");
}

}  // namespace
}  // namespace atende::erp::wire
