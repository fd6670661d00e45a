#include "core/phone.h"

namespace atende {
namespace {

bool ValidDdd(std::string_view ddd) {
  // Brazilian area codes run 11..99 with no zero digit.
  return ddd.size() == 2 && ddd[0] >= '1' && ddd[0] <= '9' && ddd[1] >= '1' && ddd[1] <= '9';
}

// National significant number (DDD + subscriber) → E.164 digits after '+', or an error.
Result<std::string> FromNational(std::string_view n, std::string_view original) {
  if ((n.size() != 10 && n.size() != 11) || !ValidDdd(n.substr(0, 2))) {
    return Error::InvalidInput("not a Brazilian phone number with area code: '" +
                               std::string(original) + "'");
  }
  if (n.size() == 11 && n[2] != '9') {
    return Error::InvalidInput("an 11-digit Brazilian number must be a mobile starting with 9: '" +
                               std::string(original) + "'");
  }
  return "+55" + std::string(n);
}

}  // namespace

Result<Phone> Phone::Parse(std::string_view text) {
  std::string digits;
  bool plus = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '\t') {
      continue;
    } else {
      return Error::InvalidInput("not a phone number: '" + std::string(text) + "'");
    }
  }
  if (digits.size() > 15)
    return Error::InvalidInput("phone number too long: '" + std::string(text) + "'");
  if (plus) {
    if (digits.starts_with("55")) {
      Result<std::string> e164 = FromNational(std::string_view(digits).substr(2), text);
      if (!e164.ok()) return e164.error();
      return Phone(std::move(e164).value());
    }
    if (digits.size() < 8 || digits[0] == '0') {
      return Error::InvalidInput("not an international number: '" + std::string(text) + "'");
    }
    return Phone("+" + digits);
  }
  std::string_view d = digits;
  if (d.starts_with("0") && (d.size() == 11 || d.size() == 12))
    d.remove_prefix(1);  // trunk prefix 0
  if (d.starts_with("55") && (d.size() == 12 || d.size() == 13)) d.remove_prefix(2);
  Result<std::string> e164 = FromNational(d, text);
  if (!e164.ok()) return e164.error();
  return Phone(std::move(e164).value());
}

bool Phone::is_brazilian() const { return e164_.starts_with("+55"); }

bool Phone::is_mobile() const {
  if (!is_brazilian()) return false;
  std::string_view n = std::string_view(e164_).substr(5);  // subscriber part
  if (n.size() == 9) return true;                          // ninth digit present
  return n.size() == 8 && n[0] >= '6';                     // old mobile form: 6..9
}

std::string Phone::area_code() const { return is_brazilian() ? e164_.substr(3, 2) : std::string(); }

Phone Phone::WithNinthDigit() const {
  if (!is_brazilian() || e164_.size() != 13 || !is_mobile()) return *this;
  return Phone(e164_.substr(0, 5) + "9" + e164_.substr(5));
}

bool Phone::SameLine(const Phone& other) const {
  return WithNinthDigit().e164_ == other.WithNinthDigit().e164_;
}

std::string Phone::Formatted() const {
  if (!is_brazilian()) return e164_;
  std::string n = e164_.substr(5);
  size_t head = n.size() - 4;
  return "(" + area_code() + ") " + n.substr(0, head) + "-" + n.substr(head);
}

std::string Phone::Masked() const {
  std::string last4 = e164_.substr(e164_.size() - 4);
  if (!is_brazilian()) return "+" + std::string(e164_.size() - 5, '*') + last4;
  std::string n = e164_.substr(5);
  return "(" + area_code() + ") " + std::string(n.size() - 4, '*') + "-" + last4;
}

}  // namespace atende
