#include "core/money.h"

#include <cstdlib>
#include <limits>

namespace atende {
namespace {

constexpr int64_t kMaxCents = std::numeric_limits<int64_t>::max() / 1000;

__extension__ using Int128 = __int128;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Builds centavos from a digit-only integer part and a digit-only fraction part.
Result<Money> Assemble(bool negative, std::string_view integer, std::string_view fraction,
                       std::string_view original) {
  if (integer.empty() && fraction.empty()) {
    return Error::InvalidInput("not an amount: '" + std::string(original) + "'");
  }
  while (fraction.size() > 2 && fraction.back() == '0') fraction.remove_suffix(1);
  if (fraction.size() > 2) {
    return Error::InvalidInput("more than two decimal places: '" + std::string(original) + "'");
  }
  int64_t cents = 0;
  for (char c : integer) {
    if (cents > kMaxCents)
      return Error::InvalidInput("amount too large: '" + std::string(original) + "'");
    cents = cents * 10 + (c - '0');
  }
  cents *= 100;
  if (!fraction.empty()) cents += (fraction[0] - '0') * 10;
  if (fraction.size() == 2) cents += fraction[1] - '0';
  return Money::FromCents(negative ? -cents : cents);
}

std::string GroupThousands(int64_t units) {
  std::string digits = std::to_string(units);
  std::string out;
  int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

}  // namespace

Result<Money> Money::ParseDecimal(std::string_view text) {
  std::string_view s = Trim(text);
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  size_t dot = s.find('.');
  std::string_view integer = s.substr(0, dot);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  for (char c : integer) {
    if (!IsDigit(c))
      return Error::InvalidInput("not a decimal amount: '" + std::string(text) + "'");
  }
  for (char c : fraction) {
    if (!IsDigit(c))
      return Error::InvalidInput("not a decimal amount: '" + std::string(text) + "'");
  }
  if (integer.empty() || (dot != std::string_view::npos && fraction.empty())) {
    return Error::InvalidInput("not a decimal amount: '" + std::string(text) + "'");
  }
  return Assemble(negative, integer, fraction, text);
}

Result<Money> Money::Parse(std::string_view text) {
  std::string_view s = Trim(text);
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
    s = Trim(s);
  }
  if (s.size() >= 2 && (s[0] == 'R' || s[0] == 'r') && s[1] == '$') s = Trim(s.substr(2));
  if (!negative && !s.empty() && s.front() == '-') {
    negative = true;
    s = Trim(s.substr(1));
  }
  std::string digits;  // integer and fraction, separators removed
  size_t last_sep = std::string_view::npos;
  char last_sep_char = 0;
  int dots = 0, commas = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (IsDigit(c)) continue;
    if (c == '.' || c == ',') {
      (c == '.' ? dots : commas)++;
      last_sep = i;
      last_sep_char = c;
      continue;
    }
    return Error::InvalidInput("not an amount: '" + std::string(text) + "'");
  }
  auto strip = [](std::string_view part) {
    std::string out;
    for (char c : part) {
      if (IsDigit(c)) out += c;
    }
    return out;
  };
  if (last_sep == std::string_view::npos) return Assemble(negative, s, {}, text);
  std::string_view tail = s.substr(last_sep + 1);
  bool decimal;
  if (dots > 0 && commas > 0) {
    decimal = true;  // "1.234,56" or "1,234.56": the last separator is the decimal one
  } else {
    int count = last_sep_char == '.' ? dots : commas;
    decimal = count == 1 && tail.size() != 3;
  }
  if (!decimal) {
    // Every separator groups thousands: each group after the first has exactly three digits.
    size_t pos = 0;
    bool first = true;
    while (true) {
      size_t next = s.find_first_of(".,", pos);
      std::string_view group = s.substr(pos, next == std::string_view::npos ? next : next - pos);
      if (group.empty() || (!first && group.size() != 3) || (first && group.size() > 3)) {
        return Error::InvalidInput("not an amount: '" + std::string(text) + "'");
      }
      first = false;
      if (next == std::string_view::npos) break;
      pos = next + 1;
    }
    std::string all = strip(s);
    return Assemble(negative, all, {}, text);
  }
  std::string_view head = s.substr(0, last_sep);
  // Separators in the integer part must be the other character, grouping by three.
  if (head.find(last_sep_char) != std::string_view::npos) {
    return Error::InvalidInput("not an amount: '" + std::string(text) + "'");
  }
  if (head.find_first_of(".,") != std::string_view::npos) {
    size_t pos = 0;
    bool first = true;
    while (true) {
      size_t next = head.find_first_of(".,", pos);
      std::string_view group = head.substr(pos, next == std::string_view::npos ? next : next - pos);
      if (group.empty() || (!first && group.size() != 3) || (first && group.size() > 3)) {
        return Error::InvalidInput("not an amount: '" + std::string(text) + "'");
      }
      first = false;
      if (next == std::string_view::npos) break;
      pos = next + 1;
    }
  }
  std::string integer = strip(head);
  if (integer.empty()) integer = "0";
  if (tail.empty()) return Error::InvalidInput("not an amount: '" + std::string(text) + "'");
  return Assemble(negative, integer, tail, text);
}

std::string Money::ToDecimal() const {
  int64_t abs = cents_ < 0 ? -cents_ : cents_;
  std::string out = cents_ < 0 ? "-" : "";
  out += std::to_string(abs / 100);
  out += '.';
  out += static_cast<char>('0' + (abs % 100) / 10);
  out += static_cast<char>('0' + abs % 10);
  return out;
}

std::string Money::ToBrl() const {
  int64_t abs = cents_ < 0 ? -cents_ : cents_;
  std::string out = cents_ < 0 ? "-" : "";
  out += GroupThousands(abs / 100);
  out += ',';
  out += static_cast<char>('0' + (abs % 100) / 10);
  out += static_cast<char>('0' + abs % 10);
  return out;
}

std::string Money::ToDisplay() const {
  if (cents_ < 0) return "-R$ " + (-*this).ToBrl();
  return "R$ " + ToBrl();
}

Money Money::MulDivRoundHalfUp(int64_t num, int64_t den) const {
  Int128 product = static_cast<Int128>(cents_) * num;
  bool negative = product < 0;
  if (negative) product = -product;
  Int128 q = (product * 2 + den) / (2 * static_cast<Int128>(den));
  return Money(static_cast<int64_t>(negative ? -q : q));
}

}  // namespace atende
