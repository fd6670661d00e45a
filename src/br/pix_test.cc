// Vectors of specs/pix.md §6: CRC check value, parse of every valid code, byte-identical
// generation, rejection of every invalid input, name/city folding.
#include "br/pix.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace atende::br {
namespace {

const char* const kValid[] = {
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-"
    "4266554400005204000053039865802BR5913Fulano "
    "de Tal6008BRASILIA62070503***63041D3D",
    "00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido "
    "123520400005303986540510.005802BR5914THALES OGLIARI6015SAO MIGUEL DO O62070503***63040DC6",
    "00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido 1235204000053039865802BR5914THALES "
    "OGLIARI6015SAO MIGUEL DO O62070503***630462CA",
    "00020126740014br.gov.bcb.pix2552payload.psp.com/"
    "3ec9d2f9-5f03-4e0e-820d-63a81e769e8752040000530398658"
    "02BR5914THALES OGLIARI6015SAO MIGUEL DO O62070503***630442C5",
    "00020101021226740014br.gov.bcb.pix2552payload.psp.com/"
    "3ec9d2f9-5f03-4e0e-820d-63a81e769e875204000053"
    "039865802BR5914THALES OGLIARI6015SAO MIGUEL DO O62070503***63042895",
    "00020126950014br.gov.bcb.pix01364004901d-bd85-4769-8e52-cb4c42c506dc0221Jornada pagador "
    "431070308999990085204000053039865406577."
    "575802BR5903Pix6008BRASILIA6229052599ed983ea570413d8d336301"
    "d630418B7",
    "00020101021226770014BR.GOV.BCB.PIX2555pix.example.com/qr/"
    "93598be0-1bd0-4997-8318-81776a1d8a9952040000"
    "53039865802BR5907EMPRESA6009SAO PAULO62070503***6304EEAB",
    "00020126360014br.gov.bcb.pix0114123456780001955204000053039865406102.405802BR5921PROVEDOR "
    "EXEMPLO "
    "LTDA6009SAO PAULO62170513FAT20261100016304661B",
    "00020126360014br.gov.bcb.pix0114123456780001955204000053039865406100.005802BR5921PROVEDOR "
    "EXEMPLO "
    "LTDA6009SAO PAULO62170513FAT202611000163047EF0",
    "00020126360014br.gov.bcb.pix011412ABC34501DE35520400005303986540510.005802BR5921PROVEDOR "
    "EXEMPLO "
    "LTDA6009SAO PAULO62070503***63040813",
    "00020126520014br.gov.bcb.pix0130financeiro@fibraexemplo.com.br520400005303986540599."
    "905802BR5925FIBRA "
    "EXEMPLO TELECOM LTD6008CAMPINAS62100506FAT10063046FB3",
    "00020126520014br.gov.bcb.pix0130financeiro@fibraexemplo.com.br5204000053039865406102."
    "405802BR5925FIBRA "
    "EXEMPLO TELECOM LTD6008CAMPINAS62100506FAT1006304A813",
};

TEST(PixTest, CrcCheckValue) {
  EXPECT_EQ(Crc16CcittFalse("123456789"), 0x29B1);
  EXPECT_EQ(Crc16CcittFalse(""), 0xFFFF);
}

// The bit-by-bit loop of pix.md §2, against the table-driven implementation, on random strings.
uint16_t BitwiseCrc(const std::string& s) {
  uint16_t crc = 0xFFFF;
  for (unsigned char b : s) {
    crc = static_cast<uint16_t>(crc ^ (b << 8));
    for (int i = 0; i < 8; ++i) {
      crc = static_cast<uint16_t>((crc & 0x8000) ? ((crc << 1) ^ 0x1021) : (crc << 1));
    }
  }
  return crc;
}

TEST(PixTest, CrcMatchesTheBitwiseDefinition) {
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 300);
  for (int i = 0; i < 2000; ++i) {
    std::string s(static_cast<size_t>(length(rng)), '\0');
    for (char& c : s) c = static_cast<char>(byte(rng));
    ASSERT_EQ(Crc16CcittFalse(s), BitwiseCrc(s)) << i;
  }
}

TEST(PixTest, EveryValidVectorParsesAndItsCrcMatches) {
  for (const char* code : kValid) {
    SCOPED_TRACE(code);
    Result<PixCode> p = ParsePix(code);
    ASSERT_TRUE(p.ok()) << p.error().message;
    std::string s(code);
    char crc[5];
    std::snprintf(crc, sizeof crc, "%04X",
                  Crc16CcittFalse(std::string_view(s).substr(0, s.size() - 4)));
    EXPECT_EQ(p->crc, crc);
    EXPECT_EQ(p->crc, s.substr(s.size() - 4));
  }
}

TEST(PixTest, ParsedFields) {
  Result<PixCode> bcb = ParsePix(kValid[0]);
  ASSERT_TRUE(bcb.ok());
  EXPECT_FALSE(bcb->dynamic);
  EXPECT_EQ(bcb->key, "123e4567-e12b-12d1-a456-426655440000");
  EXPECT_EQ(bcb->merchant_name, "Fulano de Tal");
  EXPECT_EQ(bcb->merchant_city, "BRASILIA");
  EXPECT_EQ(bcb->txid, "***");
  EXPECT_FALSE(bcb->amount.has_value());
  EXPECT_EQ(bcb->point_of_initiation, "");

  Result<PixCode> info = ParsePix(kValid[1]);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->info, "Pedido 123");
  EXPECT_EQ(info->amount->cents(), 1000);

  Result<PixCode> dyn = ParsePix(kValid[4]);
  ASSERT_TRUE(dyn.ok());
  EXPECT_TRUE(dyn->dynamic);
  EXPECT_EQ(dyn->point_of_initiation, "12");
  EXPECT_EQ(dyn->url, "payload.psp.com/3ec9d2f9-5f03-4e0e-820d-63a81e769e87");
  EXPECT_TRUE(dyn->key.empty());

  Result<PixCode> upper = ParsePix(kValid[6]);
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(upper->gui, "BR.GOV.BCB.PIX");

  Result<PixCode> fss = ParsePix(kValid[5]);
  ASSERT_TRUE(fss.ok());
  EXPECT_EQ(fss->txid, "99ed983ea570413d8d336301d");
  EXPECT_EQ(fss->amount->cents(), 57757);

  Result<PixCode> golden = ParsePix(kValid[10]);
  ASSERT_TRUE(golden.ok());
  EXPECT_EQ(golden->key, "financeiro@fibraexemplo.com.br");
  EXPECT_EQ(golden->txid, "FAT100");
  EXPECT_EQ(golden->amount->cents(), 9990);
}

TEST(PixTest, LowerCaseCrcAccepted) {
  std::string s = kValid[0];
  s.replace(s.size() - 4, 4, "1d3d");
  EXPECT_TRUE(ParsePix(s).ok());
  EXPECT_TRUE(ParsePix("  " + std::string(kValid[1]) + "\n").ok());
}

TEST(PixTest, GenerationIsByteIdentical) {
  PixStaticSpec cnpj{"12345678000195",        "PROVEDOR EXEMPLO LTDA", "SAO PAULO",
                     Money::FromCents(10240), "FAT2026110001",         ""};
  EXPECT_EQ(MakeStaticPix(cnpj).value(), kValid[7]);
  cnpj.amount = Money::FromCents(10000);
  EXPECT_EQ(MakeStaticPix(cnpj).value(), kValid[8]);
  PixStaticSpec alnum{
      "12ABC34501DE35", "Provedor Exemplo Ltda", "São Paulo", Money::FromCents(1000), "", ""};
  EXPECT_EQ(MakeStaticPix(alnum).value(), kValid[9]);
  PixStaticSpec golden{"financeiro@fibraexemplo.com.br",
                       "Fibra Exemplo Telecom LTDA",
                       "Campinas",
                       Money::FromCents(9990),
                       "FAT100",
                       ""};
  EXPECT_EQ(MakeStaticPix(golden).value(), kValid[10]);
  golden.amount = Money::FromCents(10240);
  EXPECT_EQ(MakeStaticPix(golden).value(), kValid[11]);
  PixStaticSpec thales{
      "thalesog@me.com", "Thales Ogliari", "São Miguel do Oeste", Money::FromCents(1000), "",
      "Pedido 123"};
  EXPECT_EQ(MakeStaticPix(thales).value(), kValid[1]);
  thales.amount.reset();
  EXPECT_EQ(MakeStaticPix(thales).value(), kValid[2]);
  PixStaticSpec bcb{
      "123e4567-e12b-12d1-a456-426655440000", "Fulano de Tal", "Brasília", std::nullopt, "", ""};
  // The BCB example keeps the name's case; we always upper-case, so only the structure matches.
  Result<std::string> made = MakeStaticPix(bcb);
  ASSERT_TRUE(made.ok());
  EXPECT_NE(made->find("5913FULANO DE TAL6008BRASILIA"), std::string::npos);
  EXPECT_TRUE(ParsePix(*made).ok());
}

TEST(PixTest, GenerationRefusesBadInput) {
  PixStaticSpec ok{"financeiro@fibraexemplo.com.br", "Fibra", "Campinas", std::nullopt, "", ""};
  ASSERT_TRUE(MakeStaticPix(ok).ok());
  auto with = [&](auto change) {
    PixStaticSpec s = ok;
    change(s);
    return MakeStaticPix(s);
  };
  EXPECT_FALSE(with([](PixStaticSpec& s) { s.key = ""; }).ok());
  EXPECT_FALSE(with([](PixStaticSpec& s) { s.key = "52998224724"; }).ok());  // CPF, bad DV
  EXPECT_TRUE(with([](PixStaticSpec& s) { s.key = "52998224725"; }).ok());
  EXPECT_FALSE(with([](PixStaticSpec& s) { s.key = "12ABC34501DE36"; }).ok());  // CNPJ, bad DV
  EXPECT_TRUE(with([](PixStaticSpec& s) { s.key = "+5511943214321"; }).ok());
  EXPECT_FALSE(with([](PixStaticSpec& s) { s.key = "11943214321x"; }).ok());
  EXPECT_FALSE(with([](PixStaticSpec& s) { s.merchant_name = "  "; }).ok());
  EXPECT_FALSE(with([](PixStaticSpec& s) { s.merchant_city = ""; }).ok());
  EXPECT_FALSE(with([](PixStaticSpec& s) { s.txid = "FAT-100"; }).ok());
  EXPECT_FALSE(with([](PixStaticSpec& s) { s.txid = std::string(26, 'A'); }).ok());
  EXPECT_TRUE(with([](PixStaticSpec& s) { s.txid = std::string(25, 'A'); }).ok());
  EXPECT_FALSE(with([](PixStaticSpec& s) { s.amount = Money(); }).ok());
  EXPECT_FALSE(with([](PixStaticSpec& s) { s.amount = Money::FromCents(-5); }).ok());
  EXPECT_FALSE(with([](PixStaticSpec& s) { s.info = std::string(80, 'x'); }).ok());
}

TEST(PixTest, InvalidInputsAreRejected) {
  std::string wrong_crc = kValid[0];
  wrong_crc.back() = 'C';
  Result<PixCode> crc = ParsePix(wrong_crc);
  ASSERT_FALSE(crc.ok());
  EXPECT_EQ(crc.error().message, "CRC is 1D3C, expected 1D3D");
  for (const char* code : kValid) {
    std::string s(code);
    s.back() = s.back() == '0' ? '1' : '0';
    EXPECT_FALSE(ParsePix(s).ok()) << s;
  }

  // Like the public gist's static example: LEN 08 for a 7-character txid, CRC computed over the
  // malformed string, so only TLV parsing catches it.
  std::string gist =
      "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-"
      "4266554400005204000053039865802BR5913Fulano "
      "de Tal6008BRASILIA62080503***6304";
  char crc_text[5];
  std::snprintf(crc_text, sizeof crc_text, "%04X", Crc16CcittFalse(gist));
  gist += crc_text;
  Result<PixCode> len = ParsePix(gist);
  ASSERT_FALSE(len.ok());
  EXPECT_NE(len.error().message.find("declares"), std::string::npos) << len.error().message;

  EXPECT_FALSE(ParsePix("000201-pix").ok());
  EXPECT_FALSE(ParsePix("000201-financeiro-pix").ok());
  EXPECT_FALSE(ParsePix("").ok());
  EXPECT_FALSE(ParsePix(std::string(kValid[0]) + "0").ok());
  std::string accented = kValid[0];
  accented.replace(accented.find("Fulano"), 1, "\xc3\x89");
  EXPECT_FALSE(ParsePix(accented).ok());
}

// Re-signs a payload body (ending in "6304") so that only the structural rule under test fails.
std::string Signed(std::string body) {
  char crc[5];
  std::snprintf(crc, sizeof crc, "%04X", Crc16CcittFalse(body));
  return body + crc;
}

TEST(PixTest, StructuralRules) {
  const std::string acct = "26580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000";
  const std::string tail = "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***6304";
  ASSERT_TRUE(ParsePix(Signed("000201" + acct + tail)).ok());
  EXPECT_FALSE(ParsePix(Signed("000202" + acct + tail)).ok());        // format 02
  EXPECT_FALSE(ParsePix(Signed(acct + "000201" + tail)).ok());        // 00 not first
  EXPECT_FALSE(ParsePix(Signed("000201010213" + acct + tail)).ok());  // 01 = 13
  EXPECT_FALSE(ParsePix(Signed("000201" + tail)).ok());               // no account
  EXPECT_FALSE(
      ParsePix(Signed("000201" + std::string("26180014br.gov.bcb.pix") + tail)).ok());  // no key
  EXPECT_FALSE(ParsePix(Signed("000201" + std::string("26220014br.gov.bcb.ted0100") + tail)).ok());
  EXPECT_FALSE(ParsePix(Signed("000201" + acct + "530398658" + tail.substr(15))).ok());  // no 52
  EXPECT_FALSE(ParsePix(Signed("000201" + acct + "52040000530384058" + tail.substr(15)))
                   .ok());  // currency 840
  EXPECT_FALSE(ParsePix(Signed("000201" + acct + "5204000053039865400" + tail.substr(15))).ok());
  EXPECT_FALSE(
      ParsePix(Signed("000201" + acct + "520400005303986540410,0" + tail.substr(15))).ok());
  EXPECT_FALSE(
      ParsePix(Signed("000201" + acct + "52040000530398654040.00" + tail.substr(15))).ok());
  // The same field twice.
  EXPECT_FALSE(ParsePix(Signed("000201" + acct + "52040000" + tail)).ok());
  // HubSoft's sample: 01 = 62, template under id 16, ends 6301.
  EXPECT_FALSE(
      ParsePix("00020101026216880014BR.GOV.BCB.PIX2566qrcodes-pix.gerencianet.com.br/v2/"
               "9a5944a87b1a47da12345581735e74165204000053039865802BR5914GERENCIANET SA6010OURO "
               "PRETO62070503***6301122B")
          .ok());
}

TEST(PixTest, RandomStaticCodesRoundTrip) {
  std::mt19937 rng(2026);
  auto pick = [&](std::string_view alphabet, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      out += alphabet[std::uniform_int_distribution<size_t>(0, alphabet.size() - 1)(rng)];
    }
    return out;
  };
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const char* const keys[] = {"financeiro@fibraexemplo.com.br",
                              "+5519987654321",
                              "52998224725",
                              "11222333000181",
                              "12ABC34501DE35",
                              "123e4567-e12b-12d1-a456-426655440000"};
  for (int i = 0; i < 3000; ++i) {
    PixStaticSpec spec;
    spec.key = keys[uniform(0, 5)];
    spec.merchant_name = pick("ABCDEFGHIJ abcdefghij", uniform(1, 40));
    spec.merchant_city = pick("São Paulo Ribeirão", uniform(1, 30));
    if (i % 3) spec.amount = Money::FromCents(uniform(1, 2'000'000'000));
    if (i % 2) spec.txid = pick("ABCxyz0189", uniform(1, 25));
    if (i % 5 == 0) spec.info = pick("Fatura 0123 ", uniform(1, 20));
    std::string name = FoldPixText(spec.merchant_name, 25);
    std::string city = FoldPixText(spec.merchant_city, 15);
    Result<std::string> code = MakeStaticPix(spec);
    if (name.empty() || city.empty()) {
      EXPECT_FALSE(code.ok());
      continue;
    }
    ASSERT_TRUE(code.ok()) << code.error().message;
    Result<PixCode> back = ParsePix(*code);
    ASSERT_TRUE(back.ok()) << *code << ": " << back.error().message;
    EXPECT_FALSE(back->dynamic);
    EXPECT_EQ(back->key, spec.key);
    EXPECT_EQ(back->merchant_name, name);
    EXPECT_EQ(back->merchant_city, city);
    EXPECT_EQ(back->amount, spec.amount);
    EXPECT_EQ(back->txid, spec.txid.empty() ? "***" : spec.txid);
    EXPECT_LE(name.size(), 25u);
    EXPECT_LE(city.size(), 15u);
  }
}

TEST(PixTest, FoldPixText) {
  EXPECT_EQ(FoldPixText("São Paulo", 15), "SAO PAULO");
  EXPECT_EQ(FoldPixText("  Açaí   do  João ", 25), "ACAI DO JOAO");
  EXPECT_EQ(FoldPixText("São Miguel do Oeste", 15), "SAO MIGUEL DO O");
  EXPECT_EQ(FoldPixText("Fibra Exemplo Telecom LTDA", 25), "FIBRA EXEMPLO TELECOM LTD");
  EXPECT_EQ(FoldPixText("ÁÉÍÓÚ àèìòù âêô ãõ ç Ñ ü", 40), "AEIOU AEIOU AEO AO C N U");
  EXPECT_EQ(FoldPixText("Gênova", 3), "GEN");
  EXPECT_EQ(FoldPixText("Rio de Janeiro", 4), "RIO");  // no trailing space after truncation
  EXPECT_EQ(FoldPixText("\xff\xfe"
                        "abc",
                        10),
            "ABC");  // invalid UTF-8 keeps its ASCII
}

}  // namespace
}  // namespace atende::br
