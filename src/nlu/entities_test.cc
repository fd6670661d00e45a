#include "nlu/entities.h"

#include <gtest/gtest.h>

namespace atende::nlu {
namespace {

Date D(std::string_view iso) { return *Date::ParseIso(iso); }

// 2026-11-22 is a Sunday; 2026-11-25 a Wednesday.
const Date kSunday = D("2026-11-22");
const Date kWednesday = D("2026-11-25");

TEST(EntitiesTest, FindsDocumentsInAnyTyping) {
  auto docs = FindDocuments("meu cpf é 529.982.247-25, obrigado");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].value(), "52998224725");
  EXPECT_EQ(FindDocuments("52998224725")[0].value(), "52998224725");
  EXPECT_EQ(FindDocuments("cpf 529 982 247 25")[0].value(), "52998224725");
  EXPECT_EQ(FindDocuments("cnpj 11.222.333/0001-81")[0].value(), "11222333000181");
  EXPECT_EQ(FindDocuments("o cnpj é 12.abc.345/01de-35")[0].value(), "12ABC34501DE35");
  EXPECT_TRUE(FindDocuments("quero a segunda via do boleto").empty());
  EXPECT_TRUE(FindDocuments("pago dia 15 de 12").empty());
  EXPECT_TRUE(FindDocuments("1234567890123").empty());
}

TEST(EntitiesTest, ResolvesRelativeDays) {
  EXPECT_EQ(FindDate("pago hoje", kSunday), kSunday);
  EXPECT_EQ(FindDate("pago amanhã", kSunday), D("2026-11-23"));
  EXPECT_EQ(FindDate("depois de amanha", kSunday), D("2026-11-24"));
  EXPECT_EQ(FindDate("daqui a 3 dias", kSunday), D("2026-11-25"));
  EXPECT_EQ(FindDate("em 10 dias eu pago", kSunday), D("2026-12-02"));
  EXPECT_EQ(FindDate("daqui uma semana", kSunday), D("2026-11-29"));
}

TEST(EntitiesTest, ResolvesWeekdays) {
  EXPECT_EQ(FindDate("pago sexta", kSunday), D("2026-11-27"));
  EXPECT_EQ(FindDate("sexta-feira", kWednesday), D("2026-11-27"));
  EXPECT_EQ(FindDate("sexta que vem", kWednesday), D("2026-12-04"));
  EXPECT_EQ(FindDate("na proxima sexta", kWednesday), D("2026-12-04"));
  EXPECT_EQ(FindDate("quarta", kWednesday), D("2026-12-02"));  // the same weekday means next week
  EXPECT_EQ(FindDate("semana que vem", kWednesday), D("2026-11-30"));
  EXPECT_EQ(FindDate("no fim de semana", kWednesday), D("2026-11-28"));
  EXPECT_FALSE(FindDate("quero a segunda via", kWednesday).has_value());
}

TEST(EntitiesTest, ResolvesDaysOfMonthAndNumericDates) {
  EXPECT_EQ(FindDate("dia 30", kSunday), D("2026-11-30"));
  EXPECT_EQ(FindDate("dia 15", kSunday), D("2026-12-15"));  // past this month → next month
  EXPECT_EQ(FindDate("15/12", kSunday), D("2026-12-15"));
  EXPECT_EQ(FindDate("10/01", kSunday), D("2027-01-10"));
  EXPECT_EQ(FindDate("pago em 15/12/2026", kSunday), D("2026-12-15"));
  EXPECT_EQ(FindDate("15/12/26", kSunday), D("2026-12-15"));
  EXPECT_EQ(FindDate("começo do mês", kSunday), D("2026-12-05"));
  EXPECT_EQ(FindDate("comeco do mes", D("2026-12-02")), D("2026-12-05"));
  EXPECT_EQ(FindDate("fim do mês", kSunday), D("2026-11-30"));
  EXPECT_EQ(FindDate("fim do mes", D("2026-11-30")), D("2026-12-31"));
  EXPECT_EQ(FindDate("mes que vem", kSunday), D("2026-12-01"));
  EXPECT_EQ(FindDate("dia 31", D("2027-02-10")), D("2027-02-28"));
  EXPECT_FALSE(FindDate("31/02", kSunday).has_value());
  EXPECT_FALSE(FindDate("quero pagar", kSunday).has_value());
}

TEST(EntitiesTest, FindsBirthDates) {
  EXPECT_EQ(FindBirthDate("02/03/1985", kSunday), D("1985-03-02"));
  EXPECT_EQ(FindBirthDate("nasci em 2/3/85", kSunday), D("1985-03-02"));
  EXPECT_EQ(FindBirthDate("02031985", kSunday), D("1985-03-02"));
  EXPECT_EQ(FindBirthDate("2 de março de 1985", kSunday), D("1985-03-02"));
  EXPECT_EQ(FindBirthDate("1985-03-02", kSunday), D("1985-03-02"));
  EXPECT_EQ(FindBirthDate("10/10/05", kSunday), D("2005-10-10"));
  EXPECT_FALSE(FindBirthDate("31/02/1985", kSunday).has_value());
  EXPECT_FALSE(FindBirthDate("01/01/2030", kSunday).has_value());  // in the future
  EXPECT_FALSE(FindBirthDate("nao sei", kSunday).has_value());
}

TEST(EntitiesTest, FindsAmounts) {
  EXPECT_EQ(FindAmount("paguei R$ 99,90")->cents(), 9990);
  EXPECT_EQ(FindAmount("r$1.234,56")->cents(), 123456);
  EXPECT_EQ(FindAmount("foram 50 reais")->cents(), 5000);
  EXPECT_EQ(FindAmount("paguei 102,40 ontem")->cents(), 10240);
  EXPECT_FALSE(FindAmount("pago dia 15/12").has_value());
  EXPECT_FALSE(FindAmount("cpf 529.982.247-25").has_value());
}

TEST(EntitiesTest, FindsMenuChoices) {
  std::vector<std::string> options = {"Rua das Flores, 120", "Escritório — Av. Brasil, 500"};
  EXPECT_EQ(FindChoice("2", options), 1u);
  EXPECT_EQ(FindChoice("opção 1", options), 0u);
  EXPECT_EQ(FindChoice("o segundo", options), 1u);
  EXPECT_EQ(FindChoice("a primeira", options), 0u);
  EXPECT_EQ(FindChoice("a última", options), 1u);
  EXPECT_EQ(FindChoice("a do escritório", options), 1u);
  EXPECT_EQ(FindChoice("a das flores", options), 0u);
  EXPECT_FALSE(FindChoice("3", options).has_value());
  EXPECT_FALSE(FindChoice("tanto faz", options).has_value());
  EXPECT_FALSE(FindChoice("", options).has_value());
}

TEST(EntitiesTest, FindsYesAndNo) {
  for (const char* yes : {"sim", "s", "Sim!", "pode", "claro", "isso mesmo", "ok", "👍", "uhum",
                          "com certeza", "ta bom", "pode ser", "simmm", "quero sim"}) {
    EXPECT_EQ(FindYesNo(yes), YesNo::kYes) << yes;
  }
  for (const char* no :
       {"não", "nao", "n", "ñ", "agora não", "👎", "negativo", "nao quero", "NÃO!", "nem pensar"}) {
    EXPECT_EQ(FindYesNo(no), YesNo::kNo) << no;
  }
  for (const char* neither : {"talvez", "quanto devo", ""}) {
    EXPECT_EQ(FindYesNo(neither), YesNo::kUnknown) << neither;
  }
}

}  // namespace
}  // namespace atende::nlu
