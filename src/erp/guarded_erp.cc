#include "erp/guarded_erp.h"

#include <string>

namespace atende::erp {

bool IsOutage(const Error& error) { return IsOutageKind(error.kind); }

bool IsOutageKind(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUnavailable:
    case ErrorKind::kTimeout:
    case ErrorKind::kBadAnswer:
    case ErrorKind::kInternal:
      return true;
    default:
      return false;
  }
}

GuardedErp::GuardedErp(std::unique_ptr<Erp> inner, const Clock& clock, GuardOptions options)
    : inner_(std::move(inner)),
      options_(options),
      breaker_(clock, options.breaker),
      limit_(options.max_in_flight) {}

template <typename Fn>
auto GuardedErp::Guard(Fn&& call) -> decltype(call()) {
  if (!breaker_.Allow()) {
    return Error::Unavailable(std::string(inner_->name()) +
                              ": circuit open after repeated failures");
  }
  auto permit = limit_.Acquire(options_.max_queue_wait);
  if (!permit) {
    breaker_.RecordAbandoned();
    return Error::Unavailable(std::string(inner_->name()) + ": too many requests in flight");
  }
  auto result = call();
  if (!result.ok() && IsOutage(result.error())) {
    breaker_.RecordFailure();
  } else {
    breaker_.RecordSuccess();
  }
  return result;
}

Result<std::vector<Customer>> GuardedErp::FindCustomersByDocument(const Document& document) {
  return Guard([&] { return inner_->FindCustomersByDocument(document); });
}
Result<std::vector<Customer>> GuardedErp::FindCustomersByPhone(const Phone& phone) {
  return Guard([&] { return inner_->FindCustomersByPhone(phone); });
}
Result<std::vector<Contract>> GuardedErp::ListContracts(const Customer& customer) {
  return Guard([&] { return inner_->ListContracts(customer); });
}
Result<std::vector<Invoice>> GuardedErp::ListInvoices(const Contract& contract,
                                                      InvoiceFilter filter) {
  return Guard([&] { return inner_->ListInvoices(contract, filter); });
}
Result<PaymentDocuments> GuardedErp::GetPaymentDocuments(const Contract& contract,
                                                         const Invoice& invoice, bool fetch_pdf) {
  return Guard([&] { return inner_->GetPaymentDocuments(contract, invoice, fetch_pdf); });
}
Result<TrustUnlockResult> GuardedErp::TrustUnlock(const Contract& contract,
                                                  const TrustUnlockRequest& request) {
  return Guard([&] { return inner_->TrustUnlock(contract, request); });
}
Result<PromiseResult> GuardedErp::PromiseToPay(const Contract& contract, Date promised_date) {
  return Guard([&] { return inner_->PromiseToPay(contract, promised_date); });
}
Result<TicketResult> GuardedErp::OpenTicket(const TicketRequest& request) {
  return Guard([&] { return inner_->OpenTicket(request); });
}
Result<PaymentHistory> GuardedErp::GetPaymentHistory(const Contract& contract) {
  return Guard([&] { return inner_->GetPaymentHistory(contract); });
}

}  // namespace atende::erp
