// SgpErp: the Erp connector for SGP (TSMX, "inSystem"; specs/erp-sgp.md). Speaks its URA API
// exactly: form-urlencoded POSTs to trailing-slash paths with `token` and `app` as fields (the
// chamado endpoint takes JSON), `status_all=1` and `incluir_suspensos=1` on every lookup (blocked
// contracts are hidden otherwise), the CPF in digits first. Tolerates booleans as
// "True"/"true"/true, numbers as strings, dates in either form, `telefones` as objects or strings,
// contract ids under `id` or `contrato`, pages that ignore `offset`, and an HTML login page on bad
// credentials. Drops `servico_senha` and `contratoCentralSenha` at parse time. Thread-safe.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "erp/connector_config.h"
#include "erp/erp.h"
#include "http/client.h"

namespace atende::erp::sgp {

class SgpErp final : public Erp {
 public:
  SgpErp(ConnectorConfig config, std::shared_ptr<http::HttpClient> http, const Clock& clock);

  std::string_view name() const override { return "sgp"; }
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

 private:
  using Json = nlohmann::json;
  using Fields = std::vector<std::pair<std::string, std::string>>;
  // POST <path> as a form with token and app; the body must be a JSON object.
  Result<Json> PostForm(std::string_view path, Fields fields, bool idempotent);
  Result<Json> PostJsonBody(std::string_view path, Json body, bool idempotent);
  Result<Json> Interpret(std::string_view path, const Result<http::ClientResponse>& response);
  Result<Json> ConsultaCliente(const std::string& cpfcnpj);
  Result<std::vector<Json>> Faturas(const Contract& contract, std::string_view status);
  Result<Json> Liberacao(const Contract& contract, std::optional<Date> promised_date);

  ConnectorConfig config_;
  std::shared_ptr<http::HttpClient> http_;
  const Clock& clock_;
};

// Wire → domain mappings, exposed for the fixture tests.
ContractStatus MapContractStatus(int status, std::string_view reason);
// Customers of a consultacliente reply (one entry per contract, grouped by clienteId).
std::vector<Customer> MapConsultaCustomers(const nlohmann::json& reply);
std::vector<Contract> MapConsultaContracts(const nlohmann::json& reply);
// One entry of /api/ura/clientes/.
Customer MapClientesEntry(const nlohmann::json& entry);
// One `faturas[]` item of /api/central/titulos/.
Invoice MapFatura(const nlohmann::json& fatura, Date today);
TrustUnlockResult MapLiberacao(const nlohmann::json& reply, Date today);
TicketResult MapChamado(const nlohmann::json& reply);

}  // namespace atende::erp::sgp
