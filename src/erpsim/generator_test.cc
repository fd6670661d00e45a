#include "erpsim/generator.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "br/document_check.h"
#include "erpsim/invoice_codes.h"

namespace atende::erpsim {
namespace {

Dataset Make(int customers, uint64_t seed) {
  GeneratorOptions options;
  options.customers = customers;
  options.seed = seed;
  return Generate(options);
}

TEST(Generator, SameSeedSameDatasetOtherSeedOtherDataset) {
  EXPECT_EQ(Make(300, 7).ToJson(), Make(300, 7).ToJson());
  EXPECT_NE(Make(300, 7).ToJson(), Make(300, 8).ToJson());
}

TEST(Generator, ProducesAValidDatasetThatReloads) {
  Dataset d = Make(2000, 42);
  ASSERT_TRUE(d.Validate().ok()) << d.Validate().error().message;
  auto reloaded = Dataset::FromJson(d.ToJson());  // every document passes br::ParseDocument on load
  ASSERT_TRUE(reloaded.ok()) << reloaded.error().message;
  EXPECT_EQ(reloaded->customers.size(), 2000u);
}

TEST(Generator, DocumentsAreValidAndUnique) {
  Dataset d = Make(3000, 3);
  std::set<std::string> seen;
  int cnpj = 0, alphanumeric = 0;
  for (const auto& c : d.customers) {
    EXPECT_TRUE(br::ParseDocument(c.document.value()).ok()) << c.document.value();
    EXPECT_TRUE(seen.insert(c.document.value()).second) << "duplicate " << c.document.value();
    if (!c.document.is_cpf()) {
      ++cnpj;
      if (c.document.value().find_first_not_of("0123456789") != std::string::npos) ++alphanumeric;
    }
    ASSERT_FALSE(c.phones.empty());
    EXPECT_TRUE(c.phones[0].is_mobile());
  }
  EXPECT_GT(cnpj, 100);
  EXPECT_GT(alphanumeric, 5);
}

TEST(Generator, HasARealisticMixConsistentWithInvoices) {
  Dataset d = Make(4000, 11);
  std::map<ContractStatus, int> statuses;
  int with_two_contracts = 0, with_promises = 0, broken_promises = 0;
  for (const auto& c : d.customers) with_two_contracts += d.ContractsOf(c.id).size() > 1 ? 1 : 0;
  int overdue_on_blocked = 0, blocked = 0;
  for (const auto& ct : d.contracts) {
    ++statuses[ct.status];
    with_promises += ct.promises.empty() ? 0 : 1;
    for (const auto& p : ct.promises) broken_promises += p.kept == false ? 1 : 0;
    if (ct.status == ContractStatus::kBlocked) {
      ++blocked;
      for (const Invoice* inv : d.InvoicesOf(ct.id)) {
        if (IsOverdue(*inv, d.today)) {
          ++overdue_on_blocked;
          break;
        }
      }
    }
    if (ct.status == ContractStatus::kTrustUnlocked) {
      ASSERT_FALSE(ct.trust_unlocks.empty());
      EXPECT_LE(d.today - ct.trust_unlocks.back(), 3);
    }
  }
  for (auto s :
       {ContractStatus::kActive, ContractStatus::kBlocked, ContractStatus::kReduced,
        ContractStatus::kSuspended, ContractStatus::kCanceled, ContractStatus::kTrustUnlocked}) {
    EXPECT_GT(statuses[s], 20) << ContractStatusName(s);
  }
  EXPECT_GT(statuses[ContractStatus::kActive], static_cast<int>(d.contracts.size()) / 2);
  EXPECT_EQ(overdue_on_blocked, blocked);  // every blocked contract has something overdue
  EXPECT_GT(with_two_contracts, 100);
  EXPECT_GT(with_promises, 50);
  EXPECT_GT(broken_promises, 10);
  int paid = 0, open = 0, future = 0;
  for (const auto& inv : d.invoices) {
    paid += inv.status == InvoiceStatus::kPaid ? 1 : 0;
    open += inv.status == InvoiceStatus::kOpen ? 1 : 0;
    future += inv.due_date >= d.today ? 1 : 0;
    if (inv.status == InvoiceStatus::kPaid) {
      EXPECT_LT(*inv.paid_date, d.today);
    }
  }
  EXPECT_GT(paid, open);
  EXPECT_GT(future, 3000);
}

TEST(Generator, EveryOpenInvoiceGetsValidCodes) {
  Dataset d = Make(200, 5);
  for (const auto& inv : d.invoices) {
    if (inv.status != InvoiceStatus::kOpen) continue;
    auto codes = MakeInvoiceCodes(d.isp, inv);
    ASSERT_TRUE(codes.ok()) << codes.error().message;
    EXPECT_EQ(codes->linha.size(), 47u);
  }
}

}  // namespace
}  // namespace atende::erpsim
