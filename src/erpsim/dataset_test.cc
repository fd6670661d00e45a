#include "erpsim/dataset.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "erpsim/testing/fetch.h"

namespace atende::erpsim {
namespace {

nlohmann::json Golden() {
  std::ifstream in(testing::GoldenPath());
  return nlohmann::json::parse(in);
}

std::string Refusal(const nlohmann::json& doc) {
  auto loaded = Dataset::FromJson(doc.dump());
  EXPECT_FALSE(loaded.ok());
  return loaded.ok() ? "" : loaded.error().message;
}

TEST(Dataset, LoadsTheGoldenSampleOfTheSpec) {
  auto loaded = Dataset::Load(testing::GoldenPath());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  const Dataset& d = *loaded;
  EXPECT_EQ(d.today.ToIso(), "2026-11-22");
  EXPECT_EQ(d.isp.bank_code, "341");
  ASSERT_EQ(d.customers.size(), 1u);
  EXPECT_EQ(d.customers[0].document.Formatted(), "529.982.247-25");
  EXPECT_EQ(d.customers[0].phones.at(0).e164(), "+5519987654321");
  const Contract* contract = d.FindContract(10);
  ASSERT_NE(contract, nullptr);
  EXPECT_EQ(contract->status, ContractStatus::kBlocked);
  EXPECT_EQ(contract->trust_unlocks.at(0).ToIso(), "2026-10-05");
  EXPECT_EQ(d.InvoicesOf(10).size(), 2u);
  EXPECT_EQ(d.FindInvoice(100)->amount.cents(), 9990);
  EXPECT_EQ(d.FindInvoice(99)->paid_date->ToIso(), "2026-10-09");
  EXPECT_EQ(d.FindCustomersByDocument("52998224725").size(), 1u);
}

TEST(Dataset, RoundTripsThroughJson) {
  auto loaded = Dataset::Load(testing::GoldenPath());
  ASSERT_TRUE(loaded.ok());
  auto again = Dataset::FromJson(loaded->ToJson());
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->ToJson(), loaded->ToJson());
}

TEST(Dataset, RefusesWrongCpfCheckDigitsNamingRecordAndField) {
  auto doc = Golden();
  doc["customers"].push_back(doc["customers"][0]);
  doc["customers"][1]["id"] = 2;
  doc["customers"][1]["document"] = "52998224726";
  std::string message = Refusal(doc);
  EXPECT_EQ(message.rfind("customers[1].document: ", 0), 0u) << message;
}

TEST(Dataset, RefusesDanglingReferences) {
  auto doc = Golden();
  doc["contracts"][0]["customer_id"] = 7;
  EXPECT_EQ(Refusal(doc), "contracts[0].customer_id: no customer with id 7");
  doc = Golden();
  doc["invoices"][1]["contract_id"] = 11;
  EXPECT_EQ(Refusal(doc), "invoices[1].contract_id: no contract with id 11");
  doc = Golden();
  doc["contracts"][0]["plan_id"] = 3;
  EXPECT_EQ(Refusal(doc), "contracts[0].plan_id: no plan with id 3");
}

TEST(Dataset, RefusesBadFieldValues) {
  auto doc = Golden();
  doc["invoices"][0]["due_date"] = "2026-02-30";
  EXPECT_EQ(Refusal(doc).rfind("invoices[0].due_date: bad date", 0), 0u);
  doc = Golden();
  doc["invoices"][0]["amount"] = "99,90";
  EXPECT_EQ(Refusal(doc).rfind("invoices[0].amount: bad amount", 0), 0u);
  doc = Golden();
  doc["contracts"][0]["status"] = "frozen";
  EXPECT_EQ(Refusal(doc), "contracts[0].status: unknown status 'frozen'");
  doc = Golden();
  doc["customers"][0]["phones"][0] = "19987654321";
  EXPECT_EQ(Refusal(doc).rfind("customers[0].phones[0]: ", 0), 0u);
  doc = Golden();
  doc["customers"][0]["address"].erase("zip");
  EXPECT_EQ(Refusal(doc), "customers[0].address.zip: missing");
  doc = Golden();
  doc["invoices"][1]["paid_date"] = nullptr;
  EXPECT_EQ(Refusal(doc), "invoices[1].paid_date: required when paid");
  doc = Golden();
  doc["isp"]["bank_code"] = "34";
  EXPECT_EQ(Refusal(doc), "isp.bank_code: must be 3 digits");
  doc = Golden();
  doc.erase("today");
  EXPECT_EQ(Refusal(doc), "today: missing");
}

TEST(Dataset, RefusesDuplicateIds) {
  auto doc = Golden();
  doc["invoices"][1]["id"] = 100;
  EXPECT_EQ(Refusal(doc), "invoices[1].id: duplicate id 100");
}

TEST(Dataset, IgnoresUnknownFieldsAndRefusesBrokenJson) {
  auto doc = Golden();
  doc["extra"] = {{"anything", 1}};
  doc["customers"][0]["nickname"] = "Cida";
  EXPECT_TRUE(Dataset::FromJson(doc.dump()).ok());
  auto broken = Dataset::FromJson("{\"today\": ");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.error().message.find("not valid JSON"), std::string::npos);
}

TEST(Dataset, AcceptsAlphanumericCnpj) {
  auto doc = Golden();
  doc["customers"][0]["document"] = "12ABC34501DE35";
  auto loaded = Dataset::FromJson(doc.dump());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_FALSE(loaded->customers[0].document.is_cpf());
}

}  // namespace
}  // namespace atende::erpsim
