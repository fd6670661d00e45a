#include "server/metered_erp.h"

#include "erp/guarded_erp.h"

namespace atende::server {
namespace {

// "bad answer" → "bad_answer": label values in the usual Prometheus spelling.
std::string ResultLabel(std::optional<ErrorKind> error) {
  if (!error) return "ok";
  std::string name(ErrorKindName(*error));
  for (char& c : name) {
    if (c == ' ') c = '_';
  }
  return name;
}

const erp::CircuitBreaker* FindBreaker(const erp::Erp& erp) {
  const auto* guarded = dynamic_cast<const erp::GuardedErp*>(&erp);
  return guarded == nullptr ? nullptr : &guarded->breaker();
}

}  // namespace

double BreakerStateValue(erp::CircuitBreaker::State state) {
  switch (state) {
    case erp::CircuitBreaker::State::kClosed:
      return 0;
    case erp::CircuitBreaker::State::kHalfOpen:
      return 1;
    case erp::CircuitBreaker::State::kOpen:
      return 2;
  }
  return 0;
}

MeteredErp::MeteredErp(std::unique_ptr<erp::Erp> inner, std::string tenant)
    : inner_(std::move(inner)),
      tenant_(std::move(tenant)),
      labels_(Labels({{"tenant", tenant_}, {"erp", inner_->name()}})),
      breaker_(FindBreaker(*inner_)) {}

void MeteredErp::Attach(Metrics& metrics) {
  if (metrics_.exchange(&metrics) == &metrics) return;
  if (breaker_ == nullptr) return;
  const erp::CircuitBreaker* breaker = breaker_;
  metrics.AddGauge("atende_erp_breaker_state", labels_,
                   "ERP circuit breaker: 0 closed, 1 half-open, 2 open",
                   [breaker] { return BreakerStateValue(breaker->state()); });
}

std::optional<erp::CircuitBreaker::State> MeteredErp::breaker_state() const {
  if (breaker_ == nullptr) return std::nullopt;
  return breaker_->state();
}

void MeteredErp::Record(std::string_view op, std::optional<ErrorKind> error,
                        std::chrono::steady_clock::duration elapsed) {
  Metrics* metrics = metrics_.load();
  if (metrics == nullptr) return;
  metrics->Add("atende_erp_calls_total",
               labels_ + "," + Labels({{"op", op}, {"result", ResultLabel(error)}}));
  metrics->Observe("atende_erp_call_seconds", labels_,
                   std::chrono::duration<double>(elapsed).count());
}

template <typename Call>
auto MeteredErp::Meter(std::string_view op, Call&& call) -> decltype(call()) {
  auto started = std::chrono::steady_clock::now();
  auto result = call();
  Record(op, result.ok() ? std::nullopt : std::optional<ErrorKind>(result.error().kind),
         std::chrono::steady_clock::now() - started);
  return result;
}

Result<std::vector<Customer>> MeteredErp::FindCustomersByDocument(const Document& document) {
  return Meter("find_customers_by_document",
               [&] { return inner_->FindCustomersByDocument(document); });
}

Result<std::vector<Customer>> MeteredErp::FindCustomersByPhone(const Phone& phone) {
  return Meter("find_customers_by_phone", [&] { return inner_->FindCustomersByPhone(phone); });
}

Result<std::vector<Contract>> MeteredErp::ListContracts(const Customer& customer) {
  return Meter("list_contracts", [&] { return inner_->ListContracts(customer); });
}

Result<std::vector<Invoice>> MeteredErp::ListInvoices(const Contract& contract,
                                                      erp::InvoiceFilter filter) {
  return Meter("list_invoices", [&] { return inner_->ListInvoices(contract, filter); });
}

Result<erp::PaymentDocuments> MeteredErp::GetPaymentDocuments(const Contract& contract,
                                                              const Invoice& invoice,
                                                              bool fetch_pdf) {
  return Meter("get_payment_documents",
               [&] { return inner_->GetPaymentDocuments(contract, invoice, fetch_pdf); });
}

Result<erp::TrustUnlockResult> MeteredErp::TrustUnlock(const Contract& contract,
                                                       const erp::TrustUnlockRequest& request) {
  return Meter("trust_unlock", [&] { return inner_->TrustUnlock(contract, request); });
}

Result<erp::PromiseResult> MeteredErp::PromiseToPay(const Contract& contract, Date promised_date) {
  return Meter("promise_to_pay", [&] { return inner_->PromiseToPay(contract, promised_date); });
}

Result<erp::TicketResult> MeteredErp::OpenTicket(const erp::TicketRequest& request) {
  return Meter("open_ticket", [&] { return inner_->OpenTicket(request); });
}

Result<erp::PaymentHistory> MeteredErp::GetPaymentHistory(const Contract& contract) {
  return Meter("get_payment_history", [&] { return inner_->GetPaymentHistory(contract); });
}

}  // namespace atende::server
