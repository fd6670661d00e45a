#include "erp/mkauth/mkauth_erp.h"

#include <algorithm>
#include <map>

#include "erp/guarded_erp.h"
#include "erp/http_call.h"
#include "erp/payment_codes.h"
#include "erp/wire.h"

namespace atende::erp::mkauth {

using wire::Json;
using wire::Text;

namespace {

constexpr std::string_view kErp = "mkauth";

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string BaseUrl(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

CustomerPhone MakePhone(const std::string& raw, std::string kind) {
  CustomerPhone p;
  p.raw = raw;
  p.kind = std::move(kind);
  if (auto parsed = Phone::Parse(raw); parsed.ok()) p.phone = *parsed;
  return p;
}

// "Not found" in MK-Auth: the literal NULL, an empty body, or JSON null.
bool IsNullBody(std::string_view body) {
  std::string t = Trim(body);
  return t.empty() || t == "NULL" || t == "null";
}

}  // namespace

const Json& ClientFields(const Json& show) {
  if (show.is_object() && show.contains("dados_cliente") && show["dados_cliente"].is_object()) {
    return show["dados_cliente"];
  }
  return show;
}

namespace {
std::optional<Json> JwtPayload(std::string_view jwt) {
  size_t a = jwt.find('.');
  if (a == std::string_view::npos) return std::nullopt;
  size_t b = jwt.find('.', a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  std::string payload = wire::DecodeBase64(jwt.substr(a + 1, b - a - 1));
  Json j = Json::parse(payload, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}
}  // namespace

std::optional<int64_t> JwtExpiry(std::string_view jwt) {
  auto payload = JwtPayload(jwt);
  if (!payload) return std::nullopt;
  auto exp = wire::IntField(*payload, "exp");
  if (!exp) return std::nullopt;
  return *exp;
}

std::optional<std::chrono::seconds> JwtLifetime(std::string_view jwt) {
  auto payload = JwtPayload(jwt);
  if (!payload) return std::nullopt;
  auto exp = wire::IntField(*payload, "exp"), iat = wire::IntField(*payload, "iat");
  if (!exp || !iat) return std::nullopt;
  return std::chrono::seconds(*exp - *iat);
}

Customer MapCustomer(const Json& record) {
  const Json& r = ClientFields(record);
  Customer c;
  c.erp_id = Text(r, "login");
  std::string uuid = Text(r, "uuid_cliente");
  if (uuid.empty()) uuid = Text(r, "uuid");
  if (!uuid.empty()) c.alt_ids["uuid_cliente"] = uuid;
  c.raw_document = wire::FirstText(r, {"cpf_cnpj", "cpf"});
  if (auto d = Document::Parse(c.raw_document); d.ok()) {
    c.document = *d;
    c.person_type = d->is_cpf() ? PersonType::kIndividual : PersonType::kCompany;
  }
  c.name = Text(r, "nome");
  // The birth-date column name is not documented; these are the ones seen in sis_cliente dumps.
  for (const char* key : {"data_nascimento", "nascimento", "data_nasc"}) {
    if (auto d = wire::DateField(r, key)) {
      c.birth_date = d;
      break;
    }
  }
  for (const char* key : {"celular", "fone", "telefone", "celular2"}) {
    std::string raw = Text(r, key);
    if (!raw.empty()) c.phones.push_back(MakePhone(raw, key));
  }
  std::string email = Text(r, "email");
  if (!email.empty()) c.emails.push_back(email);
  c.address.street = Text(r, "endereco");
  c.address.number = Text(r, "numero");
  c.address.complement = Text(r, "complemento");
  c.address.district = Text(r, "bairro");
  c.address.city = Text(r, "cidade");
  c.address.state = Text(r, "estado");
  c.address.zip = wire::Digits(Text(r, "cep"));
  return c;
}

Contract MapContract(const Json& record, Date today) {
  const Json& r = ClientFields(record);
  Contract k;
  k.erp_id = Text(r, "login");
  k.customer_erp_id = k.erp_id;
  k.unlock_key = Text(r, "uuid_cliente");
  if (k.unlock_key.empty()) k.unlock_key = Text(r, "uuid");
  k.plan_name = Text(r, "plano");
  std::string bloqueado = Lower(Text(r, "bloqueado")), ativado = Lower(Text(r, "cli_ativado"));
  std::string observacao = Lower(Text(r, "observacao"));
  std::optional<Date> rem_obs = wire::DateField(r, "rem_obs");
  k.last_trust_unlock = wire::DateField(r, "data_desbloq");
  if (ativado == "n") {
    k.status = ContractStatus::kCanceled;
  } else if (bloqueado == "sim") {
    k.status = ContractStatus::kBlocked;  // blocked, reduced and suspended all read "sim" (§4.1)
  } else if (observacao == "sim" && rem_obs && *rem_obs >= today) {
    k.status = ContractStatus::kTrustUnlocked;
  } else if (bloqueado == "nao" || bloqueado == "não") {
    k.status = ContractStatus::kActive;
  } else {
    k.status = ContractStatus::kUnknown;
  }
  k.raw_status = "bloqueado=" + Text(r, "bloqueado") + " cli_ativado=" + Text(r, "cli_ativado");
  if (observacao == "sim") k.raw_status += " observacao=sim rem_obs=" + Text(r, "rem_obs");
  k.online = OnlineState::kUnknown;  // not exposed; `bloqueado` is no proxy for it
  return k;
}

Invoice MapTitulo(const Json& t, Date today, const std::string& base_url) {
  Invoice inv;
  inv.erp_id = wire::FirstText(t, {"uuid_lanc", "uuid"});
  inv.document_number = Text(t, "titulo");
  inv.contract_erp_id = Text(t, "login");
  inv.due_date = wire::DateField(t, "datavenc").value_or(Date());
  inv.amount = wire::MoneyField(t, "valor").value_or(Money());
  std::string status = Lower(Text(t, "status"));
  inv.status = status == "pago" ? InvoiceStatus::kPaid : InvoiceStatus::kOpen;
  inv.overdue = status == "vencido" || IsOverdue(inv.status, inv.due_date, today);
  inv.paid_date = wire::DateField(t, "datapag");
  inv.paid_amount = wire::MoneyField(t, "valorpag");
  if (auto l = CheckLinha(Text(t, "linhadig"), inv.due_date); l.ok()) {
    inv.linha_digitavel = l->linha;
    inv.barcode = l->barcode;
  }
  if (auto p = CheckPix(wire::FirstText(t, {"pix", "qrcode"})); p.ok()) inv.pix_copia_e_cola = *p;
  std::string titulo = Text(t, "titulo");
  // The only boleto MK-Auth offers is a public HTML page; atende links to it and never renders it.
  if (!titulo.empty())
    inv.payment_link = base_url + "/boleto/21boleto.php?titulo=" + http::UrlEncode(titulo);
  std::string url = Text(t, "url");
  if (!url.empty()) inv.pdf = {PdfSource::Kind::kUrl, url};
  return inv;
}

MkAuthErp::MkAuthErp(ConnectorConfig config, std::shared_ptr<http::HttpClient> http,
                     const Clock& clock)
    : config_(std::move(config)), http_(std::move(http)), clock_(clock) {
  config_.base_url = BaseUrl(config_.base_url);
}

Capabilities MkAuthErp::capabilities() const {
  Capabilities c;
  c.find_by_phone = true;  // through `listar/celular=`, an inferred filter
  c.online_status = false;
  c.promise_to_pay = false;
  c.trust_unlock_days = false;
  c.trust_unlock_refusal_reasons = false;
  c.payment_history = false;  // only open titles have a documented listing
  c.pdf = false;              // an HTML boleto page, linked as payment_link
  return c;
}

int MkAuthErp::token_requests() const {
  std::lock_guard lock(mu_);
  return token_requests_;
}

Result<std::string> MkAuthErp::Token(bool force_refresh) {
  std::lock_guard lock(mu_);
  if (!force_refresh && !token_.empty() && clock_.Now() < token_refresh_at_) return token_;
  ++token_requests_;
  http::ClientRequest req;
  req.method = http::Method::kGet;
  req.url = config_.base_url + "/api/";
  req.headers = {{"Authorization", http::BasicAuthorization(config_.user, config_.token)}};
  req.total_timeout = config_.timeout;
  auto resp = Send(*http_, req, kErp, "token");
  if (!resp.ok()) return resp.error();
  if (auto s = CheckStatus(*resp, kErp, "token"); !s.ok()) return s.error();
  if (!resp->IsSuccess()) {
    return Error::Unauthorized("mkauth token: HTTP " + std::to_string(resp->status))
        .WithDetail(wire::Snippet(resp->body));
  }
  std::string jwt = Trim(resp->body);
  if (jwt.size() >= 2 && jwt.front() == '"' && jwt.back() == '"')
    jwt = jwt.substr(1, jwt.size() - 2);
  auto exp = JwtExpiry(jwt);
  if (!exp) {
    return Error::BadAnswer("mkauth token: reply is not a JWT")
        .WithDetail(wire::Snippet(resp->body));
  }
  token_ = jwt;
  // Refresh 60 s before expiry (lifetime by the server's clock); never trust a lifetime longer than
  // the documented 600 s.
  auto lifetime = JwtLifetime(jwt).value_or(
      std::chrono::seconds(*exp) -
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()));
  lifetime = std::clamp(lifetime, std::chrono::seconds(60), std::chrono::seconds(600));
  token_refresh_at_ = clock_.Now() + lifetime - std::chrono::seconds(60);
  return token_;
}

Result<std::optional<Json>> MkAuthErp::Call(http::Method method, const std::string& path,
                                            const std::string& body, bool idempotent) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto token = Token(/*force_refresh=*/attempt > 0);
    if (!token.ok()) return token.error();
    http::ClientRequest req;
    req.method = method;
    req.url = config_.base_url + path;
    req.headers = {{"Authorization", "Bearer " + *token}, {"Accept", "application/json"}};
    if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
    req.body = body;
    req.idempotent = idempotent;
    req.total_timeout = config_.timeout;
    auto resp = Send(*http_, req, kErp, path);
    if (!resp.ok()) return resp.error();
    if (resp->status == 401 && attempt == 0)
      continue;  // expired or revoked JWT: authenticate once more
    if (auto s = CheckStatus(*resp, kErp, path); !s.ok()) return s.error();
    if (IsNullBody(resp->body)) return std::optional<Json>();
    Json j = Json::parse(resp->body, nullptr, false);
    if (j.is_discarded() || !(j.is_object() || j.is_array())) {
      // PHP warnings or an HTML error page with HTTP 200.
      return Error::Unavailable("mkauth " + path + ": error text instead of JSON")
          .WithDetail(wire::Snippet(resp->body));
    }
    return std::optional<Json>(std::move(j));
  }
  return Error::Unauthorized("mkauth " + path + ": token refused twice");
}

Result<std::vector<Customer>> MkAuthErp::Listar(const std::string& filter) {
  auto r = Call(http::Method::kGet, "/api/cliente/listar/" + filter, "", true);
  if (!r.ok()) return r.error();
  std::vector<Customer> out;
  if (!r->has_value()) return out;
  const Json& j = **r;
  const Json* list = nullptr;
  if (j.is_array()) {
    list = &j;
  } else if (j.contains("clientes") && j["clientes"].is_array()) {
    list = &j["clientes"];
  }
  if (list == nullptr) return out;
  for (const Json& rec : *list) {
    Customer c = MapCustomer(rec);
    if (!c.alt_ids.contains("uuid_cliente") && !c.erp_id.empty()) {
      auto detail = Show(c.erp_id);
      if (!detail.ok()) return detail.error();
      if (detail->has_value()) c = MapCustomer(**detail);
    }
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::optional<Json>> MkAuthErp::Show(const std::string& key) {
  return Call(http::Method::kGet, "/api/cliente/show/" + http::UrlEncode(key), "", true);
}

Result<std::vector<Customer>> MkAuthErp::FindCustomersByDocument(const Document& document) {
  return Listar("cpf_cnpj=" + document.value());
}

Result<std::vector<Customer>> MkAuthErp::FindCustomersByPhone(const Phone& phone) {
  std::string digits = wire::Digits(phone.e164());
  std::string national = phone.is_brazilian() && digits.size() > 2 ? digits.substr(2) : digits;
  auto found = Listar("celular=" + national);
  if (!found.ok()) return found.error();
  std::vector<Customer> out;
  for (Customer& c : *found) {
    if (c.phones.empty() || c.HasPhone(phone)) out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<Contract>> MkAuthErp::ListContracts(const Customer& customer) {
  auto r = Show(customer.erp_id);
  if (!r.ok()) return r.error();
  std::vector<Contract> out;
  if (!r->has_value()) return out;
  out.push_back(MapContract(**r, clock_.Today()));
  if (out.back().erp_id.empty()) out.back().erp_id = out.back().customer_erp_id = customer.erp_id;
  if (out.back().unlock_key.empty() && customer.alt_ids.contains("uuid_cliente")) {
    out.back().unlock_key = customer.alt_ids.at("uuid_cliente");
  }
  return out;
}

Result<std::vector<Invoice>> MkAuthErp::ListInvoices(const Contract& contract,
                                                     InvoiceFilter filter) {
  auto r =
      Call(http::Method::kGet, "/api/titulo/aberto/" + http::UrlEncode(contract.erp_id), "", true);
  if (!r.ok()) return r.error();
  std::vector<Invoice> out;
  if (!r->has_value()) return out;
  const Json& j = **r;
  const Json* list =
      j.is_array() ? &j
                   : (j.contains("titulos") && j["titulos"].is_array() ? &j["titulos"] : nullptr);
  if (list == nullptr) return out;
  Date today = clock_.Today();
  for (const Json& t : *list) {
    Invoice inv = MapTitulo(t, today, config_.base_url);
    if (inv.contract_erp_id.empty()) inv.contract_erp_id = contract.erp_id;
    if (filter == InvoiceFilter::kOpen && !inv.open()) continue;
    out.push_back(std::move(inv));
  }
  SortByDueDate(out);
  return out;
}

Result<PaymentDocuments> MkAuthErp::GetPaymentDocuments(const Contract&, const Invoice& invoice,
                                                        bool) {
  PaymentDocuments docs = DocumentsOf(invoice);
  if (!docs.linha_digitavel.empty() && !docs.pix_copia_e_cola.empty()) return docs;
  auto r =
      Call(http::Method::kGet, "/api/titulo/show/" + http::UrlEncode(invoice.erp_id), "", true);
  if (!r.ok()) return r.error();
  if (!r->has_value()) return docs;
  Invoice fresh = MapTitulo(**r, clock_.Today(), config_.base_url);
  if (docs.linha_digitavel.empty()) {
    docs.linha_digitavel = fresh.linha_digitavel;
    docs.barcode = fresh.barcode;
    if (fresh.linha_digitavel.empty() && !Text(**r, "linhadig").empty()) {
      docs.dropped.push_back("linhadig rejected: " + Text(**r, "linhadig"));
    }
  }
  if (docs.pix_copia_e_cola.empty()) docs.pix_copia_e_cola = fresh.pix_copia_e_cola;
  if (docs.payment_link.empty()) docs.payment_link = fresh.payment_link;
  if (docs.pdf_url.empty() && fresh.pdf.kind == PdfSource::Kind::kUrl)
    docs.pdf_url = fresh.pdf.value;
  return docs;
}

Result<TrustUnlockResult> MkAuthErp::TrustUnlock(const Contract& contract,
                                                 const TrustUnlockRequest&) {
  // MK-Auth grants blindly and explains nothing: read the state first and refuse what is not
  // blocked.
  auto before = Show(contract.erp_id);
  if (!before.ok()) return before.error();
  TrustUnlockResult out;
  if (!before->has_value()) {
    out.refusal = Refusal::kNotFound;
    out.erp_message = "NULL";
    return out;
  }
  Contract now = MapContract(**before, clock_.Today());
  if (now.status == ContractStatus::kCanceled) {
    out.refusal = Refusal::kContractInactive;
    out.erp_message = now.raw_status;
    return out;
  }
  if (now.status != ContractStatus::kBlocked) {
    out.refusal =
        Refusal::kAlreadyActive;  // not blocked, or already in a trust unlock ("em observação")
    out.erp_message = now.raw_status;
    return out;
  }
  std::string uuid = now.unlock_key.empty() ? contract.unlock_key : now.unlock_key;
  if (uuid.empty()) return Error::BadAnswer("mkauth: customer without uuid_cliente");
  auto r = Call(http::Method::kGet, "/api/cliente/desbloqueio/" + http::UrlEncode(uuid), "",
                /*idempotent=*/false);
  bool fate_unknown = !r.ok() && WriteFateUnknown(r.error());
  if (!r.ok() && !fate_unknown) return r.error();
  if (fate_unknown) {
    // Never resent: the state read below decides whether it happened.
    out.erp_message = "confirmed by re-reading the customer after: " + r.error().message;
  } else if (r->has_value()) {
    out.erp_message = wire::FirstText(**r, {"mensagem", "msg", "message", "status"});
  }
  // Judge by the state afterwards, not by the (undocumented) reply.
  auto after = Show(contract.erp_id);
  if (!after.ok()) return fate_unknown ? r.error() : after.error();
  if (!after->has_value()) return Error::BadAnswer("mkauth: customer vanished after desbloqueio");
  const Json& fields = ClientFields(**after);
  Contract unlocked = MapContract(**after, clock_.Today());
  out.granted = Lower(Text(fields, "bloqueado")) != "sim";
  if (!out.granted && fate_unknown) return r.error();
  if (!out.granted) {
    out.refusal = Refusal::kOther;
    out.erp_message += (out.erp_message.empty() ? "" : " ") + unlocked.raw_status;
    return out;
  }
  if (auto until = wire::DateField(fields, "rem_obs")) {
    out.until = until;
    out.days = *until - clock_.Today();
  }
  return out;
}

Result<PromiseResult> MkAuthErp::PromiseToPay(const Contract&, Date) {
  return Error::Refused("mkauth: no promise-to-pay operation in the MK-Auth API");
}

Result<TicketResult> MkAuthErp::OpenTicket(const TicketRequest& request) {
  Json body = {{"login", request.contract_erp_id.empty() ? request.customer_erp_id
                                                         : request.contract_erp_id},
               {"assunto", request.subject},
               {"prioridade", "normal"},
               {"msg", request.text}};
  if (request.contact_phone) body["fone"] = request.contact_phone->Formatted();
  auto r = Call(http::Method::kPost, "/api/chamado/inserir", body.dump(), /*idempotent=*/false);
  if (!r.ok()) return r.error();
  if (!r->has_value()) return Error::Refused("mkauth chamado/inserir: refused (NULL)");
  const Json& j = **r;
  std::string status = Lower(Text(j, "status"));
  if (status == "erro" || status == "error") {
    return Error::Refused("mkauth chamado/inserir: refused")
        .WithDetail(wire::FirstText(j, {"mensagem", "msg", "message"}));
  }
  TicketResult t;
  t.erp_id = wire::FirstText(j, {"ticket_id", "id", "chamado", "id_chamado"});
  t.protocol = wire::FirstText(j, {"protocolo", "ticket_id", "chamado", "id"});
  return t;
}

Result<PaymentHistory> MkAuthErp::GetPaymentHistory(const Contract& contract) {
  auto open = ListInvoices(contract, InvoiceFilter::kOpen);
  if (!open.ok()) return open.error();
  return HistoryOf(*open, contract.last_trust_unlock);
}

}  // namespace atende::erp::mkauth
