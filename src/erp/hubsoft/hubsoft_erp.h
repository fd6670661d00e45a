// HubsoftErp: the Erp connector for HubSoft's integration API (specs/erp-hubsoft.md). Gets a
// password-grant token (JSON POST /oauth/token), renews it before its 30 days run out (TokenCache:
// one token call at a time) and once after any 401 (HubSoft revokes tokens on upgrades); reads
// `"status":"error"` with HTTP 200 as the ERP's answer (a failure on reads, a refusal on writes)
// and any other status — "success", the official "suscess" — as success; holds every call after a
// 429 for its Retry-After (Throttle). The contract is HubSoft's service (`id_cliente_servico`);
// customers come with their services and the RADIUS online state (`ultima_conexao=sim`); invoices
// page by due date (HubSoft has `limit` only, at most 50). Phone lookup is native; a number is
// tried as WhatsApp gave it, then with or without the mobile ninth digit. `senha` fields are never
// read. Thread-safe.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/clock.h"
#include "erp/connector_config.h"
#include "erp/erp.h"
#include "erp/http_call.h"
#include "erp/token_cache.h"
#include "http/client.h"

namespace atende::erp::hubsoft {

class HubsoftErp final : public Erp {
 public:
  HubsoftErp(ConnectorConfig config, std::shared_ptr<http::HttpClient> http, const Clock& clock);

  std::string_view name() const override { return "hubsoft"; }
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

  int token_requests() const { return tokens_.fetches(); }

 private:
  using Json = nlohmann::json;
  using Query = std::vector<std::pair<std::string, std::string>>;
  Result<IssuedToken> FetchToken();
  // One authorised call under /api/v1/integracao/; a 401 renews the token once. The reply must be
  // a JSON object; its `status` is left for the caller to judge.
  Result<Json> Call(http::Method method, const std::string& path, const Query& query,
                    const Json& body, bool idempotent);
  // GET cliente with `busca`/`termo_busca` (services, inactive and canceled ones included).
  Result<std::vector<Json>> Clientes(const std::string& busca, const std::string& termo);
  Result<std::vector<Json>> Faturas(const std::string& service_id, bool pending_only);

  ConnectorConfig config_;
  std::shared_ptr<http::HttpClient> http_;
  const Clock& clock_;
  TokenCache tokens_;
  Throttle throttle_;
};

// Wire → domain mappings, exposed for the fixture tests.
bool IsError(const nlohmann::json& reply);           // "status":"error"
std::string ErrorText(const nlohmann::json& reply);  // msg and errors[], joined
ContractStatus MapStatusPrefix(std::string_view prefix);
Customer MapCliente(const nlohmann::json& cliente);
std::vector<Contract> MapServicos(const nlohmann::json& cliente);
Invoice MapFatura(const nlohmann::json& fatura, Date today);
// "… realizado com sucesso até a data 26/11/2018" → the date; refusal texts → the reason.
TrustUnlockResult MapDesbloqueio(const nlohmann::json& reply, Date today);
TicketResult MapAtendimento(const nlohmann::json& reply);

}  // namespace atende::erp::hubsoft
