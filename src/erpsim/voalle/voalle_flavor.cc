// Voalle flavor (specs/erp-voalle.md §10): POST /connect/token (form, client_credentials with
// `syndata`, or the legacy password grant with a refresh token) answering 400 invalid_client on a
// bad secret; the third-party API under /external/integrations/thirdparty/ with a Bearer token (401
// with an empty body otherwise); every reply in the {success, messages, response} envelope with
// HTTP 200, `messages` alternating null and [] on success; people/txid, contract/getpaged (paged,
// onlyActiveContracts), open and all titles by txId (status at the top and inside `billet`),
// getcontractbillets, GetBillet (PDF bytes), GetBilletLink, billings/registerpix,
// contracts/unlock, access-point status, opensolicitation, people and CRM leads. One listener
// serves the auth and API ports. Faults: success:false with 200, 429 with Retry-After or 503.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "br/document_check.h"
#include "br/late_fee.h"
#include "erpsim/flavor.h"
#include "erpsim/invoice_codes.h"

namespace atende::erpsim {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr std::string_view kApi = "/external/integrations/thirdparty/";
constexpr int kTokenLifetime = 3600;

// Which statuses the simulator renders (erp-common.md §4.4; Voalle's table is low confidence).
struct StatusView {
  int code;
  const char* label;
};
StatusView ViewOf(ContractStatus s) {
  switch (s) {
    case ContractStatus::kActive:
    case ContractStatus::kTrustUnlocked:
      return {1, "Normal"};
    case ContractStatus::kBlocked:
    case ContractStatus::kReduced:
      return {6, "Bloqueio Financeiro"};
    case ContractStatus::kSuspended:
      return {5, "Suspenso"};
    case ContractStatus::kCanceled:
      return {4, "Cancelado"};
  }
  return {1, "Normal"};
}

std::string ContractNumber(const Contract& ct) { return "CTR-" + std::to_string(ct.id); }

std::string Title(int64_t invoice_id) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "FAT%09lld", static_cast<long long>(invoice_id));
  return buffer;
}

int64_t IdIn(std::string_view text) {
  std::string digits = DigitsOnly(text);
  if (digits.empty() || digits.size() > 15 || digits.size() != text.size()) return -1;
  return std::stoll(digits);
}

// DDD + number, as Voalle stores phones ("55999990000").
std::string National(const Phone& p) {
  std::string d = DigitsOnly(p.e164());
  return p.is_brazilian() && d.size() > 2 ? d.substr(2) : d;
}

class VoalleFlavor final : public Flavor {
 public:
  std::string name() const override { return "voalle"; }

  http::Response Fault(FaultKind kind, const http::Request& r) const override {
    if (r.path == "/connect/token") {
      return kind == FaultKind::kErrorPage
                 ? http::Response::Text(200, "<html><body><h1>Server Error</h1></body></html>",
                                        "text/html")
                 : http::Response::Json(500, R"({"error":"server_error"})");
    }
    if (kind == FaultKind::kErrorPage) {
      return Envelope(false, ordered_json(nullptr),
                      Messages("Ocorreu um erro inesperado. Tente novamente mais tarde.", 500));
    }
    // Rate limited (the SDK's 429 with Retry-After) or the gateway down, alternately.
    if (faults_++ % 2 == 0) {
      http::Response limited =
          Envelope(false, ordered_json(nullptr), Messages("Too Many Requests", 429));
      limited.status = 429;
      limited.headers.emplace_back("Retry-After", "5");
      return limited;
    }
    return http::Response::Text(503, "<h1>Service Unavailable</h1>", "text/html");
  }

  void Install(http::Router& router, SimState& state) override {
    state_ = &state;
    key_ = "erpsim-voalle:" + state.options.token;
    router.Add("POST", "/connect/token", [this](const http::Request& r) { return Token(r); });
    router.AddPrefix("*", std::string(kApi), [this](const http::Request& r) { return Serve(r); });
    router.Add("POST", "/external/crm/leads/create",
               [this](const http::Request& r) { return Authorized(r) ? Lead() : Unauthorized(); });
    router.AddPrefix("GET", "/boleto/", [this](const http::Request& r) { return PublicPdf(r); });
  }

 private:
  // --- envelope and auth -------------------------------------------------------------------
  static ordered_json Messages(const std::string& text, int code) {
    return ordered_json::array({{{"message", text}, {"code", code}, {"type", "Error"}}});
  }
  http::Response Envelope(bool success, ordered_json response,
                          ordered_json messages = nullptr) const {
    ordered_json body;
    body["success"] = success;
    // On success `messages` is null or [] (both seen).
    body["messages"] = messages.is_null() && success && replies_++ % 2 == 1 ? ordered_json::array()
                                                                            : std::move(messages);
    body["response"] = std::move(response);
    return http::Response::Json(200, body.dump(), "application/json; charset=utf-8");
  }
  http::Response Ok(ordered_json response) const { return Envelope(true, std::move(response)); }
  http::Response Fail(const std::string& message, int code = 400) const {
    return Envelope(false, nullptr, Messages(message, code));
  }
  static http::Response Unauthorized() { return http::Response::Text(401, "", "text/plain"); }

  http::Response Token(const http::Request& r) {
    std::map<std::string, std::string> f;
    for (const auto& [k, v] : http::ParseForm(r.body)) f[k] = v;
    auto bad = [](const char* error) {
      return http::Response::Json(400, ordered_json{{"error", error}}.dump());
    };
    std::string grant = f["grant_type"];
    if (grant != "client_credentials" && grant != "password" && grant != "refresh_token")
      return bad("unsupported_grant_type");
    if (grant == "refresh_token") {
      if (!ValidSignedToken(key_, f["refresh_token"], UnixNow())) return bad("invalid_grant");
    } else if (f["client_secret"] != state_->options.token || !f.contains("syndata")) {
      // Any client id and SynData are accepted; the secret is the simulator's one credential.
      return bad("invalid_client");
    }
    int ttl =
        state_->options.oauth_ttl_seconds > 0 ? state_->options.oauth_ttl_seconds : kTokenLifetime;
    int64_t now = UnixNow();
    ordered_json out;
    out["access_token"] = IssueSignedToken(key_, "voalle-at", now + ttl);
    out["expires_in"] = ttl;
    out["token_type"] = "Bearer";
    out["scope"] = grant == "client_credentials" ? "syngw" : "syngw synpaygw offline_access";
    if (grant != "client_credentials")
      out["refresh_token"] = IssueSignedToken(key_, "voalle-rt", now + 30 * 86400);
    return http::Response::Json(200, out.dump());
  }

  bool Authorized(const http::Request& r) const {
    std::string header = r.Header("authorization");
    if (header.size() < 8 || AsciiLower(header.substr(0, 7)) != "bearer ") return false;
    std::string token = header.substr(7);
    return token.rfind("voalle-at.", 0) == 0 && ValidSignedToken(key_, token, UnixNow());
  }

  // --- renderings ------------------------------------------------------------------------------
  ordered_json AddressOf(const Address& a) const {
    ordered_json out;
    size_t space = a.street.find(' ');
    out["streetType"] = space == std::string::npos ? "" : a.street.substr(0, space);
    out["street"] = space == std::string::npos ? a.street : a.street.substr(space + 1);
    out["number"] = a.number;
    out["addressComplement"] = a.complement;
    out["neighborhood"] = a.district;
    out["city"] = a.city;
    out["codeCityId"] = 3509502;  // IBGE code of the city: Campinas for the simulator [INFERRED]
    out["addressReference"] = "";
    out["state"] = a.state;
    out["postalCode"] = a.zip;
    out["latitude"] = "";
    out["longitude"] = "";
    return out;
  }

  ordered_json Person(const Customer& c) const {
    ordered_json p;
    p["id"] = c.id;
    p["name"] = c.name;
    p["name2"] = "";
    p["txId"] = c.document.value();
    p["email"] = c.email;
    p["status"] = 1;  // meaning [UNKNOWN]
    p["phone"] = c.phones.size() > 1 ? National(c.phones[1]) : "";
    p["cellPhone"] = c.phones.empty() ? "" : National(c.phones[0]);
    p["birthDate"] = c.birth_date ? ordered_json(c.birth_date->ToIso()) : ordered_json(nullptr);
    p["mainAddress"] = AddressOf(c.address);
    ordered_json titles = ordered_json::array();
    for (const Invoice* inv : InvoicesOfCustomer(c, /*open_only=*/true)) {
      ordered_json t = TitleRecord(*inv, false);
      t["billet"].erase("typefulLine");
      t["billet"].erase("pixQRCode");
      titles.push_back({{"id", inv->id}, {"billet", t["billet"]}});
    }
    p["titles"] = titles;
    return p;
  }

  ordered_json ContractRecord(const Contract& ct) const {
    const Plan* plan = state_->dataset.FindPlan(ct.plan_id);
    StatusView view = ViewOf(ct.status);
    ordered_json k;
    k["id"] = ct.id;
    k["contractNumber"] = ContractNumber(ct);
    k["clientId"] = ct.customer_id;
    k["status"] = view.code;
    k["statusDescription"] = view.label;
    k["stage"] = 3;  // "Aprovado" [INFERRED]
    k["description"] = plan ? plan->name : "";
    k["amount"] = plan ? MoneyNumber(plan->price) : json(0);
    return k;
  }

  std::vector<const Invoice*> InvoicesOfCustomer(const Customer& c, bool open_only) const {
    std::vector<const Invoice*> out;
    for (const Contract* ct : state_->dataset.ContractsOf(c.id)) {
      for (const Invoice* inv : state_->dataset.InvoicesOf(ct->id)) {
        if (!open_only || inv->status == InvoiceStatus::kOpen) out.push_back(inv);
      }
    }
    std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->due_date < b->due_date; });
    return out;
  }

  static std::string StatusText(const Invoice& inv, Date today) {
    if (inv.status == InvoiceStatus::kPaid) return "Paga";
    if (inv.status == InvoiceStatus::kCanceled) return "Cancelada";
    return IsOverdue(inv, today) ? "Vencida" : "Em aberto";
  }

  ordered_json TitleRecord(const Invoice& inv, bool top_level_status) const {
    auto codes = MakeInvoiceCodes(state_->dataset.isp, inv);
    bool open = inv.status == InvoiceStatus::kOpen;
    Date today = state_->today;
    br::LateFee fee = br::ComputeLateFee(inv.amount, inv.due_date, today);
    bool late = IsOverdue(inv, today);
    ordered_json amount;
    amount["value"] = MoneyNumber(inv.amount);
    amount["finalValue"] = MoneyNumber(late ? fee.total : inv.amount);
    amount["discount"] = 0;
    amount["fine"] = MoneyNumber(late ? fee.fine : Money());
    amount["interest"] = MoneyNumber(late ? fee.interest : Money());
    ordered_json billet;
    billet["bankTitleNumber"] = nullptr;
    billet["balance"] = MoneyNumber(open ? inv.amount : Money());
    billet["title"] = Title(inv.id);
    billet["issueDate"] = inv.due_date.AddDays(-10).ToIso();
    billet["expirationDate"] = inv.due_date.ToIso();
    billet["processingDate"] = inv.due_date.AddDays(-10).ToIso();
    billet["typefulLine"] = open && codes.ok() ? codes->linha_formatted : "";
    billet["barcode"] = open && codes.ok() ? ordered_json(codes->barcode) : ordered_json(nullptr);
    billet["pixQRCode"] = open && codes.ok() ? codes->pix : "";
    // [CONFLICT] a live app reads the status inside `billet`; the SDK at the top: both are given.
    billet["status"] = StatusText(inv, today);
    billet["amount"] = amount;
    ordered_json t;
    t["id"] = inv.id;
    if (top_level_status) t["status"] = StatusText(inv, today);
    t["billet"] = billet;
    const Contract* ct = state_->dataset.FindContract(inv.contract_id);
    t["client"] = {{"id", ct ? ct->customer_id : 0}};
    t["companyPlace"] = ordered_json::object();
    t["bank"] = {{"code", state_->dataset.isp.bank_code}};
    t["collectionType"] = ordered_json::object();
    return t;
  }

  const Customer* CustomerByTxId(const std::string& text) const {
    auto doc = Document::Parse(text);
    if (!doc.ok()) return nullptr;
    auto found = state_->dataset.FindCustomersByDocument(doc->value());
    return found.empty() ? nullptr : found.front();
  }

  const Contract* ContractByNumber(const std::string& number) const {
    if (number.rfind("CTR-", 0) != 0) return nullptr;
    return state_->dataset.FindContract(IdIn(number.substr(4)));
  }

  std::string BoletoLink(int64_t id) const {
    return state_->base_url + "/boleto/" + std::to_string(id);
  }

  // --- endpoints ---------------------------------------------------------------------------------
  http::Response People(const std::string& txid) {
    const Customer* c = CustomerByTxId(txid);
    if (c == nullptr) return Fail("Registro n\xc3\xa3o encontrado.", 404);
    return Ok(Person(*c));
  }

  http::Response ContractsPaged(const json& body) {
    std::string tx = body.value("txId", std::string());
    std::string number = body.value("contractNumber", std::string());
    bool only_active = body.value("onlyActiveContracts", true);
    int page = std::max(1, body.value("page", 1));
    int size = std::clamp(body.value("pageSize", 10), 1, 1000);
    std::vector<const Contract*> all;
    if (!number.empty()) {
      if (const Contract* ct = ContractByNumber(number)) all.push_back(ct);
    } else if (const Customer* c = CustomerByTxId(tx)) {
      all = state_->dataset.ContractsOf(c->id);
    }
    std::vector<const Contract*> shown;
    for (const Contract* ct : all) {
      if (!only_active || ViewOf(ct->status).code <= 3) shown.push_back(ct);
    }
    size_t total = shown.size();
    size_t pages = (total + static_cast<size_t>(size) - 1) / static_cast<size_t>(size);
    ordered_json data = ordered_json::array();
    for (size_t i = static_cast<size_t>(page - 1) * static_cast<size_t>(size);
         i < total && i < static_cast<size_t>(page) * static_cast<size_t>(size); ++i) {
      data.push_back(ContractRecord(*shown[i]));
    }
    ordered_json out;
    out["data"] = data;
    out["totalRecords"] = total;
    out["totalPages"] = pages;
    out["page"] = page;
    out["pageSize"] = size;
    return Ok(out);
  }

  http::Response TitlesByTxId(const std::string& txid, bool open_only) {
    const Customer* c = CustomerByTxId(txid);
    if (c == nullptr) return Fail("Registro n\xc3\xa3o encontrado.", 404);
    ordered_json list = ordered_json::array();
    for (const Invoice* inv : InvoicesOfCustomer(*c, open_only)) {
      list.push_back(TitleRecord(*inv, /*top_level_status=*/!open_only));
    }
    if (open_only && list.empty())
      return Fail("Cliente n\xc3\xa3o possui t\xc3\xadtulos em aberto.", 0);
    return Ok(list);
  }

  http::Response ContractBillets(const std::string& id_text) {
    const Contract* ct = state_->dataset.FindContract(IdIn(id_text));
    if (ct == nullptr) return Fail("Registro n\xc3\xa3o encontrado.", 404);
    ordered_json list = ordered_json::array();
    int parcel = 0;
    for (const Invoice* inv : state_->dataset.InvoicesOf(ct->id)) {
      if (inv->status != InvoiceStatus::kOpen) continue;
      auto codes = MakeInvoiceCodes(state_->dataset.isp, *inv);
      list.push_back({{"id", inv->id},
                      {"title", Title(inv->id)},
                      {"expirationDate", inv->due_date.ToIso() + "T00:00:00"},
                      {"parcel", ++parcel},
                      {"typefulLine", codes.ok() ? codes->linha_formatted : ""},
                      {"link", BoletoLink(inv->id)},
                      {"pixQRCode", codes.ok() ? codes->pix : ""}});
    }
    return Ok(list);
  }

  const Invoice* OpenInvoice(const std::string& id_text) const {
    const Invoice* inv = state_->dataset.FindInvoice(IdIn(id_text));
    return inv != nullptr && inv->status == InvoiceStatus::kOpen ? inv : nullptr;
  }

  http::Response Billet(const std::string& id_text) {
    const Invoice* inv = OpenInvoice(id_text);
    if (inv == nullptr) return Fail("Registro n\xc3\xa3o encontrado.", 404);
    auto pdf = BoletoPdf(state_->dataset, *inv, state_->today);
    if (!pdf.ok()) return Fail("Erro ao gerar o boleto.", 500);
    return http::Response::Text(200, std::move(pdf).value(), "application/pdf");
  }

  http::Response RegisterPix(const http::Request& r) {
    const Invoice* inv = OpenInvoice(r.Query("receivableId").value_or(""));
    if (inv == nullptr) return Fail("T\xc3\xadtulo n\xc3\xa3o encontrado ou j\xc3\xa1 baixado.");
    auto codes = MakeInvoiceCodes(state_->dataset.isp, *inv);
    if (!codes.ok()) return Fail("Erro ao registrar o Pix.", 500);
    br::LateFee fee = br::ComputeLateFee(inv->amount, inv->due_date, state_->today);
    bool late = IsOverdue(*inv, state_->today);
    ordered_json out;
    out["registerId"] = inv->id;
    out["qrCode"] = codes->pix;
    out["totalAmount"] = MoneyNumber(late ? fee.total : inv->amount);
    out["interestAmount"] = MoneyNumber(late ? fee.interest : Money());
    out["fineAmount"] = MoneyNumber(late ? fee.fine : Money());
    out["transactionId"] = codes->txid;
    out["hybridBillet"] = false;
    return Ok(out);
  }

  http::Response Unlock(const std::string& number) {
    const Contract* ct = ContractByNumber(number);
    if (ct == nullptr) return Fail("Registro n\xc3\xa3o encontrado.", 404);
    // Refusal texts are [UNKNOWN]: the simulator's guesses.
    switch (state_->TrustUnlock("voalle", ct->id)) {
      case UnlockOutcome::kGranted:
        return Ok(ordered_json::object());
      case UnlockOutcome::kNotBlocked:
        return Fail("Contrato n\xc3\xa3o est\xc3\xa1 bloqueado.");
      case UnlockOutcome::kInactive:
        return Fail("Contrato cancelado ou suspenso n\xc3\xa3o pode ser desbloqueado.");
      case UnlockOutcome::kLimitReached:
        return Fail(
            "Desbloqueio em confian\xc3\xa7"
            "a j\xc3\xa1 utilizado nos \xc3\xbaltimos 30 dias.");
      case UnlockOutcome::kNotFound:
        break;
    }
    return Fail("Registro n\xc3\xa3o encontrado.", 404);
  }

  static ordered_json AccessPoint(int64_t contract_id) {
    return {{"title", "OLT-" + std::to_string(1 + contract_id % 4)},
            {"inMaintenance", false},
            {"maintenance", nullptr},
            {"active", true}};
  }

  http::Response Solicitation(const json& body, bool detailed) {
    auto id_of = [&](const char* key) -> int64_t {
      if (!body.contains(key)) return -1;
      const json& v = body[key];
      return v.is_number_integer() ? v.get<int64_t>()
             : v.is_string()       ? IdIn(v.get<std::string>())
                                   : -1;
    };
    int64_t client = id_of(detailed ? "personId" : "clientId");
    if (client < 0) client = id_of("clientId");
    int64_t contract = id_of("contractId");
    const Contract* ct = state_->dataset.FindContract(contract);
    if (ct == nullptr || ct->customer_id != client)
      return Fail("Registro n\xc3\xa3o encontrado.", 404);
    std::string text = body.value("description", std::string());
    if (detailed && body.contains("assignment") && body["assignment"].is_object())
      text = body["assignment"].value("description", text);
    const Ticket& t =
        state_->OpenTicket("voalle", client, ct->id, "Solicita\xc3\xa7\xc3\xa3o", text);
    ordered_json out;
    out["protocol"] = t.protocol;
    out[detailed ? "assignmentId" : "id"] = t.id;
    return Ok(out);
  }

  http::Response NewPerson(const json& body) {
    auto text = [&](const char* key) {
      return body.contains(key) && body[key].is_string() ? body[key].get<std::string>()
                                                         : std::string();
    };
    auto doc = br::ParseDocument(text("txId"));
    if (!doc.ok() || text("name").empty())
      return Fail("Nome e CPF/CNPJ v\xc3\xa1lidos s\xc3\xa3o obrigat\xc3\xb3rios.");
    if (!state_->dataset.FindCustomersByDocument(doc->value()).empty())
      return Fail("J\xc3\xa1 existe uma pessoa cadastrada com este CPF/CNPJ.");
    Customer c;
    c.name = text("name");
    c.document = *doc;
    c.email = text("email");
    c.address = {(text("streetType") + " " + text("street")),
                 text("number"),
                 text("addressComplement"),
                 text("neighborhood"),
                 text("city").empty() ? state_->dataset.isp.city : text("city"),
                 text("state").empty() ? "SP" : text("state"),
                 DigitsOnly(text("postalCode"))};
    state_->CreateCustomer("voalle", std::move(c));
    return Ok(ordered_json::object());
  }

  http::Response Lead() { return Ok(nullptr); }  // the integrator's lead: no id comes back

  http::Response PublicPdf(const http::Request& r) {
    std::lock_guard lock(state_->mu);
    const Invoice* inv = OpenInvoice(r.path.substr(std::string("/boleto/").size()));
    if (inv == nullptr) return http::Response::Text(404, "", "text/html");
    auto pdf = BoletoPdf(state_->dataset, *inv, state_->today);
    if (!pdf.ok()) return http::Response::Text(500, "", "text/html");
    return http::Response::Text(200, std::move(pdf).value(), "application/pdf");
  }

  http::Response Serve(const http::Request& r) {
    if (!Authorized(r)) return Unauthorized();
    std::string rest = r.path.substr(kApi.size());
    json body = json::object();
    if (!r.body.empty()) {
      body = json::parse(r.body, nullptr, false);
      if (!body.is_object()) return Fail("Corpo da requisi\xc3\xa7\xc3\xa3o inv\xc3\xa1lido.");
    }
    auto after = [&](std::string_view prefix) -> std::optional<std::string> {
      if (rest.rfind(prefix, 0) != 0) return std::nullopt;
      return rest.substr(prefix.size());
    };
    std::lock_guard lock(state_->mu);
    if (r.method == "GET") {
      if (auto v = after("people/txid/")) return People(*v);
      if (auto v = after("getopentitlesbytxid/")) return TitlesByTxId(*v, true);
      if (auto v = after("gettitlesbytxid/")) return TitlesByTxId(*v, false);
      if (auto v = after("getcontractbillets/")) return ContractBillets(*v);
      if (auto v = after("GetBillet/")) return Billet(*v);
      if (auto v = after("GetBilletLink/")) {
        if (OpenInvoice(*v) == nullptr) return Fail("Registro n\xc3\xa3o encontrado.", 404);
        return Ok({{"link", BoletoLink(IdIn(*v))}});
      }
      if (auto v = after("getaccesspointstatusbycontract/")) {
        const Contract* ct = state_->dataset.FindContract(IdIn(*v));
        return ct ? Ok(AccessPoint(ct->id)) : Fail("Registro n\xc3\xa3o encontrado.", 404);
      }
      if (auto v = after("getaccesspointstatusbyclient/")) {
        ordered_json list = ordered_json::array();
        for (const Contract* ct : state_->dataset.ContractsOf(IdIn(*v)))
          list.push_back(AccessPoint(ct->id));
        return Ok(list);
      }
    }
    if (r.method == "POST") {
      if (rest == "contract/getpaged") return ContractsPaged(body);
      if (rest == "billings/registerpix") return RegisterPix(r);
      if (auto v = after("contracts/unlock/")) return Unlock(*v);
      if (rest == "opensolicitation") return Solicitation(body, false);
      if (rest == "opendetailedsolicitation") return Solicitation(body, true);
      if (rest == "people") return NewPerson(body);
    }
    return http::Response::Text(404, "", "text/plain");
  }

  SimState* state_ = nullptr;
  std::string key_;
  mutable std::atomic<uint64_t> faults_{0};
  mutable std::atomic<uint64_t> replies_{0};
};

}  // namespace

std::unique_ptr<Flavor> MakeVoalleFlavor() { return std::make_unique<VoalleFlavor>(); }

}  // namespace atende::erpsim
