// SGP flavor (specs/erp-sgp.md §14): token + app as form, JSON or query fields (or Basic),
// trailing-slash paths, HTTP 200 with a numeric `status` in the body, raw UTF-8 application/json,
// an HTML login page on bad credentials, URA endpoints that hide suspended contracts unless
// status_all / incluir_suspensos, mixed "True"/true/"1" types, fatura2via opening an occurrence
// unless nao_gerar_os=1, and public boleto PDF links.
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

constexpr const char* kLoginPage =
    "<!DOCTYPE html><html lang=\"pt-br\"><head><meta charset=\"utf-8\"><title>SGP - "
    "Login</title></head><body>"
    "<form method=\"post\" action=\"/accounts/login/\"><h2>SGP - Sistema Gerenciador de "
    "Provedor</h2>"
    "<label>Usu\xc3\xa1rio</label><input name=\"username\"><label>Senha</label><input "
    "type=\"password\" "
    "name=\"password\"><button type=\"submit\">Entrar</button></form></body></html>";

http::Response JsonReply(const ordered_json& body, int status = 200) {
  return http::Response::Json(status, body.dump(), "application/json");
}

bool Truthy(const Params& p, const char* key) {
  auto it = p.find(key);
  if (it == p.end()) return false;
  std::string v = AsciiLower(it->second);
  return v == "1" || v == "true" || v == "sim" || v == "s" || v == "yes";
}

std::string Get(const Params& p, const char* key) {
  auto it = p.find(key);
  return it == p.end() ? "" : it->second;
}

int64_t GetId(const Params& p, const char* key) {
  std::string v = DigitsOnly(Get(p, key));
  if (v.empty() || v.size() > 15) return -1;
  return std::stoll(v);
}

struct StatusView {
  int code;
  const char* display;
  const char* reason;
};

StatusView ViewOf(ContractStatus s) {
  switch (s) {
    case ContractStatus::kActive:
      return {1, "Ativo", ""};
    case ContractStatus::kTrustUnlocked:
      return {1, "Ativo", ""};
    case ContractStatus::kBlocked:
      return {4, "Suspenso", "Inadimpl\xc3\xaancia"};
    case ContractStatus::kReduced:
      return {7, "Reduzido", "Inadimpl\xc3\xaancia"};
    case ContractStatus::kSuspended:
      return {4, "Suspenso", "Solicita\xc3\xa7\xc3\xa3o do cliente"};
    case ContractStatus::kCanceled:
      return {3, "Cancelado", "Cancelamento a pedido"};
  }
  return {1, "Ativo", ""};
}

std::string Login(const Contract& ct) { return "cliente" + std::to_string(ct.id) + "-sgp"; }

class SgpFlavor final : public Flavor {
 public:
  std::string name() const override { return "sgp"; }

  http::Response Fault(FaultKind kind, const http::Request&) const override {
    if (kind == FaultKind::kErrorPage) {
      return http::Response::Text(200, "<h1>Server Error (500)</h1>", "text/html; charset=utf-8");
    }
    return http::Response::Json(500, R"({"error": "server error"})", "application/json");
  }

  void Install(http::Router& router, SimState& state) override {
    state_ = &state;
    router.AddPrefix("*", "/api/", [this](const http::Request& r) { return Serve(r); });
    router.AddPrefix("*", "/ws/", [this](const http::Request& r) { return Serve(r); });
    router.AddPrefix("GET", "/boleto/", [this](const http::Request& r) { return PublicPdf(r); });
  }

 private:
  // Fields from the query string, then the form or JSON body (the body wins).
  static Params Collect(const http::Request& r) {
    Params p;
    for (const auto& [k, v] : r.query) p[k] = v;
    std::string type = AsciiLower(r.Header("content-type"));
    bool looks_json =
        !r.body.empty() && (r.body[0] == '{' || type.find("json") != std::string::npos);
    if (looks_json) {
      json body = json::parse(r.body, nullptr, false);
      if (body.is_object()) {
        for (auto& [k, v] : body.items()) p[k] = v.is_string() ? v.get<std::string>() : v.dump();
      }
    } else {
      for (const auto& [k, v] : http::ParseForm(r.body)) p[k] = v;
    }
    return p;
  }

  bool Authorized(const http::Request& r, const Params& p) const {
    if (auto basic = BasicCredentials(r)) return basic->second == state_->options.token;
    return Get(p, "token") == state_->options.token && !Get(p, "app").empty();
  }

  // --- renderings
  // -------------------------------------------------------------------------------------------
  std::vector<const Invoice*> OpenInvoices(int64_t contract_id) const {
    std::vector<const Invoice*> out;
    for (const Invoice* inv : state_->dataset.InvoicesOf(contract_id)) {
      if (inv->status == InvoiceStatus::kOpen) out.push_back(inv);
    }
    std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->due_date < b->due_date; });
    return out;
  }

  ordered_json Phones(const Customer& c) const {
    ordered_json out = ordered_json::array();
    for (size_t i = 0; i < c.phones.size(); ++i) {
      out.push_back({{"tipoContato", i == 0 ? "WhatsApp N\xc3\xbamero" : "Telefone Fixo"},
                     {"contato", c.phones[i].Formatted()}});
    }
    return out;
  }

  ordered_json ContractEntry(const Customer& c, const Contract& ct) const {
    const Plan* plan = state_->dataset.FindPlan(ct.plan_id);
    const Address& a = state_->dataset.InstallationAddress(ct);
    StatusView view = ViewOf(ct.status);
    Money open_total;
    int open_count = 0, due_day = 10;
    for (const Invoice* inv : state_->dataset.InvoicesOf(ct.id)) {
      due_day = inv->due_date.day();
      if (inv->status != InvoiceStatus::kOpen) continue;
      ++open_count;
      open_total += inv->amount;
    }
    ordered_json e;
    e["contratoId"] = ct.id;
    e["clienteId"] = c.id;
    e["cpfCnpj"] = c.document.Formatted();
    e["razaoSocial"] = c.name;
    e["contratoStatus"] = view.code;
    e["contratoStatusDisplay"] = view.display;
    e["motivo_status"] = view.reason;
    e["contratoTitulosAReceber"] = open_count;
    e["contratoValorAberto"] = MoneyNumber(open_total);
    e["cobVencimento"] = due_day;
    e["servico_plano"] = plan ? plan->name : "";
    e["planointernet"] = plan ? plan->name : "";
    e["planotv"] = "";
    e["servico_login"] = Login(ct);
    e["servico_senha"] = "pppoe" + std::to_string(ct.id * 31 % 10000);
    e["servico_mac"] = "";
    e["servico_vlan"] = "101";
    e["servico_tipo_conexao"] = "PPPoE";
    e["popId"] = 1;
    e["popNome"] = "POP CENTRO";
    e["endereco_logradouro"] = a.street;
    e["endereco_numero"] = a.number;
    e["endereco_complemento"] = a.complement;
    e["endereco_bairro"] = a.district;
    e["endereco_cidade"] = a.city;
    e["endereco_uf"] = a.state;
    e["endereco_cep"] = FormatCep(a.zip);
    e["telefones"] = Phones(c);
    e["emails"] = ordered_json::array({{{"tipoContato", "E-Mail"}, {"contato", c.email}}});
    e["contratoCentralLogin"] = c.document.value();
    e["contratoCentralSenha"] = "central" + std::to_string(c.id * 7 % 10000);
    return e;
  }

  static bool VisibleByDefault(const Contract& ct) {
    int code = ViewOf(ct.status).code;
    return code == 1 || code == 7;
  }

  std::vector<const Customer*> CustomersByDocument(const std::string& text) const {
    auto doc = Document::Parse(text);
    if (!doc.ok()) return {};
    return state_->dataset.FindCustomersByDocument(doc->value());
  }

  static bool SamePhone(const Customer& c, const std::string& digits) {
    if (digits.size() < 8) return false;
    std::string tail = digits.substr(digits.size() - 8);
    return std::any_of(c.phones.begin(), c.phones.end(), [&](const Phone& p) {
      const std::string& e = p.e164();
      return e.size() >= 8 && e.compare(e.size() - 8, 8, tail) == 0;
    });
  }

  // The invoice link the ERP hands out: public, no credentials.
  std::string Link(int64_t invoice_id) const {
    return state_->base_url + "/boleto/" + std::to_string(invoice_id);
  }

  ordered_json Fatura(const Invoice& inv, bool string_numbers) const {
    auto codes = MakeInvoiceCodes(state_->dataset.isp, inv);
    bool open = inv.status == InvoiceStatus::kOpen;
    Money updated = UpdatedAmount(inv, state_->today);
    auto number = [&](Money m) -> ordered_json {
      return string_numbers ? ordered_json(m.ToDecimal()) : ordered_json(MoneyNumber(m));
    };
    ordered_json f;
    f["id"] = inv.id;
    f["status"] = open ? "Aberto" : inv.status == InvoiceStatus::kPaid ? "Pago" : "Cancelado";
    f["statusid"] = open ? 1 : inv.status == InvoiceStatus::kPaid ? 2 : 3;
    f["numero_documento"] = inv.id;
    f["valor"] = number(inv.amount);
    f["valorcorrigido"] = number(updated);
    f["vencimento"] = inv.due_date.ToIso();
    f["vencimento_atualizado"] =
        IsOverdue(inv, state_->today) ? state_->today.ToIso() : inv.due_date.ToIso();
    f["data_pagamento"] = inv.paid_date && inv.status == InvoiceStatus::kPaid
                              ? ordered_json(inv.paid_date->ToIso())
                              : ordered_json(nullptr);
    f["linhadigitavel"] = open && codes.ok() ? codes->linha : "";
    f["codigopix"] = open && codes.ok() ? codes->pix : "";
    f["gerapix"] = open;
    f["link"] = Link(inv.id);
    f["link_completo"] = Link(inv.id) + "/full";
    f["idtransacao"] = nullptr;
    f["recibo"] = nullptr;
    f["pagarcartao"] = false;
    f["pagarcartaodebito"] = false;
    f["pagarcartaocheckout"] = false;
    return f;
  }

  ordered_json UraTitulo(const Invoice& inv) const {
    auto codes = MakeInvoiceCodes(state_->dataset.isp, inv);
    bool open = inv.status == InvoiceStatus::kOpen;
    bool paid = inv.status == InvoiceStatus::kPaid;
    ordered_json t;
    t["id"] = inv.id;
    t["portador"] = "Ita\xc3\xba";
    t["numeroDocumento"] = std::to_string(inv.id);
    t["contrato"] = inv.contract_id;
    t["status"] = open ? "aberto" : paid ? "pago" : "cancelado";
    t["valor"] = MoneyNumber(inv.amount);
    t["valorCorrigido"] = MoneyNumber(UpdatedAmount(inv, state_->today));
    t["valorPago"] = paid ? MoneyNumber(inv.amount) : json(nullptr);
    t["diasAtraso"] = DaysLate(inv, state_->today);
    t["codigoBarras"] = open && codes.ok() ? codes->barcode : "";
    t["codigoPix"] = open && codes.ok() ? codes->pix : "";
    t["link"] = Link(inv.id);
    t["link_cobranca"] = Link(inv.id) + "/full";
    t["dataEmissao"] = inv.due_date.AddDays(-10).ToIso();
    t["dataVencimento"] = inv.due_date.ToIso();
    t["dataPagamento"] =
        paid && inv.paid_date ? ordered_json(inv.paid_date->ToIso()) : ordered_json(nullptr);
    t["dataCancelamento"] = nullptr;
    return t;
  }

  // --- endpoints
  // --------------------------------------------------------------------------------------------
  http::Response ConsultaCliente(const Params& p) {
    bool all = Truthy(p, "status_all") || Truthy(p, "incluir_suspensos");
    const Dataset& d = state_->dataset;
    std::vector<std::pair<const Customer*, const Contract*>> found;
    auto add_customer = [&](const Customer* c) {
      for (const Contract* ct : d.ContractsOf(c->id)) found.emplace_back(c, ct);
    };
    if (!Get(p, "cpfcnpj").empty()) {
      for (const Customer* c : CustomersByDocument(Get(p, "cpfcnpj"))) add_customer(c);
    } else if (int64_t id = GetId(p, "contrato"); id > 0) {
      if (const Contract* ct = d.FindContract(id))
        found.emplace_back(d.FindCustomer(ct->customer_id), ct);
    } else if (!Get(p, "login").empty()) {
      for (const auto& ct : d.contracts) {
        if (Login(ct) == Get(p, "login")) found.emplace_back(d.FindCustomer(ct.customer_id), &ct);
      }
    } else if (!Get(p, "email").empty()) {
      for (const auto& c : d.customers) {
        if (AsciiLower(c.email) == AsciiLower(Get(p, "email"))) add_customer(&c);
      }
    } else if (!Get(p, "nome").empty()) {
      std::string needle = AsciiLower(Get(p, "nome"));
      for (const auto& c : d.customers) {
        if (AsciiLower(c.name).find(needle) != std::string::npos) add_customer(&c);
      }
    } else if (!Get(p, "telefone").empty()) {
      std::string digits = DigitsOnly(Get(p, "telefone"));
      for (const auto& c : d.customers) {
        if (SamePhone(c, digits)) add_customer(&c);
      }
    }
    ordered_json out;
    ordered_json contratos = ordered_json::array();
    for (const auto& [c, ct] : found) {
      if (c != nullptr && (all || VisibleByDefault(*ct)))
        contratos.push_back(ContractEntry(*c, *ct));
    }
    out["msg"] = contratos.empty() ? "Nada encontrado" : "Contrato(s) Localizado(s)";
    out["contratos"] = contratos;
    return JsonReply(out);
  }

  http::Response Clientes(const Params& p) {
    const Dataset& d = state_->dataset;
    bool all = Truthy(p, "status_all") || Truthy(p, "incluir_suspensos");
    std::vector<const Customer*> matches;
    if (!Get(p, "cpfcnpj").empty()) {
      matches = CustomersByDocument(Get(p, "cpfcnpj"));
    } else if (int64_t id = GetId(p, "cliente_id"); id > 0) {
      if (const Customer* c = d.FindCustomer(id)) matches.push_back(c);
    } else if (int64_t contract = GetId(p, "contrato"); contract > 0) {
      if (const Contract* ct = d.FindContract(contract))
        matches.push_back(d.FindCustomer(ct->customer_id));
    } else if (!Get(p, "telefone").empty()) {
      std::string digits = DigitsOnly(Get(p, "telefone"));
      for (const auto& c : d.customers) {
        if (SamePhone(c, digits)) matches.push_back(&c);
      }
    } else if (!Get(p, "cliente_nome").empty()) {
      std::string needle = AsciiLower(Get(p, "cliente_nome"));
      for (const auto& c : d.customers) {
        if (AsciiLower(c.name).find(needle) != std::string::npos) matches.push_back(&c);
      }
    } else {
      for (const auto& c : d.customers) matches.push_back(&c);
    }
    size_t offset = static_cast<size_t>(std::max<int64_t>(0, GetId(p, "offset")));
    int64_t limit = GetId(p, "limit");
    size_t lim = limit <= 0 || limit > 100 ? 100 : static_cast<size_t>(limit);
    ordered_json clientes = ordered_json::array();
    for (size_t i = offset; i < matches.size() && i < offset + lim; ++i) {
      const Customer& c = *matches[i];
      ordered_json e;
      e["id"] = c.id;
      e["nome"] = c.name;
      e["cpfcnpj"] = c.document.Formatted();
      e["dataNascimento"] =
          c.birth_date ? ordered_json(c.birth_date->ToIso()) : ordered_json(nullptr);
      e["email"] = c.email;
      ordered_json contratos = ordered_json::array();
      ordered_json titulos = ordered_json::array();
      for (const Contract* ct : d.ContractsOf(c.id)) {
        if (!all && !VisibleByDefault(*ct)) continue;
        const Plan* plan = d.FindPlan(ct->plan_id);
        StatusView view = ViewOf(ct->status);
        contratos.push_back(
            {{"id", ct->id},
             {"status", view.code},
             {"statusDisplay", view.display},
             {"plano", plan ? plan->name : ""},
             {"contratoCentralLogin", c.document.value()},
             {"contratoCentralSenha", "central" + std::to_string(c.id * 7 % 10000)}});
        if (!Truthy(p, "omitir_titulos")) {
          for (const Invoice* inv : OpenInvoices(ct->id)) {
            auto codes = MakeInvoiceCodes(d.isp, *inv);
            titulos.push_back({{"id", inv->id},
                               {"contrato", ct->id},
                               {"numeroDocumento", std::to_string(inv->id)},
                               {"dataVencimento", inv->due_date.ToIso()},
                               {"valor", MoneyNumber(inv->amount)},
                               {"linhaDigitavel", codes.ok() ? codes->linha : ""},
                               {"codigoPix", codes.ok() ? codes->pix : ""}});
          }
        }
      }
      if (!Truthy(p, "omitir_contratos")) e["contratos"] = contratos;
      e["endereco"] = {{"logradouro", c.address.street},
                       {"numero", c.address.number},
                       {"complemento", c.address.complement},
                       {"bairro", c.address.district},
                       {"cidade", c.address.city},
                       {"uf", c.address.state},
                       {"cep", FormatCep(c.address.zip)}};
      e["contatos"] = Truthy(p, "omitir_contatos") ? ordered_json::array() : Phones(c);
      e["titulos"] = titulos;
      clientes.push_back(std::move(e));
    }
    ordered_json out;
    out["paginacao"] = {{"offset", offset},
                        {"limit", lim},
                        {"parcial", clientes.size()},
                        {"total", matches.size()}};
    out["clientes"] = clientes;
    return JsonReply(out);
  }

  http::Response CentralTitulos(const Params& p) {
    int64_t contract = GetId(p, "contrato");
    const Contract* ct = state_->dataset.FindContract(contract);
    std::vector<int> wanted;
    std::string status = Get(p, "status");
    if (status.empty()) {
      wanted = {1, 2};
    } else {
      for (char ch : status) {
        if (ch >= '1' && ch <= '3') wanted.push_back(ch - '0');
      }
    }
    std::vector<const Invoice*> list;
    if (ct != nullptr) {
      for (const Invoice* inv : state_->dataset.InvoicesOf(ct->id)) {
        int code = inv->status == InvoiceStatus::kOpen   ? 1
                   : inv->status == InvoiceStatus::kPaid ? 2
                                                         : 3;
        if (std::find(wanted.begin(), wanted.end(), code) != wanted.end()) list.push_back(inv);
      }
    }
    std::sort(list.begin(), list.end(), [](auto* a, auto* b) { return a->due_date < b->due_date; });
    size_t offset = static_cast<size_t>(std::max<int64_t>(0, GetId(p, "offset")));
    int64_t limit = GetId(p, "limit");
    size_t lim = limit <= 0 ? 250 : static_cast<size_t>(limit);
    bool strings = ct != nullptr && ct->id % 2 == 1;  // the "numbers as strings" tenant variant
    ordered_json faturas = ordered_json::array();
    for (size_t i = offset; i < list.size() && i < offset + lim; ++i)
      faturas.push_back(Fatura(*list[i], strings));
    ordered_json out;
    out["paginacao"] = {
        {"offset", offset}, {"limit", lim}, {"parcial", faturas.size()}, {"total", list.size()}};
    out["faturas"] = faturas;
    return JsonReply(out);
  }

  http::Response UraTitulos(const Params& p) {
    const Dataset& d = state_->dataset;
    std::vector<const Contract*> contracts;
    if (int64_t id = GetId(p, "contrato"); id > 0) {
      if (const Contract* ct = d.FindContract(id)) contracts.push_back(ct);
    } else if (int64_t customer = GetId(p, "cliente_id"); customer > 0) {
      contracts = d.ContractsOf(customer);
    } else if (!Get(p, "cpfcnpj").empty()) {
      for (const Customer* c : CustomersByDocument(Get(p, "cpfcnpj"))) {
        for (const Contract* ct : d.ContractsOf(c->id)) contracts.push_back(ct);
      }
    }
    std::string status = Get(p, "status");
    int64_t only = GetId(p, "titulo_id");
    std::vector<const Invoice*> list;
    for (const Contract* ct : contracts) {
      for (const Invoice* inv : d.InvoicesOf(ct->id)) {
        if (only > 0 && inv->id != only) continue;
        if (status == "abertos" && inv->status != InvoiceStatus::kOpen) continue;
        if (status == "pagos" && inv->status != InvoiceStatus::kPaid) continue;
        if (status == "cancelados" && inv->status != InvoiceStatus::kCanceled) continue;
        list.push_back(inv);
      }
    }
    bool desc = Get(p, "ordenar_ordem") == "desc";
    std::sort(list.begin(), list.end(), [&](auto* a, auto* b) {
      return desc ? a->due_date > b->due_date : a->due_date < b->due_date;
    });
    size_t offset = static_cast<size_t>(std::max<int64_t>(0, GetId(p, "offset")));
    int64_t limit = GetId(p, "limit");
    size_t lim = limit <= 0 || limit > 250 ? 250 : static_cast<size_t>(limit);
    ordered_json titulos = ordered_json::array();
    for (size_t i = offset; i < list.size() && i < offset + lim; ++i)
      titulos.push_back(UraTitulo(*list[i]));
    return JsonReply(ordered_json{{"titulos", titulos}});
  }

  http::Response Fatura2Via(const Params& p) {
    const Dataset& d = state_->dataset;
    const Contract* ct = nullptr;
    const Customer* c = nullptr;
    if (int64_t id = GetId(p, "contrato"); id > 0) {
      ct = d.FindContract(id);
    } else {
      std::vector<const Contract*> candidates;
      std::vector<const Customer*> customers;
      if (!Get(p, "cpfcnpj").empty()) {
        customers = CustomersByDocument(Get(p, "cpfcnpj"));
      } else if (!Get(p, "telefone").empty()) {
        std::string digits = DigitsOnly(Get(p, "telefone"));
        for (const auto& each : d.customers) {
          if (SamePhone(each, digits)) customers.push_back(&each);
        }
      }
      for (const Customer* each : customers) {
        for (const Contract* k : d.ContractsOf(each->id)) {
          if (k->status != ContractStatus::kCanceled) candidates.push_back(k);
        }
      }
      if (candidates.size() > 1) {
        return JsonReply({{"status", 2},
                          {"msg", "H\xc3\xa1 mais de um contrato para o CPF/CNPJ informado"},
                          {"links", ordered_json::array()}});
      }
      if (!candidates.empty()) ct = candidates.front();
    }
    if (ct != nullptr) c = d.FindCustomer(ct->customer_id);
    std::vector<const Invoice*> open = ct ? OpenInvoices(ct->id) : std::vector<const Invoice*>{};
    if (ct == nullptr || c == nullptr || open.empty()) {
      return JsonReply({{"status", 0}, {"links", ordered_json::array()}});
    }
    if (!Truthy(p, "faturas_abertas_todas")) open.resize(1);  // the oldest open title
    std::string protocol;
    if (!Truthy(p, "nao_gerar_os")) {
      std::string text = Get(p, "ocorrencia_conteudo");
      protocol = state_
                     ->OpenTicket("sgp", c->id, ct->id, "Segunda via de fatura",
                                  text.empty() ? "2a via solicitada via URA" : text)
                     .protocol;
    }
    bool pdf_suffix = Truthy(p, "link_pdf");
    ordered_json links = ordered_json::array();
    int n = 0;
    for (const Invoice* inv : open) {
      auto codes = MakeInvoiceCodes(d.isp, *inv);
      bool overdue = IsOverdue(*inv, state_->today);
      std::string link = Link(inv->id) + (pdf_suffix ? ".pdf" : "");
      links.push_back({{"id", std::to_string(inv->id)},
                       {"fatura", std::to_string(++n)},
                       {"vencimento", overdue ? state_->today.ToIso() : inv->due_date.ToIso()},
                       {"vencimento_original", inv->due_date.ToIso()},
                       {"valor", MoneyNumber(UpdatedAmount(*inv, state_->today))},
                       {"valor_original", MoneyNumber(inv->amount)},
                       {"linhadigitavel", codes.ok() ? codes->linha : ""},
                       {"codigopix", codes.ok() ? codes->pix : ""},
                       {"link", link},
                       {"link_cobranca", Link(inv->id) + "/full"},
                       {"link_pix_html", Link(inv->id) + "/pix"}});
    }
    ordered_json out;
    out["status"] = 1;
    out["razaoSocial"] = c->name;
    out["contratoId"] = ct->id;
    out["protocolo"] = protocol;
    out["link"] = links[0]["link"];
    out["links"] = links;
    return JsonReply(out);
  }

  http::Response Pix(const std::string& invoice_text) {
    int64_t id = -1;
    std::string digits = DigitsOnly(invoice_text);
    if (!digits.empty() && digits.size() < 16) id = std::stoll(digits);
    const Invoice* inv = state_->dataset.FindInvoice(id);
    if (inv == nullptr || inv->status != InvoiceStatus::kOpen) {
      return JsonReply(
          {{"status", 0},
           {"msg", "Fatura n\xc3\xa3o encontrada ou n\xc3\xa3o est\xc3\xa1 em aberto"}});
    }
    auto codes = MakeInvoiceCodes(state_->dataset.isp, *inv);
    if (!codes.ok()) return JsonReply({{"status", 0}, {"msg", "Erro ao gerar o Pix"}});
    return JsonReply({{"status", 1}, {"msg", "Dados do Pix"}, {"pix", codes->pix}});
  }

  http::Response Liberacao(const Params& p) {
    int64_t id = GetId(p, "contrato");
    const Contract* ct = state_->dataset.FindContract(id);
    if (ct == nullptr)
      return JsonReply(
          {{"status", 0}, {"liberado", false}, {"msg", "Contrato n\xc3\xa3o encontrado"}});
    const Customer* c = state_->dataset.FindCustomer(ct->customer_id);
    std::optional<Date> promised;
    if (auto parsed = Date::ParseErp(Get(p, "data_promessa")); parsed.ok() && parsed->has_value()) {
      promised = **parsed;
    }
    UnlockOutcome outcome = state_->TrustUnlock("sgp", id);
    if (outcome != UnlockOutcome::kGranted) {
      const char* msg = outcome == UnlockOutcome::kLimitReached
                            ? "O recurso de promessa de pagamento j\xc3\xa1 atingiu quantidade "
                              "permitida. Recurso n\xc3\xa3o "
                              "dispon\xc3\xadvel"
                        : outcome == UnlockOutcome::kNotBlocked
                            ? "Contrato n\xc3\xa3o est\xc3\xa1 suspenso. Libera\xc3\xa7\xc3\xa3o "
                              "n\xc3\xa3o necess\xc3\xa1ria"
                            : "Contrato cancelado ou suspenso a pedido. Recurso n\xc3\xa3o "
                              "dispon\xc3\xadvel";
      return JsonReply({{"status", 2}, {"liberado", false}, {"msg", msg}});
    }
    if (promised) state_->RecordPromise("sgp", id, *promised);
    int days = state_->options.trust_unlock_days;
    Date until = promised.value_or(state_->today.AddDays(days));
    bool variant = id % 2 == 1;  // coercion variants seen live: "1", "True", "3"
    int64_t protocol = (state_->today.year() % 100) * 10000000000LL +
                       state_->today.month() * 100000000LL + state_->today.day() * 1000000LL +
                       static_cast<int64_t>(state_->events.Snapshot().size());
    ordered_json out;
    out["status"] = variant ? ordered_json("1") : ordered_json(1);
    out["liberado"] = variant ? ordered_json("True") : ordered_json(true);
    out["liberado_dias"] = variant ? ordered_json(std::to_string(days)) : ordered_json(days);
    out["data_promessa"] = until.ToIso();
    out["protocolo"] = protocol;
    out["razaoSocial"] = c ? c->name : "";
    out["cpfCnpj"] = c ? c->document.Formatted() : "";
    out["contratoId"] = id;
    out["msg"] = "Libera\xc3\xa7\xc3\xa3o via URA -\nServi\xc3\xa7o ID: " + std::to_string(id) +
                 ", Login: " + Login(*ct) + "\nMotivo: Promessa de Pagamento\n";
    return JsonReply(out);
  }

  http::Response VerificaAcesso(const Params& p) {
    const Dataset& d = state_->dataset;
    const Contract* ct = d.FindContract(GetId(p, "contrato"));
    if (ct == nullptr && !Get(p, "telefone").empty()) {
      std::string digits = DigitsOnly(Get(p, "telefone"));
      for (const auto& c : d.customers) {
        if (SamePhone(c, digits) && !d.ContractsOf(c.id).empty()) {
          ct = d.ContractsOf(c.id).front();
          break;
        }
      }
    }
    if (ct == nullptr) return JsonReply({{"status", 0}, {"msg", "Contrato n\xc3\xa3o encontrado"}});
    const Customer* c = d.FindCustomer(ct->customer_id);
    ordered_json out;
    out["status"] = ct->online ? 1 : 2;
    out["msg"] = ct->online ? "Servi\xc3\xa7o Online" : "Servi\xc3\xa7o Offline";
    out["contratoId"] = ct->id;
    out["cpfCnpj"] = c ? c->document.Formatted() : "";
    out["razaoSocial"] = c ? c->name : "";
    out["login"] = Login(*ct);
    out["servico_id"] = ct->id + 10000;
    return JsonReply(out);
  }

  http::Response Chamado(const Params& p, bool central) {
    const Contract* ct = state_->dataset.FindContract(GetId(p, "contrato"));
    if (ct == nullptr) return JsonReply({{"status", 0}, {"msg", "Contrato n\xc3\xa3o encontrado"}});
    const Customer* c = state_->dataset.FindCustomer(ct->customer_id);
    std::string text = Get(p, "conteudo");
    std::string subject = "Ocorr\xc3\xaancia tipo " +
                          (Get(p, "ocorrenciatipo").empty() ? "5" : Get(p, "ocorrenciatipo"));
    const Ticket& t = state_->OpenTicket("sgp", ct->customer_id, ct->id, subject, text);
    ordered_json out;
    out["status"] = 1;
    out["protocolo"] = t.protocol;
    if (central) {
      out["ocorrencia_id"] = t.id;
      out["os_id"] = nullptr;
    }
    out["razaoSocial"] = c ? c->name : "";
    out["msg"] = "Ocorr\xc3\xaancia aberta com sucesso";
    out["contratoId"] = ct->id;
    return JsonReply(out);
  }

  http::Response PreCadastro(const Params& p, bool company) {
    std::string name = Get(p, "nome");
    if (name.empty() || Get(p, "logradouro").empty()) {
      return JsonReply({{"status", 0}, {"msg", "Campos obrigat\xc3\xb3rios: nome, logradouro"}});
    }
    auto doc = br::ParseDocument(Get(p, "cpfcnpj"));
    if (!doc.ok() || doc->is_cpf() == company)
      return JsonReply({{"status", 0}, {"msg", "CPF/CNPJ inv\xc3\xa1lido"}});
    Customer c;
    c.name = name;
    c.document = *doc;
    if (auto birth = Date::ParseErp(Get(p, "datanasc")); birth.ok()) c.birth_date = *birth;
    if (auto phone = Phone::Parse(Get(p, "celular")); phone.ok()) c.phones.push_back(*phone);
    c.email = Get(p, "email");
    c.address = {Get(p, "logradouro"),
                 Get(p, "numero"),
                 "",
                 Get(p, "bairro"),
                 Get(p, "cidade").empty() ? state_->dataset.isp.city : Get(p, "cidade"),
                 Get(p, "uf").empty() ? "SP" : Get(p, "uf"),
                 DigitsOnly(Get(p, "cep"))};
    const Customer& created = state_->CreateCustomer("sgp", std::move(c));
    return JsonReply(
        {{"status", 1}, {"msg", "Pr\xc3\xa9-cadastro realizado com sucesso"}, {"id", created.id}});
  }

  http::Response PublicPdf(const http::Request& r) {
    std::string rest = r.path.substr(std::string("/boleto/").size());
    std::string digits;
    for (char ch : rest) {
      if (ch < '0' || ch > '9') break;
      digits.push_back(ch);
    }
    std::lock_guard lock(state_->mu);
    const Invoice* inv = digits.empty() || digits.size() > 15
                             ? nullptr
                             : state_->dataset.FindInvoice(std::stoll(digits));
    if (inv == nullptr)
      return http::Response::Text(404, "<h1>Not Found</h1>", "text/html; charset=utf-8");
    auto pdf = BoletoPdf(state_->dataset, *inv, state_->today);
    if (!pdf.ok())
      return http::Response::Text(500, "<h1>Server Error (500)</h1>", "text/html; charset=utf-8");
    return http::Response::Text(200, std::move(pdf).value(), "application/pdf");
  }

  http::Response Serve(const http::Request& r) {
    const std::string& path = r.path;
    bool slashless_ok =
        path.rfind("/api/ura/pagamento/pix/", 0) == 0 || path.rfind("/api/precadastro/", 0) == 0;
    if (path.back() != '/' && !slashless_ok) {
      http::Response moved = http::Response::Text(301, "", "text/html; charset=utf-8");
      moved.headers.emplace_back("Location", path + "/");
      return moved;
    }
    Params p = Collect(r);
    if (!Authorized(r, p)) return http::Response::Text(401, kLoginPage, "text/html; charset=utf-8");
    std::lock_guard lock(state_->mu);
    if (path == "/api/auth/info/") return JsonReply({{"status", 1}, {"app", Get(p, "app")}});
    if (r.method != "POST") return http::Response::Text(405, "", "text/html; charset=utf-8");
    if (path == "/api/ura/consultacliente/") return ConsultaCliente(p);
    if (path == "/api/ura/clientes/") return Clientes(p);
    if (path == "/api/central/titulos/") return CentralTitulos(p);
    if (path == "/api/ura/titulos/") return UraTitulos(p);
    if (path == "/api/ura/fatura2via/") return Fatura2Via(p);
    if (path.rfind("/api/ura/pagamento/pix/", 0) == 0) return Pix(path.substr(23));
    if (path == "/api/ura/liberacaopromessa/") return Liberacao(p);
    if (path == "/api/ura/verificaacesso/") return VerificaAcesso(p);
    if (path == "/api/ura/chamado/") return Chamado(p, false);
    if (path == "/api/central/chamado/") return Chamado(p, true);
    if (path == "/api/precadastro/F" || path == "/api/precadastro/F/") return PreCadastro(p, false);
    if (path == "/api/precadastro/J" || path == "/api/precadastro/J/") return PreCadastro(p, true);
    return http::Response::Text(
        404, "<h1>Not Found</h1><p>The requested resource was not found on this server.</p>",
        "text/html; charset=utf-8");
  }

  SimState* state_ = nullptr;
};

}  // namespace

std::unique_ptr<Flavor> MakeSgpFlavor() { return std::make_unique<SgpFlavor>(); }

}  // namespace atende::erpsim
