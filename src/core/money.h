// Money: an amount in Brazilian reais as a whole number of centavos (int64). No floating point
// anywhere: amounts are parsed from text and printed to text exactly. Arithmetic is plain integer
// arithmetic on centavos; percentages go through MulDivRoundHalfUp so each component is rounded
// once, half up.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace atende {

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money FromCents(int64_t cents) { return Money(cents); }

  // Lenient parse of what people and ERPs write: "1.234,56", "1234.56", "99,9", "R$ 99,90", "89.9",
  // "-12,00", "100". When both '.' and ',' appear, the last one is the decimal separator; a lone
  // separator followed by exactly three digits ("1.234") is a thousands separator; otherwise it is
  // the decimal one. More than two decimal places is refused unless the extra digits are zeros.
  static Result<Money> Parse(std::string_view text);
  // Strict wire form: optional '-', digits, optional '.' and one or two digits ("99.90", "89.9",
  // "100").
  static Result<Money> ParseDecimal(std::string_view text);

  constexpr int64_t cents() const { return cents_; }
  std::string ToDecimal() const;  // "1234.56" (wire form, always two decimals)
  std::string ToBrl() const;      // "1.234,56"
  std::string ToDisplay() const;  // "R$ 1.234,56"

  // round_half_up(cents * num / den), computed without overflow for realistic amounts. den must be
  // > 0.
  Money MulDivRoundHalfUp(int64_t num, int64_t den) const;

  constexpr Money operator+(Money o) const { return Money(cents_ + o.cents_); }
  constexpr Money operator-(Money o) const { return Money(cents_ - o.cents_); }
  constexpr Money operator-() const { return Money(-cents_); }
  constexpr Money& operator+=(Money o) {
    cents_ += o.cents_;
    return *this;
  }
  constexpr Money& operator-=(Money o) {
    cents_ -= o.cents_;
    return *this;
  }
  constexpr auto operator<=>(const Money&) const = default;

 private:
  constexpr explicit Money(int64_t cents) : cents_(cents) {}
  int64_t cents_ = 0;
};

}  // namespace atende
