#include "erp/ixc/ixc_erp.h"

#include <algorithm>
#include <map>
#include <set>

#include "erp/guarded_erp.h"
#include "erp/http_call.h"
#include "erp/payment_codes.h"
#include "erp/wire.h"

namespace atende::erp::ixc {

using wire::Json;
using wire::Text;

namespace {

constexpr std::string_view kErp = "ixc";

bool Contains(std::string_view hay, std::string_view needle) {
  std::string h(hay), n(needle);
  std::transform(h.begin(), h.end(), h.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return h.find(n) != std::string::npos;
}

std::string BaseUrl(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

CustomerPhone MakePhone(const std::string& raw, std::string kind) {
  CustomerPhone p;
  p.raw = raw;
  p.kind = std::move(kind);
  auto parsed = Phone::Parse(raw);
  if (parsed.ok()) p.phone = *parsed;
  return p;
}

// "0" and "" both mean "no contract" in fn_areceber's contract columns.
std::string ContractOf(const Json& r) {
  for (const char* key : {"id_contrato", "id_contrato_avulso", "id_contrato_principal"}) {
    std::string v = Text(r, key);
    if (!v.empty() && v != "0") return v;
  }
  return {};
}

std::string Last8(std::string_view digits) {
  return std::string(digits.size() > 8 ? digits.substr(digits.size() - 8) : digits);
}

}  // namespace

Status CheckErrorJson(const Json& j, std::string_view what) {
  if (!j.is_object() || Text(j, "type") != "error") return {};
  std::string prefix = "ixc " + std::string(what) + ": ";
  std::string message = Text(j, "message");
  if (Contains(message, "ip n") && Contains(message, "liberado")) {
    return Error::Unauthorized(prefix + "caller IP not allowed").WithDetail(message);
  }
  return Error::Refused(prefix + "IXC refused the request").WithDetail(message);
}

Status CheckBody(std::string_view body, std::string_view what) {
  if (wire::LooksLikeHtml(body)) {
    // The red <div> "Ocorreu um erro ao processar": IXC's server-side failure, even with HTTP 200.
    return Error::Unavailable("ixc " + std::string(what) + ": IXC reported an internal error")
        .WithDetail(wire::Snippet(body));
  }
  Json j = Json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded()) return {};
  return CheckErrorJson(j, what);
}

// The body as JSON after the IXC error checks, parsed once.
static Result<Json> ParseChecked(std::string_view body, std::string_view what) {
  if (wire::LooksLikeHtml(body)) return CheckBody(body, what).error();
  auto j = wire::ParseJson(body, "ixc " + std::string(what));
  if (!j.ok()) return j.error();
  if (auto s = CheckErrorJson(*j, what); !s.ok()) return s.error();
  return j;
}

IxcErp::IxcErp(ConnectorConfig config, std::shared_ptr<http::HttpClient> http, const Clock& clock)
    : config_(std::move(config)), http_(std::move(http)), clock_(clock) {
  config_.base_url = BaseUrl(config_.base_url);
  authorization_ = config_.user.empty() ? "Basic " + config_.token
                                        : http::BasicAuthorization(config_.user, config_.token);
}

Capabilities IxcErp::capabilities() const {
  Capabilities c;
  c.find_by_phone = true;
  c.online_status = true;
  c.promise_to_pay = false;
  c.trust_unlock_days = false;
  c.trust_unlock_refusal_reasons = true;
  c.payment_history = true;
  c.pdf = true;
  return c;
}

Result<http::ClientResponse> IxcErp::Post(std::string_view action, const Json& body,
                                          bool idempotent) {
  http::ClientRequest req;
  req.method = http::Method::kPost;
  req.url = config_.base_url + "/webservice/v1/" + std::string(action);
  req.headers = {{"Authorization", authorization_}, {"Content-Type", "application/json"}};
  req.body = body.dump();
  req.idempotent = idempotent;
  req.total_timeout = config_.timeout;
  auto resp = Send(*http_, req, kErp, action);
  if (!resp.ok()) return resp.error();
  if (resp->status == 400) {
    return Error::Unauthorized("ixc " + std::string(action) +
                               ": authorization scheme refused (400)");
  }
  if (auto s = CheckStatus(*resp, kErp, action); !s.ok()) return s.error();
  if (resp->status == 404) {
    return Error::BadAnswer("ixc " + std::string(action) +
                            ": 404 (listing without ixcsoft header?)");
  }
  return resp;
}

Result<Json> IxcErp::PostJson(std::string_view action, const Json& body, bool idempotent) {
  auto resp = Post(action, body, idempotent);
  if (!resp.ok()) return resp.error();
  return ParseChecked(resp->body, action);
}

Result<Json> IxcErp::List(std::string_view table, std::string_view qtype, std::string_view query,
                          std::string_view oper, std::string_view sortname,
                          std::string_view sortorder, const std::vector<Filter>& filters,
                          int rows) {
  Json body = {{"qtype", qtype},
               {"query", query},
               {"oper", oper},
               {"page", "1"},
               {"rp", std::to_string(rows)},
               {"sortname", sortname},
               {"sortorder", sortorder}};
  if (!filters.empty()) {
    Json grid = Json::array();
    for (const Filter& f : filters) grid.push_back({{"TB", f.field}, {"OP", f.op}, {"P", f.value}});
    body["grid_param"] = grid.dump();  // a JSON-encoded string, not a nested array
  }
  http::ClientRequest req;
  req.method = http::Method::kPost;
  req.url = config_.base_url + "/webservice/v1/" + std::string(table);
  req.headers = {{"Authorization", authorization_},
                 {"Content-Type", "application/json"},
                 {"ixcsoft", "listar"}};
  req.body = body.dump();
  req.idempotent = true;  // a listing only reads
  req.total_timeout = config_.timeout;
  auto resp = Send(*http_, req, kErp, table);
  if (!resp.ok()) return resp.error();
  if (resp->status == 400)
    return Error::Unauthorized("ixc " + std::string(table) + ": authorization refused (400)");
  if (auto s = CheckStatus(*resp, kErp, table); !s.ok()) return s.error();
  auto j = ParseChecked(resp->body, table);
  if (!j.ok()) return j.error();
  if (!j->is_object())
    return Error::BadAnswer("ixc " + std::string(table) + ": listing is not an object");
  auto it = j->find("registros");
  if (it == j->end() || it->is_null()) return Json::array();  // empty listings may omit it
  if (!it->is_array())
    return Error::BadAnswer("ixc " + std::string(table) + ": registros is not a list");
  Json registros = std::move(*it);
  return registros;
}

Customer MapCustomer(const Json& r) {
  Customer c;
  c.erp_id = Text(r, "id");
  c.raw_document = Text(r, "cnpj_cpf");
  if (auto d = Document::Parse(c.raw_document); d.ok()) c.document = *d;
  std::string tipo = Text(r, "tipo_pessoa");
  c.person_type = tipo == "J"   ? PersonType::kCompany
                  : tipo == "E" ? PersonType::kForeign
                                : PersonType::kIndividual;
  c.name = Text(r, "razao");
  if (c.name.empty()) c.name = Text(r, "fantasia");
  c.birth_date = wire::DateField(r, "data_nascimento");
  for (const char* column : {"telefone_celular", "whatsapp", "fone", "telefone_comercial"}) {
    std::string raw = Text(r, column);
    if (!raw.empty()) c.phones.push_back(MakePhone(raw, column));
  }
  for (const char* column : {"email", "hotsite_email"}) {
    std::string e = Text(r, column);
    if (!e.empty() && std::find(c.emails.begin(), c.emails.end(), e) == c.emails.end())
      c.emails.push_back(e);
  }
  c.address.street = Text(r, "endereco");
  c.address.number = Text(r, "numero");
  c.address.complement = Text(r, "complemento");
  c.address.district = Text(r, "bairro");
  c.address.city = Text(r, "cidade");  // a numeric id into IXC's `cidade` table
  c.address.state = Text(r, "uf");     // a numeric id into IXC's `uf` table
  c.address.zip = wire::Digits(Text(r, "cep"));
  // `senha` (the portal password) is deliberately never read.
  return c;
}

ContractStatus MapContractStatus(std::string_view status, std::string_view internet,
                                 std::string_view speed, std::string_view trust_active,
                                 std::string_view suspended) {
  if (status == "I" || status == "D") return ContractStatus::kCanceled;
  if (status == "P") return ContractStatus::kPending;
  if (status == "N") return ContractStatus::kUnknown;  // negativado
  if (status != "A" && !status.empty()) return ContractStatus::kUnknown;
  if (internet == "D") return ContractStatus::kCanceled;
  if (internet == "AA") return ContractStatus::kPending;
  if (internet == "CM" || suspended == "S") return ContractStatus::kSuspended;
  if (internet == "CA" || internet == "FA") return ContractStatus::kBlocked;
  if (internet == "A") {
    if (trust_active == "S") return ContractStatus::kTrustUnlocked;
    if (!speed.empty() && speed != "N") return ContractStatus::kReduced;
    return ContractStatus::kActive;
  }
  return ContractStatus::kUnknown;  // CE and anything new
}

Contract MapContract(const Json& r) {
  Contract k;
  k.erp_id = Text(r, "id");
  k.unlock_key = k.erp_id;
  k.customer_erp_id = Text(r, "id_cliente");
  k.plan_name = Text(r, "contrato");
  std::string status = Text(r, "status"), internet = Text(r, "status_internet");
  std::string speed = Text(r, "status_velocidade"), trust = Text(r, "desbloqueio_confianca_ativo");
  std::string suspended = Text(r, "contrato_suspenso");
  k.status = MapContractStatus(status, internet, speed, trust, suspended);
  k.raw_status = status + "/" + internet;
  if (!speed.empty()) k.raw_status += "/" + speed;
  if (trust == "S") k.raw_status += " desbloqueio_confianca_ativo=S";
  k.status_reason = Text(r, "motivo_cancelamento");
  k.last_trust_unlock = wire::DateField(r, "dt_ult_des_bloq_conf");
  if (Text(r, "endereco_padrao_cliente") == "N" && !Text(r, "endereco").empty()) {
    Address a;
    a.street = Text(r, "endereco");
    a.number = Text(r, "numero");
    a.complement = Text(r, "complemento");
    a.district = Text(r, "bairro");
    a.city = Text(r, "cidade");
    a.zip = wire::Digits(Text(r, "cep"));
    k.address = a;
  }
  return k;
}

Invoice MapInvoice(const Json& r, Date today) {
  Invoice inv;
  inv.erp_id = Text(r, "id");
  inv.document_number = Text(r, "documento");
  inv.contract_erp_id = ContractOf(r);
  inv.issue_date = wire::DateField(r, "data_emissao");
  inv.due_date = wire::DateField(r, "data_vencimento").value_or(Date());
  inv.amount = wire::MoneyField(r, "valor").value_or(Money());
  std::string status = Text(r, "status");
  inv.status = status == "R"   ? InvoiceStatus::kPaid
               : status == "C" ? InvoiceStatus::kCanceled
                               : InvoiceStatus::kOpen;
  inv.overdue = IsOverdue(inv.status, inv.due_date, today);
  inv.paid_date = wire::DateField(r, "pagamento_data");
  if (!inv.paid_date) inv.paid_date = wire::DateField(r, "baixa_data");
  if (auto paid = wire::MoneyField(r, "valor_recebido"); paid && paid->cents() > 0)
    inv.paid_amount = paid;
  if (auto l = CheckLinha(Text(r, "linha_digitavel"), inv.due_date); l.ok()) {
    inv.linha_digitavel = l->linha;
    inv.barcode = l->barcode;
  } else if (auto b = CheckLinha(Text(r, "nn_boleto"), inv.due_date); b.ok()) {
    inv.linha_digitavel = b->linha;
    inv.barcode = b->barcode;
  }
  inv.payment_link = Text(r, "gateway_link");
  inv.pdf = {PdfSource::Kind::kFetch, inv.erp_id};
  return inv;
}

TrustUnlockResult MapTrustUnlockReply(const Json& reply) {
  TrustUnlockResult out;
  std::string tipo = Text(reply, "tipo");
  if (tipo.empty()) tipo = Text(reply, "type");
  out.erp_code = Text(reply, "codigo");
  out.erp_message = Text(reply, "mensagem");
  if (out.erp_message.empty()) out.erp_message = Text(reply, "message");
  out.granted = tipo == "sucesso" || tipo == "success";
  if (out.granted) {
    if (auto d = wire::IntField(reply, "dias")) out.days = static_cast<int>(*d);
    out.protocol = Text(reply, "protocolo");
    return out;
  }
  const std::string& c = out.erp_code;
  if (c == "106") {
    out.refusal = Refusal::kNotFound;
  } else if (c == "107") {
    out.refusal = Refusal::kAlreadyActive;
  } else if (c == "109") {
    out.refusal = Refusal::kContractInactive;
  } else if (c == "113") {
    out.refusal = Refusal::kLimitReached;
  } else if (Contains(out.erp_message, "encontra-se ativo")) {
    out.refusal = Refusal::kAlreadyActive;
  } else {
    out.refusal = Refusal::kOther;
  }
  return out;
}

Result<std::vector<Customer>> IxcErp::FindCustomersByDocument(const Document& document) {
  // Stored formatted ("627.105.245-20"); some bases hold digits only, so try both.
  std::vector<std::string> forms = {document.Formatted(), document.value()};
  for (const std::string& form : forms) {
    auto rows = List("cliente", "cliente.cnpj_cpf", form, "=", "cliente.id", "asc", {}, 20);
    if (!rows.ok()) return rows.error();
    if (rows->empty()) continue;
    std::vector<Customer> out;
    for (const Json& r : *rows) out.push_back(MapCustomer(r));
    return out;
  }
  return std::vector<Customer>{};
}

Result<std::vector<Customer>> IxcErp::FindCustomersByPhone(const Phone& phone) {
  // No OR in IXC listings: one "contains" query per phone column. Stored masks vary ("(19)
  // 98765-4321"), so search by the last four digits, which survive any mask, and confirm the line
  // client-side.
  std::string digits = wire::Digits(phone.e164());
  std::string tail = digits.size() > 4 ? digits.substr(digits.size() - 4) : digits;
  std::map<std::string, Customer> found;
  for (const char* column : {"telefone_celular", "whatsapp", "fone", "telefone_comercial"}) {
    auto rows =
        List("cliente", std::string("cliente.") + column, tail, "L", "cliente.id", "asc", {}, 200);
    if (!rows.ok()) return rows.error();
    for (const Json& r : *rows) {
      Customer c = MapCustomer(r);
      bool match = c.HasPhone(phone);
      if (!match) {
        // Numbers we cannot parse (no DDD): fall back to the last 8 digits (erp-common.md §6.7).
        for (const CustomerPhone& p : c.phones) {
          if (!p.phone && Last8(wire::Digits(p.raw)) == Last8(digits)) match = true;
        }
      }
      if (match) found.emplace(c.erp_id, std::move(c));
    }
  }
  std::vector<Customer> out;
  for (auto& [id, c] : found) out.push_back(std::move(c));
  return out;
}

Result<std::vector<Contract>> IxcErp::ListContracts(const Customer& customer) {
  auto rows = List("cliente_contrato", "cliente_contrato.id_cliente", customer.erp_id, "=",
                   "cliente_contrato.id", "asc", {}, 50);
  if (!rows.ok()) return rows.error();
  std::vector<Contract> out;
  for (const Json& r : *rows) out.push_back(MapContract(r));
  if (out.empty()) return out;
  // Online state: any PPPoE login of the contract online ("S"); all "N" offline; "SS" or none
  // unknown.
  auto logins = List("radusuarios", "radusuarios.id_cliente", customer.erp_id, "=",
                     "radusuarios.id", "asc", {}, 200);
  if (!logins.ok()) {
    if (logins.error().kind != ErrorKind::kRefused) return logins.error();
    return out;  // RADIUS table not released to this user: online stays unknown
  }
  std::map<std::string, std::vector<std::string>> by_contract;
  for (const Json& l : *logins) by_contract[Text(l, "id_contrato")].push_back(Text(l, "online"));
  for (Contract& k : out) {
    auto it = by_contract.find(k.erp_id);
    if (it == by_contract.end()) continue;
    bool any_online = false, all_offline = true;
    for (const std::string& s : it->second) {
      any_online |= s == "S";
      all_offline &= s == "N";
    }
    k.online = any_online    ? OnlineState::kOnline
               : all_offline ? OnlineState::kOffline
                             : OnlineState::kUnknown;
  }
  return out;
}

Result<std::vector<Json>> IxcErp::InvoiceRecords(const Contract& contract, bool open_only,
                                                 int rows) {
  std::vector<Filter> filters = {{"fn_areceber.liberado", "=", "S"}};
  if (open_only) {
    filters.push_back({"fn_areceber.status", "!=", "C"});
    filters.push_back({"fn_areceber.status", "!=", "R"});
  }
  auto records = List("fn_areceber", "fn_areceber.id_cliente", contract.customer_erp_id, "=",
                      "fn_areceber.data_vencimento", open_only ? "asc" : "desc", filters, rows);
  if (!records.ok()) return records.error();
  std::vector<Json> out;
  out.reserve(records->size());
  for (Json& r : *records) {
    if (Text(r, "liberado") == "N") continue;  // hidden titles, should the filter be ignored
    std::string linked = ContractOf(r);
    if (!linked.empty() && linked != contract.erp_id) continue;
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<Invoice>> IxcErp::ListInvoices(const Contract& contract, InvoiceFilter filter) {
  bool open_only = filter == InvoiceFilter::kOpen;
  auto records = InvoiceRecords(contract, open_only, open_only ? 500 : 2000);
  if (!records.ok()) return records.error();
  Date today = clock_.Today();
  std::vector<Invoice> out;
  for (const Json& r : *records) {
    Invoice inv = MapInvoice(r, today);
    if (open_only && !inv.open()) continue;
    out.push_back(std::move(inv));
  }
  SortByDueDate(out);
  return out;
}

Result<PaymentDocuments> IxcErp::GetPaymentDocuments(const Contract&, const Invoice& invoice,
                                                     bool fetch_pdf) {
  PaymentDocuments docs;
  docs.linha_digitavel = invoice.linha_digitavel;
  docs.barcode = invoice.barcode;
  docs.payment_link = invoice.payment_link;

  auto pix = PostJson("get_pix", Json{{"id_areceber", invoice.erp_id}}, /*idempotent=*/true);
  if (!pix.ok()) {
    if (IsOutageKind(pix.error().kind)) return pix.error();
    docs.dropped.push_back("get_pix: " + pix.error().message + " " + pix.error().detail);
  } else {
    std::string code;
    if (pix->contains("pix") && (*pix)["pix"].contains("dadosPix")) {
      code = Text((*pix)["pix"]["dadosPix"], "pixCopiaECola");
    }
    if (auto checked = CheckPix(code); checked.ok()) {
      docs.pix_copia_e_cola = *checked;
    } else if (checked.error().kind != ErrorKind::kNotFound) {
      docs.dropped.push_back(checked.error().message);
    }
  }

  if (fetch_pdf) {
    Json body = {{"boletos", invoice.erp_id},
                 {"juro", "S"},
                 {"multa", "S"},
                 {"atualiza_boleto", "S"},
                 {"tipo_boleto", "arquivo"},
                 {"base64", "S"},
                 {"layout_impressao", ""}};
    auto resp = Post("get_boleto", body, /*idempotent=*/true);
    if (!resp.ok()) return resp.error();
    std::string_view b = resp->body;
    if (b.starts_with("%PDF")) {
      docs.pdf_bytes = resp->body;
    } else {
      std::string decoded = wire::DecodeBase64(b);
      if (decoded.starts_with("%PDF")) {
        docs.pdf_bytes = std::move(decoded);
      } else if (auto s = CheckBody(b, "get_boleto"); !s.ok() && IsOutageKind(s.error().kind)) {
        return s.error();
      } else {
        docs.dropped.push_back("get_boleto: not a PDF: " + wire::Snippet(b));
      }
    }
  }
  return docs;
}

Result<TrustUnlockResult> IxcErp::TrustUnlock(const Contract& contract, const TrustUnlockRequest&) {
  auto resp =
      Post("desbloqueio_confianca", Json{{"id", contract.unlock_key}}, /*idempotent=*/false);
  if (!resp.ok()) {
    // A write is never resent; when its fate is unknown, the contract itself says whether it
    // happened.
    if (resp.error().kind != ErrorKind::kTimeout && resp.error().kind != ErrorKind::kUnavailable) {
      return resp.error();
    }
    auto rows = List("cliente_contrato", "cliente_contrato.id", contract.erp_id, "=",
                     "cliente_contrato.id", "asc", {}, 1);
    if (rows.ok() && !rows->empty() &&
        MapContract((*rows)[0]).status == ContractStatus::kTrustUnlocked) {
      TrustUnlockResult confirmed;
      confirmed.granted = true;
      confirmed.erp_message = "confirmed by re-reading the contract after: " + resp.error().message;
      return confirmed;
    }
    return resp.error();
  }
  if (wire::LooksLikeHtml(resp->body)) {
    if (auto s = CheckBody(resp->body, "desbloqueio_confianca"); !s.ok()) return s.error();
  }
  auto j = wire::ParseJson(resp->body, "ixc desbloqueio_confianca");
  if (!j.ok()) return j.error();
  std::string tipo = Text(*j, "tipo"), type = Text(*j, "type");
  if (tipo.empty() && type.empty()) {
    return Error::BadAnswer("ixc desbloqueio_confianca: reply without tipo")
        .WithDetail(wire::Snippet(resp->body));
  }
  if (type == "error" && tipo.empty()) {
    if (auto s = CheckBody(resp->body, "desbloqueio_confianca");
        !s.ok() && s.error().kind == ErrorKind::kUnauthorized) {
      return s.error();
    }
  }
  return MapTrustUnlockReply(*j);
}

Result<PromiseResult> IxcErp::PromiseToPay(const Contract&, Date) {
  return Error::Refused("ixc: no promise-to-pay operation in the IXC API");
}

Result<TicketResult> IxcErp::OpenTicket(const TicketRequest& request) {
  Json body = {{"tipo", "C"},
               {"id_cliente", request.customer_erp_id},
               {"id_contrato", request.contract_erp_id},
               {"id_assunto", config_.ixc_ticket_subject_id},
               {"titulo", request.subject},
               {"id_ticket_setor", config_.ixc_ticket_sector_id},
               {"prioridade", "M"},
               {"menssagem", request.text},  // sic: IXC spells it with a double s
               {"su_status", "N"}};
  if (request.contact_phone) body["cliente_telefone_celular"] = request.contact_phone->Formatted();
  auto j = PostJson("su_ticket", body, /*idempotent=*/false);
  if (!j.ok()) return j.error();
  std::string type = Text(*j, "type");
  if (type != "success") {
    return Error::BadAnswer("ixc su_ticket: unexpected reply").WithDetail(wire::Snippet(j->dump()));
  }
  TicketResult out;
  out.erp_id = Text(*j, "id");
  out.protocol = Text(*j, "protocolo");
  if (out.protocol.empty()) out.protocol = out.erp_id;
  return out;
}

Result<PaymentHistory> IxcErp::GetPaymentHistory(const Contract& contract) {
  auto records = InvoiceRecords(contract, /*open_only=*/false, 60);
  if (!records.ok()) return records.error();
  Date today = clock_.Today();
  std::vector<Invoice> invoices;
  for (const Json& r : *records) invoices.push_back(MapInvoice(r, today));
  return HistoryOf(invoices, contract.last_trust_unlock);
}

}  // namespace atende::erp::ixc
