#include "nlu/entities.h"

#include <algorithm>
#include <array>
#include <regex>
#include <set>
#include <sstream>

#include "nlu/normalizer.h"

namespace atende::nlu {
namespace {

std::vector<std::string> Words(std::string_view normalized) {
  std::vector<std::string> out;
  std::istringstream in{std::string(normalized)};
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// Weekday by its pt-BR name in folded text; -1 if none.
int WeekdayNumber(const std::string& w) {
  static const std::array<std::string_view, 7> kNames = {"domingo", "segunda", "terca", "quarta",
                                                         "quinta",  "sexta",   "sabado"};
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (w == kNames[i]) return static_cast<int>(i);
  }
  return -1;
}

Date NextWeekday(Date today, int weekday) {
  int current = static_cast<int>(today.weekday());
  int ahead = (weekday - current + 7) % 7;
  if (ahead == 0) ahead = 7;
  return today.AddDays(ahead);
}

// The given weekday in the week (Monday..Sunday) after the current one.
Date WeekdayOfNextWeek(Date today, int weekday) {
  int current = static_cast<int>(today.weekday());
  int days_to_next_monday = (8 - current) % 7;
  if (days_to_next_monday == 0) days_to_next_monday = 7;
  Date monday = today.AddDays(days_to_next_monday);
  int offset = (weekday + 6) % 7;  // Monday 0 … Sunday 6
  return monday.AddDays(offset);
}

Date DayOfMonthNotPast(Date today, int day) {
  int last = Date::DaysInMonth(today.year(), today.month());
  Date candidate = *Date::FromYmd(today.year(), today.month(), std::min(day, last));
  if (candidate >= today) return candidate;
  Date next = today.AddMonths(1);
  int next_last = Date::DaysInMonth(next.year(), next.month());
  return *Date::FromYmd(next.year(), next.month(), std::min(day, next_last));
}

int ParseSmallNumber(const std::string& w) {
  static const std::array<std::pair<std::string_view, int>, 12> kWords = {{{"um", 1},
                                                                           {"uma", 1},
                                                                           {"dois", 2},
                                                                           {"duas", 2},
                                                                           {"tres", 3},
                                                                           {"quatro", 4},
                                                                           {"cinco", 5},
                                                                           {"seis", 6},
                                                                           {"sete", 7},
                                                                           {"oito", 8},
                                                                           {"nove", 9},
                                                                           {"dez", 10}}};
  for (const auto& [name, value] : kWords) {
    if (w == name) return value;
  }
  if (!w.empty() && w.size() <= 3 &&
      std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::stoi(w);
  }
  return -1;
}

// Words of the folded text split on anything but letters and digits.
std::vector<std::string> PlainWords(std::string_view folded) {
  std::vector<std::string> out;
  std::string current;
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      current += c;
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

}  // namespace

std::vector<Document> FindDocuments(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  static const std::regex kPattern(
      R"((?:^|[^0-9A-Z])([0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}/?[0-9A-Z]{4}-?[0-9]{2}|[0-9]{3}[. ]?[0-9]{3}[. ]?[0-9]{3}[- .]?[0-9]{2})(?=$|[^0-9A-Z]))");
  std::vector<Document> out;
  for (auto it = std::sregex_iterator(upper.begin(), upper.end(), kPattern);
       it != std::sregex_iterator(); ++it) {
    std::string candidate = (*it)[1].str();
    // A CNPJ-shaped run of plain letters is a word, not a document: require at least 8 digits.
    int digits = 0;
    for (char c : candidate) digits += (c >= '0' && c <= '9') ? 1 : 0;
    if (digits < 8) continue;
    Result<Document> doc = Document::Parse(candidate);
    if (doc.ok()) out.push_back(*doc);
  }
  return out;
}

std::optional<Date> FindDate(std::string_view text, Date today) {
  std::string folded = FoldText(text);
  // Numeric dates first: 15/12/2026, 15/12/26, 15/12, 15-12.
  static const std::regex kNumeric(
      R"((?:^|[^0-9])([0-3]?[0-9])[/\-]([01]?[0-9])(?:[/\-]([0-9]{2,4}))?(?=$|[^0-9]))");
  std::smatch m;
  if (std::regex_search(folded, m, kNumeric)) {
    int day = std::stoi(m[1].str());
    int month = std::stoi(m[2].str());
    if (m[3].matched) {
      int year = std::stoi(m[3].str());
      if (year < 100) year += 2000;
      Result<Date> d = Date::FromYmd(year, month, day);
      if (d.ok()) return *d;
    } else {
      Result<Date> d = Date::FromYmd(today.year(), month, day);
      if (d.ok())
        return *d >= today
                   ? *d
                   : *Date::FromYmd(today.year() + 1, month,
                                    std::min(day, Date::DaysInMonth(today.year() + 1, month)));
    }
  }
  std::vector<std::string> w = PlainWords(folded);
  std::string joined;
  for (const auto& word : w) joined += " " + word;
  joined += " ";
  if (Contains(joined, " depois de amanha ")) return today.AddDays(2);
  if (Contains(joined, " amanha ") || Contains(joined, " amn ")) return today.AddDays(1);
  if (Contains(joined, " hoje ") || Contains(joined, " hj ")) return today;
  for (size_t i = 0; i < w.size(); ++i) {
    // "daqui a 3 dias", "em 10 dias", "daqui uma semana", "daqui 2 semanas"
    if (i + 1 < w.size() &&
        (w[i + 1] == "dias" || w[i + 1] == "dia" || w[i + 1] == "semana" ||
         w[i + 1] == "semanas") &&
        i > 0 &&
        (w[i - 1] == "daqui" || w[i - 1] == "a" || w[i - 1] == "em" || w[i - 1] == "uns" ||
         w[i - 1] == "umas")) {
      int n = ParseSmallNumber(w[i]);
      if (n > 0) return today.AddDays(w[i + 1].starts_with("semana") ? 7 * n : n);
    }
    // "dia 15"
    if (w[i] == "dia" && i + 1 < w.size()) {
      int n = ParseSmallNumber(w[i + 1]);
      if (n >= 1 && n <= 31) return DayOfMonthNotPast(today, n);
    }
    int weekday = WeekdayNumber(w[i]);
    if (weekday >= 0) {
      bool next_week =
          (i + 2 < w.size() && w[i + 1] == "que" && w[i + 2] == "vem") ||
          (i + 3 < w.size() && w[i + 1] == "feira" && w[i + 2] == "que" && w[i + 3] == "vem") ||
          (i > 0 && (w[i - 1] == "proxima" || w[i - 1] == "proximo"));
      // "segunda via" is a bill, not a Monday.
      if (weekday == 1 && i + 1 < w.size() && w[i + 1] == "via") continue;
      return next_week ? WeekdayOfNextWeek(today, weekday) : NextWeekday(today, weekday);
    }
  }
  if (Contains(joined, " semana que vem ") || Contains(joined, " proxima semana ")) {
    return WeekdayOfNextWeek(today, 1);
  }
  if (Contains(joined, " fim de semana ") || Contains(joined, " final de semana ") ||
      Contains(joined, " fds ")) {
    return NextWeekday(today, 6);
  }
  if (Contains(joined, " comeco do mes ") || Contains(joined, " inicio do mes ") ||
      Contains(joined, " comecinho do mes ")) {
    if (today.day() < 5) return *Date::FromYmd(today.year(), today.month(), 5);
    Date next = today.AddMonths(1);
    return *Date::FromYmd(next.year(), next.month(), 5);
  }
  if (Contains(joined, " fim do mes ") || Contains(joined, " final do mes ")) {
    int last = Date::DaysInMonth(today.year(), today.month());
    Date end = *Date::FromYmd(today.year(), today.month(), last);
    if (end > today) return end;
    Date next = today.AddMonths(1);
    return *Date::FromYmd(next.year(), next.month(), Date::DaysInMonth(next.year(), next.month()));
  }
  if (Contains(joined, " mes que vem ") || Contains(joined, " proximo mes ")) {
    Date next = today.AddMonths(1);
    return *Date::FromYmd(next.year(), next.month(), 1);
  }
  return std::nullopt;
}

std::optional<Date> FindBirthDate(std::string_view text, Date today) {
  std::string folded = FoldText(text);
  auto year_of = [&](int y, size_t digits) {
    if (digits == 2) y += (y > today.year() % 100) ? 1900 : 2000;
    return y;
  };
  auto accept = [&](int y, int m, int d) -> std::optional<Date> {
    Result<Date> date = Date::FromYmd(y, m, d);
    if (!date.ok() || *date > today || y < 1900) return std::nullopt;
    return *date;
  };
  std::smatch m;
  static const std::regex kIso(R"((?:^|[^0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?=$|[^0-9]))");
  if (std::regex_search(folded, m, kIso))
    return accept(std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]));
  static const std::regex kSlashed(
      R"((?:^|[^0-9])([0-9]{1,2})[/.\- ]([0-9]{1,2})[/.\- ]([0-9]{4}|[0-9]{2})(?=$|[^0-9]))");
  if (std::regex_search(folded, m, kSlashed)) {
    return accept(year_of(std::stoi(m[3]), m[3].length()), std::stoi(m[2]), std::stoi(m[1]));
  }
  static const std::regex kCompact(R"((?:^|[^0-9])([0-9]{2})([0-9]{2})([0-9]{4})(?=$|[^0-9]))");
  if (std::regex_search(folded, m, kCompact))
    return accept(std::stoi(m[3]), std::stoi(m[2]), std::stoi(m[1]));
  static const std::regex kWords(
      R"((?:^|[^0-9])([0-9]{1,2})\s*(?:de\s+)?([a-z]+)\s*(?:de\s+)?([0-9]{4}|[0-9]{2})(?=$|[^0-9]))");
  if (std::regex_search(folded, m, kWords)) {
    static const std::array<std::string_view, 12> kMonths = {
        "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"};
    std::string month = m[2].str();
    for (size_t i = 0; i < kMonths.size(); ++i) {
      if (month.starts_with(kMonths[i])) {
        return accept(year_of(std::stoi(m[3]), m[3].length()), static_cast<int>(i) + 1,
                      std::stoi(m[1]));
      }
    }
  }
  return std::nullopt;
}

std::optional<Money> FindAmount(std::string_view text) {
  std::string folded = FoldText(text);
  static const std::regex kCurrency(R"(r\$\s*(-?[0-9][0-9.,]*[0-9]|[0-9]))");
  static const std::regex kReais(
      R"((?:^|[^0-9.,])([0-9][0-9.,]*[0-9]|[0-9])\s*(?:reais|real|conto|pila)\b)");
  static const std::regex kDecimal(
      R"((?:^|[^0-9.,/])([0-9]{1,3}(?:\.[0-9]{3})*,[0-9]{2}|[0-9]+,[0-9]{2})(?=$|[^0-9/]))");
  std::smatch m;
  for (const std::regex* pattern : {&kCurrency, &kReais, &kDecimal}) {
    if (std::regex_search(folded, m, *pattern)) {
      Result<Money> money = Money::Parse(m[1].str());
      if (money.ok()) return *money;
    }
  }
  return std::nullopt;
}

std::optional<size_t> FindChoice(std::string_view text, const std::vector<std::string>& options) {
  if (options.empty()) return std::nullopt;
  std::string folded = FoldText(text);
  std::vector<std::string> w = PlainWords(folded);
  if (w.empty()) return std::nullopt;
  // A number alone, or after "opção"/"número"/"o"/"a".
  static const std::set<std::string> kLead = {"opcao", "numero", "n",     "o",
                                              "a",     "e",      "quero", "item"};
  for (size_t i = 0; i < w.size(); ++i) {
    bool lead_ok = i == 0 || kLead.count(w[i - 1]) > 0;
    if (!lead_ok) continue;
    const std::string& t = w[i];
    if (!t.empty() && t.size() <= 2 &&
        std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      size_t n = static_cast<size_t>(std::stoi(t));
      if (w.size() <= 3 && n >= 1 && n <= options.size()) return n - 1;
    }
  }
  static const std::array<std::pair<std::string_view, size_t>, 10> kOrdinals = {{{"primeiro", 1},
                                                                                 {"primeira", 1},
                                                                                 {"segundo", 2},
                                                                                 {"segunda", 2},
                                                                                 {"terceiro", 3},
                                                                                 {"terceira", 3},
                                                                                 {"quarto", 4},
                                                                                 {"quarta", 4},
                                                                                 {"quinto", 5},
                                                                                 {"quinta", 5}}};
  for (const std::string& t : w) {
    if (t == "ultimo" || t == "ultima") return options.size() - 1;
    for (const auto& [name, n] : kOrdinals) {
      if (t == name && n <= options.size()) return n - 1;
    }
  }
  // Words of the titles: the option sharing the most meaningful words, if it is the only one.
  static const std::set<std::string> kStop = {
      "a",  "o",   "as", "os",    "de",  "da",  "do",  "das",  "dos",   "e",   "em",  "na",
      "no", "rua", "av", "quero", "que", "com", "pra", "para", "minha", "meu", "casa"};
  std::set<std::string> said;
  for (const std::string& t : w) {
    if (t.size() >= 3 && kStop.count(t) == 0) said.insert(t);
  }
  size_t best = 0;
  int best_score = 0;
  bool tie = false;
  for (size_t i = 0; i < options.size(); ++i) {
    int score = 0;
    for (const std::string& t : PlainWords(FoldText(options[i]))) {
      if (said.count(t) > 0) ++score;
    }
    if (score > best_score) {
      best = i;
      best_score = score;
      tie = false;
    } else if (score == best_score && score > 0) {
      tie = true;
    }
  }
  if (best_score > 0 && !tie) return best;
  return std::nullopt;
}

YesNo FindYesNo(std::string_view text) {
  std::vector<std::string> w = Words(NormalizeForIntent(text));
  static const std::set<std::string> kNo = {"nao",    "negativo",  "nunca",    "jamais",
                                            "errado", "incorreto", "dispenso", "nops",
                                            "nope",   "nem",       "no"};
  static const std::set<std::string> kYes = {
      "sim",      "claro",      "isso",     "pode",      "ok",         "okay",       "okk",
      "beleza",   "certo",      "correto",  "exato",     "exatamente", "quero",      "aceito",
      "confirmo", "confirmado", "uhum",     "aham",      "positivo",   "afirmativo", "yes",
      "bora",     "manda",      "fechado",  "combinado", "perfeito",   "certeza",    "concordo",
      "prossiga", "si",         "certinho", "isto"};
  bool yes = false;
  for (const std::string& t : w) {
    if (kNo.count(t) > 0) return YesNo::kNo;
    if (kYes.count(t) > 0) yes = true;
  }
  if (yes) return YesNo::kYes;
  std::string joined;
  for (const auto& t : w) joined += " " + t;
  joined += " ";
  if (Contains(joined, " esta bom ") || Contains(joined, " esta bem ") ||
      Contains(joined, " pode ser ")) {
    return YesNo::kYes;
  }
  return YesNo::kUnknown;
}

}  // namespace atende::nlu
