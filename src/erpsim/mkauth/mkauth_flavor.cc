// MK-Auth flavor (specs/erp-mkauth.md §9): GET /api/ with Basic client_id:client_secret answers a
// bare HS512 JWT (600 s) as text/plain, then Bearer on every call; the customer doubles as its
// contract (one `sis_cliente` per neutral contract, keyed by login and uuid_cliente); "not found"
// is the literal body NULL; `Total` with a capital T on titles; PHP error text with HTTP 200 as its
// failure shape; a public boleto HTML page.
#include <openssl/hmac.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "br/document_check.h"
#include "erpsim/flavor.h"
#include "erpsim/invoice_codes.h"

namespace atende::erpsim {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr const char* kPhpError =
    "<br />\n<b>Fatal error</b>:  Uncaught PDOException: SQLSTATE[HY000] [2002] Connection refused "
    "in "
    "/opt/mk-auth/api/Conexao.php:18\nStack trace:\n#0 {main}\n  thrown in "
    "<b>/opt/mk-auth/api/Conexao.php</b> on "
    "line <b>18</b><br />\n";

http::Response JsonReply(const ordered_json& body) {
  return http::Response::Json(200, body.dump(), "application/json; charset=utf-8");
}
http::Response Null() { return http::Response::Text(200, "NULL", "text/html; charset=UTF-8"); }

// Reversible ids for the simulator [INFERRED shape]: the decimal id in the last 12 hex-looking
// digits.
std::string UuidFor(const char* prefix4, int64_t id) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%s0000-0000-4000-8000-%012lld", prefix4,
                static_cast<long long>(id));
  return buffer;
}
int64_t IdFromUuid(const std::string& uuid, const char* prefix4) {
  std::string up = uuid;
  std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return std::toupper(c); });
  if (up.size() != 36 || up.compare(0, 4, prefix4) != 0) return -1;
  std::string digits = up.substr(24);
  if (DigitsOnly(digits) != digits) return -1;
  return std::stoll(digits);
}
constexpr const char* kClientPrefix = "C11E";
constexpr const char* kTitlePrefix = "7171";

std::string FirstNameAscii(const std::string& name) {
  std::string first = name.substr(0, name.find(' '));
  std::string out;
  for (unsigned char c : AsciiLower(first)) {
    if (c >= 'a' && c <= 'z') out.push_back(static_cast<char>(c));
  }
  return out.empty() ? "cliente" : out;
}

std::string HmacSha512(const std::string& key, const std::string& data) {
  unsigned char out[64];
  unsigned int len = 0;
  HMAC(EVP_sha512(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class MkauthFlavor final : public Flavor {
 public:
  std::string name() const override { return "mkauth"; }

  http::Response Fault(FaultKind kind, const http::Request&) const override {
    return http::Response::Text(kind == FaultKind::kErrorPage ? 200 : 500, kPhpError,
                                "text/html; charset=UTF-8");
  }

  void Install(http::Router& router, SimState& state) override {
    state_ = &state;
    key_ = "erpsim-mkauth:" + state.options.token;
    router.AddPrefix("*", "/api/", [this](const http::Request& r) { return Serve(r); });
    router.Add("GET", "/boleto/21boleto.php",
               [this](const http::Request& r) { return BoletoPage(r); });
  }

 private:
  // --- token
  // ------------------------------------------------------------------------------------------------
  std::string IssueJwt(const std::string& client_id) const {
    int64_t iat = NowSeconds();
    std::string header = Base64UrlEncode(R"({"typ":"JWT","alg":"HS512"})");
    ordered_json payload;
    char user[41];
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : client_id) h = (h ^ c) * 1099511628211ull;
    std::snprintf(user, sizeof user, "%016llx%016llx%08x", static_cast<unsigned long long>(h),
                  static_cast<unsigned long long>(h * 31), static_cast<unsigned>(h >> 7));
    payload["usuario"] = user;
    payload["host"] = "127.0.0.1";
    payload["iat"] = iat;
    payload["exp"] = iat + state_->options.jwt_ttl_seconds;
    std::string signing_input = header + "." + Base64UrlEncode(payload.dump());
    return signing_input + "." + Base64UrlEncode(HmacSha512(key_, signing_input));
  }

  bool ValidBearer(const http::Request& r) const {
    std::string header = r.Header("authorization");
    if (header.size() < 8 || AsciiLower(header.substr(0, 7)) != "bearer ") return false;
    std::string token = header.substr(7);
    size_t first = token.find('.'), second = token.rfind('.');
    if (first == std::string::npos || second == first) return false;
    std::string signing_input = token.substr(0, second);
    if (Base64UrlEncode(HmacSha512(key_, signing_input)) != token.substr(second + 1)) return false;
    auto payload_text = Base64Decode(token.substr(first + 1, second - first - 1));
    if (!payload_text) return false;
    json payload = json::parse(*payload_text, nullptr, false);
    if (!payload.is_object() || !payload.contains("exp") || !payload["exp"].is_number_integer())
      return false;
    return payload["exp"].get<int64_t>() > NowSeconds();
  }

  // --- records
  // ----------------------------------------------------------------------------------------------
  std::string LoginOf(const Contract& ct) const {
    if (auto it = custom_logins_by_contract_.find(ct.id); it != custom_logins_by_contract_.end())
      return it->second;
    const Customer* c = state_->dataset.FindCustomer(ct.customer_id);
    return (c ? FirstNameAscii(c->name) : "cliente") + std::to_string(ct.id);
  }

  const Contract* ContractByLogin(const std::string& login) const {
    if (auto it = custom_logins_.find(login); it != custom_logins_.end())
      return state_->dataset.FindContract(it->second);
    size_t digits_at = login.find_first_of("0123456789");
    if (digits_at == std::string::npos || digits_at == 0) return nullptr;
    std::string digits = login.substr(digits_at);
    if (DigitsOnly(digits) != digits || digits.size() > 15) return nullptr;
    const Contract* ct = state_->dataset.FindContract(std::stoll(digits));
    return ct && LoginOf(*ct) == login ? ct : nullptr;
  }

  std::vector<const Contract*> ContractsByDocument(const std::string& text) const {
    std::vector<const Contract*> out;
    auto doc = Document::Parse(text);
    if (!doc.ok()) return out;
    for (const Customer* c : state_->dataset.FindCustomersByDocument(doc->value())) {
      for (const Contract* ct : state_->dataset.ContractsOf(c->id)) out.push_back(ct);
    }
    return out;
  }

  ordered_json ClientRecord(const Contract& ct) const {
    const Customer* c = state_->dataset.FindCustomer(ct.customer_id);
    const Plan* plan = state_->dataset.FindPlan(ct.plan_id);
    const Address& a = state_->dataset.InstallationAddress(ct);
    bool blocked = ct.status == ContractStatus::kBlocked || ct.status == ContractStatus::kReduced ||
                   ct.status == ContractStatus::kSuspended;
    bool unlocked = ct.status == ContractStatus::kTrustUnlocked;
    std::optional<Date> last = state_->LastTrustUnlock(ct);
    int due_day = 10;
    for (const Invoice* inv : state_->dataset.InvoicesOf(ct.id)) due_day = inv->due_date.day();
    ordered_json r;
    r["id"] = std::to_string(ct.id);
    r["login"] = LoginOf(ct);
    r["uuid_cliente"] = UuidFor(kClientPrefix, ct.id);
    r["nome"] = c ? c->name : "";
    r["cpf_cnpj"] = c ? c->document.value() : "";
    r["email"] = c ? c->email : "";
    r["celular"] = c && !c->phones.empty() ? c->phones[0].Formatted() : "";
    r["fone"] = c && c->phones.size() > 1 ? c->phones[1].Formatted() : "";
    r["data_nasc"] = c && c->birth_date ? c->birth_date->ToIso() : "";
    r["endereco"] = a.street;
    r["numero"] = a.number;
    r["complemento"] = a.complement;
    r["bairro"] = a.district;
    r["cidade"] = a.city;
    r["estado"] = a.state;
    r["cep"] = FormatCep(a.zip);
    r["plano"] = plan ? plan->name : "";
    r["venc"] = std::to_string(due_day);
    r["bloqueado"] = blocked ? "sim" : "nao";
    r["cli_ativado"] = ct.status == ContractStatus::kCanceled ? "n" : "s";
    r["observacao"] = unlocked ? "sim" : "nao";
    r["rem_obs"] =
        unlocked && last
            ? ordered_json(last->AddDays(state_->options.trust_unlock_days).ToIso() + " 23:59:59")
            : ordered_json(nullptr);
    r["data_desbloq"] = last ? ordered_json(last->ToIso() + " 10:00:00") : ordered_json(nullptr);
    r["senha"] = "pppoe" + std::to_string(ct.id * 31 % 10000);
    return r;
  }

  ordered_json Title(const Invoice& inv) const {
    const Contract* ct = state_->dataset.FindContract(inv.contract_id);
    const Plan* plan = ct ? state_->dataset.FindPlan(ct->plan_id) : nullptr;
    auto codes = MakeInvoiceCodes(state_->dataset.isp, inv);
    bool open = inv.status == InvoiceStatus::kOpen;
    char referencia[8];
    std::snprintf(referencia, sizeof referencia, "%02d/%04d", inv.due_date.month(),
                  inv.due_date.year());
    ordered_json t;
    t["uuid_lanc"] = UuidFor(kTitlePrefix, inv.id);
    t["titulo"] = std::to_string(inv.id);
    t["login"] = ct ? LoginOf(*ct) : "";
    t["valor"] = inv.amount.ToDecimal();
    t["datavenc"] = inv.due_date.ToIso() + " 00:00:00";
    t["datapag"] = inv.paid_date && !open ? ordered_json(inv.paid_date->ToIso() + " 00:00:00")
                                          : ordered_json(nullptr);
    t["status"] = open ? (IsOverdue(inv, state_->today) ? "vencido" : "aberto") : "pago";
    t["linhadig"] = open && codes.ok() ? codes->linha_formatted : "";
    t["pix"] = open && codes.ok() ? codes->pix : "";
    t["qrcode"] = open && codes.ok() ? codes->pix : "";
    t["pix_link"] = state_->base_url + "/boleto/21boleto.php?titulo=" + std::to_string(inv.id);
    t["url"] = nullptr;
    t["referencia"] = referencia;
    t["descricao"] = "Mensalidade " + (plan ? plan->name : std::string("internet"));
    t["deltitulo"] = "0";
    return t;
  }

  std::vector<const Invoice*> OpenTitles(const Contract& ct) const {
    std::vector<const Invoice*> out;
    for (const Invoice* inv : state_->dataset.InvoicesOf(ct.id)) {
      if (inv->status == InvoiceStatus::kOpen) out.push_back(inv);
    }
    std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->due_date < b->due_date; });
    return out;
  }

  // --- endpoints
  // --------------------------------------------------------------------------------------------
  // "cpf_cnpj=52998224725", "login=maria10", "celular=19987654321", "limite=10&pagina=2"
  // (combinable with '&').
  http::Response Listar(const std::string& filter_text) {
    std::map<std::string, std::string> filters;
    for (const auto& [k, v] : http::ParseForm(filter_text)) filters[k] = v;
    int limit = filters.count("limite") ? std::max(1, std::atoi(filters["limite"].c_str())) : 0;
    int page = filters.count("pagina") ? std::max(1, std::atoi(filters["pagina"].c_str())) : 1;
    filters.erase("limite");
    filters.erase("pagina");
    std::vector<const Contract*> matches;
    const Dataset& d = state_->dataset;
    if (filters.count("cpf_cnpj")) {
      matches = ContractsByDocument(filters["cpf_cnpj"]);
    } else if (filters.count("login")) {
      if (const Contract* ct = ContractByLogin(filters["login"])) matches.push_back(ct);
    } else if (filters.count("celular") || filters.count("fone")) {
      std::string digits =
          DigitsOnly(filters.count("celular") ? filters["celular"] : filters["fone"]);
      std::string tail = digits.size() >= 8 ? digits.substr(digits.size() - 8) : "";
      for (const auto& c : d.customers) {
        bool same =
            !tail.empty() && std::any_of(c.phones.begin(), c.phones.end(), [&](const Phone& p) {
              return p.e164().size() >= 8 && p.e164().compare(p.e164().size() - 8, 8, tail) == 0;
            });
        if (same) {
          for (const Contract* ct : d.ContractsOf(c.id)) matches.push_back(ct);
        }
      }
    } else if (filters.count("nome")) {
      std::string needle = AsciiLower(filters["nome"]);
      for (const auto& c : d.customers) {
        if (AsciiLower(c.name).find(needle) == std::string::npos) continue;
        for (const Contract* ct : d.ContractsOf(c.id)) matches.push_back(ct);
      }
    } else if (filters.empty()) {
      for (const auto& ct : d.contracts) matches.push_back(&ct);
    }
    if (matches.empty()) return Null();
    size_t total = matches.size();
    size_t per_page = limit > 0 ? static_cast<size_t>(limit) : total;
    size_t begin = std::min(total, (static_cast<size_t>(page) - 1) * per_page);
    size_t end = std::min(total, begin + per_page);
    ordered_json out;
    out["total_registros"] = total;
    if (limit > 0) {
      out["pagina"] = page;
      out["total_paginas"] = (total + per_page - 1) / per_page;
    }
    out["clientes"] = ordered_json::array();
    for (size_t i = begin; i < end; ++i) out["clientes"].push_back(ClientRecord(*matches[i]));
    return JsonReply(out);
  }

  http::Response Show(const std::string& key) {
    if (const Contract* ct = ContractByLogin(key)) return JsonReply(ClientRecord(*ct));
    auto by_doc = ContractsByDocument(key);
    if (by_doc.empty()) return Null();
    const Contract* ct = by_doc.front();
    ordered_json record = ClientRecord(*ct);
    auto open = OpenTitles(*ct);
    record["titulos"] = open.empty() ? ordered_json(nullptr) : Title(*open.front());
    return JsonReply(ordered_json{{"dados_cliente", record}});
  }

  http::Response TitulosAbertos(const std::string& key) {
    std::vector<const Contract*> contracts;
    if (const Contract* ct = ContractByLogin(key)) {
      contracts.push_back(ct);
    } else {
      contracts = ContractsByDocument(key);
    }
    ordered_json titulos = ordered_json::array();
    for (const Contract* ct : contracts) {
      for (const Invoice* inv : OpenTitles(*ct)) titulos.push_back(Title(*inv));
    }
    ordered_json out;
    out["Total"] = titulos.size();
    out["titulos"] = titulos;
    return JsonReply(out);
  }

  http::Response TituloShow(const std::string& uuid) {
    const Invoice* inv = state_->dataset.FindInvoice(IdFromUuid(uuid, kTitlePrefix));
    if (inv == nullptr || inv->status == InvoiceStatus::kCanceled) return Null();
    return JsonReply(Title(*inv));
  }

  http::Response Planos() {
    ordered_json planos = ordered_json::array();
    for (const auto& p : state_->dataset.plans) {
      std::string digits = DigitsOnly(p.name);
      long long mbps = digits.empty() ? 100 : std::stoll(digits);
      if (p.name.find("Giga") != std::string::npos) mbps *= 1000;
      char uuid[16];
      std::snprintf(uuid, sizeof uuid, "%08llx",
                    static_cast<unsigned long long>(p.id * 2654435761ull % 0xffffffffull));
      planos.push_back({{"uuid", uuid},
                        {"nome", p.name},
                        {"valor", p.price.ToDecimal()},
                        {"velup", std::to_string(mbps * 1000 / 2)},
                        {"veldown", std::to_string(mbps * 1000)},
                        {"descricao", p.name}});
    }
    ordered_json out;
    out["total_registros"] = planos.size();
    out["planos"] = planos;
    return JsonReply(out);
  }

  http::Response Editar(const json& body) {
    std::string uuid = body.value("uuid", std::string());
    Contract* ct = state_->dataset.FindContract(IdFromUuid(uuid, kClientPrefix));
    if (ct == nullptr) return Null();
    if (body.contains("bloqueado") && body["bloqueado"].is_string()) {
      std::string value = body["bloqueado"].get<std::string>();
      if (value == "nao" && ct->status != ContractStatus::kCanceled)
        ct->status = ContractStatus::kActive;
      if (value == "sim" && ct->status != ContractStatus::kCanceled)
        ct->status = ContractStatus::kBlocked;
    }
    return JsonReply(ordered_json{{"status", "success"}});
  }

  http::Response Desbloqueio(const std::string& uuid) {
    int64_t id = IdFromUuid(uuid, kClientPrefix);
    if (state_->dataset.FindContract(id) == nullptr) return Null();
    switch (state_->TrustUnlock("mkauth", id)) {  // reply bodies are [UNKNOWN]: simulator guesses
      case UnlockOutcome::kGranted:
        return JsonReply({{"status", "success"},
                          {"mensagem",
                           "Cliente desbloqueado em confian\xc3\xa7"
                           "a por " +
                               std::to_string(state_->options.trust_unlock_days) + " dias"}});
      case UnlockOutcome::kNotBlocked:
        return JsonReply(
            {{"status", "error"}, {"mensagem", "Cliente n\xc3\xa3o est\xc3\xa1 bloqueado"}});
      case UnlockOutcome::kInactive:
        return JsonReply({{"status", "error"}, {"mensagem", "Cliente desativado"}});
      case UnlockOutcome::kLimitReached:
        return JsonReply({{"status", "error"},
                          {"mensagem",
                           "Desbloqueio em confian\xc3\xa7"
                           "a j\xc3\xa1 utilizado neste per\xc3\xadodo"}});
      case UnlockOutcome::kNotFound:
        return Null();
    }
    return Null();
  }

  http::Response Inserir(const json& body) {
    auto text = [&](const char* key) {
      auto it = body.find(key);
      return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    std::string login = text("Login");
    if (login.empty()) {
      return http::Response::Text(
          200,
          "<br />\n<b>Warning</b>:  Undefined index: Login in "
          "<b>/opt/mk-auth/api/cliente/inserir.php</b> on line <b>12</b><br />\nNULL",
          "text/html; charset=UTF-8");
    }
    if (ContractByLogin(login) != nullptr)
      return JsonReply({{"status", "erro"}, {"mensagem", "Login j\xc3\xa1 existe"}});
    auto doc = br::ParseDocument(text("cpf"));
    if (!doc.ok() || text("nome").empty()) {
      return JsonReply(
          {{"status", "erro"},
           {"mensagem", "Nome e CPF/CNPJ v\xc3\xa1lidos s\xc3\xa3o obrigat\xc3\xb3rios"}});
    }
    Customer c;
    c.name = text("nome");
    c.document = *doc;
    c.email = text("email");
    for (const char* key : {"celular", "telefone"}) {
      if (auto phone = Phone::Parse(text(key)); phone.ok()) c.phones.push_back(*phone);
    }
    c.address = {text("endereco"),
                 text("numero"),
                 text("complemento"),
                 text("bairro"),
                 text("cidade").empty() ? state_->dataset.isp.city : text("cidade"),
                 text("estado").empty() ? "SP" : text("estado"),
                 DigitsOnly(text("cep"))};
    const Customer& created = state_->CreateCustomer("mkauth", std::move(c));
    Contract ct;
    ct.id = state_->dataset.NextContractId();
    ct.customer_id = created.id;
    ct.plan_id = state_->dataset.plans.empty() ? 0 : state_->dataset.plans.front().id;
    for (const auto& p : state_->dataset.plans) {
      if (p.name == text("plano")) ct.plan_id = p.id;
    }
    state_->events.Append(
        state_->today, "mkauth", "contract_created",
        {{"contract_id", ct.id}, {"customer_id", created.id}, {"plan_id", ct.plan_id}});
    custom_logins_[login] = ct.id;
    custom_logins_by_contract_[ct.id] = login;
    state_->dataset.AddContract(std::move(ct));
    ordered_json out;
    out["status"] = "sucesso";
    for (auto& [k, v] : body.items()) {
      if (k != "senha") out[k] = v;
    }
    return JsonReply(out);
  }

  http::Response ChamadoInserir(const json& body) {
    std::string login = body.value("login", std::string());
    const Contract* ct = ContractByLogin(login);
    if (ct == nullptr)
      return JsonReply({{"status", "erro"}, {"mensagem", "Login n\xc3\xa3o encontrado"}});
    std::string subject = body.value("assunto", std::string("Suporte"));
    std::string text =
        body.value("msg", body.value("mensagem", body.value("descricao", std::string())));
    const Ticket& t = state_->OpenTicket("mkauth", ct->customer_id, ct->id, subject, text);
    return JsonReply(
        {{"status", "sucesso"}, {"ticket_id", std::to_string(t.id)}, {"protocolo", t.protocol}});
  }

  http::Response BoletoPage(const http::Request& r) {
    std::string id = DigitsOnly(r.Query("titulo").value_or(""));
    std::lock_guard lock(state_->mu);
    const Invoice* inv =
        id.empty() || id.size() > 15 ? nullptr : state_->dataset.FindInvoice(std::stoll(id));
    if (inv == nullptr)
      return http::Response::Text(200, "Boleto n\xc3\xa3o encontrado", "text/html; charset=UTF-8");
    auto codes = MakeInvoiceCodes(state_->dataset.isp, *inv);
    std::string page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Boleto " + id +
                       "</title></head><body><h1>" + state_->dataset.isp.name +
                       "</h1><p>Vencimento: " + inv->due_date.ToBr() +
                       "</p><p>Valor: " + inv->amount.ToDisplay() + "</p><p class=\"linha\">" +
                       (codes.ok() ? codes->linha_formatted : "") + "</p><p class=\"pix\">" +
                       (codes.ok() ? codes->pix : "") + "</p></body></html>";
    return http::Response::Text(200, page, "text/html; charset=UTF-8");
  }

  http::Response Serve(const http::Request& r) {
    std::string rest = r.path.substr(5);  // after "/api/"
    if (rest.empty()) {
      auto credentials = BasicCredentials(r);
      if (!credentials || credentials->second != state_->options.token) {
        return http::Response::Text(401, "Acesso negado", "text/html; charset=UTF-8");
      }
      return http::Response::Text(200, IssueJwt(credentials->first), "text/plain; charset=UTF-8");
    }
    if (!ValidBearer(r))
      return http::Response::Text(401, "Token inv\xc3\xa1lido ou expirado",
                                  "text/html; charset=UTF-8");
    json body = json::object();
    if (!r.body.empty()) {
      body = json::parse(r.body, nullptr, false);
      if (!body.is_object()) body = json::object();
    }
    auto after = [&](const std::string& prefix) -> std::optional<std::string> {
      if (rest.rfind(prefix, 0) != 0) return std::nullopt;
      return rest.substr(prefix.size());
    };
    std::lock_guard lock(state_->mu);
    if (r.method == "GET") {
      if (auto v = after("cliente/listar/")) return Listar(*v);
      if (rest == "cliente/listar") return Listar("");
      if (auto v = after("cliente/show/")) return Show(*v);
      if (auto v = after("cliente/desbloqueio/")) return Desbloqueio(*v);
      if (auto v = after("titulo/aberto/")) return TitulosAbertos(*v);
      if (auto v = after("titulo/show/")) return TituloShow(*v);
      if (rest == "plano/listagem" || after("plano/listar")) return Planos();
    }
    if (r.method == "PUT" && rest == "cliente/editar") return Editar(body);
    if (r.method == "POST" && rest == "cliente/inserir") return Inserir(body);
    if (r.method == "POST" && rest == "chamado/inserir") return ChamadoInserir(body);
    return Null();
  }

  SimState* state_ = nullptr;
  std::string key_;
  std::map<std::string, int64_t> custom_logins_;  // logins given to cliente/inserir
  std::map<int64_t, std::string> custom_logins_by_contract_;
};

}  // namespace

std::unique_ptr<Flavor> MakeMkauthFlavor() { return std::make_unique<MkauthFlavor>(); }

}  // namespace atende::erpsim
