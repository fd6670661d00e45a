// MeteredErp: an erp::Erp decorator that forwards every call unchanged and records it in Metrics:
// atende_erp_calls_total{tenant,erp,op,result} (result = "ok" or the error kind, e.g. "timeout")
// and the atende_erp_call_seconds{tenant,erp} histogram; Attach also registers the
// atende_erp_breaker_state{tenant,erp} gauge (0 closed, 1 half-open, 2 open) when the wrapped ERP
// is a GuardedErp. Calls made before Attach are forwarded but not recorded. Thread-safe; the
// Metrics passed to Attach must outlive every later call and scrape.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "erp/circuit_breaker.h"
#include "erp/erp.h"
#include "server/metrics.h"

namespace atende::server {

class MeteredErp final : public erp::Erp {
 public:
  MeteredErp(std::unique_ptr<erp::Erp> inner, std::string tenant);
  MeteredErp(const MeteredErp&) = delete;
  MeteredErp& operator=(const MeteredErp&) = delete;

  // Records from now on into `metrics` and registers the breaker gauge. Attaching again to the
  // same Metrics changes nothing.
  void Attach(Metrics& metrics);
  // The wrapped GuardedErp's breaker state; nullopt when the ERP has no breaker.
  std::optional<erp::CircuitBreaker::State> breaker_state() const;

  std::string_view name() const override { return inner_->name(); }
  erp::Capabilities capabilities() const override { return inner_->capabilities(); }
  Result<std::vector<Customer>> FindCustomersByDocument(const Document& document) override;
  Result<std::vector<Customer>> FindCustomersByPhone(const Phone& phone) override;
  Result<std::vector<Contract>> ListContracts(const Customer& customer) override;
  Result<std::vector<Invoice>> ListInvoices(const Contract& contract,
                                            erp::InvoiceFilter filter) override;
  Result<erp::PaymentDocuments> GetPaymentDocuments(const Contract& contract,
                                                    const Invoice& invoice,
                                                    bool fetch_pdf) override;
  Result<erp::TrustUnlockResult> TrustUnlock(const Contract& contract,
                                             const erp::TrustUnlockRequest& request) override;
  Result<erp::PromiseResult> PromiseToPay(const Contract& contract, Date promised_date) override;
  Result<erp::TicketResult> OpenTicket(const erp::TicketRequest& request) override;
  Result<erp::PaymentHistory> GetPaymentHistory(const Contract& contract) override;

 private:
  template <typename Call>
  auto Meter(std::string_view op, Call&& call) -> decltype(call());
  void Record(std::string_view op, std::optional<ErrorKind> error,
              std::chrono::steady_clock::duration elapsed);

  std::unique_ptr<erp::Erp> inner_;
  std::string tenant_;
  std::string labels_;                  // tenant="…",erp="…"
  const erp::CircuitBreaker* breaker_;  // the GuardedErp's, or null
  std::atomic<Metrics*> metrics_{nullptr};
};

// The breaker gauge's value: 0 closed, 1 half-open, 2 open.
double BreakerStateValue(erp::CircuitBreaker::State state);

}  // namespace atende::server
