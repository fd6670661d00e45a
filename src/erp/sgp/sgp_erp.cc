#include "erp/sgp/sgp_erp.h"

#include <algorithm>
#include <map>
#include <set>

#include "erp/guarded_erp.h"
#include "erp/http_call.h"
#include "erp/payment_codes.h"
#include "erp/wire.h"

namespace atende::erp::sgp {

using wire::Json;
using wire::Text;

namespace {

constexpr std::string_view kErp = "sgp";

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool Has(std::string_view hay, std::string_view needle) {
  return Lower(hay).find(needle) != std::string::npos;
}

CustomerPhone MakePhone(const std::string& raw, std::string kind) {
  CustomerPhone p;
  p.raw = raw;
  p.kind = std::move(kind);
  if (auto parsed = Phone::Parse(raw); parsed.ok()) p.phone = *parsed;
  return p;
}

// `telefones` / `emails` / `contatos`: objects {tipoContato, contato} or plain strings.
void ReadContacts(const Json& list, Customer& c, bool emails) {
  if (!list.is_array()) return;
  for (const Json& item : list) {
    std::string value =
        item.is_string() ? item.get<std::string>() : wire::FirstText(item, {"contato", "valor"});
    std::string kind = item.is_object() ? wire::FirstText(item, {"tipoContato", "tipo"}) : "";
    if (value.empty()) continue;
    bool is_email = emails || value.find('@') != std::string::npos;
    if (is_email) {
      if (std::find(c.emails.begin(), c.emails.end(), value) == c.emails.end())
        c.emails.push_back(value);
    } else {
      c.phones.push_back(MakePhone(value, kind));
    }
  }
}

void SetDocument(Customer& c, std::string raw) {
  c.raw_document = std::move(raw);
  if (auto d = Document::Parse(c.raw_document); d.ok()) {
    c.document = *d;
    c.person_type = d->is_cpf() ? PersonType::kIndividual : PersonType::kCompany;
  }
}

std::string BaseUrl(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

ContractStatus MapContractStatus(int status, std::string_view reason) {
  switch (status) {
    case 1:
      return ContractStatus::kActive;
    case 2:
      return ContractStatus::kCanceled;  // "Inativo": safe choice, see erp-common.md §4.1
    case 3:
      return ContractStatus::kCanceled;
    case 4:
      // "Suspenso" covers both; the reason tells a customer's request or an admin action from debt.
      if (Has(reason, "pedido") || Has(reason, "solicita") || Has(reason, "administr") ||
          Has(reason, "manual") || Has(reason, "viagem")) {
        return ContractStatus::kSuspended;
      }
      return ContractStatus::kBlocked;
    case 6:
      return ContractStatus::kPending;
    case 7:
      return ContractStatus::kReduced;
    default:
      return ContractStatus::kUnknown;
  }
}

std::vector<Customer> MapConsultaCustomers(const Json& reply) {
  std::vector<Customer> out;
  std::map<std::string, size_t> index;
  if (!reply.contains("contratos") || !reply["contratos"].is_array()) return out;
  for (const Json& e : reply["contratos"]) {
    std::string id = Text(e, "clienteId");
    if (index.contains(id)) continue;
    Customer c;
    c.erp_id = id;
    SetDocument(c, Text(e, "cpfCnpj"));
    c.name = Text(e, "razaoSocial");
    ReadContacts(e.value("telefones", Json()), c, false);
    ReadContacts(e.value("emails", Json()), c, true);
    c.address.street = Text(e, "endereco_logradouro");
    c.address.number = Text(e, "endereco_numero");
    c.address.complement = Text(e, "endereco_complemento");
    c.address.district = Text(e, "endereco_bairro");
    c.address.city = Text(e, "endereco_cidade");
    c.address.state = Text(e, "endereco_uf");
    c.address.zip = wire::Digits(Text(e, "endereco_cep"));
    index[id] = out.size();
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Contract> MapConsultaContracts(const Json& reply) {
  std::vector<Contract> out;
  if (!reply.contains("contratos") || !reply["contratos"].is_array()) return out;
  for (const Json& e : reply["contratos"]) {
    Contract k;
    k.erp_id = wire::FirstText(e, {"contratoId", "contrato", "id"});
    k.unlock_key = k.erp_id;
    k.customer_erp_id = Text(e, "clienteId");
    k.plan_name = wire::FirstText(e, {"planointernet", "servico_plano"});
    int status = static_cast<int>(wire::IntField(e, "contratoStatus").value_or(0));
    k.status_reason = Text(e, "motivo_status");
    k.status = MapContractStatus(status, k.status_reason);
    k.raw_status = Text(e, "contratoStatus") + " " + Text(e, "contratoStatusDisplay");
    // servico_senha and contratoCentralSenha are deliberately never read.
    out.push_back(std::move(k));
  }
  return out;
}

Customer MapClientesEntry(const Json& e) {
  Customer c;
  c.erp_id = Text(e, "id");
  SetDocument(c, Text(e, "cpfcnpj"));
  c.name = Text(e, "nome");
  c.birth_date = wire::DateField(e, "dataNascimento");
  ReadContacts(e.value("contatos", Json()), c, false);
  ReadContacts(e.value("telefones", Json()), c, false);
  ReadContacts(e.value("emails", Json()), c, true);
  if (e.contains("endereco") && e["endereco"].is_object()) {
    const Json& a = e["endereco"];
    c.address.street = Text(a, "logradouro");
    c.address.number = Text(a, "numero");
    c.address.complement = Text(a, "complemento");
    c.address.district = Text(a, "bairro");
    c.address.city = Text(a, "cidade");
    c.address.state = Text(a, "uf");
    c.address.zip = wire::Digits(Text(a, "cep"));
  }
  return c;
}

Invoice MapFatura(const Json& f, Date today) {
  Invoice inv;
  inv.erp_id = Text(f, "id");
  inv.document_number = Text(f, "numero_documento");
  inv.contract_erp_id = Text(f, "contrato");
  inv.issue_date = wire::DateField(f, "data_emissao");
  inv.due_date = wire::DateField(f, "vencimento").value_or(Date());
  inv.amount = wire::MoneyField(f, "valor").value_or(Money());
  inv.updated_amount = wire::MoneyField(f, "valorcorrigido");
  int statusid = static_cast<int>(wire::IntField(f, "statusid").value_or(0));
  std::string status = Lower(Text(f, "status"));
  if (statusid == 2 || status == "pago") {
    inv.status = InvoiceStatus::kPaid;
  } else if (statusid == 3 || status == "cancelado") {
    inv.status = InvoiceStatus::kCanceled;
  } else {
    inv.status = InvoiceStatus::kOpen;
  }
  inv.overdue = IsOverdue(inv.status, inv.due_date, today);
  inv.paid_date = wire::DateField(f, "data_pagamento");
  inv.paid_amount = wire::MoneyField(f, "valor_pago");
  if (auto l = CheckLinha(Text(f, "linhadigitavel"), inv.due_date); l.ok()) {
    inv.linha_digitavel = l->linha;
    inv.barcode = l->barcode;
  }
  if (auto p = CheckPix(Text(f, "codigopix")); p.ok()) inv.pix_copia_e_cola = *p;
  std::string link = Text(f, "link");
  if (!link.empty()) inv.pdf = {PdfSource::Kind::kUrl, link};
  inv.payment_link = wire::FirstText(f, {"link_cobranca", "link_completo"});
  return inv;
}

TrustUnlockResult MapLiberacao(const Json& reply, Date today) {
  TrustUnlockResult out;
  int status = static_cast<int>(wire::IntField(reply, "status").value_or(0));
  bool liberado = wire::BoolField(reply, "liberado").value_or(false);
  out.erp_code = Text(reply, "status");
  out.erp_message = Text(reply, "msg");
  out.protocol = Text(reply, "protocolo");
  out.granted = status == 1 && liberado;
  if (out.granted) {
    if (auto d = wire::IntField(reply, "liberado_dias")) {
      out.days = static_cast<int>(*d);
      out.until = today.AddDays(out.days.value());
    }
    return out;
  }
  const std::string& m = out.erp_message;
  if (Has(m, "atingiu") || Has(m, "quantidade") || Has(m, "limite")) {
    out.refusal = Refusal::kLimitReached;
  } else if (Has(m, "ativo") || Has(m, "liberado") || Has(m, "bloquead") || Has(m, "suspens") ||
             Has(m, "necess")) {
    // "Contrato não está suspenso. Liberação não necessária": nothing to unlock.
    out.refusal = Refusal::kAlreadyActive;
  } else if (Has(m, "cancelad") || Has(m, "inativo")) {
    out.refusal = Refusal::kContractInactive;
  } else if (Has(m, "encontrad")) {
    out.refusal = Refusal::kNotFound;
  } else {
    out.refusal = Refusal::kOther;
  }
  return out;
}

TicketResult MapChamado(const Json& reply) {
  TicketResult t;
  t.protocol = wire::FirstText(reply, {"protocolo", "numero", "numero_chamado", "ocorrencia_id"});
  t.erp_id = wire::FirstText(reply, {"ocorrencia_id", "id", "numero_chamado", "protocolo"});
  t.service_order_id = Text(reply, "os_id");
  return t;
}

SgpErp::SgpErp(ConnectorConfig config, std::shared_ptr<http::HttpClient> http, const Clock& clock)
    : config_(std::move(config)), http_(std::move(http)), clock_(clock) {
  config_.base_url = BaseUrl(config_.base_url);
}

Capabilities SgpErp::capabilities() const {
  Capabilities c;
  c.find_by_phone = true;
  c.online_status = true;
  c.promise_to_pay = true;  // liberacaopromessa with data_promessa
  c.trust_unlock_days = false;
  c.trust_unlock_refusal_reasons = true;
  c.payment_history = true;
  c.pdf = true;
  return c;
}

Result<Json> SgpErp::Interpret(std::string_view path,
                               const Result<http::ClientResponse>& response) {
  if (!response.ok()) return response.error();
  const http::ClientResponse& r = *response;
  std::string what = "sgp " + std::string(path);
  if (wire::LooksLikeHtml(r.body) && (r.status == 401 || r.status == 403 || Has(r.body, "login"))) {
    // Bad token or app: SGP sends its HTML login page.
    return Error::Unauthorized(what + ": credentials refused (login page)")
        .WithDetail(wire::Snippet(r.body));
  }
  if (auto s = CheckStatus(r, kErp, path); !s.ok()) return s.error();
  if (r.status == 301 || r.status == 302 || r.status == 404) {
    return Error::BadAnswer(what + ": HTTP " + std::to_string(r.status))
        .WithDetail(wire::Snippet(r.body));
  }
  auto j = wire::ParseJson(r.body, what);
  if (!j.ok()) return j.error();
  if (!j->is_object())
    return Error::BadAnswer(what + ": reply is not an object").WithDetail(wire::Snippet(r.body));
  return j;
}

Result<Json> SgpErp::PostForm(std::string_view path, Fields fields, bool idempotent) {
  fields.insert(fields.begin(), {{"token", config_.token}, {"app", config_.user}});
  http::ClientRequest req;
  req.method = http::Method::kPost;
  req.url = config_.base_url + std::string(path);
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                 {"Accept", "application/json"}};
  req.body = http::FormEncode(fields);
  req.idempotent = idempotent;
  req.total_timeout = config_.timeout;
  return Interpret(path, Send(*http_, req, kErp, path));
}

Result<Json> SgpErp::PostJsonBody(std::string_view path, Json body, bool idempotent) {
  body["token"] = config_.token;
  body["app"] = config_.user;
  http::ClientRequest req;
  req.method = http::Method::kPost;
  req.url = config_.base_url + std::string(path);
  req.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  req.body = body.dump();
  req.idempotent = idempotent;
  req.total_timeout = config_.timeout;
  return Interpret(path, Send(*http_, req, kErp, path));
}

Result<Json> SgpErp::ConsultaCliente(const std::string& cpfcnpj) {
  return PostForm("/api/ura/consultacliente/",
                  {{"cpfcnpj", cpfcnpj}, {"status_all", "1"}, {"incluir_suspensos", "1"}}, true);
}

Result<std::vector<Customer>> SgpErp::FindCustomersByDocument(const Document& document) {
  Json reply;
  for (const std::string& form : {document.value(), document.Formatted()}) {
    auto r = ConsultaCliente(form);
    if (!r.ok()) return r.error();
    reply = std::move(*r);
    if (reply.contains("contratos") && reply["contratos"].is_array() && !reply["contratos"].empty())
      break;
  }
  std::vector<Customer> customers = MapConsultaCustomers(reply);
  if (customers.empty()) return customers;
  // The birth date (second factor) lives only in /api/ura/clientes/.
  auto detail =
      PostForm("/api/ura/clientes/",
               {{"cpfcnpj", document.value()}, {"omitir_titulos", "1"}, {"status_all", "1"}}, true);
  if (!detail.ok()) {
    if (IsOutage(detail.error())) return detail.error();
    return customers;  // no permission for this endpoint: customers without birth date
  }
  if (detail->contains("clientes") && (*detail)["clientes"].is_array()) {
    for (const Json& e : (*detail)["clientes"]) {
      Customer extra = MapClientesEntry(e);
      for (Customer& c : customers) {
        if (c.erp_id != extra.erp_id) continue;
        c.birth_date = extra.birth_date;
        for (CustomerPhone& p : extra.phones) {
          bool seen = std::any_of(c.phones.begin(), c.phones.end(),
                                  [&](const CustomerPhone& q) { return q.raw == p.raw; });
          if (!seen) c.phones.push_back(std::move(p));
        }
      }
    }
  }
  return customers;
}

Result<std::vector<Customer>> SgpErp::FindCustomersByPhone(const Phone& phone) {
  std::string digits = wire::Digits(phone.e164());
  std::string national = phone.is_brazilian() && digits.size() > 2 ? digits.substr(2) : digits;
  auto r = PostForm(
      "/api/ura/clientes/",
      {{"telefone", national}, {"omitir_titulos", "1"}, {"status_all", "1"}, {"limit", "100"}},
      true);
  if (!r.ok()) return r.error();
  std::vector<Customer> out;
  std::set<std::string> seen;
  if (!r->contains("clientes") || !(*r)["clientes"].is_array()) return out;
  for (const Json& e : (*r)["clientes"]) {
    Customer c = MapClientesEntry(e);
    // Confirm the line when the reply carries the phones; otherwise the ERP's own match stands.
    if (!c.phones.empty() && !c.HasPhone(phone)) continue;
    if (seen.insert(c.erp_id).second) out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<Contract>> SgpErp::ListContracts(const Customer& customer) {
  std::string doc =
      customer.document ? customer.document->value() : wire::Digits(customer.raw_document);
  auto reply = ConsultaCliente(doc);
  if (!reply.ok()) return reply.error();
  std::vector<Contract> out;
  for (Contract& k : MapConsultaContracts(*reply)) {
    if (!customer.erp_id.empty() && k.customer_erp_id != customer.erp_id) continue;
    auto access =
        PostForm("/api/ura/verificaacesso/", {{"contrato", k.erp_id}, {"status_all", "1"}}, true);
    if (access.ok()) {
      auto s = wire::IntField(*access, "status");
      if (!s) s = wire::IntField(*access, "staus");  // a misspelling one client guards against
      k.online = s == 1   ? OnlineState::kOnline
                 : s == 2 ? OnlineState::kOffline
                          : OnlineState::kUnknown;
    } else if (IsOutage(access.error())) {
      return access.error();
    }
    out.push_back(std::move(k));
  }
  return out;
}

Result<std::vector<Json>> SgpErp::Faturas(const Contract& contract, std::string_view status) {
  std::vector<Json> out;
  std::set<std::string> seen;
  const int limit = 250;
  for (int offset = 0;; offset += limit) {
    Fields fields = {{"contrato", contract.erp_id},
                     {"offset", std::to_string(offset)},
                     {"limit", std::to_string(limit)},
                     {"nao_gerar_os", "1"}};
    if (!status.empty()) fields.push_back({"status", std::string(status)});
    auto r = PostForm("/api/central/titulos/", fields, true);
    if (!r.ok()) return r.error();
    if (!r->contains("faturas") || !(*r)["faturas"].is_array()) break;
    bool fresh = false;
    for (const Json& f : (*r)["faturas"]) {
      if (seen.insert(Text(f, "id")).second) {
        out.push_back(f);
        fresh = true;
      }
    }
    long long total = 0;
    if (r->contains("paginacao")) total = wire::IntField((*r)["paginacao"], "total").value_or(0);
    // Stop at the end, on a short page, or when SGP ignored the offset and repeated a page.
    if (!fresh || (*r)["faturas"].size() < static_cast<size_t>(limit) ||
        static_cast<long long>(out.size()) >= total) {
      break;
    }
  }
  return out;
}

Result<std::vector<Invoice>> SgpErp::ListInvoices(const Contract& contract, InvoiceFilter filter) {
  auto faturas = Faturas(contract, filter == InvoiceFilter::kOpen ? "1" : "");
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

Result<PaymentDocuments> SgpErp::GetPaymentDocuments(const Contract& contract,
                                                     const Invoice& invoice, bool fetch_pdf) {
  PaymentDocuments docs = DocumentsOf(invoice);

  if (docs.linha_digitavel.empty() || docs.pdf_url.empty()) {
    // 2ª via by contract (never by CPF: it fails for customers with several contracts), without an
    // occurrence.
    auto r = PostForm(
        "/api/ura/fatura2via/",
        {{"contrato", contract.erp_id}, {"nao_gerar_os", "1"}, {"faturas_abertas_todas", "1"}},
        true);
    if (!r.ok()) {
      if (IsOutage(r.error())) return r.error();
      docs.dropped.push_back("fatura2via: " + r.error().message);
    } else if (r->contains("links") && (*r)["links"].is_array()) {
      for (const Json& l : (*r)["links"]) {
        if (Text(l, "id") != invoice.erp_id && Text(l, "fatura") != invoice.erp_id) continue;
        Date reference = wire::DateField(l, "vencimento").value_or(invoice.due_date);
        if (docs.linha_digitavel.empty()) {
          if (auto c = CheckLinha(Text(l, "linhadigitavel"), reference); c.ok()) {
            docs.linha_digitavel = c->linha;
            docs.barcode = c->barcode;
          } else if (c.error().kind != ErrorKind::kNotFound) {
            docs.dropped.push_back(c.error().message);
          }
        }
        if (docs.pix_copia_e_cola.empty()) {
          if (auto p = CheckPix(Text(l, "codigopix")); p.ok()) docs.pix_copia_e_cola = *p;
        }
        if (docs.pdf_url.empty()) docs.pdf_url = Text(l, "link");
        if (docs.payment_link.empty()) docs.payment_link = Text(l, "link_cobranca");
      }
    }
  }

  if (docs.pix_copia_e_cola.empty()) {
    auto r = PostForm("/api/ura/pagamento/pix/" + http::UrlEncode(invoice.erp_id),
                      {{"contrato", contract.erp_id}}, true);
    if (!r.ok()) {
      if (IsOutage(r.error())) return r.error();
      docs.dropped.push_back("pagamento/pix: " + r.error().message);
    } else {
      std::string code = wire::FirstText(*r, {"pix", "codigoPix", "codigo"});
      if (auto p = CheckPix(code); p.ok()) {
        docs.pix_copia_e_cola = *p;
      } else if (p.error().kind != ErrorKind::kNotFound) {
        docs.dropped.push_back(p.error().message);
      }
    }
  }

  if (fetch_pdf && !docs.pdf_url.empty()) {
    auto pdf = FetchPublicPdf(*http_, docs.pdf_url, config_.timeout, kErp, docs.dropped);
    if (!pdf.ok()) return pdf.error();
    docs.pdf_bytes = std::move(pdf).value();
  }
  return docs;
}

Result<Json> SgpErp::Liberacao(const Contract& contract, std::optional<Date> promised_date) {
  Fields fields = {
      {"contrato", contract.unlock_key.empty() ? contract.erp_id : contract.unlock_key}};
  if (promised_date) fields.push_back({"data_promessa", promised_date->ToIso()});
  return PostForm("/api/ura/liberacaopromessa/", fields, /*idempotent=*/false);
}

Result<TrustUnlockResult> SgpErp::TrustUnlock(const Contract& contract, const TrustUnlockRequest&) {
  auto r = Liberacao(contract, std::nullopt);
  if (!r.ok()) {
    // Never resent. A contract that was blocked and now reads "1 Ativo" was released by this call.
    bool fate_unknown = WriteFateUnknown(r.error());
    if (!fate_unknown || !contract.BlockedForDebt()) return r.error();
    auto now = PostForm(
        "/api/ura/consultacliente/",
        {{"contrato", contract.erp_id}, {"status_all", "1"}, {"incluir_suspensos", "1"}}, true);
    if (!now.ok()) return r.error();
    for (const Contract& k : MapConsultaContracts(*now)) {
      if (k.erp_id == contract.erp_id && k.status == ContractStatus::kActive) {
        TrustUnlockResult confirmed;
        confirmed.granted = true;
        confirmed.erp_message = "confirmed by re-reading the contract after: " + r.error().message;
        return confirmed;
      }
    }
    return r.error();
  }
  if (!r->contains("status")) {
    return Error::BadAnswer("sgp liberacaopromessa: reply without status")
        .WithDetail(wire::Snippet(r->dump()));
  }
  return MapLiberacao(*r, clock_.Today());
}

Result<PromiseResult> SgpErp::PromiseToPay(const Contract& contract, Date promised_date) {
  auto r = Liberacao(contract, promised_date);
  if (!r.ok()) return r.error();
  if (!r->contains("status")) {
    return Error::BadAnswer("sgp liberacaopromessa: reply without status")
        .WithDetail(wire::Snippet(r->dump()));
  }
  TrustUnlockResult u = MapLiberacao(*r, clock_.Today());
  PromiseResult p;
  p.accepted = u.granted;
  p.promised_date = wire::DateField(*r, "data_promessa");
  if (!p.promised_date && p.accepted) p.promised_date = promised_date;
  p.protocol = u.protocol;
  p.refusal = u.refusal;
  p.erp_code = u.erp_code;
  p.erp_message = u.erp_message;
  return p;
}

Result<TicketResult> SgpErp::OpenTicket(const TicketRequest& request) {
  Json body = {
      {"contrato", request.contract_erp_id},
      {"ocorrenciatipo", config_.sgp_ticket_type},
      {"conteudo", request.subject.empty() ? request.text : request.subject + ": " + request.text}};
  if (request.contact_phone) body["contato_numero"] = request.contact_phone->e164();
  auto r = PostJsonBody("/api/ura/chamado/", body, /*idempotent=*/false);
  if (!r.ok()) return r.error();
  auto status = wire::IntField(*r, "status");
  if (status && *status != 1) {
    return Error::Refused("sgp chamado: ticket refused").WithDetail(Text(*r, "msg"));
  }
  TicketResult t = MapChamado(*r);
  if (t.protocol.empty() && !status) {
    return Error::BadAnswer("sgp chamado: reply without status or protocol")
        .WithDetail(wire::Snippet(r->dump()));
  }
  return t;
}

Result<PaymentHistory> SgpErp::GetPaymentHistory(const Contract& contract) {
  auto faturas = Faturas(contract, "");  // SGP default: open and paid
  if (!faturas.ok()) return faturas.error();
  Date today = clock_.Today();
  std::vector<Invoice> invoices;
  for (const Json& f : *faturas) invoices.push_back(MapFatura(f, today));
  return HistoryOf(invoices, contract.last_trust_unlock);
}

}  // namespace atende::erp::sgp
