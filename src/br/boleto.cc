#include "br/boleto.h"

#include <string>

#include "br/check_digits.h"
#include "br/code_text.h"

namespace atende::br {
namespace {

constexpr int kFactorCycle = 9000;
constexpr int64_t kMaxAmountCents = 9'999'999'999;  // 10 digits in the code

// Fixed dates of the factor (boleto.md §5).
Date FactorBase() {  // factor 0 would be 1997-10-07
  static const Date d = Date::FromYmd(1997, 10, 7).value();
  return d;
}
Date FirstFactorDate() {  // 1000 in the first cycle
  static const Date d = Date::FromYmd(2000, 7, 3).value();
  return d;
}
Date Rollover() {  // 1000 again
  static const Date d = Date::FromYmd(2025, 2, 22).value();
  return d;
}
Date LastFactorDate() {  // 9999 in the second cycle
  static const Date d = Date::FromYmd(2049, 10, 13).value();
  return d;
}

std::string Pad(int64_t value, size_t width) {
  std::string s = std::to_string(value);
  if (s.size() < width) s.insert(0, width - s.size(), '0');
  return s;
}

std::string MismatchMessage(const std::string& what, char found, int expected) {
  return what + " is " + std::string(1, found) + ", expected " + std::to_string(expected);
}

// Checks the general DV of a 44-digit bank barcode; `where` names the digit's position for the
// error.
Status CheckGeneralDv(std::string_view barcode, const char* where) {
  std::string body;
  body.reserve(43);
  body.append(barcode.substr(0, 4)).append(barcode.substr(5));
  int dv = Mod11Bank(body);
  if (barcode[4] - '0' != dv) {
    return Error::InvalidInput(
        MismatchMessage(std::string("general check digit (") + where + ")", barcode[4], dv));
  }
  return {};
}

Boleto FromBarcode(std::string barcode, std::string linha, Date reference) {
  Boleto b;
  b.bank = barcode.substr(0, 3);
  b.currency = barcode[3];
  b.factor = std::stoi(barcode.substr(5, 4));
  b.due_date = FactorToDate(b.factor, reference);
  b.amount = Money::FromCents(std::stoll(barcode.substr(9, 10)));
  b.free_field = barcode.substr(19);
  b.barcode = std::move(barcode);
  b.linha = std::move(linha);
  return b;
}

}  // namespace

std::string Boleto::FormattedLinha() const { return FormatLinha(linha); }

Result<int> DueDateFactor(Date due_date) {
  if (due_date < FirstFactorDate()) {
    return Error::InvalidInput("due date " + due_date.ToIso() +
                               " is before 2000-07-03, the first date a factor can express");
  }
  if (due_date < Rollover()) return due_date - FactorBase();
  if (due_date > LastFactorDate()) {
    return Error::InvalidInput("due date " + due_date.ToIso() +
                               " is after 2049-10-13, the last date of the current factor cycle");
  }
  return 1000 + (due_date - Rollover());
}

std::optional<Date> FactorToDate(int factor, Date reference) {
  if (factor < 1000 || factor > 9999) return std::nullopt;
  // Factor f names the dates FactorBase + f + k·9000 for k ≥ 0 (k < 0 would fall before 2000-07-03, when
  // factors started at 1000); keep the one in −3000…+5500 days of the reference.
  Date first = FactorBase().AddDays(factor);
  int low = (reference - first) - 3000;
  // Smallest k ≥ 0 with first + k·9000 ≥ reference − 3000.
  int k = low <= 0 ? 0 : (low + kFactorCycle - 1) / kFactorCycle;
  Date candidate = first.AddDays(k * kFactorCycle);
  int delta = candidate - reference;
  if (delta <= 5500 || k == 0) return candidate;
  // The window covers 8501 of every 9000 days; in the 499-day gap take the nearer candidate, as
  // @brazilian-utils getBoletoInfo does.
  Date previous = candidate.AddDays(-kFactorCycle);
  return (reference - previous) < delta ? previous : candidate;
}

std::string LinhaFromBarcode(std::string_view b) {
  if (b.size() != 44 || !internal::AllDigits(b)) return {};
  std::string f1 = std::string(b.substr(0, 4)) + std::string(b.substr(19, 5));
  std::string f2(b.substr(24, 10));
  std::string f3(b.substr(34, 10));
  std::string linha;
  linha.reserve(47);
  linha.append(f1).push_back(static_cast<char>('0' + Mod10(f1)));
  linha.append(f2).push_back(static_cast<char>('0' + Mod10(f2)));
  linha.append(f3).push_back(static_cast<char>('0' + Mod10(f3)));
  linha.push_back(b[4]);
  linha.append(b.substr(5, 14));
  return linha;
}

std::string BarcodeFromLinha(std::string_view l) {
  if (l.size() != 47 || !internal::AllDigits(l)) return {};
  std::string barcode;
  barcode.reserve(44);
  barcode.append(l.substr(0, 4));
  barcode.push_back(l[32]);
  barcode.append(l.substr(33, 14));
  barcode.append(l.substr(4, 5));
  barcode.append(l.substr(10, 10));
  barcode.append(l.substr(21, 10));
  return barcode;
}

std::string FormatLinha(std::string_view l) {
  if (l.size() != 47) return std::string(l);
  std::string out;
  out.reserve(54);
  out.append(l.substr(0, 5)).append(".").append(l.substr(5, 5)).append(" ");
  out.append(l.substr(10, 5)).append(".").append(l.substr(15, 6)).append(" ");
  out.append(l.substr(21, 5)).append(".").append(l.substr(26, 6)).append(" ");
  out.append(l.substr(32, 1)).append(" ").append(l.substr(33, 14));
  return out;
}

Result<Boleto> MakeBoleto(const BoletoSpec& spec) {
  if (spec.bank.size() != 3 || !internal::AllDigits(spec.bank)) {
    return Error::InvalidInput("bank code must be 3 digits");
  }
  if (spec.free_field.size() != 25 || !internal::AllDigits(spec.free_field)) {
    return Error::InvalidInput("free field (campo livre) must be 25 digits");
  }
  if (spec.amount.cents() < 0) return Error::InvalidInput("amount must not be negative");
  if (spec.amount.cents() > kMaxAmountCents) {
    return Error::InvalidInput("amount above 99.999.999,99 does not fit in a boleto");
  }
  int factor = 0;
  if (spec.due_date) {
    Result<int> f = DueDateFactor(*spec.due_date);
    if (!f.ok()) return f.error();
    factor = *f;
  }
  std::string body =
      spec.bank + "9" + Pad(factor, 4) + Pad(spec.amount.cents(), 10) + spec.free_field;
  std::string barcode = body.substr(0, 4);
  barcode.push_back(static_cast<char>('0' + Mod11Bank(body)));
  barcode.append(body.substr(4));
  std::string linha = LinhaFromBarcode(barcode);
  Boleto b = FromBarcode(std::move(barcode), std::move(linha), spec.due_date.value_or(Date()));
  b.due_date = spec.due_date;  // generation is unambiguous
  return b;
}

Result<Boleto> DecodeBoleto(std::string_view code, Date reference) {
  Result<std::string> digits = internal::CodeDigits(code);
  if (!digits.ok()) return digits.error();
  const std::string& d = *digits;
  if (d.size() == 47) {
    static constexpr struct {
      int start, len;
      const char* name;
    } kFields[] = {{0, 9, "linha field 1 check digit (position 10)"},
                   {10, 10, "linha field 2 check digit (position 21)"},
                   {21, 10, "linha field 3 check digit (position 32)"}};
    for (const auto& f : kFields) {
      int dv = Mod10(std::string_view(d).substr(f.start, f.len));
      if (d[f.start + f.len] - '0' != dv) {
        return Error::InvalidInput(MismatchMessage(f.name, d[f.start + f.len], dv));
      }
    }
    std::string barcode = BarcodeFromLinha(d);
    Status general = CheckGeneralDv(barcode, "linha position 33");
    if (!general.ok()) return general.error();
    return FromBarcode(std::move(barcode), d, reference);
  }
  if (d.size() == 44) {
    if (d[0] == '8') {
      return Error::InvalidInput("starts with 8: an arrecadação barcode, not a bank slip");
    }
    Status general = CheckGeneralDv(d, "barcode position 5");
    if (!general.ok()) return general.error();
    return FromBarcode(d, LinhaFromBarcode(d), reference);
  }
  return Error::InvalidInput("a bank slip has 47 digits (linha digitável) or 44 (barcode), got " +
                             std::to_string(d.size()));
}

}  // namespace atende::br
