#include "erp/voalle/voalle_erp.h"

#include <algorithm>
#include <set>

#include "erp/guarded_erp.h"
#include "erp/payment_codes.h"
#include "erp/wire.h"

namespace atende::erp::voalle {

using wire::Json;
using wire::Text;

namespace {

constexpr std::string_view kErp = "voalle";
constexpr std::string_view kApi = "/external/integrations/thirdparty/";
constexpr int kPageSize = 50;
constexpr int kMaxPages = 200;

bool Has(const std::string& folded, std::string_view needle) {
  return folded.find(needle) != std::string::npos;
}

// A JSON number when the id is all digits (Voalle's ids are numbers), the text otherwise.
Json IdValue(const std::string& id) {
  if (!id.empty() && id.size() < 18 && id.find_first_not_of("0123456789") == std::string::npos)
    return std::stoll(id);
  return id;
}

std::string TxIdOf(const Customer& customer) {
  if (auto it = customer.alt_ids.find("txId"); it != customer.alt_ids.end() && !it->second.empty())
    return it->second;
  if (customer.document) return customer.document->value();
  return wire::Digits(customer.raw_document);
}

Error ReadFailure(std::string_view what, const Envelope& e) {
  return Error::Unavailable("voalle " + std::string(what) + ": the ERP answered success:false")
      .WithDetail(wire::Snippet(e.codes + " " + e.messages));
}

}  // namespace

std::string DefaultAuthUrl(std::string_view api_base) {
  std::string base = wire::WithoutTrailingSlash(std::string(api_base));
  if (base.ends_with(":45715")) return base.substr(0, base.size() - 5) + "45700";
  return base;
}

Result<Envelope> ReadEnvelope(std::string_view body, std::string_view what) {
  auto j = wire::ParseJson(body, what);
  if (!j.ok()) return j.error();
  if (!j->is_object() || !j->contains("success")) {
    return Error::BadAnswer(std::string(what) + ": reply is not the Voalle envelope")
        .WithDetail(wire::Snippet(body));
  }
  Envelope e;
  e.success = wire::BoolField(*j, "success").value_or(false);
  if (j->contains("response") && !(*j)["response"].is_null()) {
    e.response = (*j)["response"];
  } else if (j->contains("data")) {
    e.response = (*j)["data"];  // a few endpoints carry `data` instead (traffic registration)
  }
  const Json& messages = j->contains("messages") ? (*j)["messages"] : Json();
  auto add = [&](const Json& m) {
    std::string text = m.is_string() ? m.get<std::string>() : Text(m, "message");
    std::string code = m.is_object() ? Text(m, "code") : "";
    if (!text.empty()) e.messages += (e.messages.empty() ? "" : " | ") + text;
    if (!code.empty()) e.codes += (e.codes.empty() ? "" : ",") + code;
  };
  if (messages.is_array()) {
    for (const Json& m : messages) add(m);
  } else if (!messages.is_null()) {
    add(messages);
  }
  return e;
}

bool MeansNothingFound(const Envelope& e) {
  std::string m = wire::Fold(e.messages);
  return Has(m, "nao encontrad") || Has(m, "nao possui titulos") || Has(m, "nenhum registro");
}

Customer MapPerson(const Json& p) {
  Customer c;
  c.erp_id = Text(p, "id");
  std::string tx = Text(p, "txId");
  if (!tx.empty()) c.alt_ids["txId"] = tx;
  c.raw_document = tx;
  if (auto d = Document::Parse(tx); d.ok()) {
    c.document = *d;
    c.person_type = d->is_cpf() ? PersonType::kIndividual : PersonType::kCompany;
  }
  c.name = wire::FirstText(p, {"name", "name2"});
  c.birth_date = wire::DateField(p, "birthDate");
  for (const char* key : {"cellPhone", "cellPhone1", "cellPhone2", "phone", "phone2"}) {
    std::string raw = Text(p, key);
    if (!raw.empty()) c.phones.push_back(wire::PhoneEntry(raw, key));
  }
  std::string email = Text(p, "email");
  if (!email.empty()) c.emails.push_back(email);
  if (p.contains("mainAddress") && p["mainAddress"].is_object()) {
    const Json& a = p["mainAddress"];
    std::string type = Text(a, "streetType"), street = Text(a, "street");
    c.address.street = type.empty() ? street : type + " " + street;
    c.address.number = Text(a, "number");
    c.address.complement = Text(a, "addressComplement");
    c.address.district = Text(a, "neighborhood");
    c.address.city = Text(a, "city");
    c.address.state = Text(a, "state");
    c.address.zip = wire::Digits(Text(a, "postalCode"));
  }
  return c;
}

ContractStatus MapContractStatus(const Json& contract) {
  const Json status =
      contract.is_object() && contract.contains("status") ? contract["status"] : Json();
  std::optional<long long> code;
  std::string label;
  if (status.is_object()) {
    code = wire::IntField(status, "value");
    if (!code) code = wire::IntField(status, "id");
    label = wire::FirstText(status, {"label", "description", "title"});
  } else {
    std::string text = wire::AsText(status);
    if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
      code = std::stoll(text);
    } else {
      label = text;
    }
  }
  if (label.empty()) label = wire::FirstText(contract, {"statusDescription", "statusLabel"});
  // The community table (erp-voalle.md §5, low confidence): 1 Normal, 2 Demonstração,
  // 3 Cortesia, 4 Cancelado, 5 Suspenso, 6 Bloqueio Financeiro, 7 Bloqueio Administrativo,
  // 9 Encerrado.
  if (code) {
    switch (*code) {
      case 1:
      case 2:
      case 3:
        return ContractStatus::kActive;
      case 4:
      case 9:
        return ContractStatus::kCanceled;
      case 5:
      case 7:
        return ContractStatus::kSuspended;
      case 6:
        return ContractStatus::kBlocked;
      default:
        return ContractStatus::kUnknown;
    }
  }
  std::string l = wire::Fold(label);
  if (Has(l, "aviso_bloqueio") || Has(l, "reduz")) return ContractStatus::kReduced;
  if (Has(l, "bloqueio financeiro")) return ContractStatus::kBlocked;
  if (Has(l, "administrativo") || Has(l, "suspens")) return ContractStatus::kSuspended;
  if (Has(l, "cancelad") || Has(l, "encerrad")) return ContractStatus::kCanceled;
  if (Has(l, "normal") || Has(l, "demonstra") || Has(l, "cortesia")) return ContractStatus::kActive;
  return ContractStatus::kUnknown;
}

Contract MapContract(const Json& c) {
  Contract k;
  k.unlock_key = Text(c, "contractNumber");
  k.erp_id = wire::FirstText(c, {"id", "contractId"});
  if (k.erp_id.empty()) k.erp_id = k.unlock_key;
  k.customer_erp_id = wire::FirstText(c, {"clientId", "personId"});
  k.plan_name = wire::FirstText(c, {"description", "planName", "serviceDescription"});
  k.status = MapContractStatus(c);
  const Json status = c.contains("status") ? c["status"] : Json();
  k.raw_status = "status=" + (status.is_object() ? wire::FirstText(status, {"value", "id"}) + " " +
                                                       wire::FirstText(status, {"label"})
                                                 : wire::AsText(status));
  k.online = OnlineState::kUnknown;  // only the access point's state exists (§5)
  return k;
}

Invoice MapTitle(const Json& t, Date today) {
  const Json& b = t.contains("billet") && t["billet"].is_object() ? t["billet"] : t;
  Invoice inv;
  inv.erp_id = Text(t, "id");
  inv.document_number = Text(b, "title");
  inv.issue_date = wire::DateField(b, "issueDate");
  inv.due_date = wire::DateField(b, "expirationDate").value_or(Date());
  if (b.contains("amount") && b["amount"].is_object()) {
    inv.amount = wire::MoneyField(b["amount"], "value").value_or(Money());
    inv.updated_amount = wire::MoneyField(b["amount"], "finalValue");
  } else {
    inv.amount = wire::MoneyField(b, "amount").value_or(Money());
  }
  // [CONFLICT] the status sits at the top (gettitlesbytxid) or inside `billet`: read either.
  std::string status =
      wire::Fold(Text(t, "status").empty() ? Text(b, "status") : Text(t, "status"));
  if (Has(status, "paga") || Has(status, "pago") || Has(status, "liquidad")) {
    inv.status = InvoiceStatus::kPaid;
  } else if (Has(status, "cancelad")) {
    inv.status = InvoiceStatus::kCanceled;
  } else {
    inv.status = InvoiceStatus::kOpen;
  }
  inv.overdue = (inv.status == InvoiceStatus::kOpen && Has(status, "vencid")) ||
                IsOverdue(inv.status, inv.due_date, today);
  for (const char* key : {"typefulLine", "barcode"}) {
    if (auto l = CheckLinha(Text(b, key), inv.due_date); l.ok()) {
      inv.linha_digitavel = l->linha;
      inv.barcode = l->barcode;
      break;
    }
  }
  if (auto p = CheckPix(Text(b, "pixQRCode")); p.ok()) inv.pix_copia_e_cola = *p;
  if (!inv.erp_id.empty()) inv.pdf = {PdfSource::Kind::kFetch, inv.erp_id};  // GetBillet/{id}
  inv.payment_link = Text(b, "link");
  return inv;
}

TrustUnlockResult MapUnlock(const Envelope& reply) {
  TrustUnlockResult out;
  out.erp_code = reply.codes;
  out.erp_message = reply.messages;
  out.granted = reply.success;
  if (out.granted) return out;  // the ERP applies its own number of days
  // Refusal texts are [UNKNOWN]; the simulator's guesses and the obvious Portuguese words.
  std::string m = wire::Fold(reply.messages);
  if (Has(m, "cancelad") || Has(m, "encerrad") || Has(m, "inativ") || Has(m, "suspens")) {
    out.refusal = Refusal::kContractInactive;
  } else if (Has(m, "ja utiliz") || Has(m, "limite") || Has(m, "atingi") || Has(m, "ultimos")) {
    out.refusal = Refusal::kLimitReached;
  } else if (Has(m, "nao esta bloquead") || Has(m, "nao necessari") || Has(m, "ja esta")) {
    out.refusal = Refusal::kAlreadyActive;
  } else if (Has(m, "nao encontrad")) {
    out.refusal = Refusal::kNotFound;
  } else {
    out.refusal = Refusal::kOther;
  }
  return out;
}

VoalleErp::VoalleErp(ConnectorConfig config, std::shared_ptr<http::HttpClient> http,
                     const Clock& clock)
    : config_(std::move(config)),
      http_(std::move(http)),
      clock_(clock),
      tokens_(clock, std::chrono::seconds(60)) {
  config_.base_url = wire::WithoutTrailingSlash(config_.base_url);
  auth_url_ = config_.auth_url.empty() ? DefaultAuthUrl(config_.base_url)
                                       : wire::WithoutTrailingSlash(config_.auth_url);
}

Capabilities VoalleErp::capabilities() const {
  Capabilities c;
  c.find_by_phone = false;  // no endpoint: atende asks for the CPF
  c.online_status = false;  // only the access point's state
  c.promise_to_pay = false;
  c.trust_unlock_days = false;  // contracts/unlock takes no days
  c.trust_unlock_refusal_reasons = true;
  c.payment_history = false;  // gettitlesbytxid says "Paga" but not when
  c.pdf = true;               // GetBillet/{id}
  return c;
}

Result<IssuedToken> VoalleErp::FetchToken() {
  http::ClientRequest req;
  req.method = http::Method::kPost;
  req.url = auth_url_ + "/connect/token";
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                 {"Accept", "application/json"}};
  req.body = http::FormEncode({{"grant_type", "client_credentials"},
                               {"scope", "syngw"},
                               {"client_id", config_.user},
                               {"client_secret", config_.token},
                               {"syndata", config_.syndata}});
  req.idempotent = true;  // asking for a token twice is harmless
  req.total_timeout = config_.timeout;
  auto resp = Send(*http_, req, kErp, "token");
  if (!resp.ok()) return resp.error();
  int s = resp->status;
  if (s == 400 || s == 401 || s == 403 || s == 422) {
    // IdentityServer's invalid_client / invalid_grant: credentials or syndata refused.
    return Error::Unauthorized("voalle token: credentials refused (HTTP " + std::to_string(s) + ")")
        .WithDetail(wire::Snippet(resp->body));
  }
  if (auto bad = CheckStatus(*resp, kErp, "token"); !bad.ok()) return bad.error();
  auto j = wire::ParseJson(resp->body, "voalle token");
  if (!j.ok()) return j.error();
  std::string token = Text(*j, "access_token");
  if (token.empty()) {
    return Error::BadAnswer("voalle token: reply without access_token")
        .WithDetail(wire::Snippet(resp->body));
  }
  auto lifetime = wire::IntField(*j, "expires_in").value_or(3600);
  return IssuedToken{token, std::chrono::seconds(std::clamp<long long>(lifetime, 60, 86400))};
}

Result<http::ClientResponse> VoalleErp::Exchange(http::Method method, const std::string& path,
                                                 const std::string& body, bool idempotent) {
  if (Status held = throttle_.Check(clock_.Now(), kErp); !held.ok()) return held.error();
  auto fetch = [this] { return FetchToken(); };
  auto token = tokens_.Get(fetch);
  for (int attempt = 0;; ++attempt) {
    if (!token.ok()) return token.error();
    http::ClientRequest req;
    req.method = method;
    req.url = config_.base_url + std::string(kApi) + path;
    req.headers = {{"Authorization", "Bearer " + *token}, {"Accept", "application/json"}};
    if (method != http::Method::kGet) req.headers.emplace_back("Content-Type", "application/json");
    req.body = body;
    req.idempotent = idempotent;
    req.total_timeout = config_.timeout;
    auto resp = Send(*http_, req, kErp, path);
    if (!resp.ok()) return resp.error();
    if (resp->status == 401 && attempt == 0) {
      token = tokens_.Renew(*token, fetch);  // expired early or revoked: once, never a loop
      continue;
    }
    if (resp->status == 401) {
      return Error::Unauthorized("voalle " + path + ": token refused twice")
          .WithDetail(wire::Snippet(resp->body));
    }
    throttle_.Note(*resp, clock_.Now());
    return resp;
  }
}

Result<Envelope> VoalleErp::Call(http::Method method, const std::string& path, const Json& body,
                                 bool idempotent) {
  auto resp = Exchange(method, path, body.is_null() ? std::string() : body.dump(), idempotent);
  if (!resp.ok()) return resp.error();
  std::string what = "voalle " + path;
  if (auto bad = CheckStatus(*resp, kErp, path); !bad.ok()) return bad.error();
  auto envelope = ReadEnvelope(resp->body, what);
  if (!resp->IsSuccess() && !envelope.ok()) {
    return Error::BadAnswer(what + ": HTTP " + std::to_string(resp->status))
        .WithDetail(wire::Snippet(resp->body));
  }
  return envelope;  // 2xx, or a 4xx that still carries the envelope (its messages say why)
}

Result<std::vector<Customer>> VoalleErp::FindCustomersByDocument(const Document& document) {
  std::string path = "people/txid/" + http::UrlEncode(document.value());
  auto r = Call(http::Method::kGet, path, Json(), true);
  if (!r.ok()) return r.error();
  std::vector<Customer> out;
  if (!r->success) {
    if (MeansNothingFound(*r)) return out;
    return ReadFailure(path, *r);
  }
  if (!r->response.is_object()) return out;  // response: null also reads as "no such person"
  Customer c = MapPerson(r->response);
  if (!c.alt_ids.contains("txId")) c.alt_ids["txId"] = document.value();
  if (!c.document) c.document = document;
  out.push_back(std::move(c));
  return out;
}

Result<std::vector<Customer>> VoalleErp::FindCustomersByPhone(const Phone&) {
  return Error::Refused("voalle: no phone lookup in the Voalle API (ask for the CPF/CNPJ)");
}

Result<std::vector<Json>> VoalleErp::Contracts(const std::string& tx_id,
                                               const std::string& number) {
  std::vector<Json> out;
  std::set<std::string> seen;
  for (int page = 1; page <= kMaxPages; ++page) {
    Json body = {{"txId", tx_id},
                 {"txIdType", tx_id.size() == 14 ? 1 : 2},  // 1 company (PJ), 2 individual (PF)
                 {"contractNumber", number},
                 {"onlyActiveContracts", false},  // blocked and canceled contracts too
                 {"page", page},
                 {"pageSize", kPageSize}};
    auto r = Call(http::Method::kPost, "contract/getpaged", body, /*idempotent=*/true);
    if (!r.ok()) return r.error();
    if (!r->success) {
      if (MeansNothingFound(*r)) break;
      return ReadFailure("contract/getpaged", *r);
    }
    const Json& paged = r->response;
    const Json* data = paged.is_array()                                     ? &paged
                       : paged.contains("data") && paged["data"].is_array() ? &paged["data"]
                                                                            : nullptr;
    if (data == nullptr || data->empty()) break;
    bool fresh = false;
    for (const Json& c : *data) {
      std::string key = wire::FirstText(c, {"id", "contractId", "contractNumber"});
      if (seen.insert(key).second) {
        out.push_back(c);
        fresh = true;
      }
    }
    auto pages = paged.is_object() ? wire::IntField(paged, "totalPages") : std::nullopt;
    // Stop at the last page, on a short page when the total is not given, or when a page
    // repeats (a server that ignores `page`).
    if (!fresh || (pages && page >= *pages) ||
        (!pages && data->size() < static_cast<size_t>(kPageSize))) {
      break;
    }
  }
  return out;
}

Result<std::vector<Contract>> VoalleErp::ListContracts(const Customer& customer) {
  std::string tx = TxIdOf(customer);
  auto listed = Contracts(tx, "");
  if (!listed.ok()) return listed.error();
  std::vector<Contract> out;
  for (const Json& c : *listed) {
    Contract k = MapContract(c);
    if (k.customer_erp_id.empty()) k.customer_erp_id = customer.erp_id;
    if (!customer.erp_id.empty() && k.customer_erp_id != customer.erp_id) continue;
    k.alt_ids["txId"] = tx;
    out.push_back(std::move(k));
  }
  for (Contract& k : out) k.alt_ids["contracts_of_customer"] = std::to_string(out.size());
  return out;
}

Result<std::vector<Json>> VoalleErp::Titles(const std::string& tx_id, bool open_only) {
  std::string path =
      std::string(open_only ? "getopentitlesbytxid/" : "gettitlesbytxid/") + http::UrlEncode(tx_id);
  auto r = Call(http::Method::kGet, path, Json(), true);
  if (!r.ok()) return r.error();
  std::vector<Json> out;
  if (!r->success) {
    if (MeansNothingFound(*r)) return out;  // "Cliente não possui títulos em aberto."
    return ReadFailure(path, *r);
  }
  const Json& list =
      r->response.is_object() && r->response.contains("data") ? r->response["data"] : r->response;
  if (list.is_array()) out.assign(list.begin(), list.end());
  return out;
}

Result<std::vector<Invoice>> VoalleErp::ListInvoices(const Contract& contract,
                                                     InvoiceFilter filter) {
  auto tx = contract.alt_ids.find("txId");
  if (tx == contract.alt_ids.end() || tx->second.empty()) {
    return Error::InvalidInput("voalle: a contract must come from ListContracts (it carries txId)");
  }
  auto titles = Titles(tx->second, filter == InvoiceFilter::kOpen);
  if (!titles.ok()) return titles.error();
  // Titles name no contract. With several contracts, the contract's own billets tell its open
  // titles apart; its paid or canceled titles cannot be told apart and are left out.
  std::optional<std::set<std::string>> own;
  auto count = contract.alt_ids.find("contracts_of_customer");
  if (count != contract.alt_ids.end() && count->second != "1" && count->second != "0") {
    std::string path = "getcontractbillets/" + http::UrlEncode(contract.erp_id);
    auto billets = Call(http::Method::kGet, path, Json(), true);
    if (!billets.ok()) return billets.error();
    if (!billets->success && !MeansNothingFound(*billets)) return ReadFailure(path, *billets);
    own.emplace();
    if (billets->response.is_array()) {
      for (const Json& b : billets->response) own->insert(Text(b, "id"));
    }
  }
  Date today = clock_.Today();
  std::vector<Invoice> out;
  for (const Json& t : *titles) {
    Invoice inv = MapTitle(t, today);
    if (filter == InvoiceFilter::kOpen && !inv.open()) continue;
    if (own && (!inv.open() || !own->contains(inv.erp_id))) continue;
    inv.contract_erp_id = contract.erp_id;
    out.push_back(std::move(inv));
  }
  SortByDueDate(out);
  return out;
}

Result<PaymentDocuments> VoalleErp::GetPaymentDocuments(const Contract&, const Invoice& invoice,
                                                        bool fetch_pdf) {
  PaymentDocuments docs = DocumentsOf(invoice);
  std::string id = http::UrlEncode(invoice.erp_id);

  if (docs.pix_copia_e_cola.empty()) {
    // A fresh BR Code for the title (registerpix), validated like any other.
    auto r = Call(http::Method::kPost, "billings/registerpix?receivableId=" + id, Json(),
                  /*idempotent=*/false);
    if (!r.ok()) {
      if (IsOutage(r.error())) return r.error();
      docs.dropped.push_back("registerpix: " + r.error().message);
    } else if (!r->success) {
      docs.dropped.push_back("registerpix refused: " + r->messages);
    } else if (auto p = CheckPix(Text(r->response, "qrCode")); p.ok()) {
      docs.pix_copia_e_cola = *p;
    } else if (p.error().kind != ErrorKind::kNotFound) {
      docs.dropped.push_back(p.error().message);
    }
  }

  if (fetch_pdf) {
    auto r = Exchange(http::Method::kGet, "GetBillet/" + id, "", true);
    if (!r.ok()) return r.error();
    if (r->IsSuccess() && r->body.starts_with("%PDF")) {
      docs.pdf_bytes = std::move(r->body);
    } else {
      docs.dropped.push_back("GetBillet did not return a PDF (HTTP " + std::to_string(r->status) +
                             ")");
      auto link = Call(http::Method::kGet, "GetBilletLink/" + id, Json(), true);
      if (link.ok() && link->success && docs.payment_link.empty())
        docs.payment_link = Text(link->response, "link");
    }
  }
  return docs;
}

Result<TrustUnlockResult> VoalleErp::TrustUnlock(const Contract& contract,
                                                 const TrustUnlockRequest&) {
  std::string number = contract.unlock_key.empty() ? contract.erp_id : contract.unlock_key;
  auto r = Call(http::Method::kPost, "contracts/unlock/" + http::UrlEncode(number), Json::object(),
                /*idempotent=*/false);
  if (!r.ok()) {
    // Never resent. A contract that was blocked and now reads active was released by this call.
    bool fate_unknown = WriteFateUnknown(r.error());
    auto tx = contract.alt_ids.find("txId");
    if (!fate_unknown || !contract.BlockedForDebt() || tx == contract.alt_ids.end())
      return r.error();
    auto now = Contracts(tx->second, number);
    if (!now.ok()) return r.error();
    for (const Json& c : *now) {
      Contract k = MapContract(c);
      if (k.unlock_key == number && k.status == ContractStatus::kActive) {
        TrustUnlockResult confirmed;
        confirmed.granted = true;
        confirmed.erp_message = "confirmed by re-reading the contract after: " + r.error().message;
        return confirmed;
      }
    }
    return r.error();
  }
  return MapUnlock(*r);
}

Result<PromiseResult> VoalleErp::PromiseToPay(const Contract&, Date) {
  return Error::Refused("voalle: no promise-to-pay operation in the Voalle API");
}

Result<TicketResult> VoalleErp::OpenTicket(const TicketRequest& request) {
  std::string description =
      request.subject.empty() ? request.text : request.subject + ": " + request.text;
  if (request.contact_phone)
    description += " (contato: " + request.contact_phone->Formatted() + ")";
  Json body = {{"description", description},
               {"clientId", IdValue(request.customer_erp_id)},
               {"contractId", IdValue(request.contract_erp_id)},
               {"contractServiceTagId", IdValue(config_.voalle_service_tag_id)},
               {"close", false}};
  auto r = Call(http::Method::kPost, "opensolicitation", body, /*idempotent=*/false);
  if (!r.ok()) return r.error();
  if (!r->success) {
    return Error::Refused("voalle opensolicitation: refused")
        .WithDetail(wire::Snippet(r->codes + " " + r->messages));
  }
  // The reply's shape is [UNKNOWN]: a protocol inside `response`, or `response` itself.
  TicketResult t;
  const Json& resp = r->response;
  t.protocol = resp.is_object() ? wire::FirstText(resp, {"protocol", "protocolo", "number"})
                                : wire::AsText(resp);
  t.erp_id = resp.is_object() ? wire::FirstText(resp, {"id", "solicitationId", "assignmentId"})
                              : t.protocol;
  return t;
}

Result<PaymentHistory> VoalleErp::GetPaymentHistory(const Contract& contract) {
  auto open = ListInvoices(contract, InvoiceFilter::kOpen);
  if (!open.ok()) return open.error();
  return HistoryOf(*open, contract.last_trust_unlock);
}

}  // namespace atende::erp::voalle
