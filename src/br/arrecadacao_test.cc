// Vectors of specs/boleto.md §6 and §8.3 (arrecadação), round trips and single-digit mutations
// judged like a plain reference implementation (changing the value id can switch the module and
// stay valid).
#include "br/arrecadacao.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "br/check_digits.h"

namespace atende::br {
namespace {

// ---- Reference implementation of boleto.md §4.1, §4.3 and §6, independent of arrecadacao.cc ----
int RefMod10(const std::string& s) {
  int sum = 0;
  bool two = true;
  for (int i = static_cast<int>(s.size()) - 1; i >= 0; --i) {
    int p = (s[static_cast<size_t>(i)] - '0') * (two ? 2 : 1);
    sum += p / 10 + p % 10;
    two = !two;
  }
  return sum % 10 == 0 ? 0 : 10 - sum % 10;
}
int RefMod11(const std::string& s) {
  int sum = 0;
  int w = 2;
  for (int i = static_cast<int>(s.size()) - 1; i >= 0; --i) {
    sum += (s[static_cast<size_t>(i)] - '0') * w;
    w = w == 9 ? 2 : w + 1;
  }
  int r = sum % 11;
  return r <= 1 ? 0 : (r == 10 ? 1 : 11 - r);
}
bool RefValid(const std::string& code) {
  if ((code.size() != 44 && code.size() != 48) || code[0] != '8') return false;
  if (code[1] == '0' || code[1] == '8') return false;
  char id = code[2];
  if (id < '6') return false;
  auto dv = [&](const std::string& s) { return id <= '7' ? RefMod10(s) : RefMod11(s); };
  std::string barcode;
  if (code.size() == 48) {
    for (int b = 0; b < 4; ++b) {
      std::string block = code.substr(static_cast<size_t>(b) * 12, 11);
      if (dv(block) != code[static_cast<size_t>(b) * 12 + 11] - '0') return false;
      barcode += block;
    }
  } else {
    barcode = code;
  }
  return dv(barcode.substr(0, 3) + barcode.substr(4)) == barcode[3] - '0';
}

struct Vector {
  const char* barcode;
  const char* linha;
  int64_t cents;
  int segment;
  bool mod10;
};

const Vector kValid[] = {
    {"83860000005096000190000008017823000034306271",
     "838600000050096000190009000801782309000343062712", 50960, 3, false},
    {"85820000000572503282035607082021053959190446",
     "858200000007572503282030560708202107539591904460", 5725, 5, false},
    {"84630000000299902962020041013600000200644114",
     "846300000003299902962024004101360008002006441147", 2999, 4, true},
    {"84670000000109910422023123100000000000054321",
     "846700000009109910422020312310000004000000543215", 1099, 4, true},
};

TEST(ArrecadacaoTest, SpecVectorsDecodeBothWays) {
  for (const Vector& v : kValid) {
    for (const char* code : {v.barcode, v.linha}) {
      SCOPED_TRACE(code);
      Result<Arrecadacao> a = DecodeArrecadacao(code);
      ASSERT_TRUE(a.ok()) << a.error().message;
      EXPECT_EQ(a->barcode, v.barcode);
      EXPECT_EQ(a->linha, v.linha);
      EXPECT_EQ(a->amount.cents(), v.cents);
      EXPECT_EQ(a->segment, v.segment);
      EXPECT_EQ(a->uses_mod10, v.mod10);
      EXPECT_TRUE(a->effective_value);
    }
  }
}

TEST(ArrecadacaoTest, FebrabanBarcodeGeneratorVectors) {
  // febraban_barcode: segment 4, value id 6, 10.99, company 1042, date 2023-12-31 in the free
  // field, free 54321.
  Result<Arrecadacao> a =
      MakeArrecadacao({4, 6, Money::FromCents(1099), "1042", "2023123100000000000054321"});
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->barcode, "84670000000109910422023123100000000000054321");
  EXPECT_EQ(a->FormattedLinha(), "846700000009 109910422020 312310000004 000000543215");
  EXPECT_EQ(a->company, "1042");
  EXPECT_EQ(a->free_field, "2023123100000000000054321");
  Result<Arrecadacao> mod11 =
      MakeArrecadacao({4, 9, Money::FromCents(100), "1042", "2023123100000000000054321"});
  ASSERT_TRUE(mod11.ok());
  EXPECT_EQ(mod11->barcode, "84910000000010010422023123100000000000054321");
  EXPECT_FALSE(mod11->uses_mod10);
  EXPECT_FALSE(mod11->effective_value);
  EXPECT_TRUE(DecodeArrecadacao(mod11->linha).ok());
  EXPECT_EQ(Mod11Arrecadacao("01230067896"), 0);  // FEBRABAN layout example
}

TEST(ArrecadacaoTest, ErrorsNameTheDigit) {
  std::string linha = "846300000003299902962024004101360008002006441147";
  linha[23] = '9';  // block 2 DV
  Result<Arrecadacao> block = DecodeArrecadacao(linha);
  ASSERT_FALSE(block.ok());
  EXPECT_EQ(block.error().message, "block 2 check digit (position 24) is 9, expected 4 (mod 10)");
  std::string barcode = "83860000005096000190000008017823000034306271";
  barcode[3] = '1';
  Result<Arrecadacao> general = DecodeArrecadacao(barcode);
  ASSERT_FALSE(general.ok());
  EXPECT_EQ(general.error().message,
            "general check digit (barcode position 4) is 1, expected 6 (mod 11)");
  EXPECT_FALSE(
      DecodeArrecadacao("83560000005096000190000008017823000034306271").ok());  // value id 5
  EXPECT_FALSE(
      DecodeArrecadacao("34198162600000099901234000000001000000056789").ok());          // bank slip
  EXPECT_FALSE(DecodeArrecadacao("8386000000509600019000000801782300003430627").ok());  // 43 digits
  EXPECT_FALSE(MakeArrecadacao({4, 5, Money::FromCents(1), "1042", std::string(25, '0')}).ok());
  EXPECT_FALSE(MakeArrecadacao({8, 6, Money::FromCents(1), "1042", std::string(25, '0')}).ok());
  EXPECT_FALSE(MakeArrecadacao({4, 6, Money::FromCents(1), "104", std::string(25, '0')}).ok());
  EXPECT_FALSE(MakeArrecadacao({4, 6, Money::FromCents(1), "1042", std::string(24, '0')}).ok());
  EXPECT_FALSE(MakeArrecadacao({4, 6, Money::FromCents(-1), "1042", std::string(25, '0')}).ok());
}

TEST(ArrecadacaoTest, RandomRoundTrips) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> digit(0, 9);
  std::uniform_int_distribution<int> segment(1, 7);
  std::uniform_int_distribution<int> value_id(6, 9);
  std::uniform_int_distribution<int64_t> cents(0, 99'999'999'999);
  for (int i = 0; i < 5000; ++i) {
    ArrecadacaoSpec spec{segment(rng), value_id(rng), Money::FromCents(cents(rng)), "", ""};
    for (int k = 0; k < 4; ++k) spec.company += static_cast<char>('0' + digit(rng));
    for (int k = 0; k < 25; ++k) spec.free_field += static_cast<char>('0' + digit(rng));
    Result<Arrecadacao> made = MakeArrecadacao(spec);
    ASSERT_TRUE(made.ok()) << made.error().message;
    ASSERT_TRUE(RefValid(made->barcode)) << made->barcode;
    ASSERT_TRUE(RefValid(made->linha)) << made->linha;
    for (const std::string& code : {made->barcode, made->linha, made->FormattedLinha()}) {
      Result<Arrecadacao> back = DecodeArrecadacao(code);
      ASSERT_TRUE(back.ok()) << code << ": " << back.error().message;
      EXPECT_EQ(back->barcode, made->barcode);
      EXPECT_EQ(back->linha, made->linha);
      EXPECT_EQ(back->segment, spec.segment);
      EXPECT_EQ(back->value_id, spec.value_id);
      EXPECT_EQ(back->amount, spec.amount);
      EXPECT_EQ(back->company, spec.company);
      EXPECT_EQ(back->free_field, spec.free_field);
    }
  }
}

TEST(ArrecadacaoTest, EverySingleDigitMutationJudgedLikeTheReference) {
  int still_valid = 0;
  for (const Vector& v : kValid) {
    for (std::string code : {std::string(v.barcode), std::string(v.linha)}) {
      for (size_t pos = 0; pos < code.size(); ++pos) {
        for (char digit = '0'; digit <= '9'; ++digit) {
          if (digit == code[pos]) continue;
          std::string mutated = code;
          mutated[pos] = digit;
          bool ref = RefValid(mutated);
          ASSERT_EQ(DecodeArrecadacao(mutated).ok(), ref) << mutated;
          still_valid += ref;
        }
      }
    }
  }
  EXPECT_GT(still_valid, 0);  // e.g. a value-id change that switches the module (boleto.md §8)
}

}  // namespace
}  // namespace atende::br
