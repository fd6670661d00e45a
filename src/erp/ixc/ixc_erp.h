// IxcErp: the Erp connector for IXC Provedor (specs/erp-ixc.md). Speaks its webservice exactly:
// HTTP Basic
// "<user id>:<token>", listings as POST with the `ixcsoft: listar` header and all-string JSON
// bodies, the formatted CPF first in `cliente.cnpj_cpf`, `fn_areceber` filtered on `liberado = S`,
// actions
// (`desbloqueio_confianca`, `get_pix`, `get_boleto`, `su_ticket`) as plain POSTs. Tolerates `total`
// as string or number, a missing `registros`, business errors with HTTP 200 (JSON `type: error` /
// `tipo: erro`, or the red HTML div), and drops the portal password (`senha`) at parse time.
// Thread-safe (stateless apart from config).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/clock.h"
#include "erp/connector_config.h"
#include "erp/erp.h"
#include "http/client.h"

namespace atende::erp::ixc {

class IxcErp final : public Erp {
 public:
  IxcErp(ConnectorConfig config, std::shared_ptr<http::HttpClient> http, const Clock& clock);

  std::string_view name() const override { return "ixc"; }
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
  struct Filter {
    std::string field;  // "fn_areceber.liberado"
    std::string op;     // "="
    std::string value;
  };
  // POST /webservice/v1/<table> with `ixcsoft: listar`; returns the `registros` array (possibly
  // empty).
  Result<Json> List(std::string_view table, std::string_view qtype, std::string_view query,
                    std::string_view oper, std::string_view sortname, std::string_view sortorder,
                    const std::vector<Filter>& filters, int rows);
  // POST /webservice/v1/<action> without the header; returns the raw response after status checks.
  Result<http::ClientResponse> Post(std::string_view action, const Json& body, bool idempotent);
  Result<Json> PostJson(std::string_view action, const Json& body, bool idempotent);
  Result<std::vector<Json>> InvoiceRecords(const Contract& contract, bool open_only, int rows);

  ConnectorConfig config_;
  std::shared_ptr<http::HttpClient> http_;
  const Clock& clock_;
  std::string authorization_;
};

// Wire → domain mappings, exposed for the fixture tests.
Customer MapCustomer(const nlohmann::json& record);
Contract MapContract(const nlohmann::json& record);
// `today` decides overdue; linha/PIX found in the record are validated (invalid ones dropped).
Invoice MapInvoice(const nlohmann::json& record, Date today);
ContractStatus MapContractStatus(std::string_view status, std::string_view status_internet,
                                 std::string_view status_velocidade,
                                 std::string_view trust_unlock_active, std::string_view suspended);
// Reads a `desbloqueio_confianca` reply (tipo/codigo/mensagem, or type/message).
TrustUnlockResult MapTrustUnlockReply(const nlohmann::json& reply);
// Business-error check of an IXC body: HTML containing "erro", `type == "error"`, `tipo == "erro"`.
Status CheckBody(std::string_view body, std::string_view what);
Status CheckErrorJson(const nlohmann::json& body, std::string_view what);

}  // namespace atende::erp::ixc
