// interop_gen: writes one JSON line per code atende generates or judges — random boletos (47 and
// 44), arrecadação codes, PIX codes, CPFs and CNPJs (numeric and alphanumeric) from a fixed seed,
// the golden vectors of the specs and every single-digit mutation of them — each with atende's
// verdict and decoded values in "expect". oracle.mjs checks every line with the independent npm
// libraries (specs/interop-validators.md §4). The last line is {"kind":"end","value":N} so a
// truncated stream fails.
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "br/arrecadacao.h"
#include "br/boleto.h"
#include "br/document_check.h"
#include "br/pix.h"

namespace {

using atende::Date;
using atende::Money;
using nlohmann::json;
namespace br = atende::br;

std::mt19937_64 rng(20261110);
long emitted = 0;

void Emit(const char* kind, const std::string& value, json expect) {
  std::cout << json{{"kind", kind}, {"value", value}, {"expect", std::move(expect)}}.dump() << "\n";
  ++emitted;
}

int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
int64_t Uniform64(int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

std::string Digits(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + Uniform(0, 9));
  return s;
}
std::string FromAlphabet(std::string_view alphabet, int n) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s += alphabet[static_cast<size_t>(Uniform(0, static_cast<int>(alphabet.size()) - 1))];
  return s;
}
Date D(const char* iso) { return Date::ParseIso(iso).value(); }

// ---- boletos ----

void EmitBankLinha(const std::string& linha, Date reference) {
  atende::Result<br::Boleto> b = br::DecodeBoleto(linha, reference);
  json e = {{"valid", b.ok()}};
  if (b.ok()) {
    e["amount_cents"] = b->amount.cents();
    e["due_date"] = b->due_date ? json(b->due_date->ToIso()) : json(nullptr);
    e["bank"] = b->bank;
    e["reference"] = reference.ToIso();
  }
  Emit("boleto_linha", linha, e);
}

void EmitBankBarcode(const std::string& barcode, Date reference) {
  Emit("boleto_barcode", barcode, {{"valid", br::DecodeBoleto(barcode, reference).ok()}});
}

void EmitArrecadacao(const std::string& code) {
  atende::Result<br::Arrecadacao> a = br::DecodeArrecadacao(code);
  json e = {{"valid", a.ok()}};
  if (a.ok()) {
    e["amount_cents"] = a->amount.cents();
    e["segment"] = a->segment;
    e["effective_value"] = a->effective_value;
  }
  Emit("arrecadacao", code, e);
}

template <typename F>
void ForEachMutation(const std::string& code, F f) {
  for (size_t pos = 0; pos < code.size(); ++pos) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == code[pos]) continue;
      std::string m = code;
      m[pos] = d;
      f(m);
    }
  }
}

void RandomBoletos(int n) {
  int first = D("2000-07-03").days_since_epoch();
  int last = D("2049-10-13").days_since_epoch();
  for (int i = 0; i < n; ++i) {
    br::BoletoSpec spec;
    spec.bank = std::to_string(Uniform(1, 799));
    spec.bank.insert(0, 3 - spec.bank.size(), '0');
    if (i % 20 != 0) spec.due_date = Date::FromDays(Uniform(first, last));
    // Mostly invoice-sized amounts, some up to the 10-digit limit.
    spec.amount =
        Money::FromCents(i % 5 == 0 ? Uniform64(0, 9'999'999'999) : Uniform64(1, 100'000'00));
    spec.free_field = Digits(25);
    atende::Result<br::Boleto> b = br::MakeBoleto(spec);
    if (!b.ok()) {
      std::cerr << "MakeBoleto failed: " << b.error().message << "\n";
      std::exit(2);
    }
    Date reference = spec.due_date.value_or(D("2026-09-01"));
    EmitBankLinha(b->linha, reference);
    EmitBankBarcode(b->barcode, reference);
  }
}

void RandomArrecadacao(int n) {
  for (int i = 0; i < n; ++i) {
    br::ArrecadacaoSpec spec;
    spec.segment = Uniform(1, 7);
    spec.value_id = Uniform(6, 9);
    spec.amount = Money::FromCents(Uniform64(0, 99'999'999'999));
    spec.company = Digits(4);
    spec.free_field = Digits(25);
    atende::Result<br::Arrecadacao> a = br::MakeArrecadacao(spec);
    if (!a.ok()) {
      std::cerr << "MakeArrecadacao failed: " << a.error().message << "\n";
      std::exit(2);
    }
    EmitArrecadacao(i % 2 ? a->linha : a->barcode);
  }
}

void GoldenBoletos() {
  struct {
    const char* barcode;
    const char* linha;
    const char* reference;
  } const kVectors[] = {
      {"10499898100000214032006561000100040099726390",
       "10492006506100010004200997263900989810000021403", "2022-05-10"},
      {"23797000000000000004150090019801673500021140",
       "23794150099001980167035000211405700000000000000", "2026-09-01"},
      {"00196758600001026560000001149718606852452211",
       "00190000090114971860168524522114675860000102656", "2018-07-15"},
      {"23792813100000123000000000000000000000000000",
       "23790000090000000000000000000000281310000012300", "2020-01-11"},
      {"03398985100000088489026941400000022834610101",
       "03399026944140000002628346101018898510000008848", "2024-09-26"},
      {"34196977800000110001770000065727777014437000",
       "34191770050006572777870144370007697780000011000", "2024-07-15"},
      {"10491150000000159902006561000100040099726390",
       "10492006506100010004200997263900115000000015990", "2026-07-07"},
      {"23796164300000102401234567890123456789012345",
       "23791234546789012345767890123457616430000010240", "2026-11-27"},
      {"34198162600000099901234000000001000000056789",
       "34191234050000000100800000567891816260000009990", "2026-11-10"},
      {"34193164300000102401234000000001000000056789",
       "34191234050000000100800000567891316430000010240", "2026-11-27"},
  };
  for (const auto& v : kVectors) {
    Date reference = D(v.reference);
    EmitBankLinha(v.linha, reference);
    EmitBankBarcode(v.barcode, reference);
    ForEachMutation(v.linha, [&](const std::string& m) { EmitBankLinha(m, reference); });
    ForEachMutation(v.barcode, [&](const std::string& m) { EmitBankBarcode(m, reference); });
  }
  for (const char* invalid : {"00190000020114971860168524522114675860000102656",
                              "00190000090114971860168524522114975860000102656",
                              "23790000090000000000000000000000281310000012302"}) {
    EmitBankLinha(invalid, D("2026-09-01"));
  }
  for (const char* code : {"83860000005096000190000008017823000034306271",
                           "838600000050096000190009000801782309000343062712",
                           "85820000000572503282035607082021053959190446",
                           "858200000007572503282030560708202107539591904460",
                           "84630000000299902962020041013600000200644114",
                           "846300000003299902962024004101360008002006441147",
                           "84670000000109910422023123100000000000054321",
                           "846700000009109910422020312310000004000000543215",
                           "84910000000010010422023123100000000000054321"}) {
    EmitArrecadacao(code);
    ForEachMutation(code, [](const std::string& m) { EmitArrecadacao(m); });
  }
}

// ---- PIX ----

const char* const kWords[] = {"Fibra", "Telecom", "Provedor", "Conexão",  "Internet",
                              "São",   "João",    "Açaí",     "Ltda",     "ME",
                              "Rede",  "Ótica",   "Sertão",   "Café",     "Pinhão",
                              "Ávila", "Irmãos",  "Comércio", "Serviços", "Net"};
const char* const kCities[] = {
    "Campinas", "São Paulo", "Ribeirão Preto",      "Maceió",  "Florianópolis",
    "Goiânia",  "Belém",     "São José dos Campos", "Niterói", "Cuiabá"};

std::string RandomWords(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (i) s += ' ';
    s += kWords[Uniform(0, std::size(kWords) - 1)];
  }
  return s;
}

std::string RandomCpf() {
  for (;;) {
    std::string base = Digits(9);
    std::string cpf = base + br::CpfCheckDigits(base);
    if (br::IsValidCpf(cpf)) return cpf;
  }
}
std::string RandomCnpj(bool alphanumeric) {
  for (;;) {
    std::string base =
        alphanumeric ? FromAlphabet("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 12) : Digits(12);
    std::string cnpj = base + br::CnpjCheckDigits(base);
    if (br::IsValidCnpj(cnpj)) return cnpj;
  }
}

std::string RandomKey() {
  switch (Uniform(0, 5)) {
    case 0:
      return FromAlphabet("abcdefghijklmnopqrstuvwxyz0123456789", Uniform(3, 20)) + "@" +
             FromAlphabet("abcdefghijklmnopqrstuvwxyz", Uniform(3, 12)) + ".com.br";
    case 1: {
      std::string h = FromAlphabet("0123456789abcdef", 32);
      return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
             "-" + h.substr(20);
    }
    case 2:
      return "+55" + std::to_string(Uniform(11, 99)) + "9" + Digits(8);
    case 3:
      return RandomCpf();
    case 4:
      return RandomCnpj(false);
    default:
      return RandomCnpj(true);
  }
}

void EmitPix(const std::string& code, json extra = json::object()) {
  atende::Result<br::PixCode> p = br::ParsePix(code);
  json e = {{"valid", p.ok()}};
  if (p.ok()) {
    e["dynamic"] = p->dynamic;
    e["name"] = p->merchant_name;
    e["city"] = p->merchant_city;
    e["txid"] = p->txid;
    if (p->dynamic) {
      e["url"] = p->url;
    } else {
      e["key"] = p->key;
    }
    if (p->amount) e["amount_cents"] = p->amount->cents();
  }
  e.update(extra);
  Emit("pix", code, e);
}

void RandomPix(int n) {
  for (int i = 0; i < n; ++i) {
    br::PixStaticSpec spec;
    spec.key = RandomKey();
    spec.merchant_name = RandomWords(Uniform(1, 6));
    spec.merchant_city = kCities[Uniform(0, std::size(kCities) - 1)];
    if (i % 4 != 0)
      spec.amount = Money::FromCents(Uniform64(1, i % 7 == 0 ? 9'999'999'999 : 500'000));
    if (i % 3 != 0)
      spec.txid = FromAlphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                               Uniform(1, 25));
    if (i % 5 == 0) spec.info = "Fatura " + Digits(Uniform(1, 8));
    atende::Result<std::string> code = br::MakeStaticPix(spec);
    if (!code.ok()) {
      std::cerr << "MakeStaticPix failed: " << code.error().message << "\n";
      std::exit(2);
    }
    // What we meant to encode must be what the libraries read back.
    json meant = {{"dynamic", false},
                  {"key", spec.key},
                  {"name", br::FoldPixText(spec.merchant_name, 25)},
                  {"city", br::FoldPixText(spec.merchant_city, 15)},
                  {"txid", spec.txid.empty() ? "***" : spec.txid}};
    if (spec.amount) meant["amount_cents"] = spec.amount->cents();
    EmitPix(*code, meant);
  }
}

void GoldenPix() {
  const char* const kVectors[] = {
      "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-"
      "4266554400005204000053039865802BR5913Fulano de "
      "Tal6008BRASILIA62070503***63041D3D",
      "00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido "
      "123520400005303986540510.005802BR5914THALES "
      "OGLIARI6015SAO MIGUEL DO O62070503***63040DC6",
      "00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido "
      "1235204000053039865802BR5914THALES "
      "OGLIARI6015SAO MIGUEL DO O62070503***630462CA",
      "00020126740014br.gov.bcb.pix2552payload.psp.com/"
      "3ec9d2f9-5f03-4e0e-820d-63a81e769e875204000053039865802BR"
      "5914THALES OGLIARI6015SAO MIGUEL DO O62070503***630442C5",
      "00020101021226740014br.gov.bcb.pix2552payload.psp.com/"
      "3ec9d2f9-5f03-4e0e-820d-63a81e769e87520400005303986"
      "5802BR5914THALES OGLIARI6015SAO MIGUEL DO O62070503***63042895",
      "00020126950014br.gov.bcb.pix01364004901d-bd85-4769-8e52-cb4c42c506dc0221Jornada pagador "
      "431070308999990085204000053039865406577."
      "575802BR5903Pix6008BRASILIA6229052599ed983ea570413d8d336301d630418B7",
      "00020101021226770014BR.GOV.BCB.PIX2555pix.example.com/qr/"
      "93598be0-1bd0-4997-8318-81776a1d8a9952040000530398"
      "65802BR5907EMPRESA6009SAO PAULO62070503***6304EEAB",
      "00020126360014br.gov.bcb.pix0114123456780001955204000053039865406102.405802BR5921PROVEDOR "
      "EXEMPLO "
      "LTDA6009SAO PAULO62170513FAT20261100016304661B",
      "00020126360014br.gov.bcb.pix0114123456780001955204000053039865406100.005802BR5921PROVEDOR "
      "EXEMPLO "
      "LTDA6009SAO PAULO62170513FAT202611000163047EF0",
      "00020126360014br.gov.bcb.pix011412ABC34501DE35520400005303986540510.005802BR5921PROVEDOR "
      "EXEMPLO "
      "LTDA6009SAO PAULO62070503***63040813",
      "00020126520014br.gov.bcb.pix0130financeiro@fibraexemplo.com.br520400005303986540599."
      "905802BR5925FIBRA "
      "EXEMPLO TELECOM LTD6008CAMPINAS62100506FAT10063046FB3",
      "00020126520014br.gov.bcb.pix0130financeiro@fibraexemplo.com.br5204000053039865406102."
      "405802BR5925FIBRA "
      "EXEMPLO TELECOM LTD6008CAMPINAS62100506FAT1006304A813",
      // Invalid: HubSoft sample, SGP placeholders.
      "00020101026216880014BR.GOV.BCB.PIX2566qrcodes-pix.gerencianet.com.br/v2/"
      "9a5944a87b1a47da12345581735e741652040"
      "00053039865802BR5914GERENCIANET SA6010OURO PRETO62070503***6301122B",
      "000201-pix",
      "000201-financeiro-pix",
  };
  for (const char* v : kVectors) {
    std::string code = v;
    EmitPix(code);
    if (!br::ParsePix(code).ok()) continue;
    // One substitution per position (a digit where there was none, else the next digit): CRC-16
    // catches all.
    for (size_t pos = 0; pos < code.size(); ++pos) {
      std::string m = code;
      char c = m[pos];
      m[pos] = (c >= '0' && c <= '9') ? static_cast<char>('0' + (c - '0' + 1) % 10) : '7';
      EmitPix(m);
    }
  }
}

// ---- CPF / CNPJ ----

void Documents(int n) {
  for (int i = 0; i < n; ++i) {
    std::string cpf = RandomCpf();
    Emit("cpf", cpf, {{"valid", true}});
    std::string noise = Digits(11);
    Emit("cpf", noise, {{"valid", br::IsValidCpf(noise)}});
    std::string numeric = RandomCnpj(false);
    Emit("cnpj", numeric, {{"valid", true}});
    std::string alnum = RandomCnpj(true);
    Emit("cnpj", alnum, {{"valid", true}});
    std::string alnum_noise = FromAlphabet("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 12) + Digits(2);
    Emit("cnpj", alnum_noise, {{"valid", br::IsValidCnpj(alnum_noise)}});
  }
  for (const char* cpf :
       {"39053344705", "52998224725", "11144477735", "62710524520", "03666811337", "52998224724",
        "11111111111", "12345678900", "10682083681", "41107296617", "86214941081", "00000000000"}) {
    Emit("cpf", cpf, {{"valid", br::IsValidCpf(cpf)}});
    if (br::IsValidCpf(cpf)) {
      ForEachMutation(cpf, [](const std::string& m) {
        Emit("cpf", m, {{"valid", br::IsValidCpf(m)}});
      });
    }
  }
  for (const char* cnpj :
       {"33000167000101", "11222333000181", "12345678000195", "29507487000185", "39580525000189",
        "00000000000000", "12ABC34501DE35", "12ABC34501DE36", "12ABC345000188"}) {
    Emit("cnpj", cnpj, {{"valid", br::IsValidCnpj(cnpj)}});
    if (br::IsValidCnpj(cnpj)) {
      ForEachMutation(cnpj, [](const std::string& m) {
        Emit("cnpj", m, {{"valid", br::IsValidCnpj(m)}});
      });
    }
  }
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  RandomBoletos(3000);
  RandomArrecadacao(2000);
  RandomPix(2000);
  Documents(1000);
  GoldenBoletos();
  GoldenPix();
  std::cout << json{{"kind", "end"}, {"value", emitted}}.dump() << "\n";
  return 0;
}
