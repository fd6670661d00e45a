// GuardedErp: wraps any Erp connector with the resilience every ERP shares: a circuit breaker (a
// dead ERP costs microseconds per call once it opens, not a timeout per message) and a cap on
// concurrent requests. Failures that count toward the breaker: kUnavailable, kTimeout, kBadAnswer,
// kInternal. Not found, refusals, bad input and bad credentials are answers from a live ERP and
// count as successes. Thread-safe.
#pragma once

#include <memory>

#include "core/clock.h"
#include "erp/circuit_breaker.h"
#include "erp/concurrency_limit.h"
#include "erp/erp.h"

namespace atende::erp {

struct GuardOptions {
  CircuitBreakerOptions breaker;
  int max_in_flight = 4;
  std::chrono::milliseconds max_queue_wait{2000};
};

class GuardedErp final : public Erp {
 public:
  GuardedErp(std::unique_ptr<Erp> inner, const Clock& clock, GuardOptions options = {});

  std::string_view name() const override { return inner_->name(); }
  Capabilities capabilities() const override { return inner_->capabilities(); }
  Result<std::vector<Customer>> FindCustomersByDocument(const Document& document) override;
  Result<std::vector<Customer>> FindCustomersByPhone(const Phone& phone) override;
  Result<std::vector<Contract>> ListContracts(const Customer& customer) override;
  Result<std::vector<Invoice>> ListInvoices(const Contract& contract,
                                            InvoiceFilter filter) override;
  Result<PaymentDocuments> GetPaymentDocuments(const Contract& contract, const Invoice& invoice,
                                               bool fetch_pdf) override;
  Result<TrustUnlockResult> TrustUnlock(const Contract& contract,
                                        const TrustUnlockRequest& request) override;
  Result<PromiseResult> PromiseToPay(const Contract& contract, Date promised_date) override;
  Result<TicketResult> OpenTicket(const TicketRequest& request) override;
  Result<PaymentHistory> GetPaymentHistory(const Contract& contract) override;

  const CircuitBreaker& breaker() const { return breaker_; }
  Erp& inner() { return *inner_; }

 private:
  template <typename Fn>
  auto Guard(Fn&& call) -> decltype(call());

  std::unique_ptr<Erp> inner_;
  GuardOptions options_;
  CircuitBreaker breaker_;
  ConcurrencyLimit limit_;
};

// Whether an error means "the ERP is not working" (counts toward the breaker).
bool IsOutage(const Error& error);
bool IsOutageKind(ErrorKind kind);

}  // namespace atende::erp
