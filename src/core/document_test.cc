#include "core/document.h"

#include <gtest/gtest.h>

namespace atende {
namespace {

TEST(DocumentTest, ParsesCommonTypings) {
  for (const char* typed : {"529.982.247-25", "52998224725", "529 982 247 25", " 529982247-25 "}) {
    Result<Document> d = Document::Parse(typed);
    ASSERT_TRUE(d.ok()) << typed;
    EXPECT_TRUE(d->is_cpf());
    EXPECT_EQ(d->value(), "52998224725");
    EXPECT_EQ(d->Formatted(), "529.982.247-25");
    EXPECT_EQ(d->Masked(), "***.982.247-**");
  }
}

TEST(DocumentTest, ParsesNumericAndAlphanumericCnpj) {
  Result<Document> d = Document::Parse("11.222.333/0001-81");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->kind(), DocumentKind::kCnpj);
  EXPECT_EQ(d->value(), "11222333000181");
  Result<Document> a = Document::Parse("12.abc.345/01de-35");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->value(), "12ABC34501DE35");
  EXPECT_EQ(a->Formatted(), "12.ABC.345/01DE-35");
  EXPECT_EQ(a->Masked(), "**.ABC.345/01DE-**");
}

TEST(DocumentTest, RefusesWrongShapes) {
  for (const char* bad : {"", "123", "5299822472", "529982247250", "12ABC34501DEAB",
                          "529.982.247-2X", "52998224725a", "529#982", "123456789012345"}) {
    EXPECT_FALSE(Document::Parse(bad).ok()) << bad;
  }
}

TEST(DocumentTest, ErrorNeverEchoesTheInput) {
  Result<Document> d = Document::Parse("5299822472");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().message.find("5299822472"), std::string::npos);
}

}  // namespace
}  // namespace atende
