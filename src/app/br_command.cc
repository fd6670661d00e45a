// `atende br`: payment-code tools for ISP staff and scripts (boleto, arrecadação, PIX, CPF/CNPJ,
// late fee, holidays). Human output has pt-BR labels; --json prints one JSON object. Bad input
// exits 1 with one line on stderr (app::Fail).
//   atende br boleto decode CODE [--reference YYYY-MM-DD] [--json]
//   atende br boleto make --bank 341 --due 2026-11-10 --amount 99,90 --free-field 1234… [--json]
//   atende br pix make --key K --name N --city C [--amount A] [--txid T] [--info I] [--json]
//   atende br pix decode CODE [--json]
//   atende br doc CPF_OR_CNPJ [--json]
//   atende br fee --amount A --due D --paid-on D [--fine-bp 200] [--interest-bp 100] [--json]
//   atende br holidays YEAR [--json]
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "app/command.h"
#include "br/calendar.h"
#include "br/document_check.h"
#include "br/late_fee.h"
#include "br/payment_code.h"
#include "br/pix.h"
#include "core/clock.h"

namespace atende::app {
namespace {

using nlohmann::json;

struct BrOptions {
  bool json = false;
  std::string code;
  std::string reference;
  std::string bank, due, amount, free_field;
  std::string key, name, city, txid, info;
  std::string document;
  std::string paid_on;
  int fine_bp = 200;
  int interest_bp = 100;
  int year = 0;
};

BrOptions& Options() {
  static BrOptions options;
  return options;
}

const char* WeekdayName(Weekday w) {
  static const char* const kNames[] = {"domingo",      "segunda-feira", "terça-feira",
                                       "quarta-feira", "quinta-feira",  "sexta-feira",
                                       "sábado"};
  return kNames[static_cast<int>(w)];
}

// ISO ("2026-11-10") or Brazilian ("10/11/2026").
Result<Date> ParseDate(const std::string& text, const char* what) {
  Result<Date> iso = Date::ParseIso(text);
  if (iso.ok()) return iso;
  Result<Date> br = Date::ParseBr(text);
  if (br.ok()) return br;
  return Error::InvalidInput(std::string(what) +
                             " inválida (use AAAA-MM-DD ou DD/MM/AAAA): " + text);
}

Result<Money> ParseAmount(const std::string& text) {
  Result<Money> m = Money::Parse(text);
  if (!m.ok()) return Error::InvalidInput("valor inválido (use 99,90 ou 99.90): " + text);
  return m;
}

void Print(const json& j) { std::cout << j.dump() << "\n"; }

// ---- boleto ----

json BoletoJson(const br::Boleto& b) {
  json j = {{"type", "boleto"},
            {"valid", true},
            {"bank", b.bank},
            {"currency", std::string(1, b.currency)},
            {"factor", b.factor},
            {"amount", b.amount.ToDecimal()},
            {"amount_cents", b.amount.cents()},
            {"free_field", b.free_field},
            {"barcode", b.barcode},
            {"linha", b.linha},
            {"formatted", b.FormattedLinha()}};
  j["due_date"] = b.due_date ? json(b.due_date->ToIso()) : json(nullptr);
  return j;
}

void PrintBoleto(const br::Boleto& b) {
  std::cout << "Tipo: boleto de cobrança\n"
            << "Banco: " << b.bank << "\n"
            << "Valor: "
            << (b.amount.cents() == 0 ? std::string("a definir no pagamento")
                                      : b.amount.ToDisplay())
            << "\n";
  if (b.due_date) {
    std::cout << "Vencimento: " << b.due_date->ToBr() << " (" << WeekdayName(b.due_date->weekday())
              << ", fator " << b.factor << ")\n";
  } else {
    std::cout << "Vencimento: não informado no código (fator 0000)\n";
  }
  std::cout << "Campo livre: " << b.free_field << "\n"
            << "Linha digitável: " << b.FormattedLinha() << "\n"
            << "Código de barras: " << b.barcode << "\n"
            << "Situação: válido (todos os dígitos verificadores conferem)\n";
}

json ArrecadacaoJson(const br::Arrecadacao& a) {
  return {{"type", "arrecadacao"},
          {"valid", true},
          {"segment", a.segment},
          {"value_id", a.value_id},
          {"module", a.uses_mod10 ? "mod10" : "mod11"},
          {"effective_value", a.effective_value},
          {"amount", a.amount.ToDecimal()},
          {"amount_cents", a.amount.cents()},
          {"company", a.company},
          {"free_field", a.free_field},
          {"barcode", a.barcode},
          {"linha", a.linha},
          {"formatted", a.FormattedLinha()}};
}

const char* SegmentName(int segment) {
  switch (segment) {
    case 1:
      return "prefeituras";
    case 2:
      return "saneamento";
    case 3:
      return "energia elétrica e gás";
    case 4:
      return "telecomunicações";
    case 5:
      return "órgãos governamentais";
    case 6:
      return "carnês e demais";
    case 7:
      return "multas de trânsito";
    case 9:
      return "uso exclusivo do banco";
    default:
      return "desconhecido";
  }
}

void PrintArrecadacao(const br::Arrecadacao& a) {
  std::cout << "Tipo: arrecadação / convênio\n"
            << "Segmento: " << a.segment << " (" << SegmentName(a.segment) << ")\n"
            << (a.effective_value ? "Valor: " : "Valor de referência: ") << a.amount.ToDisplay()
            << "\n"
            << "Empresa/órgão: " << a.company << "\n"
            << "Campo livre: " << a.free_field << "\n"
            << "Linha digitável: " << a.FormattedLinha() << "\n"
            << "Código de barras: " << a.barcode << "\n"
            << "Situação: válido (dígitos verificadores conferem, "
            << (a.uses_mod10 ? "módulo 10" : "módulo 11") << ")\n";
}

int RunBoletoDecode() {
  const BrOptions& o = Options();
  const char* cmd = "br boleto decode";
  Date reference;
  if (o.reference.empty()) {
    reference = SystemClock().Today();
  } else {
    Result<Date> r = ParseDate(o.reference, "data de referência");
    if (!r.ok()) return Fail(cmd, r.error().message);
    reference = *r;
  }
  Result<br::PaymentCode> code = br::DecodePaymentCode(o.code, reference);
  if (!code.ok()) return Fail(cmd, "código inválido: " + code.error().message);
  if (const auto* b = std::get_if<br::Boleto>(&*code)) {
    o.json ? Print(BoletoJson(*b)) : PrintBoleto(*b);
  } else {
    const auto& a = std::get<br::Arrecadacao>(*code);
    o.json ? Print(ArrecadacaoJson(a)) : PrintArrecadacao(a);
  }
  return 0;
}

int RunBoletoMake() {
  const BrOptions& o = Options();
  const char* cmd = "br boleto make";
  br::BoletoSpec spec;
  spec.bank = o.bank;
  spec.free_field = o.free_field;
  if (!o.due.empty()) {
    Result<Date> due = ParseDate(o.due, "data de vencimento");
    if (!due.ok()) return Fail(cmd, due.error().message);
    spec.due_date = *due;
  }
  Result<Money> amount = ParseAmount(o.amount);
  if (!amount.ok()) return Fail(cmd, amount.error().message);
  spec.amount = *amount;
  Result<br::Boleto> b = br::MakeBoleto(spec);
  if (!b.ok()) return Fail(cmd, "não foi possível gerar o boleto: " + b.error().message);
  if (o.json) {
    Print(BoletoJson(*b));
  } else {
    std::cout << "Código de barras: " << b->barcode << "\n"
              << "Linha digitável: " << b->linha << "\n"
              << "Linha formatada: " << b->FormattedLinha() << "\n"
              << "Fator de vencimento: " << b->factor << "\n";
  }
  return 0;
}

// ---- PIX ----

int RunPixMake() {
  const BrOptions& o = Options();
  const char* cmd = "br pix make";
  br::PixStaticSpec spec{o.key, o.name, o.city, std::nullopt, o.txid, o.info};
  if (!o.amount.empty()) {
    Result<Money> amount = ParseAmount(o.amount);
    if (!amount.ok()) return Fail(cmd, amount.error().message);
    spec.amount = *amount;
  }
  Result<std::string> code = br::MakeStaticPix(spec);
  if (!code.ok()) return Fail(cmd, "não foi possível gerar o PIX: " + code.error().message);
  std::string name = br::FoldPixText(o.name, 25);
  std::string city = br::FoldPixText(o.city, 15);
  if (o.json) {
    json j = {{"code", *code},
              {"key", o.key},
              {"merchant_name", name},
              {"merchant_city", city},
              {"txid", o.txid.empty() ? "***" : o.txid}};
    j["amount"] = spec.amount ? json(spec.amount->ToDecimal()) : json(nullptr);
    Print(j);
  } else {
    std::cout << "PIX copia e cola: " << *code << "\n"
              << "Recebedor: " << name << " (" << city << ")\n"
              << "Valor: " << (spec.amount ? spec.amount->ToDisplay() : "livre (o pagador digita)")
              << "\n"
              << "Identificador (txid): " << (o.txid.empty() ? "***" : o.txid) << "\n";
  }
  return 0;
}

int RunPixDecode() {
  const BrOptions& o = Options();
  Result<br::PixCode> p = br::ParsePix(o.code);
  if (!p.ok()) return Fail("br pix decode", "código PIX inválido: " + p.error().message);
  if (o.json) {
    json j = {{"valid", true},
              {"type", p->dynamic ? "dynamic" : "static"},
              {"point_of_initiation", p->point_of_initiation},
              {"gui", p->gui},
              {"merchant_name", p->merchant_name},
              {"merchant_city", p->merchant_city},
              {"txid", p->txid},
              {"crc", p->crc}};
    if (p->dynamic) {
      j["url"] = p->url;
    } else {
      j["key"] = p->key;
    }
    if (!p->info.empty()) j["info"] = p->info;
    if (!p->postal_code.empty()) j["postal_code"] = p->postal_code;
    j["amount"] = p->amount ? json(p->amount->ToDecimal()) : json(nullptr);
    Print(j);
    return 0;
  }
  std::cout << "Tipo: " << (p->dynamic ? "dinâmico (cobrança emitida pelo banco/PSP)" : "estático")
            << "\n";
  if (p->dynamic) {
    std::cout << "URL do payload: " << p->url << "\n";
  } else {
    std::cout << "Chave PIX: " << p->key << "\n";
  }
  std::cout << "Recebedor: " << p->merchant_name << "\n"
            << "Cidade: " << p->merchant_city << "\n"
            << "Valor: "
            << (p->amount
                    ? p->amount->ToDisplay()
                    : std::string(p->dynamic ? "no payload do banco" : "livre (o pagador digita)"))
            << "\n";
  if (!p->info.empty()) std::cout << "Informação adicional: " << p->info << "\n";
  if (!p->txid.empty()) std::cout << "Identificador (txid): " << p->txid << "\n";
  std::cout << "CRC: " << p->crc << " (confere)\n";
  return 0;
}

// ---- documents, fees, holidays ----

int RunDoc() {
  const BrOptions& o = Options();
  Result<Document> d = br::ParseDocument(o.document);
  if (!d.ok()) return Fail("br doc", "documento inválido: " + d.error().message);
  const char* kind = d->is_cpf() ? "CPF" : "CNPJ";
  bool alphanumeric =
      !d->is_cpf() && d->value().find_first_not_of("0123456789") != std::string::npos;
  if (o.json) {
    Print({{"valid", true},
           {"kind", d->is_cpf() ? "cpf" : "cnpj"},
           {"alphanumeric", alphanumeric},
           {"normalized", d->value()},
           {"formatted", d->Formatted()},
           {"masked", d->Masked()}});
  } else {
    std::cout << kind << (alphanumeric ? " alfanumérico" : "") << " válido: " << d->Formatted()
              << "\n"
              << "Só dígitos/caracteres: " << d->value() << "\n"
              << "Mascarado (para registros): " << d->Masked() << "\n";
  }
  return 0;
}

std::string Percent(int bp) {
  std::string s = Money::FromCents(bp).ToBrl();  // basis points print like centavos: 200 → "2,00"
  return s + "%";
}

int RunFee() {
  const BrOptions& o = Options();
  const char* cmd = "br fee";
  Result<Money> amount = ParseAmount(o.amount);
  if (!amount.ok()) return Fail(cmd, amount.error().message);
  if (amount->cents() < 0) return Fail(cmd, "valor negativo");
  Result<Date> due = ParseDate(o.due, "data de vencimento");
  if (!due.ok()) return Fail(cmd, due.error().message);
  Result<Date> paid = ParseDate(o.paid_on, "data de pagamento");
  if (!paid.ok()) return Fail(cmd, paid.error().message);
  if (o.fine_bp < 0 || o.fine_bp > 200) {
    return Fail(cmd, "multa acima de 2% (200 pontos-base) não é permitida pelo CDC art. 52");
  }
  if (o.interest_bp < 0 || o.interest_bp > 10000)
    return Fail(cmd, "juros mensais fora de 0 a 10000 pontos-base");
  br::LateFee fee = br::ComputeLateFee(*amount, *due, *paid, {o.fine_bp, o.interest_bp});
  if (o.json) {
    Print({{"principal", fee.principal.ToDecimal()},
           {"due_date", fee.due_date.ToIso()},
           {"effective_due", fee.effective_due.ToIso()},
           {"paid_on", paid->ToIso()},
           {"days_late", fee.days_late},
           {"fine_bp", o.fine_bp},
           {"monthly_interest_bp", o.interest_bp},
           {"fine", fee.fine.ToDecimal()},
           {"interest", fee.interest.ToDecimal()},
           {"total", fee.total.ToDecimal()},
           {"total_cents", fee.total.cents()}});
    return 0;
  }
  std::cout << "Valor original: " << fee.principal.ToDisplay() << "\n"
            << "Vencimento: " << fee.due_date.ToBr() << " (" << WeekdayName(fee.due_date.weekday())
            << ")\n";
  if (fee.effective_due != fee.due_date) {
    std::cout << "Vencimento efetivo: " << fee.effective_due.ToBr() << " (próximo dia útil)\n";
  }
  std::cout << "Pagamento em: " << paid->ToBr() << "\n";
  if (fee.days_late == 0) {
    std::cout << "Em dia: sem multa nem juros\n";
  } else {
    std::cout << "Dias de atraso: " << fee.days_late << " (contados do vencimento original)\n"
              << "Multa (" << Percent(o.fine_bp) << "): " << fee.fine.ToDisplay() << "\n"
              << "Juros (" << Percent(o.interest_bp)
              << " ao mês, pro rata die): " << fee.interest.ToDisplay() << "\n";
  }
  std::cout << "Total: " << fee.total.ToDisplay() << "\n";
  return 0;
}

int RunHolidays() {
  const BrOptions& o = Options();
  if (o.year < 1900 || o.year > 2199) return Fail("br holidays", "ano fora de 1900 a 2199");
  std::vector<br::Holiday> holidays = br::NationalHolidays(o.year);
  if (o.json) {
    json list = json::array();
    for (const br::Holiday& h : holidays) {
      list.push_back(
          {{"date", h.date.ToIso()}, {"name", h.name}, {"weekday", WeekdayName(h.date.weekday())}});
    }
    Print({{"year", o.year}, {"holidays", list}});
    return 0;
  }
  std::cout << "Feriados nacionais e dias sem expediente bancário em " << o.year << ":\n";
  for (const br::Holiday& h : holidays) {
    std::cout << "  " << h.date.ToBr() << "  " << WeekdayName(h.date.weekday()) << "  " << h.name
              << "\n";
  }
  return 0;
}

void Install(CLI::App& root, int& exit_code) {
  BrOptions& o = Options();
  CLI::App* br =
      root.add_subcommand("br", "Ferramentas de pagamento: boleto, PIX, CPF/CNPJ, multa e juros");
  br->require_subcommand(1);
  auto json_flag = [&o](CLI::App* cmd) {
    cmd->add_flag("--json", o.json, "Saída em um objeto JSON");
  };
  auto run = [&exit_code](CLI::App* cmd, int (*fn)()) {
    cmd->callback([&exit_code, fn] { exit_code = fn(); });
  };

  CLI::App* boleto =
      br->add_subcommand("boleto", "Boleto de cobrança (47/44) e arrecadação (48/44)");
  boleto->require_subcommand(1);
  CLI::App* decode = boleto->add_subcommand(
      "decode", "Valida e decodifica uma linha digitável ou código de barras");
  decode->add_option("code", o.code, "Linha digitável ou código de barras (separadores aceitos)")
      ->required();
  decode->add_option("--reference", o.reference,
                     "Data de referência para o fator de vencimento (padrão: hoje)");
  json_flag(decode);
  run(decode, &RunBoletoDecode);

  CLI::App* make = boleto->add_subcommand("make", "Gera código de barras e linha digitável");
  make->add_option("--bank", o.bank, "Código do banco, 3 dígitos")->required();
  make->add_option("--due", o.due, "Vencimento AAAA-MM-DD (omitido: sem vencimento)");
  make->add_option("--amount", o.amount, "Valor, 99,90 ou 99.90")->required();
  make->add_option("--free-field", o.free_field, "Campo livre, 25 dígitos")->required();
  json_flag(make);
  run(make, &RunBoletoMake);

  CLI::App* pix = br->add_subcommand("pix", "PIX copia e cola (BR Code)");
  pix->require_subcommand(1);
  CLI::App* pix_make = pix->add_subcommand("make", "Gera um PIX estático");
  pix_make->add_option("--key", o.key, "Chave PIX")->required();
  pix_make->add_option("--name", o.name, "Nome do recebedor (até 25 caracteres)")->required();
  pix_make->add_option("--city", o.city, "Cidade do recebedor (até 15 caracteres)")->required();
  pix_make->add_option("--amount", o.amount, "Valor, 99,90 ou 99.90 (omitido: o pagador digita)");
  pix_make->add_option("--txid", o.txid, "Identificador, até 25 letras e dígitos");
  pix_make->add_option("--info", o.info, "Informação adicional para o pagador");
  json_flag(pix_make);
  run(pix_make, &RunPixMake);
  CLI::App* pix_decode = pix->add_subcommand("decode", "Valida e decodifica um PIX copia e cola");
  pix_decode->add_option("code", o.code, "O código PIX")->required();
  json_flag(pix_decode);
  run(pix_decode, &RunPixDecode);

  CLI::App* doc =
      br->add_subcommand("doc", "Valida e formata um CPF ou CNPJ (inclusive alfanumérico)");
  doc->add_option("document", o.document, "CPF ou CNPJ, com ou sem pontuação")->required();
  json_flag(doc);
  run(doc, &RunDoc);

  CLI::App* fee = br->add_subcommand("fee", "Calcula multa e juros de atraso");
  fee->add_option("--amount", o.amount, "Valor original, 99,90 ou 99.90")->required();
  fee->add_option("--due", o.due, "Vencimento AAAA-MM-DD")->required();
  fee->add_option("--paid-on", o.paid_on, "Data do pagamento AAAA-MM-DD")->required();
  fee->add_option("--fine-bp", o.fine_bp, "Multa em pontos-base (200 = 2%)")->capture_default_str();
  fee->add_option("--interest-bp", o.interest_bp, "Juros ao mês em pontos-base (100 = 1%)")
      ->capture_default_str();
  json_flag(fee);
  run(fee, &RunFee);

  CLI::App* holidays =
      br->add_subcommand("holidays", "Lista os feriados nacionais (calendário bancário)");
  holidays->add_option("year", o.year, "Ano")->required();
  json_flag(holidays);
  run(holidays, &RunHolidays);
}

const CommandRegistration kRegistration("br", &Install);

}  // namespace
}  // namespace atende::app
