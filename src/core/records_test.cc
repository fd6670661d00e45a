#include <gtest/gtest.h>

#include "core/contract.h"
#include "core/customer.h"
#include "core/invoice.h"

namespace atende {
namespace {

TEST(ContractStatus, NamesRoundTripForEveryValue) {
  for (ContractStatus s :
       {ContractStatus::kActive, ContractStatus::kBlocked, ContractStatus::kReduced,
        ContractStatus::kSuspended, ContractStatus::kCanceled, ContractStatus::kTrustUnlocked,
        ContractStatus::kPending, ContractStatus::kUnknown}) {
    auto parsed = ParseContractStatus(ContractStatusName(s));
    ASSERT_TRUE(parsed.has_value()) << ContractStatusName(s);
    EXPECT_EQ(*parsed, s);
  }
  EXPECT_FALSE(ParseContractStatus("bloqueado").has_value());
}

TEST(Customer, HasPhoneMatchesTheSameLineWithOrWithoutNinthDigit) {
  Customer c;
  c.phones.push_back({Phone::Parse("(19) 98765-4321").value(), "(19) 98765-4321", "celular"});
  c.phones.push_back({std::nullopt, "ramal 12", "fone"});
  EXPECT_TRUE(c.HasPhone(Phone::Parse("+551987654321").value()));
  EXPECT_TRUE(c.HasPhone(Phone::Parse("+5519987654321").value()));
  EXPECT_FALSE(c.HasPhone(Phone::Parse("+5519987650000").value()));
}

TEST(Invoice, OverdueOnlyWhenOpenAndPastDue) {
  Date today = Date::ParseIso("2026-11-22").value();
  Date due = Date::ParseIso("2026-11-10").value();
  EXPECT_TRUE(IsOverdue(InvoiceStatus::kOpen, due, today));
  EXPECT_FALSE(IsOverdue(InvoiceStatus::kPaid, due, today));
  EXPECT_FALSE(IsOverdue(InvoiceStatus::kOpen, today, today));
}

TEST(Invoice, AmountDuePrefersTheErpUpdatedFigure) {
  Invoice inv;
  inv.amount = Money::FromCents(9990);
  EXPECT_EQ(inv.AmountDue().cents(), 9990);
  inv.updated_amount = Money::FromCents(10230);
  EXPECT_EQ(inv.AmountDue().cents(), 10230);
}

TEST(Address, OneLineJoinsThePartsPresent) {
  Address a{"Rua das Flores", "120", "", "Centro", "Campinas", "SP", "13010100"};
  EXPECT_EQ(a.OneLine(), "Rua das Flores, 120 - Centro");
}

}  // namespace
}  // namespace atende
