// EmptyErp: an Erp that answers every call at once with an empty value (no customers, no
// contracts, empty results). The base of test and benchmark doubles, which override only the calls
// they script. Header-only; as thread-safe as what a subclass adds.
#pragma once

#include <string_view>
#include <vector>

#include "erp/erp.h"

namespace atende::erp::testing {

class EmptyErp : public Erp {
 public:
  std::string_view name() const override { return "empty"; }
  Capabilities capabilities() const override { return {}; }
  Result<std::vector<Customer>> FindCustomersByDocument(const Document&) override {
    return std::vector<Customer>{};
  }
  Result<std::vector<Customer>> FindCustomersByPhone(const Phone&) override {
    return std::vector<Customer>{};
  }
  Result<std::vector<Contract>> ListContracts(const Customer&) override {
    return std::vector<Contract>{};
  }
  Result<std::vector<Invoice>> ListInvoices(const Contract&, InvoiceFilter) override {
    return std::vector<Invoice>{};
  }
  Result<PaymentDocuments> GetPaymentDocuments(const Contract&, const Invoice&, bool) override {
    return PaymentDocuments{};
  }
  Result<TrustUnlockResult> TrustUnlock(const Contract&, const TrustUnlockRequest&) override {
    return TrustUnlockResult{};
  }
  Result<PromiseResult> PromiseToPay(const Contract&, Date) override { return PromiseResult{}; }
  Result<TicketResult> OpenTicket(const TicketRequest&) override { return TicketResult{}; }
  Result<PaymentHistory> GetPaymentHistory(const Contract&) override { return PaymentHistory{}; }
};

}  // namespace atende::erp::testing
