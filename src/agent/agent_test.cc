// The agent against an in-memory Erp: which ERP calls one turn makes.
#include "agent/agent.h"

#include <gtest/gtest.h>

namespace atende::agent {
namespace {

// One customer (Maria), one blocked contract, one overdue invoice; counts the calls it receives.
class CountingErp final : public erp::Erp {
 public:
  CountingErp() {
    maria_.erp_id = "1";
    maria_.document = *Document::Parse("52998224725");
    maria_.name = "Maria Aparecida da Silva";
    maria_.phones.push_back({*Phone::Parse("+5519987654321"), "(19) 98765-4321", "celular"});
    contract_.erp_id = "10";
    contract_.customer_erp_id = "1";
    contract_.status = ContractStatus::kBlocked;
    invoice_.erp_id = "100";
    invoice_.due_date = *Date::ParseIso("2026-11-10");
    invoice_.amount = Money::FromCents(9990);
  }
  int customer_lookups = 0;
  int contract_lookups = 0;

  std::string_view name() const override { return "counting"; }
  erp::Capabilities capabilities() const override { return {}; }
  Result<std::vector<Customer>> FindCustomersByDocument(const Document& d) override {
    ++customer_lookups;
    if (maria_.document && *maria_.document == d) return std::vector<Customer>{maria_};
    return std::vector<Customer>{};
  }
  Result<std::vector<Customer>> FindCustomersByPhone(const Phone&) override {
    return std::vector<Customer>{};
  }
  Result<std::vector<Contract>> ListContracts(const Customer&) override {
    ++contract_lookups;
    return std::vector<Contract>{contract_};
  }
  Result<std::vector<Invoice>> ListInvoices(const Contract&, erp::InvoiceFilter) override {
    return std::vector<Invoice>{invoice_};
  }
  Result<erp::PaymentDocuments> GetPaymentDocuments(const Contract&, const Invoice&,
                                                    bool) override {
    erp::PaymentDocuments docs;
    docs.linha_digitavel = "34191234050000000100800000567891816260000009990";
    return docs;
  }
  Result<erp::TrustUnlockResult> TrustUnlock(const Contract&,
                                             const erp::TrustUnlockRequest&) override {
    return Error::Refused("not in this test");
  }
  Result<erp::PromiseResult> PromiseToPay(const Contract&, Date) override {
    return Error::Refused("not in this test");
  }
  Result<erp::TicketResult> OpenTicket(const erp::TicketRequest&) override {
    return Error::Refused("not in this test");
  }
  Result<erp::PaymentHistory> GetPaymentHistory(const Contract&) override {
    return erp::PaymentHistory{};
  }

 private:
  Customer maria_;
  Contract contract_;
  Invoice invoice_;
};

TEST(AgentTest, TheIdentificationTurnLooksTheCustomerUpOnce) {
  auto classifier = nlu::IntentClassifier::Load(ATENDE_NLU_MODEL);
  ASSERT_TRUE(classifier.ok()) << classifier.error().message;
  auto clock = FixedClock::AtLocalNoon(*Date::ParseIso("2026-11-22"));
  dialogue::Policy policy(dialogue::PolicyConfig{}, dialogue::MessageCatalog{});
  CountingErp erp;
  MemoryConversationStore store;
  MemoryAuditLog audit;
  Agent agent(erp, **classifier, policy, *clock, store, audit);
  Phone maria = *Phone::Parse("+5519987654321");

  ASSERT_TRUE(agent.HandleTurn(maria, {"manda a segunda via", "", dialogue::Media::kNone}).ok());
  EXPECT_EQ(erp.customer_lookups, 0);  // nothing is looked up before a document is given
  auto replies = agent.HandleTurn(maria, {"529.982.247-25", "", dialogue::Media::kNone});
  ASSERT_TRUE(replies.ok());
  EXPECT_GE(replies->size(), 3u);
  EXPECT_EQ(erp.customer_lookups, 1);
  EXPECT_EQ(erp.contract_lookups, 1);

  // A later turn of the identified subscriber fetches the record again (the ERP's word is fresh
  // each turn).
  ASSERT_TRUE(agent.HandleTurn(maria, {"quanto eu devo?", "", dialogue::Media::kNone}).ok());
  EXPECT_EQ(erp.customer_lookups, 2);
  ASSERT_EQ(audit.records().size(), 1u);
  EXPECT_EQ(audit.records()[0].entry.action, "identification");
}

}  // namespace
}  // namespace atende::agent
