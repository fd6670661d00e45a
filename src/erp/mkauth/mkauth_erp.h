// MkAuthErp: the Erp connector for MK-Auth (specs/erp-mkauth.md; not MK Solutions' "Sistema MK").
// Gets a bare JWT from `GET /api/` with Basic Client_Id:Client_Secret, caches it until 60 s before
// its `exp` (600 s lifetime) and re-authenticates once on a 401. MK-Auth has no separate contract:
// the customer doubles as its single contract (key `login`; trust unlock keyed by `uuid_cliente`).
// Reads the literal body `NULL` as "not found", PHP/HTML error text with HTTP 200 as a failure,
// `Total` and `total_registros` alike, and both shapes of `cliente/show` (flat, or wrapped in
// `dados_cliente`). MK-Auth explains no trust-unlock refusal, so the connector re-reads the
// customer first and refuses itself when the service is not blocked. Online state is never reported
// (the API does not expose it). Thread-safe: the token cache is guarded by a mutex.
#pragma once

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/clock.h"
#include "erp/connector_config.h"
#include "erp/erp.h"
#include "http/client.h"

namespace atende::erp::mkauth {

class MkAuthErp final : public Erp {
 public:
  MkAuthErp(ConnectorConfig config, std::shared_ptr<http::HttpClient> http, const Clock& clock);

  std::string_view name() const override { return "mkauth"; }
  Capabilities capabilities() const override;
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

  // How many times a token was requested (tests check the cache and the re-auth on 401).
  int token_requests() const;

 private:
  using Json = nlohmann::json;
  Result<std::string> Token(bool force_refresh);
  // Calls an API path with the Bearer token; nullopt JSON means the literal `NULL` (not found).
  Result<std::optional<Json>> Call(http::Method method, const std::string& path,
                                   const std::string& body, bool idempotent);
  Result<std::optional<Json>> Show(const std::string& key);
  Result<std::vector<Customer>> Listar(const std::string& filter);

  ConnectorConfig config_;
  std::shared_ptr<http::HttpClient> http_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::string token_;
  TimePoint token_refresh_at_{};
  int token_requests_ = 0;
};

// Wire → domain mappings, exposed for the fixture tests.
Customer MapCustomer(const nlohmann::json& record);
Contract MapContract(const nlohmann::json& record, Date today);
Invoice MapTitulo(const nlohmann::json& titulo, Date today, const std::string& base_url);
// The `exp` claim of a JWT (payload decoded without verifying the signature); nullopt when
// unreadable.
std::optional<int64_t> JwtExpiry(std::string_view jwt);
// exp − iat: the lifetime by the server's own clock, immune to clock skew (or a fixed test clock)
// on our side.
std::optional<std::chrono::seconds> JwtLifetime(std::string_view jwt);
// `cliente/show` answers flat or as {"dados_cliente": {...}}: the client fields either way.
const nlohmann::json& ClientFields(const nlohmann::json& show);

}  // namespace atende::erp::mkauth
