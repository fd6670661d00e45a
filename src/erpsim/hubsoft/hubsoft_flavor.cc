// HubSoft flavor (specs/erp-hubsoft.md §12): POST /oauth/token (JSON password grant, or
// refresh_token) answering 401 invalid_credentials on a bad secret; /api/v1/integracao/* behind a
// Bearer token (401 {"message":"Unauthenticated."} otherwise); {"status":"success"|"suscess",
// "msg", …} replies and {"status":"error","msg","errors":[]} with HTTP 200; `cliente` searched by
// cpf_cnpj, telefone (the stored number exactly), codigo_cliente, id_cliente_servico or name, with
// its services (`status_prefixo`, `senha`, `ultima_conexao` when asked, canceled and inactive ones
// only when asked), `data_nascmento` (sic) and `uf` holding the state's full name;
// cliente/financeiro (pending only by default, at most 50, dates dd/mm/yyyy, money as numbers,
// canceled invoices omitted, a public PDF link); desbloqueio_confianca with its days and maximum;
// atendimento; prospecto; extrato_conexao; configuracao lists. Faults: status error with 200, or a
// Laravel 500 page.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "br/document_check.h"
#include "erpsim/flavor.h"
#include "erpsim/invoice_codes.h"

namespace atende::erpsim {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;
using Params = std::map<std::string, std::string>;

constexpr std::string_view kApi = "/api/v1/integracao/";
constexpr int kTokenLifetime = 2592000;  // 30 days
constexpr int64_t kCodeOffset = 1000;    // codigo_cliente = 1000 + id [INFERRED numbering]
constexpr const char* kLaravel500 =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Server "
    "Error</title></head><body><div class=\"code\">500</div><div class=\"message\">Server "
    "Error</div></body></html>";

struct StatusView {
  const char* prefix;
  const char* display;
};
StatusView ViewOf(ContractStatus s) {
  switch (s) {
    case ContractStatus::kActive:
    case ContractStatus::kTrustUnlocked:
      return {"servico_habilitado", "Servi\xc3\xa7o Habilitado"};
    case ContractStatus::kBlocked:
      return {"suspenso_debito",
              "Suspenso por D\xc3\xa9"
              "bito"};
    case ContractStatus::kReduced:
      return {"suspenso_parcialmente", "Suspenso Parcialmente"};
    case ContractStatus::kSuspended:
      return {"suspenso_pedido_cliente", "Suspenso a Pedido do Cliente"};
    case ContractStatus::kCanceled:
      return {"cancelado", "Cancelado"};
  }
  return {"servico_habilitado", "Servi\xc3\xa7o Habilitado"};
}

const char* StateName(const std::string& uf) {
  static const std::map<std::string, const char*> kNames = {{"SP", "S\xc3\x83O PAULO"},
                                                            {"MG", "MINAS GERAIS"},
                                                            {"RJ", "RIO DE JANEIRO"},
                                                            {"PR", "PARAN\xc3\x81"},
                                                            {"RS", "RIO GRANDE DO SUL"},
                                                            {"SC", "SANTA CATARINA"},
                                                            {"BA", "BAHIA"},
                                                            {"GO", "GOI\xc3\x81S"},
                                                            {"PE", "PERNAMBUCO"},
                                                            {"CE", "CEAR\xc3\x81"}};
  auto it = kNames.find(uf);
  return it == kNames.end() ? "" : it->second;
}

std::string National(const Phone& p) {
  std::string d = DigitsOnly(p.e164());
  return p.is_brazilian() && d.size() > 2 ? d.substr(2) : d;
}

int64_t IdIn(std::string_view text) {
  std::string digits = DigitsOnly(text);
  if (digits.empty() || digits.size() > 15 || digits.size() != text.size()) return -1;
  return std::stoll(digits);
}

std::string Get(const Params& p, const char* key) {
  auto it = p.find(key);
  return it == p.end() ? "" : it->second;
}

class HubsoftFlavor final : public Flavor {
 public:
  std::string name() const override { return "hubsoft"; }

  http::Response Fault(FaultKind kind, const http::Request&) const override {
    if (kind == FaultKind::kErrorPage) {
      return Failure("Ocorreu um erro interno. Tente novamente mais tarde.", {});
    }
    return http::Response::Text(500, kLaravel500, "text/html; charset=UTF-8");
  }

  void Install(http::Router& router, SimState& state) override {
    state_ = &state;
    key_ = "erpsim-hubsoft:" + state.options.token;
    router.Add("POST", "/oauth/token", [this](const http::Request& r) { return Token(r); });
    router.AddPrefix("*", std::string(kApi), [this](const http::Request& r) { return Serve(r); });
    router.AddPrefix("GET", "/boleto/", [this](const http::Request& r) { return PublicPdf(r); });
  }

 private:
  static http::Response Reply(const ordered_json& body) {
    return http::Response::Json(200, body.dump(), "application/json");
  }
  static http::Response Failure(const std::string& msg, const std::vector<std::string>& errors,
                                bool with_errors = true) {
    ordered_json body;
    body["status"] = "error";
    body["msg"] = msg;
    if (with_errors) body["errors"] = errors;
    return Reply(body);
  }
  static http::Response Missing(const std::vector<std::string>& fields) {
    std::vector<std::string> errors;
    for (const auto& f : fields) errors.push_back("O campo " + f + " \xc3\xa9 obrigat\xc3\xb3rio.");
    return Failure(
        "Favor preencher os campos obrigat\xc3\xb3rios de acordo com as especifica\xc3\xa7\xc3\xb5"
        "es",
        errors);
  }

  http::Response Token(const http::Request& r) {
    json body = json::parse(r.body, nullptr, false);
    if (!body.is_object()) body = json::object();
    auto text = [&](const char* key) {
      return body.contains(key)
                 ? (body[key].is_string() ? body[key].get<std::string>() : body[key].dump())
                 : std::string();
    };
    std::string grant = text("grant_type");
    bool ok = grant == "password"        ? text("client_secret") == state_->options.token
              : grant == "refresh_token" ? ValidSignedToken(key_, text("refresh_token"), UnixNow())
                                         : false;
    if (!ok) {
      // Any client id, user and password are accepted; the secret is the simulator's credential.
      ordered_json out;
      out["error"] = "invalid_credentials";
      out["error_description"] = "The user credentials were incorrect.";
      out["message"] = "The user credentials were incorrect.";
      return http::Response::Json(401, out.dump());
    }
    int ttl =
        state_->options.oauth_ttl_seconds > 0 ? state_->options.oauth_ttl_seconds : kTokenLifetime;
    int64_t now = UnixNow();
    ordered_json out;
    out["access_token"] = IssueSignedToken(key_, "hubsoft-at", now + ttl);
    out["expires_in"] = ttl;
    out["refresh_token"] = IssueSignedToken(key_, "hubsoft-rt", now + 2 * int64_t{kTokenLifetime});
    out["token_type"] = "Bearer";
    return http::Response::Json(200, out.dump());
  }

  bool Authorized(const http::Request& r) const {
    std::string header = r.Header("authorization");
    if (header.size() < 8 || AsciiLower(header.substr(0, 7)) != "bearer ") return false;
    std::string token = header.substr(7);
    return token.rfind("hubsoft-at.", 0) == 0 && ValidSignedToken(key_, token, UnixNow());
  }

  // --- renderings ------------------------------------------------------------------------------
  ordered_json AddressOf(const Address& a) const {
    size_t space = a.street.find(' ');
    ordered_json out;
    out["completo"] =
        a.street + ", " + a.number + " - " + a.district + ", " + a.city + "/" + a.state;
    out["logradouro"] = space == std::string::npos ? "" : a.street.substr(0, space);
    out["endereco"] = space == std::string::npos ? a.street : a.street.substr(space + 1);
    out["numero"] = a.number;
    out["complemento"] = a.complement;
    out["bairro"] = a.district;
    out["cep"] = FormatCep(a.zip);
    out["estado"] = a.state;
    out["uf"] = StateName(a.state);  // the full name (sic)
    out["cidade"] = a.city;
    out["coordenadas"] = {{"latitude", -22.9056}, {"longitude", -47.0608}};
    return out;
  }

  ordered_json Service(const Contract& ct, bool last_connection) const {
    const Plan* plan = state_->dataset.FindPlan(ct.plan_id);
    const Customer* c = state_->dataset.FindCustomer(ct.customer_id);
    StatusView view = ViewOf(ct.status);
    ordered_json s;
    s["id_cliente_servico"] = ct.id;
    s["numero_plano"] = plan ? plan->id : 0;
    s["nome"] = plan ? plan->name : "";
    s["valor"] = plan ? MoneyNumber(plan->price) : json(0);
    s["status"] = view.display;
    s["status_prefixo"] = view.prefix;
    s["tecnologia"] = "FIBRA";
    s["login"] = "cliente" + std::to_string(ct.id);
    s["senha"] = "pppoe" + std::to_string(ct.id * 31 % 10000);
    s["ipv4"] = "10.99." + std::to_string(ct.id / 250 % 250) + "." + std::to_string(ct.id % 250);
    s["ipv6"] = nullptr;
    s["mac_addr"] = "FF:FF:FF:FF:FF:FF";
    if (last_connection) {
      ordered_json u;
      u["conectado"] = ct.online;
      u["ultima_conexao_datetime"] = state_->today.AddDays(-1).ToIso() + " 08:00:00-03";
      u["ultima_desconexao_datetime"] =
          ct.online ? ordered_json(nullptr) : ordered_json(state_->today.ToIso() + " 06:10:00-03");
      u["status_txt_resumido"] = ct.online ? "CONECTADO" : "DESCONECTADO";
      s["ultima_conexao"] = u;
    }
    const Address& a = state_->dataset.InstallationAddress(ct);
    s["endereco_instalacao"] = AddressOf(a);
    s["endereco_cadastral"] = c ? AddressOf(c->address) : ordered_json::object();
    return s;
  }

  ordered_json Cliente(const Customer& c, const std::vector<const Contract*>& services,
                       bool last_connection) const {
    ordered_json r;
    r["id_cliente"] = c.id;
    r["codigo_cliente"] = kCodeOffset + c.id;
    r["nome_razaosocial"] = c.name;
    r["nome_fantasia"] = nullptr;
    r["tipo_pessoa"] = c.document.is_cpf() ? "pf" : "pj";
    r["cpf_cnpj"] = c.document.value();
    r["data_nascmento"] =
        c.birth_date ? ordered_json(c.birth_date->ToIso()) : ordered_json(nullptr);
    r["telefone_primario"] = c.phones.empty() ? "" : National(c.phones[0]);
    r["telefone_secundario"] = c.phones.size() > 1 ? National(c.phones[1]) : "";
    r["telefone_terciario"] = "";
    r["email_principal"] = c.email;
    r["email_secundario"] = nullptr;
    r["data_cadastro"] = state_->dataset.today.AddDays(-400).ToIso() + " 00:00:00";
    r["alerta"] = false;
    r["alerta_mensagens"] = ordered_json::array();
    ordered_json list = ordered_json::array();
    for (const Contract* ct : services) list.push_back(Service(*ct, last_connection));
    r["servicos"] = list;
    return r;
  }

  ordered_json Fatura(const Invoice& inv) const {
    auto codes = MakeInvoiceCodes(state_->dataset.isp, inv);
    bool open = inv.status == InvoiceStatus::kOpen;
    const Contract* ct = state_->dataset.FindContract(inv.contract_id);
    const Customer* c = ct ? state_->dataset.FindCustomer(ct->customer_id) : nullptr;
    const Plan* plan = ct ? state_->dataset.FindPlan(ct->plan_id) : nullptr;
    ordered_json f;
    f["id_fatura"] = inv.id;
    f["nosso_numero"] = std::to_string(inv.id);
    f["linha_digitavel"] =
        open && codes.ok() ? ordered_json(codes->linha_formatted) : ordered_json(nullptr);
    f["codigo_barras"] = open && codes.ok() ? ordered_json(codes->barcode) : ordered_json(nullptr);
    f["link"] = open ? ordered_json(state_->base_url + "/boleto/" + std::to_string(inv.id))
                     : ordered_json(nullptr);
    f["tipo_cobranca"] = "boleto_bancario";
    f["valor"] = MoneyNumber(inv.amount);
    f["data_vencimento"] = inv.due_date.ToBr();
    f["data_cadastro"] = inv.due_date.AddDays(-10).ToBr();
    f["data_pagamento"] = inv.status == InvoiceStatus::kPaid && inv.paid_date
                              ? ordered_json(inv.paid_date->ToBr())
                              : ordered_json(nullptr);
    f["pix_copia_cola"] = open && codes.ok() ? ordered_json(codes->pix) : ordered_json(nullptr);
    f["detalhamento"] = ordered_json::array(
        {{{"descricao", "(+) Mensalidade " + (plan ? plan->name : std::string("internet"))},
          {"valor", MoneyNumber(inv.amount)}}});
    f["empresa"] = {{"documento", state_->dataset.isp.document},
                    {"nome_razaosocial", state_->dataset.isp.name},
                    {"nome_fantasia", state_->dataset.isp.name}};
    ordered_json servico;
    if (ct) {
      StatusView view = ViewOf(ct->status);
      servico = {
          {"id_cliente_servico", ct->id},   {"numero_plano", plan ? plan->id : 0},
          {"nome", plan ? plan->name : ""}, {"valor", plan ? MoneyNumber(plan->price) : json(0)},
          {"status", view.display},         {"status_prefixo", view.prefix}};
    }
    f["cliente"] = {{"codigo_cliente", c ? kCodeOffset + c->id : 0},
                    {"nome_razaosocial", c ? c->name : ""},
                    {"cpf_cnpj", c ? c->document.value() : ""},
                    {"servico", servico}};
    return f;
  }

  // --- endpoints ---------------------------------------------------------------------------------
  // Contracts matching a search, grouped by customer in dataset order.
  std::vector<std::pair<const Customer*, std::vector<const Contract*>>> Search(
      const std::string& busca, const std::string& termo) const {
    const Dataset& d = state_->dataset;
    std::vector<std::pair<const Customer*, std::vector<const Contract*>>> out;
    auto add = [&](const Customer* c, std::vector<const Contract*> contracts) {
      if (c != nullptr) out.emplace_back(c, std::move(contracts));
    };
    if (busca == "cpf_cnpj") {
      auto doc = Document::Parse(termo);
      if (doc.ok()) {
        for (const Customer* c : d.FindCustomersByDocument(doc->value()))
          add(c, d.ContractsOf(c->id));
      }
    } else if (busca == "codigo_cliente") {
      int64_t code = IdIn(termo);
      if (code > kCodeOffset) {
        const Customer* c = d.FindCustomer(code - kCodeOffset);
        if (c) add(c, d.ContractsOf(c->id));
      }
    } else if (busca == "id_cliente_servico") {
      if (const Contract* ct = d.FindContract(IdIn(termo)))
        add(d.FindCustomer(ct->customer_id), {ct});
    } else if (busca == "telefone") {
      // The stored number exactly (DDD + number): the connector tries the ninth digit both ways.
      std::string digits = DigitsOnly(termo);
      for (const auto& c : d.customers) {
        bool match = std::any_of(c.phones.begin(), c.phones.end(),
                                 [&](const Phone& p) { return National(p) == digits; });
        if (match && !digits.empty()) add(&c, d.ContractsOf(c.id));
      }
    } else if (busca == "nome_razaosocial") {
      std::string needle = AsciiLower(termo);
      for (const auto& c : d.customers) {
        if (!needle.empty() && AsciiLower(c.name).find(needle) != std::string::npos)
          add(&c, d.ContractsOf(c.id));
      }
    }
    return out;
  }

  http::Response Clientes(const Params& p) {
    static const std::vector<std::string> kBuscas = {
        "nome_razaosocial", "nome_fantasia", "cpf_cnpj", "codigo_cliente",    "telefone",
        "login_radius",     "ipv4",          "mac",      "id_cliente_servico"};
    std::vector<std::string> missing;
    if (Get(p, "busca").empty()) missing.push_back("busca");
    if (Get(p, "termo_busca").empty()) missing.push_back("termo_busca");
    if (!missing.empty()) return Missing(missing);
    std::string busca = Get(p, "busca");
    if (std::find(kBuscas.begin(), kBuscas.end(), busca) == kBuscas.end()) {
      std::string accepted;
      for (const auto& b : kBuscas) accepted += (accepted.empty() ? "" : ", ") + b;
      return Failure(
          "O tipo de busca (" + busca +
              ") n\xc3\xa3o \xc3\xa9 v\xc3\xa1lido | Valores aceitos para esse campo: " + accepted,
          {}, false);
    }
    int64_t limit =
        Get(p, "limit").empty() ? 5 : std::clamp<int64_t>(IdIn(Get(p, "limit")), 1, 100);
    bool canceled = Get(p, "cancelado") == "sim";
    bool last_connection = Get(p, "ultima_conexao") == "sim";
    ordered_json clientes = ordered_json::array();
    for (auto& [c, contracts] : Search(busca, Get(p, "termo_busca"))) {
      if (static_cast<int64_t>(clientes.size()) >= limit) break;
      std::vector<const Contract*> shown;
      for (const Contract* ct : contracts) {
        // Canceled services only with cancelado=sim; the dataset has no "inativo" services, so
        // `inativo` changes nothing here.
        if (ct->status == ContractStatus::kCanceled && !canceled) continue;
        shown.push_back(ct);
      }
      clientes.push_back(Cliente(*c, shown, last_connection));
    }
    ordered_json out;
    out["status"] = "success";
    out["msg"] = "Dados consultados com sucesso";
    out["clientes"] = clientes;
    return Reply(out);
  }

  http::Response Financeiro(const Params& p) {
    std::string busca = Get(p, "busca"), termo = Get(p, "termo_busca");
    if (busca.empty() || termo.empty()) return Missing({busca.empty() ? "busca" : "termo_busca"});
    if (busca != "cpf_cnpj" && busca != "codigo_cliente" && busca != "id_cliente_servico") {
      return Failure("O tipo de busca (" + busca +
                         ") n\xc3\xa3o \xc3\xa9 v\xc3\xa1lido | Valores aceitos para esse campo: "
                         "cpf_cnpj, codigo_cliente, id_cliente_servico",
                     {}, false);
    }
    int64_t limit = Get(p, "limit").empty() ? 20 : IdIn(Get(p, "limit"));
    if (limit < 1 || limit > 50) {
      return Failure(
          "Favor preencher os campos obrigat\xc3\xb3rios de acordo com as "
          "especifica\xc3\xa7\xc3\xb5"
          "es",
          {"O campo limit deve ser entre 1 e 50."});
    }
    bool pending = Get(p, "apenas_pendente") != "nao";
    std::optional<Date> from, to;
    std::string kind = Get(p, "tipo_data").empty() ? "data_vencimento" : Get(p, "tipo_data");
    if (auto d = Date::ParseIso(Get(p, "data_inicio")); d.ok()) from = *d;
    if (auto d = Date::ParseIso(Get(p, "data_fim")); d.ok()) to = *d;
    std::vector<const Invoice*> list;
    bool variant = false;
    for (auto& [c, contracts] : Search(busca, termo)) {
      for (const Contract* ct : contracts) {
        variant = variant || ct->id % 2 == 1;  // the official "suscess" spelling, on odd services
        for (const Invoice* inv : state_->dataset.InvoicesOf(ct->id)) {
          if (inv->status == InvoiceStatus::kCanceled) continue;  // not returned [INFERRED]
          if (pending && inv->status != InvoiceStatus::kOpen) continue;
          Date key = kind == "data_pagamento" && inv->paid_date ? *inv->paid_date : inv->due_date;
          if ((from && key < *from) || (to && key > *to)) continue;
          list.push_back(inv);
        }
      }
    }
    bool desc = Get(p, "order_type") == "desc";
    std::stable_sort(list.begin(), list.end(), [&](auto* a, auto* b) {
      return desc ? a->due_date > b->due_date : a->due_date < b->due_date;
    });
    ordered_json faturas = ordered_json::array();
    for (size_t i = 0; i < list.size() && static_cast<int64_t>(i) < limit; ++i)
      faturas.push_back(Fatura(*list[i]));
    ordered_json out;
    out["status"] = variant ? "suscess" : "success";
    out["msg"] = "Dados consultados com sucesso";
    out["faturas"] = faturas;
    return Reply(out);
  }

  http::Response Desbloqueio(const json& body) {
    auto field = [&](const char* key) {
      return body.contains(key)
                 ? (body[key].is_string() ? body[key].get<std::string>() : body[key].dump())
                 : std::string();
    };
    if (field("id_cliente_servico").empty()) return Missing({"id_cliente_servico"});
    int64_t id = IdIn(field("id_cliente_servico"));
    int days = 1;  // HubSoft's default
    if (!field("dias_desbloqueio").empty()) {
      int64_t asked = IdIn(field("dias_desbloqueio"));
      if (asked < 1)
        return Failure("O campo dias_desbloqueio deve ser um n\xc3\xbamero inteiro.", {});
      days = static_cast<int>(std::min<int64_t>(asked, 1000));
    }
    int max = state_->options.trust_unlock_days;
    if (days > max) {
      return Failure("A quantidade de dias informada excede o m\xc3\xa1ximo permitido (" +
                         std::to_string(max) + " dias).",
                     {});
    }
    // Refusal texts are [UNKNOWN]: the simulator's guesses in the standard error shape.
    switch (state_->TrustUnlock("hubsoft", id, days)) {
      case UnlockOutcome::kGranted: {
        ordered_json out;
        out["status"] = "success";
        out["msg"] =
            "Desbloqueio em confian\xc3\xa7"
            "a realizado com sucesso at\xc3\xa9 a data " +
            state_->today.AddDays(days).ToBr();
        return Reply(out);
      }
      case UnlockOutcome::kNotBlocked:
        return Failure(
            "O servi\xc3\xa7o n\xc3\xa3o est\xc3\xa1 suspenso por d\xc3\xa9"
            "bito.",
            {});
      case UnlockOutcome::kInactive:
        return Failure(
            "Servi\xc3\xa7o cancelado ou suspenso a pedido do cliente: desbloqueio n\xc3\xa3o "
            "permitido.",
            {});
      case UnlockOutcome::kLimitReached:
        return Failure(
            "O desbloqueio em confian\xc3\xa7"
            "a j\xc3\xa1 foi utilizado nos \xc3\xbaltimos 30 dias para este servi\xc3\xa7o.",
            {});
      case UnlockOutcome::kNotFound:
        break;
    }
    return Failure("Servi\xc3\xa7o n\xc3\xa3o encontrado.", {});
  }

  http::Response Atendimento(const json& body) {
    auto field = [&](const char* key) {
      return body.contains(key)
                 ? (body[key].is_string() ? body[key].get<std::string>() : body[key].dump())
                 : std::string();
    };
    std::vector<std::string> missing;
    for (const char* key : {"id_cliente_servico", "descricao", "nome", "telefone"}) {
      if (field(key).empty()) missing.push_back(key);
    }
    if (!missing.empty()) return Missing(missing);
    std::string phone = DigitsOnly(field("telefone"));
    if (phone.size() < 10 || phone.size() > 11)
      return Failure("O campo telefone deve estar no formato DDNNNNNNNNN.", {"telefone"});
    const Contract* ct = state_->dataset.FindContract(IdIn(field("id_cliente_servico")));
    if (ct == nullptr) return Failure("Servi\xc3\xa7o n\xc3\xa3o encontrado.", {});
    const Customer* c = state_->dataset.FindCustomer(ct->customer_id);
    const Ticket& t =
        state_->OpenTicket("hubsoft", ct->customer_id, ct->id, "SAC", field("descricao"));
    bool os = body.value("abrir_os", false);
    ordered_json a;
    a["id_atendimento"] = t.id;
    a["protocolo"] = t.protocol;
    a["tipo_atendimento"] = "SAC";
    a["status"] = "Aguardando An\xc3\xa1lise";
    a["data_cadastro"] = state_->today.ToBr();
    a["cliente"] = {{"codigo_cliente", c ? kCodeOffset + c->id : 0},
                    {"nome_razaosocial", c ? c->name : ""},
                    {"cpf_cnpj", c ? c->document.value() : ""}};
    a["ordens_servico"] = ordered_json::array();
    if (os) {
      a["ordens_servico"].push_back({{"id_ordem_servico", t.id},
                                     {"numero_ordem_servico", std::to_string(t.id)},
                                     {"tipo", "ABERTURA VIA API"},
                                     {"status", "aguardando_agendamento"},
                                     {"data_cadastro", state_->today.ToBr() + " 10:00:00"}});
    }
    ordered_json out;
    out["status"] = "success";
    out["msg"] = "Atendimento aberto com sucesso. Anote o protocolo: " + t.protocol + "." +
                 (os ? " Foi aberto tamb\xc3\xa9m uma ordem de servi\xc3\xa7o e encaminhada ao "
                       "setor respons\xc3\xa1vel"
                     : "");
    out["atendimento"] = a;
    return Reply(out);
  }

  http::Response Prospecto(const json& body) {
    auto field = [&](const char* key) {
      return body.contains(key) && body[key].is_string() ? body[key].get<std::string>()
                                                         : std::string();
    };
    std::vector<std::string> missing;
    for (const char* key : {"cep", "nome_razaosocial", "cpf_cnpj"}) {
      if (field(key).empty()) missing.push_back(key);
    }
    if (!missing.empty()) return Missing(missing);
    auto doc = br::ParseDocument(field("cpf_cnpj"));
    if (!doc.ok()) return Failure("O CPF/CNPJ informado \xc3\xa9 inv\xc3\xa1lido.", {"cpf_cnpj"});
    for (const Customer* other : state_->dataset.FindCustomersByDocument(doc->value())) {
      return Failure("O CPF/CNPJ j\xc3\xa1 foi cadastrado antes no prospecto " + other->name, {},
                     false);
    }
    Customer c;
    c.name = field("nome_razaosocial");
    c.document = *doc;
    c.email = field("email");
    if (auto phone = Phone::Parse(field("telefone")); phone.ok()) c.phones.push_back(*phone);
    c.address = {field("endereco"),
                 field("numero"),
                 field("complemento"),
                 field("bairro"),
                 field("cidade").empty() ? state_->dataset.isp.city : field("cidade"),
                 field("estado").empty() ? "SP" : field("estado"),
                 DigitsOnly(field("cep"))};
    state_->CreateCustomer("hubsoft", std::move(c));
    return Reply({{"status", "success"}, {"msg", "Prospecto adicionado com sucesso"}});
  }

  http::Response ExtratoConexao(const Params& p) {
    ordered_json registros = ordered_json::array();
    std::string login = Get(p, "termo_busca");
    for (const auto& ct : state_->dataset.contracts) {
      if (Get(p, "busca") != "login" || "cliente" + std::to_string(ct.id) != login) continue;
      registros.push_back(
          {{"acctstarttime", state_->today.AddDays(-1).ToIso() + " 08:00:00-03"},
           {"acctstoptime", ct.online ? ordered_json(nullptr)
                                      : ordered_json(state_->today.ToIso() + " 06:10:00-03")},
           {"username", login},
           {"download_megabytes", 1024.5},
           {"upload_megabytes", 128.25}});
    }
    ordered_json out;
    out["status"] = "success";
    out["msg"] = "Dados consultados com sucesso";
    out["registros"] = registros;
    out["estatisticas"] = {{"total_conexoes", registros.size()}};
    return Reply(out);
  }

  http::Response PublicPdf(const http::Request& r) {
    int64_t id = IdIn(r.path.substr(std::string("/boleto/").size()));
    std::lock_guard lock(state_->mu);
    const Invoice* inv = state_->dataset.FindInvoice(id);
    if (inv == nullptr || inv->status != InvoiceStatus::kOpen)
      return http::Response::Text(404, "<h1>Not Found</h1>", "text/html");
    auto pdf = BoletoPdf(state_->dataset, *inv, state_->today);
    if (!pdf.ok()) return http::Response::Text(500, kLaravel500, "text/html; charset=UTF-8");
    return http::Response::Text(200, std::move(pdf).value(), "application/pdf");
  }

  http::Response Serve(const http::Request& r) {
    if (!Authorized(r)) {
      return http::Response::Json(401, R"({"message":"Unauthenticated."})");
    }
    std::string rest = r.path.substr(kApi.size());
    Params p;
    for (const auto& [k, v] : r.query) p[k] = v;
    json body = json::object();
    if (!r.body.empty()) {
      body = json::parse(r.body, nullptr, false);
      if (!body.is_object()) return Failure("JSON inv\xc3\xa1lido.", {});
    }
    std::lock_guard lock(state_->mu);
    if (r.method == "GET") {
      if (rest == "cliente") return Clientes(p);
      if (rest == "cliente/financeiro") return Financeiro(p);
      if (rest == "cliente/extrato_conexao") return ExtratoConexao(p);
      if (rest.rfind("cliente/solicitar_desconexao/", 0) == 0) {
        return Reply({{"status", "success"},
                      {"msg", "A desconex\xc3\xa3o foi bem sucedida para o login hubsoft!"},
                      {"login", "hubsoft"}});
      }
      if (rest == "configuracao/servico_status") {
        ordered_json list = ordered_json::array();
        int id = 0;
        for (ContractStatus s :
             {ContractStatus::kActive, ContractStatus::kBlocked, ContractStatus::kReduced,
              ContractStatus::kSuspended, ContractStatus::kCanceled}) {
          list.push_back({{"id_servico_status", ++id},
                          {"descricao", ViewOf(s).display},
                          {"prefixo", ViewOf(s).prefix}});
        }
        return Reply({{"servico_status", list}});
      }
      if (rest == "configuracao/tipo_atendimento") {
        return Reply({{"tipos_atendimento",
                       ordered_json::array({{{"id_tipo_atendimento", 1}, {"descricao", "SAC"}},
                                            {{"id_tipo_atendimento", 109},
                                             {"descricao", "SEM ACESSO A INTERNET"}}})}});
      }
    }
    if (r.method == "POST") {
      if (rest == "cliente/desbloqueio_confianca") return Desbloqueio(body);
      if (rest == "atendimento") return Atendimento(body);
      if (rest == "prospecto") return Prospecto(body);
    }
    return http::Response::Json(404, R"({"message":"Not Found"})");
  }

  SimState* state_ = nullptr;
  std::string key_;
};

}  // namespace

std::unique_ptr<Flavor> MakeHubsoftFlavor() { return std::make_unique<HubsoftFlavor>(); }

}  // namespace atende::erpsim
