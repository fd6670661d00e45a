// Vectors of specs/cpf-cnpj.md §2–§4, including the alphanumeric CNPJ, and a random round trip.
#include "br/document_check.h"

#include <gtest/gtest.h>

#include <random>

namespace atende::br {
namespace {

TEST(DocumentCheckTest, CpfVectors) {
  for (const char* valid : {"39053344705", "52998224725", "11144477735", "62710524520",
                            "03666811337", "41107296617", "86214941081"}) {
    EXPECT_TRUE(IsValidCpf(valid)) << valid;
  }
  for (const char* invalid : {"52998224724", "11111111111", "12345678900", "10682083681",
                              "00000000000", "5299822472", "529982247250", "5299822472A"}) {
    EXPECT_FALSE(IsValidCpf(invalid)) << invalid;
  }
  EXPECT_EQ(CpfCheckDigits("529982247"), "25");  // the worked example
  EXPECT_EQ(CpfCheckDigits("52998224"), "");
}

TEST(DocumentCheckTest, CnpjVectors) {
  for (const char* valid : {"33000167000101", "11222333000181", "12345678000195", "29507487000185",
                            "39580525000189", "12ABC34501DE35", "12ABC345000188"}) {
    EXPECT_TRUE(IsValidCnpj(valid)) << valid;
  }
  for (const char* invalid : {"00000000000000", "12ABC34501DE36", "11222333000182",
                              "12ABC34501DE3A", "12abc34501de35", "1122233300018"}) {
    EXPECT_FALSE(IsValidCnpj(invalid)) << invalid;
  }
  EXPECT_EQ(CnpjCheckDigits("12ABC34501DE"), "35");  // the worked example (RFB FAQ)
  EXPECT_EQ(CnpjCheckDigits("12ABC3450001"), "88");
  EXPECT_EQ(CnpjCheckDigits("112223330001"), "81");
}

TEST(DocumentCheckTest, ParseDocumentAcceptsCommonTyping) {
  for (const char* text : {"529.982.247-25", "52998224725", "529 982 247 25"}) {
    Result<Document> d = ParseDocument(text);
    ASSERT_TRUE(d.ok()) << text;
    EXPECT_TRUE(d->is_cpf());
    EXPECT_EQ(d->value(), "52998224725");
    EXPECT_EQ(d->Formatted(), "529.982.247-25");
  }
  Result<Document> alnum = ParseDocument("12.abc.345/01de-35");
  ASSERT_TRUE(alnum.ok());
  EXPECT_EQ(alnum->kind(), DocumentKind::kCnpj);
  EXPECT_EQ(alnum->Formatted(), "12.ABC.345/01DE-35");
}

TEST(DocumentCheckTest, ParseDocumentSaysWhichRuleFailedWithoutEchoing) {
  Result<Document> dv = ParseDocument("529.982.247-24");
  ASSERT_FALSE(dv.ok());
  EXPECT_EQ(dv.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(dv.error().message.find("check digit"), std::string::npos);
  EXPECT_EQ(dv.error().message.find("529"), std::string::npos);
  Result<Document> repeated = ParseDocument("111.111.111-11");
  ASSERT_FALSE(repeated.ok());
  EXPECT_NE(repeated.error().message.find("equal"), std::string::npos);
  EXPECT_FALSE(ParseDocument("00.000.000/0000-00").ok());
  Result<Document> length = ParseDocument("5299822472");
  ASSERT_FALSE(length.ok());
  EXPECT_EQ(length.error().message.find("5299822472"), std::string::npos);
  EXPECT_FALSE(ParseDocument("12ABC34501DE36").ok());
  EXPECT_FALSE(ParseDocument("529.982.247-2#").ok());
}

TEST(DocumentCheckTest, RandomBasesRoundTripAndEveryMutationOfTheDvsFails) {
  std::mt19937 rng(1234);
  const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::uniform_int_distribution<size_t> any(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> digit(0, 9);
  for (int i = 0; i < 3000; ++i) {
    std::string cpf;
    for (int k = 0; k < 9; ++k) cpf += static_cast<char>('0' + digit(rng));
    cpf += CpfCheckDigits(cpf);
    bool repeated = cpf.find_first_not_of(cpf[0]) == std::string::npos;
    EXPECT_EQ(IsValidCpf(cpf), !repeated) << cpf;
    std::string cnpj;
    for (int k = 0; k < 12; ++k) cnpj += alphabet[any(rng)];
    cnpj += CnpjCheckDigits(cnpj);
    EXPECT_TRUE(IsValidCnpj(cnpj)) << cnpj;
    for (size_t pos : {size_t{12}, size_t{13}}) {
      std::string bad = cnpj;
      bad[pos] = bad[pos] == '9' ? '0' : static_cast<char>(bad[pos] + 1);
      EXPECT_FALSE(IsValidCnpj(bad)) << bad;
    }
  }
}

}  // namespace
}  // namespace atende::br
