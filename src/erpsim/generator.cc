#include "erpsim/generator.h"

#include <array>
#include <cstdio>
#include <random>
#include <string>

#include "br/document_check.h"

namespace atende::erpsim {

namespace {

constexpr std::array kFirstNames = {
    "Maria",    "José",      "Ana",      "João",    "Antônio",  "Francisca", "Carlos",    "Paulo",
    "Adriana",  "Lucas",     "Juliana",  "Márcia",  "Fernanda", "Pedro",     "Aline",     "Rafael",
    "Patrícia", "Sebastião", "Luiz",     "Camila",  "Bruno",    "Letícia",   "Gabriel",   "Débora",
    "Marcos",   "Tatiane",   "Raimundo", "Sandra",  "Vitória",  "Thiago",    "Cláudia",   "Eduardo",
    "Beatriz",  "Rodrigo",   "Simone",   "Matheus", "Luana",    "Gustavo",   "Conceição", "Fábio"};
constexpr std::array kMiddleNames = {"Aparecida", "Carlos",   "Eduardo",  "Helena",
                                     "Luiz",      "Cristina", "Henrique", "de Fátima",
                                     "Augusto",   "Beatriz",  "Vitor",    "Regina"};
constexpr std::array kSurnames = {
    "da Silva", "dos Santos", "Oliveira",  "Souza",   "Rodrigues",  "Ferreira",
    "Alves",    "Pereira",    "Lima",      "Gomes",   "Costa",      "Ribeiro",
    "Martins",  "Carvalho",   "Almeida",   "Lopes",   "Soares",     "Fernandes",
    "Vieira",   "Barbosa",    "Rocha",     "Dias",    "Nascimento", "Andrade",
    "Moreira",  "Nunes",      "Marques",   "Machado", "Mendes",     "Freitas",
    "Cardoso",  "Ramos",      "Gonçalves", "Santana", "Teixeira",   "Araújo"};
constexpr std::array kBusinessKinds = {"Comércio de Alimentos",
                                       "Materiais de Construção",
                                       "Auto Peças",
                                       "Farmácia",
                                       "Padaria e Confeitaria",
                                       "Contabilidade",
                                       "Mercadinho",
                                       "Oficina Mecânica",
                                       "Pet Shop"};
constexpr std::array kStreets = {
    "Rua das Flores",        "Avenida Brasil",      "Rua Sete de Setembro",
    "Rua XV de Novembro",    "Rua Tiradentes",      "Avenida Getúlio Vargas",
    "Rua São José",          "Rua Santa Luzia",     "Rua Dom Pedro II",
    "Avenida Independência", "Rua Rui Barbosa",     "Rua Marechal Deodoro",
    "Rua Barão de Jaguara",  "Rua Coronel Quirino", "Travessa do Rosário",
    "Rua das Palmeiras",     "Rua dos Ipês",        "Estrada Municipal do Pinhal"};
constexpr std::array kDistricts = {
    "Centro",          "Jardim América", "Vila Nova", "Jardim Primavera",
    "São Bernardo",    "Cambuí",         "Taquaral",  "Parque Industrial",
    "Vila Industrial", "Jardim Eulina",  "Bosque",    "Jardim Aurélia"};

struct City {
  const char* name;
  const char* state;
  const char* ddd;
  const char* zip_prefix;  // 5 digits
};
constexpr std::array kCities = {
    City{"Campinas", "SP", "19", "13010"},    City{"Sumaré", "SP", "19", "13170"},
    City{"Hortolândia", "SP", "19", "13183"}, City{"Valinhos", "SP", "19", "13270"},
    City{"Paulínia", "SP", "19", "13140"},    City{"Americana", "SP", "19", "13465"},
    City{"Indaiatuba", "SP", "19", "13330"},  City{"Jundiaí", "SP", "11", "13201"}};

struct PlanSpec {
  const char* name;
  int64_t cents;
};
constexpr std::array kPlans = {
    PlanSpec{"Fibra 300 Mega", 7990},  PlanSpec{"Fibra 500 Mega", 9990},
    PlanSpec{"Fibra 700 Mega", 11990}, PlanSpec{"Fibra 1 Giga", 14990},
    PlanSpec{"Rural 50 Mega", 6990},   PlanSpec{"Empresarial 600 Mega", 19990}};

// Folds the Portuguese accented letters of the name lists to ASCII for e-mail addresses.
std::string FoldAscii(std::string_view utf8) {
  static const std::pair<const char*, char> kFolds[] = {
      {"á", 'a'}, {"à", 'a'}, {"â", 'a'}, {"ã", 'a'}, {"é", 'e'}, {"ê", 'e'},
      {"í", 'i'}, {"ó", 'o'}, {"ô", 'o'}, {"õ", 'o'}, {"ú", 'u'}, {"ç", 'c'},
      {"Á", 'a'}, {"É", 'e'}, {"Í", 'i'}, {"Ó", 'o'}};
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    bool folded = false;
    for (const auto& [from, to] : kFolds) {
      std::string_view f(from);
      if (utf8.substr(i, f.size()) == f) {
        out.push_back(to);
        i += f.size();
        folded = true;
        break;
      }
    }
    if (folded) continue;
    char c = utf8[i++];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    }
  }
  return out;
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  uint64_t Below(uint64_t n) {
    return engine_() % n;
  }  // mt19937_64 output is fixed by the standard
  bool Chance(int percent) { return static_cast<int>(Below(100)) < percent; }
  template <typename Array>
  auto Pick(const Array& array) {
    return array[Below(array.size())];
  }
  std::string Digits(int count) {
    std::string out;
    for (int i = 0; i < count; ++i) out.push_back(static_cast<char>('0' + Below(10)));
    return out;
  }

 private:
  std::mt19937_64 engine_;
};

std::string Pad(uint64_t value, int width) {
  std::string text = std::to_string(value);
  return text.size() >= static_cast<size_t>(width) ? text
                                                   : std::string(width - text.size(), '0') + text;
}

// Unique per customer id: an affine bijection of 0..10^9-1 keeps 100 000 ids collision-free.
std::string CpfFor(int64_t id, uint64_t seed) {
  uint64_t base =
      (static_cast<uint64_t>(id) * 387420489ull + 100000000ull + (seed % 1000) * 7919ull) %
      1000000000ull;
  std::string nine = Pad(base, 9);
  if (nine.find_first_not_of(nine[0]) == std::string::npos) nine[8] = nine[8] == '9' ? '1' : '9';
  return nine + br::CpfCheckDigits(nine);
}

std::string CnpjFor(int64_t id, bool alphanumeric) {
  std::string root = Pad(static_cast<uint64_t>(id) * 7 + 10000000ull, 8).substr(0, 8);
  if (alphanumeric) {
    static const char kLetters[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    root[2] = kLetters[id % 24];
    root[5] = kLetters[(id / 24) % 24];
  }
  std::string twelve = root + "0001";
  return twelve + br::CnpjCheckDigits(twelve);
}

Address RandomAddress(Rng& rng, const City& city) {
  Address a;
  a.street = rng.Pick(kStreets);
  a.number = std::to_string(1 + rng.Below(2500));
  a.complement = rng.Chance(15) ? "Apto " + std::to_string(11 + rng.Below(80)) : "";
  a.district = rng.Pick(kDistricts);
  a.city = city.name;
  a.state = city.state;
  a.zip = std::string(city.zip_prefix) + Pad(rng.Below(1000), 3);
  return a;
}

enum class Payer { kPunctual, kLate, kDelinquent };

}  // namespace

Dataset Generate(const GeneratorOptions& options) {
  Rng rng(options.seed);
  Dataset d;
  d.today = options.today;
  d.isp = {"Fibra Exemplo Telecom LTDA",
           "11222333000181",
           "financeiro@fibraexemplo.com.br",
           "Campinas",
           "341",
           "1234",
           "56789"};
  for (size_t i = 0; i < kPlans.size(); ++i) {
    d.plans.push_back(
        {static_cast<int64_t>(i + 1), kPlans[i].name, Money::FromCents(kPlans[i].cents)});
  }
  for (const auto& city : kCities)
    d.coverage.push_back({city.zip_prefix, static_cast<int>(rng.Below(40))});

  const Date today = options.today;
  int64_t next_contract = 1;
  int64_t next_invoice = 1000;
  d.customers.reserve(static_cast<size_t>(options.customers));
  d.contracts.reserve(static_cast<size_t>(options.customers) * 11 / 10);
  d.invoices.reserve(static_cast<size_t>(options.customers) * 8);

  for (int64_t id = 1; id <= options.customers; ++id) {
    Customer c;
    c.id = id;
    const City& city = rng.Pick(kCities);
    bool company = rng.Chance(7);
    std::string first = rng.Pick(kFirstNames), surname = rng.Pick(kSurnames);
    if (company) {
      c.name =
          surname.substr(surname.rfind(' ') == std::string::npos ? 0 : surname.rfind(' ') + 1) +
          " " + rng.Pick(kBusinessKinds) + " LTDA";
      c.document = *Document::Parse(CnpjFor(id, rng.Chance(15)));
      c.email = "contato" + std::to_string(id) + "@" + FoldAscii(surname) + ".com.br";
    } else {
      c.name =
          first + (rng.Chance(40) ? std::string(" ") + rng.Pick(kMiddleNames) : "") + " " + surname;
      c.document = *Document::Parse(CpfFor(id, options.seed));
      c.birth_date = Date::FromDays(Date::FromYmd(1950, 1, 1)->days_since_epoch() +
                                    static_cast<int>(rng.Below(365 * 54)));
      c.email =
          FoldAscii(first) + "." + FoldAscii(surname) + std::to_string(id) + "@example.com.br";
    }
    c.phones.push_back(*Phone::Parse(std::string("+55") + city.ddd + "9" +
                                     std::to_string(6 + rng.Below(4)) + rng.Digits(7)));
    if (rng.Chance(20)) {
      c.phones.push_back(*Phone::Parse(std::string("+55") + city.ddd + "3" + rng.Digits(7)));
    }
    c.address = RandomAddress(rng, city);

    int contract_count = rng.Chance(7) ? 2 : 1;
    for (int k = 0; k < contract_count; ++k) {
      Contract ct;
      ct.id = next_contract++;
      ct.customer_id = id;
      ct.plan_id = company ? 6 : static_cast<int64_t>(1 + rng.Below(5));
      if (k > 0) ct.address = RandomAddress(rng, city);
      int roll = static_cast<int>(rng.Below(100));
      ct.status = roll < 76   ? ContractStatus::kActive
                  : roll < 85 ? ContractStatus::kBlocked
                  : roll < 88 ? ContractStatus::kReduced
                  : roll < 90 ? ContractStatus::kSuspended
                  : roll < 95 ? ContractStatus::kCanceled
                              : ContractStatus::kTrustUnlocked;
      bool connected = ct.status == ContractStatus::kActive ||
                       ct.status == ContractStatus::kTrustUnlocked ||
                       ct.status == ContractStatus::kReduced;
      ct.online = connected && rng.Chance(92);
      Payer payer = Payer::kPunctual;
      int overdue_count = 0;
      if (ct.status == ContractStatus::kBlocked || ct.status == ContractStatus::kReduced ||
          ct.status == ContractStatus::kTrustUnlocked) {
        payer = Payer::kDelinquent;
        overdue_count = 1 + static_cast<int>(rng.Below(3));
      } else if (ct.status == ContractStatus::kActive) {
        payer = rng.Chance(25) ? Payer::kLate : Payer::kPunctual;
        if (rng.Chance(10)) overdue_count = 1;  // recently overdue, not yet blocked
      }
      if (ct.status == ContractStatus::kTrustUnlocked)
        ct.trust_unlocks.push_back(today.AddDays(-static_cast<int>(rng.Below(3))));
      if (payer == Payer::kDelinquent && rng.Chance(30)) {
        ct.trust_unlocks.insert(ct.trust_unlocks.begin(),
                                today.AddDays(-35 - static_cast<int>(rng.Below(90))));
      }
      if (payer != Payer::kPunctual && rng.Chance(30)) {
        Date made = today.AddDays(-20 - static_cast<int>(rng.Below(100)));
        ct.promises.push_back(
            {made, made.AddDays(3 + static_cast<int>(rng.Below(7))), rng.Chance(55)});
      }

      const int due_day = std::array{5, 10, 15, 20, 25}[rng.Below(5)];
      // Invoices from months_of_history months ago up to the next due date.
      Date first_due = *Date::FromYmd(today.year(), today.month(), due_day);
      first_due = first_due.AddMonths(-options.months_of_history);
      std::vector<Date> dues;
      for (Date due = first_due; due <= today.AddDays(31); due = due.AddMonths(1))
        dues.push_back(due);
      int past_due = 0;
      for (Date due : dues) past_due += due < today ? 1 : 0;
      int overdue_from = past_due - std::min(overdue_count, past_due);
      int past_index = 0;
      Money price = Money::FromCents(kPlans[static_cast<size_t>(ct.plan_id - 1)].cents);
      for (Date due : dues) {
        Invoice inv;
        inv.id = next_invoice++;
        inv.contract_id = ct.id;
        inv.due_date = due;
        inv.amount = price;
        if (due >= today) {
          inv.status = InvoiceStatus::kOpen;
        } else if (ct.status == ContractStatus::kCanceled && past_index >= past_due - 2) {
          inv.status = InvoiceStatus::kCanceled;
        } else if (past_index >= overdue_from) {
          inv.status = InvoiceStatus::kOpen;
        } else {
          inv.status = InvoiceStatus::kPaid;
          int late = payer == Payer::kPunctual
                         ? -static_cast<int>(rng.Below(4))
                         : static_cast<int>(rng.Below(payer == Payer::kLate ? 12 : 25));
          Date paid = due.AddDays(late);
          inv.paid_date = paid < today ? paid : today.AddDays(-1);
        }
        if (due < today) ++past_index;
        d.invoices.push_back(std::move(inv));
      }
      d.contracts.push_back(std::move(ct));
    }
    d.customers.push_back(std::move(c));
  }
  d.Reindex();
  return d;
}

}  // namespace atende::erpsim
