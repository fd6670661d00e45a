#include "docs/json_input.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "docs/late_fee_text.h"

namespace atende::docs {
namespace {

std::string ExampleInvoice() {
  std::ifstream in(std::string(ATENDE_SOURCE_DIR) + "/src/docs/examples/invoice.json");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(BoletoJson, BuildsTheCodesFromTheFreeFieldWithMakeBoleto) {
  Result<BoletoPdfData> data = BoletoPdfDataFromJson(ExampleInvoice());
  ASSERT_TRUE(data.ok()) << data.error().ToString();
  // The simulator golden of boleto.md §8.1.
  EXPECT_EQ(data->barcode, "34198162600000099901234000000001000000056789");
  EXPECT_EQ(data->linha_digitavel, "34191234050000000100800000567891816260000009990");
  EXPECT_EQ(data->amount, Money::FromCents(9990));
  EXPECT_EQ(data->due_date.ToIso(), "2026-11-10");
  EXPECT_EQ(data->fine_instruction, "Após o vencimento, multa de 2,00% (R$ 2,00).");
  EXPECT_EQ(data->interest_instruction,
            "Juros de mora de 1,00% ao mês (R$ 0,03 por dia de atraso).");
  ASSERT_EQ(data->other_instructions.size(), 1u);
  EXPECT_TRUE(RenderBoletoPdf(*data).ok());
}

TEST(BoletoJson, ErrorsNameTheField) {
  struct Case {
    const char* json;
    const char* part;
  };
  const Case cases[] = {
      {"not json", "not valid JSON"},
      {"[]", "object"},
      {R"({"bank": {"code": "341"}})", "bank.name"},
      {R"({"bank": {"code": "341", "name": "Itaú"}, "beneficiary": {}, "payer": {}})",
       "beneficiary.name"},
      {R"({"bank": {"code": "341", "name": "Itaú"}, "beneficiary": {"name": "X", "document": "1"},
          "payer": {"name": "Y"}, "document_number": "1", "issue_date": "2026-10-25",
          "due_date": "amanhã", "amount": "99.90"})",
       "due_date"},
      {R"({"bank": {"code": "341", "name": "Itaú"}, "beneficiary": {"name": "X", "document": "1"},
          "payer": {"name": "Y"}, "document_number": "1", "issue_date": "2026-10-25",
          "due_date": "2026-11-10", "amount": "99.90"})",
       "free_field"},
  };
  for (const Case& c : cases) {
    Result<BoletoPdfData> data = BoletoPdfDataFromJson(c.json);
    ASSERT_FALSE(data.ok()) << c.json;
    EXPECT_EQ(data.error().kind, ErrorKind::kInvalidInput);
    EXPECT_NE(data.error().message.find(c.part), std::string::npos) << data.error().message;
  }
}

TEST(ContractJson, FlattensNestedObjects) {
  Result<ContractValues> values = ContractValuesFromJson(
      R"({"assinante": {"nome": "Maria", "endereco": {"cidade": "Campinas"}}, "dia": 10,
          "preco": 99.9, "ativo": true, "nada": null})");
  ASSERT_TRUE(values.ok()) << values.error().ToString();
  EXPECT_EQ(values->at("assinante.nome"), "Maria");
  EXPECT_EQ(values->at("assinante.endereco.cidade"), "Campinas");
  EXPECT_EQ(values->at("dia"), "10");
  EXPECT_EQ(values->at("ativo"), "sim");
  EXPECT_EQ(values->count("nada"), 0u);
  EXPECT_FALSE(ContractValuesFromJson(R"({"lista": [1, 2]})").ok());
  EXPECT_FALSE(ContractValuesFromJson("42").ok());
}

TEST(LateFeeText, RoundsEachAmountHalfUp) {
  EXPECT_EQ(PercentFromBasisPoints(200), "2,00%");
  EXPECT_EQ(PercentFromBasisPoints(33), "0,33%");
  EXPECT_EQ(FineInstruction(Money::FromCents(10240), 200),
            "Após o vencimento, multa de 2,00% (R$ 2,05).");  // 2.048 → 2.05
  EXPECT_EQ(InterestInstruction(Money::FromCents(15000), 100),
            "Juros de mora de 1,00% ao mês (R$ 0,05 por dia de atraso).");
}

}  // namespace
}  // namespace atende::docs
