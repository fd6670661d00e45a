// VoalleErp: the Erp connector for ERP Voalle's third-party API through its SynSuite gateway
// (specs/erp-voalle.md). Gets a client_credentials token (form POST with `syndata`) from the auth
// port, renews it a minute before its 3600 s run out (TokenCache: one token call at a time) and
// once after a 401; unwraps the {success, messages, response} envelope, reading `success:false`
// with HTTP 200 as the ERP's answer ("Registro não encontrado." and "Cliente não possui títulos em
// aberto." are empty results, others a failure on reads and a refusal on writes); pages
// contract/getpaged to its last page; holds every call after a 429 for its Retry-After (Throttle).
// Voalle has no phone lookup, no online state of a subscriber, no promise to pay and no payment
// dates (Capabilities). Its titles are listed by the customer's document, so a contract carries it
// in alt_ids["txId"]; with several contracts the open titles are matched to one through
// getcontractbillets. Thread-safe.
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

namespace atende::erp::voalle {

// One unwrapped reply: `response` (or `data`) when success, the messages either way.
struct Envelope {
  bool success = false;
  nlohmann::json response;
  std::string messages;  // every messages[].message, joined with " | "
  std::string codes;     // every messages[].code, joined with ","
};

class VoalleErp final : public Erp {
 public:
  VoalleErp(ConnectorConfig config, std::shared_ptr<http::HttpClient> http, const Clock& clock);

  std::string_view name() const override { return "voalle"; }
  Capabilities capabilities() const override;
  Result<std::vector<Customer>> FindCustomersByDocument(const Document& document) override;
  // kRefused: Voalle has no phone lookup (asking for the CPF is the way).
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
  const std::string& auth_url() const { return auth_url_; }

 private:
  using Json = nlohmann::json;
  Result<IssuedToken> FetchToken();
  // One authorised call to `path` under the API prefix; a 401 renews the token once.
  Result<http::ClientResponse> Exchange(http::Method method, const std::string& path,
                                        const std::string& body, bool idempotent);
  Result<Envelope> Call(http::Method method, const std::string& path, const Json& body,
                        bool idempotent);
  Result<std::vector<Json>> Titles(const std::string& tx_id, bool open_only);
  Result<std::vector<Json>> Contracts(const std::string& tx_id, const std::string& number);

  ConnectorConfig config_;
  std::string auth_url_;
  std::shared_ptr<http::HttpClient> http_;
  const Clock& clock_;
  TokenCache tokens_;
  Throttle throttle_;
};

// Wire → domain mappings and envelope reading, exposed for the fixture tests.
Result<Envelope> ReadEnvelope(std::string_view body, std::string_view what);
// "Registro não encontrado." / "Cliente não possui títulos em aberto.": an empty answer.
bool MeansNothingFound(const Envelope& envelope);
Customer MapPerson(const nlohmann::json& person);
ContractStatus MapContractStatus(const nlohmann::json& contract);
Contract MapContract(const nlohmann::json& contract);
Invoice MapTitle(const nlohmann::json& title, Date today);
TrustUnlockResult MapUnlock(const Envelope& reply);
// "https://erp.isp:45715" → "https://erp.isp:45700"; other bases are kept.
std::string DefaultAuthUrl(std::string_view api_base);

}  // namespace atende::erp::voalle
