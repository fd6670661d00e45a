// IXC Provedor flavor (specs/erp-ixc.md §17): /webservice/v1/<table>[/<id>], Basic user:token,
// listings by `ixcsoft: listar` with qtype/query/oper/page/rp/sortname and grid_param, every value
// a string, ASCII JSON with \u00XX escapes as text/x-json, the red HTML div with HTTP 200 on bad
// queries, desbloqueio_confianca with tipo/codigo/mensagem, get_boleto, get_pix,
// su_ticket/su_oss_chamado and cliente inserts.
#include <algorithm>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "br/document_check.h"
#include "erpsim/flavor.h"
#include "erpsim/invoice_codes.h"
#include "erpsim/ixc/ixc_listing.h"

namespace atende::erpsim {
namespace {

using ixc::Filter;
using ixc::Row;
using nlohmann::json;
using nlohmann::ordered_json;

constexpr const char* kContentType = "text/x-json; charset=utf-8";
constexpr const char* kRedDiv =
    "<div style=\"margin:40px; padding:30px; background:#FF0000; border:1px solid #000; "
    "color:#FFF; "
    "font-weight:bold; font-family:Arial, Helvetica, sans-serif; font-size:12px; "
    "text-align:center\">Ocorreu um "
    "erro ao processar. Contate o suporte IXC Soft.</div>";
const std::set<std::string> kListingTables = {"cliente",       "cliente_contrato", "fn_areceber",
                                              "radusuarios",   "radacct",          "su_ticket",
                                              "su_oss_chamado"};

http::Response JsonReply(const ordered_json& body, int status = 200) {
  return http::Response::Json(status, body.dump(-1, ' ', true), kContentType);
}

http::Response TypeReply(const std::string& type, const std::string& message) {
  ordered_json body;
  body["type"] = type;
  body["message"] = message;
  return JsonReply(body);
}

http::Response RedDiv(int status = 200) {
  return http::Response::Text(status, kRedDiv, "text/html; charset=utf-8");
}

// IXC ids into its own `uf` table: the simulator uses the IBGE state codes [INFERRED].
std::string UfId(const std::string& uf) {
  static const std::map<std::string, std::string> kIds = {
      {"RO", "11"}, {"AC", "12"}, {"AM", "13"}, {"RR", "14"}, {"PA", "15"}, {"AP", "16"},
      {"TO", "17"}, {"MA", "21"}, {"PI", "22"}, {"CE", "23"}, {"RN", "24"}, {"PB", "25"},
      {"PE", "26"}, {"AL", "27"}, {"SE", "28"}, {"BA", "29"}, {"MG", "31"}, {"ES", "32"},
      {"RJ", "33"}, {"SP", "35"}, {"PR", "41"}, {"SC", "42"}, {"RS", "43"}, {"MS", "50"},
      {"MT", "51"}, {"GO", "52"}, {"DF", "53"}};
  auto it = kIds.find(uf);
  return it == kIds.end() ? "0" : it->second;
}

// A stable numeric id for a city name into IXC's `cidade` table [INFERRED]: 3000 + (hash mod 2000).
std::string CityId(const std::string& city) {
  uint32_t h = 2166136261u;
  for (unsigned char c : city) h = (h ^ c) * 16777619u;
  return std::to_string(3000 + h % 2000);
}

std::string PhoneText(const Customer& c, size_t i) {
  return i < c.phones.size() ? c.phones[i].Formatted() : "";
}

std::string DateOrZero(const std::optional<Date>& d) { return d ? d->ToIso() : "0000-00-00"; }

// The value of a `cliente` field computed alone, for the fields full scans search on; must match
// ClienteRow.
std::optional<std::function<std::string(const Customer&)>> CheapClienteField(
    const std::string& field) {
  if (field == "telefone_celular" || field == "whatsapp") {
    return [](const Customer& c) { return PhoneText(c, 0); };
  }
  if (field == "fone") return [](const Customer& c) { return PhoneText(c, 1); };
  if (field == "telefone_comercial") return [](const Customer&) { return std::string(); };
  if (field == "razao") return [](const Customer& c) { return c.name; };
  if (field == "email" || field == "hotsite_email")
    return [](const Customer& c) { return c.email; };
  return std::nullopt;
}

class IxcFlavor final : public Flavor {
 public:
  std::string name() const override { return "ixc"; }

  http::Response Fault(FaultKind kind, const http::Request&) const override {
    return kind == FaultKind::kErrorPage ? RedDiv(200) : RedDiv(504);
  }

  void Install(http::Router& router, SimState& state) override {
    state_ = &state;
    router.AddPrefix("*", "/webservice/v1/", [this](const http::Request& r) { return Serve(r); });
  }

 private:
  // --- rows
  // -------------------------------------------------------------------------------------------------
  Row ClienteRow(const Customer& c) const {
    Row r;
    r["id"] = std::to_string(c.id);
    r["razao"] = c.name;
    r["fantasia"] = c.document.is_cpf() ? "" : c.name;
    r["cnpj_cpf"] = c.document.Formatted();
    r["tipo_pessoa"] = c.document.is_cpf() ? "F" : "J";
    r["ativo"] = "S";
    r["ie_identidade"] = "";
    r["data_cadastro"] = state_->dataset.today.AddDays(-400).ToIso();
    r["data_nascimento"] = DateOrZero(c.birth_date);
    r["email"] = c.email;
    r["hotsite_email"] = c.email;
    r["senha"] = "portal" + std::to_string(c.id * 7919 % 100000);
    r["fone"] = PhoneText(c, 1);
    r["telefone_celular"] = PhoneText(c, 0);
    r["telefone_comercial"] = "";
    r["whatsapp"] = PhoneText(c, 0);
    r["endereco"] = c.address.street;
    r["numero"] = c.address.number;
    r["complemento"] = c.address.complement;
    r["bairro"] = c.address.district;
    r["cidade"] = CityId(c.address.city);
    r["uf"] = UfId(c.address.state);
    r["cep"] = FormatCep(c.address.zip);
    r["referencia"] = "";
    r["latitude"] = "";
    r["longitude"] = "";
    r["filial_id"] = "1";
    r["id_conta"] = "";
    r["obs"] = "";
    r["alerta"] = "";
    r["tipo_assinante"] = "1";
    r["contribuinte_icms"] = "N";
    r["iss_classificacao_padrao"] = "00";
    r["tipo_localidade"] = "U";
    r["ultima_atualizacao"] = state_->dataset.today.AddDays(-30).ToIso() + " 10:00:00";
    return r;
  }

  Row ContratoRow(const Contract& ct) const {
    const Plan* plan = state_->dataset.FindPlan(ct.plan_id);
    const Address& a = state_->dataset.InstallationAddress(ct);
    std::string status = "A", internet = "A", speed = "N", unlock_active = "N", suspended = "N";
    switch (ct.status) {
      case ContractStatus::kActive:
        break;
      case ContractStatus::kBlocked:
        internet = ct.id % 3 == 0 ? "FA" : "CA";
        break;  // FA as a variant
      case ContractStatus::kReduced:
        speed = "R";
        break;
      case ContractStatus::kSuspended:
        internet = "CM";
        suspended = "S";
        break;
      case ContractStatus::kCanceled:
        status = "I";
        internet = "D";
        break;
      case ContractStatus::kTrustUnlocked:
        unlock_active = "S";
        break;
    }
    Row r;
    r["id"] = std::to_string(ct.id);
    r["tipo"] = "I";
    r["id_cliente"] = std::to_string(ct.customer_id);
    r["id_vd_contrato"] = std::to_string(ct.plan_id);
    r["contrato"] = plan ? plan->name : "";
    r["id_filial"] = "1";
    r["data_assinatura"] = state_->dataset.today.AddDays(-400).ToIso();
    r["data_ativacao"] = state_->dataset.today.AddDays(-398).ToIso();
    r["status"] = status;
    r["status_internet"] = internet;
    r["status_velocidade"] = speed;
    r["desbloqueio_confianca"] = "S";
    r["desbloqueio_confianca_ativo"] = unlock_active;
    r["contrato_suspenso"] = suspended;
    r["dt_ult_des_bloq_conf"] = DateOrZero(state_->LastTrustUnlock(ct));
    r["endereco_padrao_cliente"] = ct.address ? "N" : "S";
    r["endereco"] = a.street;
    r["numero"] = a.number;
    r["bairro"] = a.district;
    r["complemento"] = a.complement;
    r["cidade"] = CityId(a.city);
    r["cep"] = FormatCep(a.zip);
    r["obs"] = "";
    return r;
  }

  Row ReceberRow(const Invoice& inv) const {
    const Contract* ct = state_->dataset.FindContract(inv.contract_id);
    Row r;
    auto codes = MakeInvoiceCodes(state_->dataset.isp, inv);
    bool with_codes = codes.ok() && inv.status != InvoiceStatus::kCanceled;
    bool paid = inv.status == InvoiceStatus::kPaid;
    r["id"] = std::to_string(inv.id);
    r["id_cliente"] = ct ? std::to_string(ct->customer_id) : "";
    r["id_contrato"] = std::to_string(inv.contract_id);
    r["id_contrato_avulso"] = "0";
    r["id_contrato_principal"] = "0";
    r["liberado"] = "S";
    r["status"] = paid ? "R" : inv.status == InvoiceStatus::kCanceled ? "C" : "A";
    r["data_emissao"] = inv.due_date.AddDays(-10).ToIso();
    r["data_vencimento"] = inv.due_date.ToIso();
    r["valor"] = inv.amount.ToDecimal();
    r["valor_aberto"] = inv.status == InvoiceStatus::kOpen ? inv.amount.ToDecimal() : "0.00";
    r["valor_recebido"] = paid ? inv.amount.ToDecimal() : "0.00";
    r["valor_cancelado"] = inv.status == InvoiceStatus::kCanceled ? inv.amount.ToDecimal() : "0.00";
    r["pagamento_data"] = paid && inv.paid_date ? inv.paid_date->ToIso() : "";
    r["pagamento_valor"] = paid ? inv.amount.ToDecimal() : "";
    r["baixa_data"] = paid && inv.paid_date ? inv.paid_date->ToIso() : "";
    r["data_cancelamento"] = "";
    r["documento"] = std::to_string(inv.id);
    r["nn_boleto"] = with_codes ? codes->barcode : "";
    r["linha_digitavel"] = with_codes ? codes->linha : "";
    r["pix_txid"] = with_codes ? codes->txid : "";
    r["gateway_link"] = "";
    r["boleto"] = "";
    r["tipo_recebimento"] = "Boleto";
    r["id_carteira_cobranca"] = "1";
    r["filial_id"] = "1";
    r["nparcela"] = "1";
    r["obs"] = "Mensalidade " + inv.due_date.ToBr();
    r["titulo_protestado"] = "N";
    r["aguardando_confirmacao_pagamento"] = "N";
    r["recebido_via_pix"] = "N";
    r["ultima_atualizacao"] = inv.due_date.AddDays(-10).ToIso() + " 08:00:00";
    return r;
  }

  Row RadusuarioRow(const Contract& ct) const {
    Row r;
    r["id"] = std::to_string(ct.id);
    r["login"] = "cliente" + std::to_string(ct.id);
    r["senha"] = "pppoe" + std::to_string(ct.id * 31 % 10000);
    r["ativo"] = ct.status == ContractStatus::kCanceled ? "N" : "S";
    r["id_cliente"] = std::to_string(ct.customer_id);
    r["id_contrato"] = std::to_string(ct.id);
    r["online"] = ct.online ? "S" : "N";
    r["ip"] = "100.64." + std::to_string(ct.id / 250 % 250) + "." + std::to_string(ct.id % 250 + 1);
    r["mac"] = "";
    r["autenticacao"] = "L";
    r["ultima_conexao_inicial"] = state_->dataset.today.AddDays(-2).ToIso() + " 07:12:40";
    r["ultima_conexao_final"] =
        ct.online ? "" : state_->dataset.today.AddDays(-1).ToIso() + " 23:50:02";
    return r;
  }

  Row RadacctRow(const Contract& ct) const {
    Row r;
    r["radacctid"] = std::to_string(ct.id);
    r["username"] = "cliente" + std::to_string(ct.id);
    r["callingstationid"] = "";
    r["framedipaddress"] =
        "100.64." + std::to_string(ct.id / 250 % 250) + "." + std::to_string(ct.id % 250 + 1);
    r["nasipaddress"] = "192.168.30.6";
    r["nasportid"] = "PPPoE_1";
    r["acctstarttime"] = state_->dataset.today.AddDays(-2).ToIso() + " 07:12:40";
    r["acctstoptime"] = ct.online ? "" : state_->dataset.today.AddDays(-1).ToIso() + " 23:50:02";
    return r;
  }

  Row TicketRow(const Ticket& t) const {
    Row r;
    r["id"] = std::to_string(t.id);
    r["protocolo"] = t.protocol;
    r["tipo"] = "C";
    r["id_cliente"] = std::to_string(t.customer_id);
    r["id_contrato"] = std::to_string(t.contract_id);
    r["titulo"] = t.subject;
    r["menssagem"] = t.text;
    r["su_status"] = "N";
    r["data_criacao"] = t.opened.ToIso() + " 09:00:00";
    return r;
  }

  // --- listing
  // ----------------------------------------------------------------------------------------------
  // Rows of a table, narrowed first by the main filter when it is an equality on an indexed key.
  std::vector<Row> Candidates(const std::string& table, const Filter& main) const {
    const Dataset& d = state_->dataset;
    std::vector<Row> rows;
    bool eq = main.op == "=";
    auto id_of = [&]() -> int64_t {
      try {
        return std::stoll(main.value);
      } catch (...) {
        return -1;
      }
    };
    if (table == "cliente") {
      if (eq && main.field == "id") {
        if (const Customer* c = d.FindCustomer(id_of())) rows.push_back(ClienteRow(*c));
      } else if (eq && main.field == "cnpj_cpf") {
        if (auto doc = Document::Parse(main.value); doc.ok()) {
          for (const Customer* c : d.FindCustomersByDocument(doc->value()))
            rows.push_back(ClienteRow(*c));
        }
      } else if (auto value = CheapClienteField(main.field)) {
        // Phone and name searches scan every customer: test the one field before building the row.
        for (const auto& c : d.customers) {
          Row probe;
          probe[main.field] = (*value)(c);
          if (ixc::Matches(probe, main)) rows.push_back(ClienteRow(c));
        }
      } else {
        for (const auto& c : d.customers) rows.push_back(ClienteRow(c));
      }
    } else if (table == "cliente_contrato" || table == "radusuarios" || table == "radacct") {
      auto make = [&](const Contract& ct) {
        return table == "cliente_contrato" ? ContratoRow(ct)
               : table == "radusuarios"    ? RadusuarioRow(ct)
                                           : RadacctRow(ct);
      };
      if (eq && main.field == "id_cliente") {
        for (const Contract* ct : d.ContractsOf(id_of())) rows.push_back(make(*ct));
      } else if (eq && (main.field == "id" || main.field == "id_contrato")) {
        if (const Contract* ct = d.FindContract(id_of())) rows.push_back(make(*ct));
      } else {
        for (const auto& ct : d.contracts) {
          if (table != "radacct" || ct.online) rows.push_back(make(ct));
        }
      }
    } else if (table == "fn_areceber") {
      if (eq && main.field == "id_cliente") {
        for (const Contract* ct : d.ContractsOf(id_of())) {
          for (const Invoice* inv : d.InvoicesOf(ct->id)) rows.push_back(ReceberRow(*inv));
        }
      } else if (eq && main.field == "id_contrato") {
        for (const Invoice* inv : d.InvoicesOf(id_of())) rows.push_back(ReceberRow(*inv));
      } else if (eq && main.field == "id") {
        if (const Invoice* inv = d.FindInvoice(id_of())) rows.push_back(ReceberRow(*inv));
      } else {
        for (const auto& inv : d.invoices) rows.push_back(ReceberRow(inv));
      }
    } else if (table == "su_ticket" || table == "su_oss_chamado") {
      for (const auto& t : state_->tickets) rows.push_back(TicketRow(t));
    }
    return rows;
  }

  Row SampleRow(const std::string& table) const {
    if (table == "cliente") return ClienteRow(Customer{});
    if (table == "cliente_contrato") return ContratoRow(Contract{});
    if (table == "fn_areceber") return ReceberRow(Invoice{});
    if (table == "radusuarios") return RadusuarioRow(Contract{});
    if (table == "radacct") return RadacctRow(Contract{});
    return TicketRow(Ticket{});
  }

  http::Response List(const std::string& table, const json& body) {
    auto text = [&](const char* key, const std::string& fallback) -> std::string {
      auto it = body.find(key);
      if (it == body.end() || it->is_null()) return fallback;
      return it->is_string() ? it->get<std::string>() : it->dump();
    };
    std::vector<Filter> filters;
    Filter main;
    std::string qtype = text("qtype", "");
    if (!qtype.empty()) {
      auto field = ixc::SplitField(qtype, table);
      if (!field) return RedDiv();
      main = {*field, text("oper", "="), text("query", ""), ""};
      filters.push_back(main);
    }
    if (auto grid = body.find("grid_param"); grid != body.end() && !grid->is_null()) {
      auto parsed = ixc::ParseGridParam(*grid, table);
      if (!parsed) return RedDiv();
      filters.insert(filters.end(), parsed->begin(), parsed->end());
    }
    std::string sortname = text("sortname", table + ".id");
    auto sort_field = ixc::SplitField(sortname, table);
    if (!sort_field) return RedDiv();
    int page = std::max(1, std::atoi(text("page", "1").c_str()));
    int rp = std::max(1, std::atoi(text("rp", "20").c_str()));
    bool desc = AsciiLower(text("sortorder", "asc")) == "desc";

    std::lock_guard lock(state_->mu);
    Row sample = SampleRow(table);
    for (const auto& f : filters) {
      if (!sample.contains(f.field)) return RedDiv();
      if (!ixc::KnownOperator(f.op)) return RedDiv();
    }
    if (!sample.contains(*sort_field)) return RedDiv();
    std::vector<Row> rows = Candidates(table, main);
    std::erase_if(rows, [&](const Row& row) {
      return !std::all_of(filters.begin(), filters.end(),
                          [&](const Filter& f) { return ixc::Matches(row, f); });
    });
    ixc::SortRows(rows, *sort_field, desc);
    size_t total = rows.size();
    size_t begin = std::min(total, static_cast<size_t>(page - 1) * static_cast<size_t>(rp));
    size_t end = std::min(total, begin + static_cast<size_t>(rp));
    ordered_json out;
    out["page"] = std::to_string(page);
    if (table == "radacct") {  // flexigrid shape
      ordered_json grid_rows = ordered_json::array();
      for (size_t i = begin; i < end; ++i) {
        ordered_json cells = ordered_json::array();
        for (auto& [k, v] : rows[i].items()) cells.push_back(v);
        grid_rows.push_back(
            {{"id", rows[i]["radacctid"]},
             {"autoincrement", {{"campo", "radacctid"}, {"valor", rows[i]["radacctid"]}}},
             {"cell", cells}});
      }
      out["rows"] = grid_rows;
      out["total"] = total;
      out["tot"] = ordered_json::array();
      return JsonReply(out);
    }
    if (table == "cliente") {
      out["total"] = total;
    } else {
      out["total"] = std::to_string(total);
    }
    out["registros"] = ordered_json::array();
    for (size_t i = begin; i < end; ++i) out["registros"].push_back(std::move(rows[i]));
    return JsonReply(out);
  }

  // --- actions
  // ----------------------------------------------------------------------------------------------
  static std::string Text(const json& body, const char* key) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) return "";
    return it->is_string() ? it->get<std::string>() : it->dump();
  }

  static int64_t IdField(const json& body, const char* key) {
    std::string value = Text(body, key);
    if (value.empty() || !std::all_of(value.begin(), value.end(), ::isdigit)) return -1;
    try {
      return std::stoll(value);
    } catch (...) {
      return -1;
    }
  }

  http::Response TrustUnlock(const json& body) {
    int64_t id = IdField(body, "id");
    std::lock_guard lock(state_->mu);
    const Contract* before = state_->dataset.FindContract(id);
    std::optional<Date> last = before ? state_->LastTrustUnlock(*before) : std::nullopt;
    UnlockOutcome outcome = id < 0 ? UnlockOutcome::kNotFound : state_->TrustUnlock("ixc", id);
    ordered_json out;
    auto reply = [&](const char* tipo, const char* codigo, const std::string& mensagem) {
      out["tipo"] = tipo;
      out["codigo"] = codigo;
      out["mensagem"] = mensagem;
      return JsonReply(out);
    };
    switch (outcome) {
      case UnlockOutcome::kGranted:
        return reply("sucesso", "100",  // success codigo/mensagem are [UNKNOWN]: simulator guess
                     "Desbloqueio de confian\xc3\xa7"
                     "a realizado com sucesso, contrato liberado por " +
                         std::to_string(state_->options.trust_unlock_days) + " dias.");
      case UnlockOutcome::kNotFound:
        return reply("erro", "106", "ID de contrato inexistente na base de dados.");
      case UnlockOutcome::kNotBlocked:
        return reply("erro", "107",
                     "O contrato j\xc3\xa1 encontra-se ativo, n\xc3\xa3o \xc3\xa9 "
                     "necess\xc3\xa1rio utilizar o "
                     "desbloqueio de confian\xc3\xa7"
                     "a.");
      case UnlockOutcome::kInactive:
        return reply("erro", "109",
                     "N\xc3\xa3o \xc3\xa9 poss\xc3\xadvel utilizar o desbloqueio de confian\xc3\xa7"
                     "a, o contrato "
                     "est\xc3\xa1 inativo.");
      case UnlockOutcome::kLimitReached: {
        Date used = last.value_or(state_->today);
        Date until = used.AddDays(state_->options.trust_unlock_days);
        return reply("erro", "113",
                     "O desbloqueio de confian\xc3\xa7"
                     "a n\xc3\xa3o est\xc3\xa1 dispon\xc3\xadvel para o contrato " +
                         std::to_string(id) + ", este recurso foi usado no dia " + used.ToBr() +
                         " e n\xc3\xa3o foi realizado o pagamento at\xc3\xa9 o dia " +
                         until.ToBr() +
                         ", este recurso ser\xc3\xa1 habilitado novamente quando o t\xc3\xadtulo "
                         "que vence ap\xc3\xb3s "
                         "o dia " +
                         used.ToBr() + " for pago.");
      }
    }
    return RedDiv();
  }

  http::Response TemporaryRelease(const json& body) {
    int64_t id = IdField(body, "id");
    if (id < 0) id = IdField(body, "get_id");
    std::lock_guard lock(state_->mu);
    UnlockOutcome outcome = id < 0 ? UnlockOutcome::kNotFound : state_->TrustUnlock("ixc", id);
    switch (outcome) {
      case UnlockOutcome::kGranted:
        return TypeReply("success", "Contrato liberado temporariamente com sucesso!");
      case UnlockOutcome::kNotFound:
        return TypeReply("error", "Contrato n\xc3\xa3o encontrado!");
      case UnlockOutcome::kNotBlocked:
        return TypeReply("error", "O contrato n\xc3\xa3o est\xc3\xa1 bloqueado!");
      case UnlockOutcome::kInactive:
        return TypeReply("error", "O contrato est\xc3\xa1 inativo!");
      case UnlockOutcome::kLimitReached:
        return TypeReply("error",
                         "A libera\xc3\xa7\xc3\xa3o tempor\xc3\xa1ria j\xc3\xa1 foi utilizada!");
    }
    return RedDiv();
  }

  http::Response GetBoleto(const json& body) {
    std::string ids = Text(body, "boletos");
    std::string kind = Text(body, "tipo_boleto");
    if (kind.empty()) kind = "arquivo";
    if (kind == "mail" || kind == "sms")
      return JsonReply(ordered_json{{"registros", {{{"sucesso", true}}}}});
    if (kind != "arquivo")
      return TypeReply("error", "Tipo de boleto n\xc3\xa3o suportado pelo simulador: " + kind);
    std::string first = ids.substr(0, ids.find(','));
    int64_t id = -1;
    try {
      id = std::stoll(first);
    } catch (...) {
    }
    std::lock_guard lock(state_->mu);
    const Invoice* inv = state_->dataset.FindInvoice(id);
    if (inv == nullptr || inv->status != InvoiceStatus::kOpen) {
      return TypeReply("error",
                       "Boleto n\xc3\xa3o encontrado ou n\xc3\xa3o est\xc3\xa1 em aberto!");
    }
    auto pdf = BoletoPdf(state_->dataset, *inv, state_->today);
    if (!pdf.ok()) return RedDiv();
    if (Text(body, "base64") == "N")
      return http::Response::Text(200, std::move(pdf).value(), "application/pdf");
    return http::Response::Text(200, Base64Encode(*pdf), "text/html; charset=utf-8");
  }

  http::Response GetPix(const json& body) {
    int64_t id = IdField(body, "id_areceber");
    std::lock_guard lock(state_->mu);
    const Invoice* inv = state_->dataset.FindInvoice(id);
    std::optional<InvoiceCodes> codes;
    if (inv != nullptr && inv->status == InvoiceStatus::kOpen) {
      if (auto made = MakeInvoiceCodes(state_->dataset.isp, *inv); made.ok()) codes = *made;
    }
    ordered_json out;
    if (!codes) {  // the official reply for a title without PIX
      out["pix"]["dadosPix"]["expiracaoPix"] = "31/12/1969 21:00:00";
      out["pix"]["qrCode"] = {{"qrcode", ""}, {"imagemQrcode", ""}, {"imagemSrc", ""}};
      out["gateway"]["gatewayNome"] = "MB";
      out["type"] = "success";
      return JsonReply(out);
    }
    const Contract* ct = state_->dataset.FindContract(inv->contract_id);
    const Customer* c = ct ? state_->dataset.FindCustomer(ct->customer_id) : nullptr;
    std::string created = state_->today.ToIso() + "T12:00:00";
    ordered_json& dados = out["pix"]["dadosPix"];
    dados["revisao"] = 0;
    dados["loc"] = {
        {"id", inv->id}, {"location", ""}, {"tipoCob", "cobv"}, {"criacao", created + ".000Z"}};
    dados["calendario"] = {{"criacao", created + "Z"},
                           {"dataDeVencimento", inv->due_date.ToIso()},
                           {"validadeAposVencimento", 90}};
    ordered_json devedor;
    if (c != nullptr) {
      devedor[c->document.is_cpf() ? "cpf" : "cnpj"] = c->document.value();
      devedor["nome"] = c->name;
    }
    dados["devedor"] = devedor;
    dados["valor"] = {{"original", inv->amount.ToDecimal()},
                      {"abatimento", ordered_json::array()},
                      {"juros", {{"valorPerc", "0.03"}, {"modalidade", 2}}},
                      {"multa", {{"valorPerc", "2.00"}, {"modalidade", 2}}}};
    dados["chave"] = state_->dataset.isp.pix_key;
    dados["txid"] = codes->txid;
    dados["status"] = "ATIVA";
    dados["solicitacaoPagador"] = "Fatura " + std::to_string(inv->id);
    dados["infoAdicionais"] = ordered_json::array();
    dados["pixCopiaECola"] = codes->pix;
    dados["expiracaoPix"] = inv->due_date.AddDays(90).ToBr() + " 00:00:00";
    out["pix"]["qrCode"] = {{"qrcode", codes->pix}, {"imagemQrcode", ""}, {"imagemSrc", ""}};
    out["gateway"]["gatewayNome"] = "MB";
    out["type"] = "success";
    return JsonReply(out);
  }

  http::Response Insert(const std::string& table, const json& body) {
    std::lock_guard lock(state_->mu);
    if (table == "su_ticket" || table == "su_oss_chamado") {
      const char* text_key = table == "su_ticket" ? "menssagem" : "mensagem";
      int64_t customer_id = IdField(body, "id_cliente");
      if (customer_id < 0 || state_->dataset.FindCustomer(customer_id) == nullptr) {
        return TypeReply("error", "Cliente n\xc3\xa3o encontrado!");
      }
      std::string text = Text(body, text_key);
      if (text.empty())
        return TypeReply("error",
                         std::string("O campo ") + text_key + " \xc3\xa9 obrigat\xc3\xb3rio!");
      int64_t contract_id = IdField(body, "id_contrato");
      std::string subject = Text(body, "titulo");
      if (subject.empty())
        subject = table == "su_ticket" ? "Atendimento" : "Ordem de servi\xc3\xa7o";
      const Ticket& t = state_->OpenTicket("ixc", customer_id, std::max<int64_t>(contract_id, 0),
                                           std::move(subject), text);
      ordered_json out;
      out["type"] = "success";
      out["message"] = "Registro inserido com sucesso!";  // [INFERRED] reply
      out["id"] = std::to_string(t.id);
      return JsonReply(out);
    }
    if (table == "cliente") {
      std::string name = Text(body, "razao");
      if (name.empty())
        return TypeReply("error", "O campo Raz\xc3\xa3o social \xc3\xa9 obrigat\xc3\xb3rio!");
      auto document = br::ParseDocument(Text(body, "cnpj_cpf"));
      if (!document.ok()) return TypeReply("error", "CNPJ/CPF inv\xc3\xa1lido!");
      Customer c;
      c.name = name;
      c.document = *document;
      if (auto birth = Date::ParseErp(Text(body, "data_nascimento")); birth.ok())
        c.birth_date = *birth;
      for (const char* key : {"telefone_celular", "whatsapp", "fone"}) {
        if (auto phone = Phone::Parse(Text(body, key)); phone.ok()) c.phones.push_back(*phone);
      }
      c.email = Text(body, "email");
      c.address = {Text(body, "endereco"),       Text(body, "numero"),
                   Text(body, "complemento"),    Text(body, "bairro"),
                   state_->dataset.isp.city,     "SP",
                   DigitsOnly(Text(body, "cep"))};
      const Customer& created = state_->CreateCustomer("ixc", std::move(c));
      ordered_json out;
      out["type"] = "success";
      out["message"] = "Registro inserido com sucesso!";
      out["id"] = std::to_string(created.id);
      return JsonReply(out);
    }
    return TypeReply("error", "Recurso " + table + " n\xc3\xa3o est\xc3\xa1 dispon\xc3\xadvel!");
  }

  // --- dispatch
  // ---------------------------------------------------------------------------------------------
  http::Response Serve(const http::Request& request) {
    std::string authorization = request.Header("authorization");
    if (authorization.empty())
      return http::Response::Text(401, "Authorization Requested", "text/html");
    if (AsciiLower(authorization.substr(0, 6)) != "basic ") {
      return http::Response::Text(400, "Bad Request", "text/html");
    }
    auto credentials = BasicCredentials(request);
    if (!credentials || credentials->second != state_->options.token) {
      return http::Response::Text(401, "Authorization Requested", "text/html");
    }
    std::string rest = request.path.substr(std::string("/webservice/v1/").size());
    std::string table = rest.substr(0, rest.find('/'));
    json body = json::object();
    if (!request.body.empty()) {
      body = json::parse(request.body, nullptr, false);
      if (body.is_discarded() || !body.is_object()) return RedDiv();
    }
    bool listing = AsciiLower(request.Header("ixcsoft")) == "listar";
    if (table == "get_boleto" &&
        (request.method == "POST" || (request.method == "GET" && listing))) {
      return GetBoleto(body);
    }
    if (kListingTables.count(table)) {
      if (listing && (request.method == "GET" || request.method == "POST"))
        return List(table, body);
      if (request.method == "GET") return http::Response::Text(404, "Not Found", "text/html");
      if (request.method == "POST") return Insert(table, body);
      return TypeReply("error", "Recurso " + table + " n\xc3\xa3o est\xc3\xa1 dispon\xc3\xadvel!");
    }
    if (request.method == "POST" && table == "desbloqueio_confianca") return TrustUnlock(body);
    if (request.method == "POST" && table == "cliente_contrato_btn_lib_temp_24722")
      return TemporaryRelease(body);
    if (request.method == "POST" && table == "get_pix") return GetPix(body);
    return TypeReply("error", "Recurso " + table + " n\xc3\xa3o est\xc3\xa1 dispon\xc3\xadvel!");
  }

  SimState* state_ = nullptr;
};

}  // namespace

std::unique_ptr<Flavor> MakeIxcFlavor() { return std::make_unique<IxcFlavor>(); }

}  // namespace atende::erpsim
