// Vectors of specs/boleto.md §5 and §8 (bank slips), plus property tests: make→decode round trips,
// barcode↔linha, and every single-digit mutation judged like a plain reference implementation.
#include "br/boleto.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "br/payment_code.h"

namespace atende::br {
namespace {

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

// ---- Reference implementation of boleto.md §3–§4, written independently of boleto.cc ----
int RefLuhn(const std::string& s) {
  int sum = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    int weight = (s.size() - 1 - i) % 2 == 0 ? 2 : 1;
    int p = (s[i] - '0') * weight;
    sum += p > 9 ? p - 9 : p;
  }
  return (10 - sum % 10) % 10;
}
int RefMod11Bank(const std::string& s43) {
  static const int kWeights[] = {2, 3, 4, 5, 6, 7, 8, 9};
  int sum = 0;
  for (size_t i = 0; i < s43.size(); ++i) sum += (s43[s43.size() - 1 - i] - '0') * kWeights[i % 8];
  int dv = 11 - sum % 11;
  return dv >= 10 || dv == 0 ? 1 : dv;
}
bool RefBarcodeValid(const std::string& b) {
  if (b.size() != 44 || b[0] == '8') return false;
  return RefMod11Bank(b.substr(0, 4) + b.substr(5)) == b[4] - '0';
}
bool RefLinhaValid(const std::string& l) {
  if (l.size() != 47) return false;
  if (RefLuhn(l.substr(0, 9)) != l[9] - '0') return false;
  if (RefLuhn(l.substr(10, 10)) != l[20] - '0') return false;
  if (RefLuhn(l.substr(21, 10)) != l[31] - '0') return false;
  std::string b = l.substr(0, 4) + l[32] + l.substr(33, 14) + l.substr(4, 5) + l.substr(10, 10) +
                  l.substr(21, 10);
  return RefMod11Bank(b.substr(0, 4) + b.substr(5)) == b[4] - '0';
}

struct BankVector {
  const char* barcode;
  const char* linha;
  int64_t cents;
  int factor;
  const char* due;  // "" when factor 0
};

// boleto.md §8.1
const BankVector kValid[] = {
    {"10499898100000214032006561000100040099726390",
     "10492006506100010004200997263900989810000021403", 21403, 8981, "2022-05-10"},
    {"23797000000000000004150090019801673500021140",
     "23794150099001980167035000211405700000000000000", 0, 0, ""},
    {"00196758600001026560000001149718606852452211",
     "00190000090114971860168524522114675860000102656", 102656, 7586, "2018-07-15"},
    {"23792813100000123000000000000000000000000000",
     "23790000090000000000000000000000281310000012300", 12300, 8131, "2020-01-11"},
    {"03398985100000088489026941400000022834610101",
     "03399026944140000002628346101018898510000008848", 8848, 9851, "2024-09-26"},
    {"34196977800000110001770000065727777014437000",
     "34191770050006572777870144370007697780000011000", 11000, 9778, "2024-07-15"},
    {"10491150000000159902006561000100040099726390",
     "10492006506100010004200997263900115000000015990", 15990, 1500, "2026-07-07"},
    {"23796164300000102401234567890123456789012345",
     "23791234546789012345767890123457616430000010240", 10240, 1643, "2026-11-27"},
    {"34198162600000099901234000000001000000056789",
     "34191234050000000100800000567891816260000009990", 9990, 1626, "2026-11-10"},
    {"34193164300000102401234000000001000000056789",
     "34191234050000000100800000567891316430000010240", 10240, 1643, "2026-11-27"},
};

TEST(BoletoTest, SpecVectorsRoundTripAndDecode) {
  for (const BankVector& v : kValid) {
    SCOPED_TRACE(v.linha);
    EXPECT_EQ(LinhaFromBarcode(v.barcode), v.linha);
    EXPECT_EQ(BarcodeFromLinha(v.linha), v.barcode);
    Date reference = *v.due ? D(v.due) : D("2026-09-01");
    for (const char* code : {v.barcode, v.linha}) {
      Result<Boleto> b = DecodeBoleto(code, reference);
      ASSERT_TRUE(b.ok()) << b.error().message;
      EXPECT_EQ(b->barcode, v.barcode);
      EXPECT_EQ(b->linha, v.linha);
      EXPECT_EQ(b->amount.cents(), v.cents);
      EXPECT_EQ(b->factor, v.factor);
      EXPECT_EQ(b->bank, std::string(v.barcode, 3));
      if (*v.due) {
        ASSERT_TRUE(b->due_date.has_value());
        EXPECT_EQ(b->due_date->ToIso(), v.due);
      } else {
        EXPECT_FALSE(b->due_date.has_value());
      }
    }
  }
}

TEST(BoletoTest, MaskedLinhaAndFormatting) {
  Result<Boleto> b =
      DecodeBoleto("0019000009 01149.718601 68524.522114 6 75860000102656", D("2018-07-01"));
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b->barcode, "00196758600001026560000001149718606852452211");
  Result<Boleto> mk =
      DecodeBoleto("34191.77005 00065.727778 70144.370007 6 97780000011000", D("2024-07-01"));
  ASSERT_TRUE(mk.ok()) << mk.error().message;
  EXPECT_EQ(mk->due_date->ToIso(), "2024-07-15");
  EXPECT_EQ(FormatLinha("34191234050000000100800000567891816260000009990"),
            "34191.23405 00000.001008 00000.567891 8 16260000009990");
  EXPECT_EQ(FormatLinha("123"), "123");
  EXPECT_EQ(mk->FormattedLinha(), "34191.77005 00065.727778 70144.370007 6 97780000011000");
}

TEST(BoletoTest, FactorEightNineEightOneDependsOnReference) {
  EXPECT_EQ(FactorToDate(8981, D("2026-09-01"))->ToIso(), "2022-05-10");
  EXPECT_EQ(FactorToDate(8981, D("2040-01-01"))->ToIso(), "2046-12-30");
  Result<Boleto> b =
      DecodeBoleto("10492006506100010004200997263900989810000021403", D("2040-01-01"));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->due_date->ToIso(), "2046-12-30");
}

TEST(BoletoTest, InvalidVectorsNameTheDigit) {
  Result<Boleto> field1 =
      DecodeBoleto("00190000020114971860168524522114675860000102656", D("2018-07-15"));
  ASSERT_FALSE(field1.ok());
  EXPECT_EQ(field1.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(field1.error().message, "linha field 1 check digit (position 10) is 2, expected 9");

  Result<Boleto> general =
      DecodeBoleto("00190000090114971860168524522114975860000102656", D("2018-07-15"));
  ASSERT_FALSE(general.ok());
  EXPECT_NE(general.error().message.find("general check digit (linha position 33) is 9, expected"),
            std::string::npos)
      << general.error().message;

  Result<Boleto> value =
      DecodeBoleto("23790000090000000000000000000000281310000012302", D("2020-01-01"));
  ASSERT_FALSE(value.ok());
  EXPECT_NE(value.error().message.find("general check digit"), std::string::npos);

  std::string bad_barcode = "34198162600000099901234000000001000000056789";
  bad_barcode[4] = '7';
  Result<Boleto> barcode = DecodeBoleto(bad_barcode, D("2026-11-10"));
  ASSERT_FALSE(barcode.ok());
  EXPECT_EQ(barcode.error().message, "general check digit (barcode position 5) is 7, expected 8");

  Result<Boleto> field2 =
      DecodeBoleto("34191234050000000100900000567891816260000009990", D("2026-11-10"));
  ASSERT_FALSE(field2.ok());
  EXPECT_EQ(field2.error().message, "linha field 2 check digit (position 21) is 9, expected 8");
  Result<Boleto> field3 =
      DecodeBoleto("34191234050000000100800000567890816260000009990", D("2026-11-10"));
  ASSERT_FALSE(field3.ok());
  EXPECT_EQ(field3.error().message, "linha field 3 check digit (position 32) is 0, expected 1");

  EXPECT_FALSE(DecodeBoleto("3419123405", D("2026-11-10")).ok());
  EXPECT_FALSE(
      DecodeBoleto("34191.23405 00000.001008 00000.56789X 8 16260000009990", D("2026-11-10")).ok());
  EXPECT_FALSE(DecodeBoleto("83860000005096000190000008017823000034306271", D("2026-11-10")).ok());
}

TEST(BoletoTest, FactorTableBothWays) {
  struct {
    const char* date;
    int factor;
  } table[] = {{"2000-07-03", 1000}, {"2014-01-18", 5947}, {"2014-03-12", 6000},
               {"2017-01-21", 7046}, {"2025-02-21", 9999}, {"2025-02-22", 1000},
               {"2025-02-23", 1001}, {"2026-07-07", 1500}, {"2026-11-10", 1626},
               {"2026-11-25", 1641}, {"2026-11-27", 1643}, {"2026-12-10", 1656},
               {"2049-10-13", 9999}};
  for (const auto& row : table) {
    SCOPED_TRACE(row.date);
    Result<int> f = DueDateFactor(D(row.date));
    ASSERT_TRUE(f.ok());
    EXPECT_EQ(*f, row.factor);
    // Decoding with the date itself as reference (the invoice due date) gives the date back.
    EXPECT_EQ(FactorToDate(row.factor, D(row.date))->ToIso(), row.date);
  }
  EXPECT_FALSE(DueDateFactor(D("2000-07-02")).ok());
  EXPECT_FALSE(DueDateFactor(D("2049-10-14")).ok());
}

TEST(BoletoTest, FactorDecodingWindowBankBilletVectors) {
  EXPECT_EQ(FactorToDate(5121, D("2020-01-01"))->ToIso(), "2011-10-15");
  EXPECT_EQ(FactorToDate(4621, D("2020-01-01"))->ToIso(), "2035-01-22");
  EXPECT_EQ(FactorToDate(4000, D("2020-01-01"))->ToIso(), "2033-05-11");
  EXPECT_EQ(FactorToDate(1079, D("2050-01-01"))->ToIso(), "2050-01-01");
  // In the 499-day gap outside the window the nearer candidate wins (as in @brazilian-utils).
  EXPECT_EQ(FactorToDate(5120, D("2020-01-01"))->ToIso(), "2011-10-14");
  EXPECT_EQ(FactorToDate(4622, D("2020-01-01"))->ToIso(), "2010-06-03");
  EXPECT_EQ(FactorToDate(0, D("2020-01-01")), std::nullopt);
  EXPECT_EQ(FactorToDate(999, D("2020-01-01")), std::nullopt);
  // Never before 2000-07-03: with an early reference the first real date of the factor is taken.
  EXPECT_EQ(FactorToDate(9198, D("2006-06-02"))->ToIso(), "2022-12-13");
}

TEST(BoletoTest, FactorWindowProperty) {
  std::mt19937 rng(20261110);
  std::uniform_int_distribution<int> day(D("2001-01-01").days_since_epoch(),
                                         D("2049-01-01").days_since_epoch());
  std::uniform_int_distribution<int> factor(1000, 9999);
  for (int i = 0; i < 5000; ++i) {
    Date ref = Date::FromDays(day(rng));
    int f = factor(rng);
    std::optional<Date> d = FactorToDate(f, ref);
    ASSERT_TRUE(d.has_value());
    int delta = *d - ref;
    // Inside the window; or, in the 499-day gap, the nearer cycle; or the first date the factor can name
    // when the reference lies far before it.
    bool first_cycle = *d == D("1997-10-07").AddDays(f);
    EXPECT_TRUE((delta >= -3000 && delta <= 5500) || (delta > -3500 && delta < 6000) || first_cycle)
        << delta;
    EXPECT_GE(*d, D("2000-07-03"));
    EXPECT_EQ((*d - D("1997-10-07") - f) % 9000, 0);
  }
}

TEST(BoletoTest, SimulatorGoldenVectorsAreByteIdentical) {
  Result<Boleto> b =
      MakeBoleto({"341", D("2026-11-10"), Money::FromCents(9990), "1234000000001000000056789"});
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b->barcode, "34198162600000099901234000000001000000056789");
  EXPECT_EQ(b->linha, "34191234050000000100800000567891816260000009990");
  EXPECT_EQ(b->FormattedLinha(), "34191.23405 00000.001008 00000.567891 8 16260000009990");
  EXPECT_EQ(b->factor, 1626);
  Result<Boleto> updated =
      MakeBoleto({"341", D("2026-11-27"), Money::FromCents(10240), "1234000000001000000056789"});
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->barcode, "34193164300000102401234000000001000000056789");
  EXPECT_EQ(updated->linha, "34191234050000000100800000567891316430000010240");
  Result<Boleto> bradesco =
      MakeBoleto({"237", D("2026-11-27"), Money::FromCents(10240), "1234567890123456789012345"});
  ASSERT_TRUE(bradesco.ok());
  EXPECT_EQ(bradesco->barcode, "23796164300000102401234567890123456789012345");
  Result<Boleto> cef =
      MakeBoleto({"104", D("2026-07-07"), Money::FromCents(15990), "2006561000100040099726390"});
  ASSERT_TRUE(cef.ok());
  EXPECT_EQ(cef->barcode, "10491150000000159902006561000100040099726390");
  Result<Boleto> no_due = MakeBoleto({"237", std::nullopt, Money(), "4150090019801673500021140"});
  ASSERT_TRUE(no_due.ok());
  EXPECT_EQ(no_due->barcode, "23797000000000000004150090019801673500021140");
  EXPECT_FALSE(no_due->due_date.has_value());
}

TEST(BoletoTest, MakeRefusesBadInput) {
  const std::string ff = "1234000000001000000056789";
  EXPECT_FALSE(MakeBoleto({"34", D("2026-11-10"), Money::FromCents(1), ff}).ok());
  EXPECT_FALSE(MakeBoleto({"34A", D("2026-11-10"), Money::FromCents(1), ff}).ok());
  EXPECT_FALSE(MakeBoleto({"341", D("2026-11-10"), Money::FromCents(1), "123"}).ok());
  EXPECT_FALSE(MakeBoleto({"341", D("2026-11-10"), Money::FromCents(-1), ff}).ok());
  EXPECT_FALSE(MakeBoleto({"341", D("2026-11-10"), Money::FromCents(10'000'000'000), ff}).ok());
  EXPECT_TRUE(MakeBoleto({"341", D("2026-11-10"), Money::FromCents(9'999'999'999), ff}).ok());
  EXPECT_FALSE(MakeBoleto({"341", D("2049-10-14"), Money::FromCents(1), ff}).ok());
  EXPECT_FALSE(MakeBoleto({"341", D("2000-07-02"), Money::FromCents(1), ff}).ok());
}

std::string RandomDigits(std::mt19937& rng, int n) {
  std::uniform_int_distribution<int> digit(0, 9);
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + digit(rng));
  return s;
}

TEST(BoletoTest, RandomMakeDecodeRoundTrips) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> day(D("2000-07-03").days_since_epoch(),
                                         D("2049-10-13").days_since_epoch());
  std::uniform_int_distribution<int64_t> cents(0, 9'999'999'999);
  std::uniform_int_distribution<int> bank(0, 799);
  for (int i = 0; i < 5000; ++i) {
    std::string bank_code = std::to_string(bank(rng));
    bank_code.insert(0, 3 - bank_code.size(), '0');
    std::optional<Date> due;
    if (i % 10 != 0) due = Date::FromDays(day(rng));
    BoletoSpec spec{bank_code, due, Money::FromCents(cents(rng)), RandomDigits(rng, 25)};
    Result<Boleto> made = MakeBoleto(spec);
    ASSERT_TRUE(made.ok()) << made.error().message;
    ASSERT_TRUE(RefBarcodeValid(made->barcode)) << made->barcode;
    ASSERT_TRUE(RefLinhaValid(made->linha)) << made->linha;
    EXPECT_EQ(BarcodeFromLinha(made->linha), made->barcode);
    EXPECT_EQ(LinhaFromBarcode(made->barcode), made->linha);
    Date reference = due.value_or(D("2026-01-01"));
    for (const std::string& code : {made->linha, made->barcode, made->FormattedLinha()}) {
      Result<Boleto> back = DecodeBoleto(code, reference);
      ASSERT_TRUE(back.ok()) << code << ": " << back.error().message;
      EXPECT_EQ(back->barcode, made->barcode);
      EXPECT_EQ(back->bank, spec.bank);
      EXPECT_EQ(back->amount, spec.amount);
      EXPECT_EQ(back->free_field, spec.free_field);
      EXPECT_EQ(back->due_date, due);
    }
  }
}

TEST(BoletoTest, EverySingleDigitMutationJudgedLikeTheReference) {
  Date reference = D("2026-09-01");
  int still_valid_104 = 0;
  int still_valid_104_barcode = 0;
  for (const BankVector& v : kValid) {
    for (std::string code : {std::string(v.linha), std::string(v.barcode)}) {
      for (size_t pos = 0; pos < code.size(); ++pos) {
        for (char digit = '0'; digit <= '9'; ++digit) {
          if (digit == code[pos]) continue;
          std::string mutated = code;
          mutated[pos] = digit;
          bool ref = mutated.size() == 47 ? RefLinhaValid(mutated) : RefBarcodeValid(mutated);
          bool ours = DecodeBoleto(mutated, reference).ok();
          ASSERT_EQ(ours, ref) << mutated;
          if (ref && std::string(v.barcode) == "10491150000000159902006561000100040099726390") {
            (mutated.size() == 47 ? still_valid_104 : still_valid_104_barcode)++;
          }
        }
      }
    }
  }
  // boleto.md §8: 28 of the post-rollover 104 vector's 423 linha mutations stay valid (84 of 396
  // barcode).
  EXPECT_EQ(still_valid_104, 28);
  EXPECT_EQ(still_valid_104_barcode, 84);
}

TEST(BoletoTest, PaymentCodeDispatch) {
  Result<PaymentCode> bank =
      DecodePaymentCode("34191.23405 00000.001008 00000.567891 8 16260000009990", D("2026-11-10"));
  ASSERT_TRUE(bank.ok());
  ASSERT_TRUE(std::holds_alternative<Boleto>(*bank));
  EXPECT_EQ(std::get<Boleto>(*bank).amount.cents(), 9990);
  Result<PaymentCode> bank44 =
      DecodePaymentCode("34198162600000099901234000000001000000056789", D("2026-11-10"));
  ASSERT_TRUE(bank44.ok());
  EXPECT_TRUE(std::holds_alternative<Boleto>(*bank44));
  Result<PaymentCode> arr =
      DecodePaymentCode("83860000005096000190000008017823000034306271", D("2026-11-10"));
  ASSERT_TRUE(arr.ok());
  ASSERT_TRUE(std::holds_alternative<Arrecadacao>(*arr));
  EXPECT_EQ(std::get<Arrecadacao>(*arr).amount.cents(), 50960);
  Result<PaymentCode> arr48 =
      DecodePaymentCode("846300000003299902962024004101360008002006441147", D("2026-11-10"));
  ASSERT_TRUE(arr48.ok());
  EXPECT_TRUE(std::holds_alternative<Arrecadacao>(*arr48));

  // ERP placeholders and truncated values (boleto.md §7.2 step 5).
  Result<PaymentCode> voalle =
      DecodePaymentCode("00000.00000 00000.000000 00000.00000 0 000000000000", D("2026-11-10"));
  EXPECT_FALSE(voalle.ok());
  EXPECT_FALSE(DecodePaymentCode("836100000012", D("2026-11-10")).ok());
  EXPECT_FALSE(DecodePaymentCode("", D("2026-11-10")).ok());
  EXPECT_FALSE(
      DecodePaymentCode("00000000000000000000000000000000000000000000000", D("2026-11-10")).ok());
}

}  // namespace
}  // namespace atende::br
