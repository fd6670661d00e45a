#include "erp/hubsoft/hubsoft_erp.h"

#include <algorithm>
#include <set>

#include "erp/guarded_erp.h"
#include "erp/payment_codes.h"
#include "erp/wire.h"

namespace atende::erp::hubsoft {

using wire::Json;
using wire::Text;

namespace {

constexpr std::string_view kErp = "hubsoft";
constexpr std::string_view kApi = "/api/v1/integracao/";
constexpr int kInvoicePage = 50;  // HubSoft's maximum for financeiro
constexpr int kMaxPages = 100;

bool Has(const std::string& folded, std::string_view needle) {
  return folded.find(needle) != std::string::npos;
}

// DDD + number, as HubSoft stores and takes phones ("37988242968").
std::string National(const Phone& phone) {
  std::string digits = wire::Digits(phone.e164());
  return phone.is_brazilian() && digits.size() > 2 ? digits.substr(2) : digits;
}

// The same mobile line written the other way (with or without the ninth digit); "" for others.
std::string OtherForm(const Phone& phone) {
  if (!phone.is_brazilian() || !phone.is_mobile()) return {};
  std::string with = National(phone.WithNinthDigit());
  std::string given = National(phone);
  if (given != with) return with;
  return with.size() == 11 ? with.substr(0, 2) + with.substr(3) : std::string();
}

Address MapAddress(const Json& a) {
  Address out;
  std::string type = Text(a, "logradouro"), street = Text(a, "endereco");
  out.street = type.empty() ? street : street.empty() ? type : type + " " + street;
  out.number = Text(a, "numero");
  out.complement = Text(a, "complemento");
  out.district = Text(a, "bairro");
  out.city = Text(a, "cidade");
  out.state = Text(a, "estado");  // the abbreviation; `uf` holds the full name (sic)
  out.zip = wire::Digits(Text(a, "cep"));
  return out;
}

// "… até a data 26/11/2018": the last dd/mm/yyyy of the text.
std::optional<Date> LastBrDate(const std::string& text) {
  for (size_t i = text.size(); i >= 10; --i) {
    std::string_view candidate(text.data() + i - 10, 10);
    if (candidate[2] != '/' || candidate[5] != '/') continue;
    auto d = Date::ParseErp(candidate);
    if (d.ok() && d->has_value()) return **d;
  }
  return std::nullopt;
}

}  // namespace

bool IsError(const Json& reply) { return wire::Fold(Text(reply, "status")) == "error"; }

std::string ErrorText(const Json& reply) {
  std::string out = Text(reply, "msg");
  if (reply.contains("errors") && reply["errors"].is_array()) {
    for (const Json& e : reply["errors"]) {
      std::string t = wire::AsText(e);
      if (!t.empty()) out += (out.empty() ? "" : " | ") + t;
    }
  }
  return out;
}

ContractStatus MapStatusPrefix(std::string_view prefix) {
  std::string p = wire::Fold(prefix);
  if (p == "servico_habilitado") return ContractStatus::kActive;
  if (p == "suspenso_debito") return ContractStatus::kBlocked;
  if (p == "suspenso_parcialmente") return ContractStatus::kReduced;
  if (p == "suspenso_pedido_cliente") return ContractStatus::kSuspended;
  if (p == "cancelado" || p == "inativo") return ContractStatus::kCanceled;
  if (p.starts_with("aguardando_") && p != "aguardando_migracao") return ContractStatus::kPending;
  if (p == "agendado_para_instalacao") return ContractStatus::kPending;
  return ContractStatus::kUnknown;  // franquia_excedida, aguardando_migracao, new prefixes
}

Customer MapCliente(const Json& c) {
  Customer out;
  out.erp_id = Text(c, "id_cliente");
  std::string code = Text(c, "codigo_cliente");
  if (!code.empty()) out.alt_ids["codigo_cliente"] = code;
  out.raw_document = Text(c, "cpf_cnpj");
  if (auto d = Document::Parse(out.raw_document); d.ok()) out.document = *d;
  std::string type = wire::Fold(Text(c, "tipo_pessoa"));
  out.person_type = type == "pj"                              ? PersonType::kCompany
                    : type == "pf"                            ? PersonType::kIndividual
                    : out.document && !out.document->is_cpf() ? PersonType::kCompany
                                                              : PersonType::kIndividual;
  out.name = wire::FirstText(c, {"nome_razaosocial", "nome_fantasia"});
  // The official spelling is `data_nascmento` (sic); the correct one is read too.
  out.birth_date = wire::DateField(c, "data_nascmento");
  if (!out.birth_date) out.birth_date = wire::DateField(c, "data_nascimento");
  for (const char* key : {"telefone_primario", "telefone_secundario", "telefone_terciario"}) {
    std::string raw = Text(c, key);
    bool seen = std::any_of(out.phones.begin(), out.phones.end(),
                            [&](const CustomerPhone& p) { return p.raw == raw; });
    if (!raw.empty() && !seen) out.phones.push_back(wire::PhoneEntry(raw, key));
  }
  for (const char* key : {"email_principal", "email_secundario"}) {
    std::string email = Text(c, key);
    if (!email.empty()) out.emails.push_back(email);
  }
  if (c.contains("servicos") && c["servicos"].is_array() && !c["servicos"].empty()) {
    const Json& s = c["servicos"][0];
    for (const char* key : {"endereco_cadastral", "endereco_instalacao"}) {
      if (s.contains(key) && s[key].is_object()) {
        out.address = MapAddress(s[key]);
        if (!out.address.empty()) break;
      }
    }
  }
  return out;
}

std::vector<Contract> MapServicos(const Json& c) {
  std::vector<Contract> out;
  if (!c.contains("servicos") || !c["servicos"].is_array()) return out;
  for (const Json& s : c["servicos"]) {
    Contract k;
    k.erp_id = k.unlock_key = Text(s, "id_cliente_servico");
    k.customer_erp_id = Text(c, "id_cliente");
    k.plan_name = Text(s, "nome");
    std::string prefix = Text(s, "status_prefixo");
    k.status = MapStatusPrefix(prefix);
    k.raw_status = prefix + " (" + Text(s, "status") + ")";
    if (s.contains("ultima_conexao") && s["ultima_conexao"].is_object()) {
      // From RADIUS accounting: HubSoft warns it may be inaccurate (§5).
      auto connected = wire::BoolField(s["ultima_conexao"], "conectado");
      if (connected) k.online = *connected ? OnlineState::kOnline : OnlineState::kOffline;
    }
    if (s.contains("endereco_instalacao") && s["endereco_instalacao"].is_object()) {
      Address a = MapAddress(s["endereco_instalacao"]);
      if (!a.empty()) k.address = a;
    }
    // senha and senhas[] are never read.
    out.push_back(std::move(k));
  }
  return out;
}

Invoice MapFatura(const Json& f, Date today) {
  Invoice inv;
  inv.erp_id = Text(f, "id_fatura");
  inv.document_number = Text(f, "nosso_numero");
  if (f.contains("cliente") && f["cliente"].is_object() && f["cliente"].contains("servico")) {
    inv.contract_erp_id = Text(f["cliente"]["servico"], "id_cliente_servico");
  }
  inv.issue_date = wire::DateField(f, "data_cadastro");
  inv.due_date = wire::DateField(f, "data_vencimento").value_or(Date());
  inv.amount = wire::MoneyField(f, "valor").value_or(Money());
  // No status field: paid is a payment date (§6); canceled invoices are not listed [INFERRED].
  inv.paid_date = wire::DateField(f, "data_pagamento");
  inv.status = inv.paid_date ? InvoiceStatus::kPaid : InvoiceStatus::kOpen;
  if (inv.paid_date) inv.paid_amount = wire::MoneyField(f, "valor_pago");
  inv.overdue = IsOverdue(inv.status, inv.due_date, today);
  for (const char* key : {"linha_digitavel", "codigo_barras"}) {
    if (auto l = CheckLinha(Text(f, key), inv.due_date); l.ok()) {
      inv.linha_digitavel = l->linha;
      inv.barcode = l->barcode;
      break;
    }
  }
  if (auto p = CheckPix(Text(f, "pix_copia_cola")); p.ok()) inv.pix_copia_e_cola = *p;
  std::string link = Text(f, "link");
  if (!link.empty()) inv.pdf = {PdfSource::Kind::kUrl, link};
  return inv;
}

TrustUnlockResult MapDesbloqueio(const Json& reply, Date today) {
  TrustUnlockResult out;
  out.erp_code = Text(reply, "status");
  out.erp_message = ErrorText(reply);
  out.granted = !IsError(reply);
  if (out.granted) {
    out.until = LastBrDate(Text(reply, "msg"));
    if (out.until) out.days = *out.until - today;
    return out;
  }
  // Refusal texts are [UNKNOWN]: the simulator's guesses and the obvious Portuguese words.
  std::string m = wire::Fold(out.erp_message);
  if (Has(m, "cancelad") || Has(m, "inativ") || Has(m, "pedido do cliente")) {
    out.refusal = Refusal::kContractInactive;
  } else if (Has(m, "excede") || Has(m, "maximo")) {
    out.refusal = Refusal::kNotAllowed;  // more days than the ISP allows
  } else if (Has(m, "ja foi utilizado") || Has(m, "limite") || Has(m, "ultimos")) {
    out.refusal = Refusal::kLimitReached;
  } else if (Has(m, "nao esta suspenso") || Has(m, "habilitado") || Has(m, "nao necessari")) {
    out.refusal = Refusal::kAlreadyActive;
  } else if (Has(m, "nao encontrad")) {
    out.refusal = Refusal::kNotFound;
  } else {
    out.refusal = Refusal::kOther;
  }
  return out;
}

TicketResult MapAtendimento(const Json& reply) {
  TicketResult t;
  const Json& a = reply.contains("atendimento") && reply["atendimento"].is_object()
                      ? reply["atendimento"]
                      : reply;
  t.protocol = Text(a, "protocolo");
  t.erp_id = Text(a, "id_atendimento");
  if (a.contains("ordens_servico") && a["ordens_servico"].is_array() &&
      !a["ordens_servico"].empty()) {
    t.service_order_id = Text(a["ordens_servico"][0], "id_ordem_servico");
  }
  if (t.protocol.empty()) {
    // "… Anote o protocolo: 201811161058216. …"
    std::string msg = Text(reply, "msg");
    size_t at = msg.find("protocolo:");
    if (at != std::string::npos) t.protocol = wire::Digits(msg.substr(at, 40));
  }
  return t;
}

HubsoftErp::HubsoftErp(ConnectorConfig config, std::shared_ptr<http::HttpClient> http,
                       const Clock& clock)
    : config_(std::move(config)),
      http_(std::move(http)),
      clock_(clock),
      tokens_(clock, std::chrono::hours(24)) {
  config_.base_url = wire::WithoutTrailingSlash(config_.base_url);
}

Capabilities HubsoftErp::capabilities() const {
  Capabilities c;
  c.find_by_phone = true;  // busca=telefone
  c.online_status = true;  // ultima_conexao.conectado
  c.promise_to_pay = false;
  c.trust_unlock_days = true;  // dias_desbloqueio, checked by the ERP against its maximum
  c.trust_unlock_refusal_reasons = true;
  c.payment_history = true;  // apenas_pendente=nao, with data_pagamento
  c.pdf = true;              // faturas[].link
  return c;
}

Result<IssuedToken> HubsoftErp::FetchToken() {
  http::ClientRequest req;
  req.method = http::Method::kPost;
  req.url = config_.base_url + "/oauth/token";
  req.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  req.body = Json({{"grant_type", "password"},
                   {"client_id", config_.user},
                   {"client_secret", config_.token},
                   {"username", config_.username},
                   {"password", config_.password}})
                 .dump();
  req.idempotent = true;
  req.total_timeout = config_.timeout;
  auto resp = Send(*http_, req, kErp, "token");
  if (!resp.ok()) return resp.error();
  int s = resp->status;
  if (s == 400 || s == 401 || s == 403) {
    return Error::Unauthorized("hubsoft token: credentials refused (HTTP " + std::to_string(s) +
                               ")")
        .WithDetail(wire::Snippet(resp->body));
  }
  if (auto bad = CheckStatus(*resp, kErp, "token"); !bad.ok()) return bad.error();
  auto j = wire::ParseJson(resp->body, "hubsoft token");
  if (!j.ok()) return j.error();
  std::string token = Text(*j, "access_token");
  if (token.empty()) {
    return Error::BadAnswer("hubsoft token: reply without access_token")
        .WithDetail(wire::Snippet(resp->body));
  }
  auto lifetime = wire::IntField(*j, "expires_in").value_or(2592000);
  return IssuedToken{token, std::chrono::seconds(std::clamp<long long>(lifetime, 60, 31536000))};
}

Result<Json> HubsoftErp::Call(http::Method method, const std::string& path, const Query& query,
                              const Json& body, bool idempotent) {
  if (Status held = throttle_.Check(clock_.Now(), kErp); !held.ok()) return held.error();
  auto fetch = [this] { return FetchToken(); };
  auto token = tokens_.Get(fetch);
  std::string what = "hubsoft " + path;
  for (int attempt = 0;; ++attempt) {
    if (!token.ok()) return token.error();
    http::ClientRequest req;
    req.method = method;
    req.url = config_.base_url + std::string(kApi) + path;
    if (!query.empty()) req.url += "?" + http::FormEncode(query);
    req.headers = {{"Authorization", "Bearer " + *token}, {"Accept", "application/json"}};
    if (!body.is_null()) {
      req.headers.emplace_back("Content-Type", "application/json");
      req.body = body.dump();
    }
    req.idempotent = idempotent;
    req.total_timeout = config_.timeout;
    auto resp = Send(*http_, req, kErp, path);
    if (!resp.ok()) return resp.error();
    if (resp->status == 401 && attempt == 0) {
      token = tokens_.Renew(*token, fetch);  // revoked (admin, upgrade): once, never a loop
      continue;
    }
    if (resp->status == 401) {
      return Error::Unauthorized(what + ": token refused twice")
          .WithDetail(wire::Snippet(resp->body));
    }
    throttle_.Note(*resp, clock_.Now());
    if (auto bad = CheckStatus(*resp, kErp, path); !bad.ok()) return bad.error();
    auto j = wire::ParseJson(resp->body, what);
    if (!j.ok()) return j.error();
    if (!j->is_object()) {
      return Error::BadAnswer(what + ": reply is not an object")
          .WithDetail(wire::Snippet(resp->body));
    }
    if (!resp->IsSuccess() && !IsError(*j)) {
      return Error::BadAnswer(what + ": HTTP " + std::to_string(resp->status))
          .WithDetail(wire::Snippet(resp->body));
    }
    return j;
  }
}

Result<std::vector<Json>> HubsoftErp::Clientes(const std::string& busca, const std::string& termo) {
  Query query = {{"busca", busca},     {"termo_busca", termo}, {"limit", "100"},
                 {"inativo", "todos"}, {"cancelado", "sim"},   {"ultima_conexao", "sim"}};
  auto r = Call(http::Method::kGet, "cliente", query, Json(), true);
  if (!r.ok()) return r.error();
  if (IsError(*r)) {
    return Error::Unavailable("hubsoft cliente: the ERP answered status error")
        .WithDetail(wire::Snippet(ErrorText(*r)));
  }
  std::vector<Json> out;
  if (r->contains("clientes") && (*r)["clientes"].is_array()) {
    out.assign((*r)["clientes"].begin(), (*r)["clientes"].end());
  }
  return out;
}

Result<std::vector<Customer>> HubsoftErp::FindCustomersByDocument(const Document& document) {
  auto found = Clientes("cpf_cnpj", document.value());
  if (!found.ok()) return found.error();
  std::vector<Customer> out;
  for (const Json& c : *found) {
    Customer customer = MapCliente(c);
    // The search may match loosely; the stored document decides.
    if (customer.document && !(*customer.document == document)) continue;
    out.push_back(std::move(customer));
  }
  return out;
}

Result<std::vector<Customer>> HubsoftErp::FindCustomersByPhone(const Phone& phone) {
  std::vector<Customer> out;
  for (const std::string& term : {National(phone), OtherForm(phone)}) {
    if (term.empty()) continue;
    auto found = Clientes("telefone", term);
    if (!found.ok()) return found.error();
    for (const Json& c : *found) {
      Customer customer = MapCliente(c);
      if (!customer.phones.empty() && !customer.HasPhone(phone)) continue;
      out.push_back(std::move(customer));
    }
    if (!out.empty()) break;
  }
  return out;
}

Result<std::vector<Contract>> HubsoftErp::ListContracts(const Customer& customer) {
  Result<std::vector<Json>> found = std::vector<Json>();
  if (auto code = customer.alt_ids.find("codigo_cliente"); code != customer.alt_ids.end()) {
    found = Clientes("codigo_cliente", code->second);
  } else if (customer.document) {
    found = Clientes("cpf_cnpj", customer.document->value());
  } else {
    return Error::InvalidInput("hubsoft: a customer needs codigo_cliente or a document");
  }
  if (!found.ok()) return found.error();
  std::vector<Contract> out;
  for (const Json& c : *found) {
    if (!customer.erp_id.empty() && Text(c, "id_cliente") != customer.erp_id) continue;
    for (Contract& k : MapServicos(c)) out.push_back(std::move(k));
  }
  return out;
}

Result<std::vector<Json>> HubsoftErp::Faturas(const std::string& service_id, bool pending_only) {
  std::vector<Json> out;
  std::set<std::string> seen;
  std::string from;  // no offset in HubSoft: the next page starts at the last due date seen
  for (int page = 0; page < kMaxPages; ++page) {
    Query query = {{"busca", "id_cliente_servico"},
                   {"termo_busca", service_id},
                   {"apenas_pendente", pending_only ? "sim" : "nao"},
                   {"limit", std::to_string(kInvoicePage)},
                   {"order_by", "data_vencimento"},
                   {"order_type", "asc"}};
    if (!from.empty()) {
      query.push_back({"tipo_data", "data_vencimento"});
      query.push_back({"data_inicio", from});
      query.push_back({"data_fim", "2099-12-31"});
    }
    auto r = Call(http::Method::kGet, "cliente/financeiro", query, Json(), true);
    if (!r.ok()) return r.error();
    if (IsError(*r)) {
      return Error::Unavailable("hubsoft cliente/financeiro: the ERP answered status error")
          .WithDetail(wire::Snippet(ErrorText(*r)));
    }
    if (!r->contains("faturas") || !(*r)["faturas"].is_array()) break;
    const Json& faturas = (*r)["faturas"];
    bool fresh = false;
    for (const Json& f : faturas) {
      if (!seen.insert(Text(f, "id_fatura")).second) continue;
      out.push_back(f);
      fresh = true;
      auto due = wire::DateField(f, "data_vencimento");
      if (due) from = std::max(from, due->ToIso());
    }
    // A short page is the last; a page with nothing new means more than a page shares a date.
    if (!fresh || faturas.size() < static_cast<size_t>(kInvoicePage)) break;
  }
  return out;
}

Result<std::vector<Invoice>> HubsoftErp::ListInvoices(const Contract& contract,
                                                      InvoiceFilter filter) {
  auto faturas = Faturas(contract.erp_id, filter == InvoiceFilter::kOpen);
  if (!faturas.ok()) return faturas.error();
  Date today = clock_.Today();
  std::vector<Invoice> out;
  for (const Json& f : *faturas) {
    Invoice inv = MapFatura(f, today);
    if (inv.contract_erp_id.empty()) inv.contract_erp_id = contract.erp_id;
    if (filter == InvoiceFilter::kOpen && !inv.open()) continue;
    out.push_back(std::move(inv));
  }
  SortByDueDate(out);
  return out;
}

Result<PaymentDocuments> HubsoftErp::GetPaymentDocuments(const Contract&, const Invoice& invoice,
                                                         bool fetch_pdf) {
  // Everything is on the invoice record; HubSoft has no separate "2ª via" call.
  PaymentDocuments docs = DocumentsOf(invoice);
  if (fetch_pdf && !docs.pdf_url.empty()) {
    auto pdf = FetchPublicPdf(*http_, docs.pdf_url, config_.timeout, kErp, docs.dropped);
    if (!pdf.ok()) return pdf.error();
    docs.pdf_bytes = std::move(pdf).value();
  }
  return docs;
}

Result<TrustUnlockResult> HubsoftErp::TrustUnlock(const Contract& contract,
                                                  const TrustUnlockRequest& request) {
  std::string service = contract.unlock_key.empty() ? contract.erp_id : contract.unlock_key;
  Json body = {{"id_cliente_servico", service}};
  if (request.days) body["dias_desbloqueio"] = std::to_string(*request.days);
  auto r = Call(http::Method::kPost, "cliente/desbloqueio_confianca", {}, body,
                /*idempotent=*/false);
  if (!r.ok()) {
    // Never resent. A service that was blocked and now reads enabled was released by this call.
    bool fate_unknown = WriteFateUnknown(r.error());
    if (!fate_unknown || !contract.BlockedForDebt()) return r.error();
    auto now = Clientes("id_cliente_servico", service);
    if (!now.ok()) return r.error();
    for (const Json& c : *now) {
      for (const Contract& k : MapServicos(c)) {
        if (k.erp_id == service && k.status == ContractStatus::kActive) {
          TrustUnlockResult confirmed;
          confirmed.granted = true;
          confirmed.days = request.days;
          confirmed.erp_message = "confirmed by re-reading the service after: " + r.error().message;
          return confirmed;
        }
      }
    }
    return r.error();
  }
  return MapDesbloqueio(*r, clock_.Today());
}

Result<PromiseResult> HubsoftErp::PromiseToPay(const Contract&, Date) {
  return Error::Refused("hubsoft: no promise-to-pay operation in the HubSoft API");
}

Result<TicketResult> HubsoftErp::OpenTicket(const TicketRequest& request) {
  if (request.contract_erp_id.empty())
    return Error::InvalidInput("hubsoft: a ticket is opened on a service (id_cliente_servico)");
  // `nome` and `telefone` are required: the subscriber's, read from the service's customer.
  auto owner = Clientes("id_cliente_servico", request.contract_erp_id);
  if (!owner.ok()) return owner.error();
  std::string name, phone;
  for (const Json& c : *owner) {
    name = Text(c, "nome_razaosocial");
    phone = wire::Digits(Text(c, "telefone_primario"));
  }
  if (request.contact_phone) phone = National(*request.contact_phone);
  if (name.empty()) name = "Assinante (WhatsApp)";
  Json body = {
      {"id_cliente_servico", request.contract_erp_id},
      {"descricao", request.subject.empty() ? request.text : request.subject + ": " + request.text},
      {"nome", name},
      {"telefone", phone},
      {"abrir_os", false}};
  if (!config_.hubsoft_ticket_type_id.empty())
    body["id_tipo_atendimento"] = config_.hubsoft_ticket_type_id;
  auto r = Call(http::Method::kPost, "atendimento", {}, body, /*idempotent=*/false);
  if (!r.ok()) return r.error();
  if (IsError(*r)) {
    return Error::Refused("hubsoft atendimento: refused").WithDetail(wire::Snippet(ErrorText(*r)));
  }
  TicketResult t = MapAtendimento(*r);
  if (t.protocol.empty() && t.erp_id.empty()) {
    return Error::BadAnswer("hubsoft atendimento: reply without protocolo")
        .WithDetail(wire::Snippet(r->dump()));
  }
  return t;
}

Result<PaymentHistory> HubsoftErp::GetPaymentHistory(const Contract& contract) {
  auto faturas = Faturas(contract.erp_id, /*pending_only=*/false);
  if (!faturas.ok()) return faturas.error();
  Date today = clock_.Today();
  std::vector<Invoice> invoices;
  for (const Json& f : *faturas) invoices.push_back(MapFatura(f, today));
  return HistoryOf(invoices, contract.last_trust_unlock);
}

}  // namespace atende::erp::hubsoft
