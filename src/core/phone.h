// Phone: a telephone number in E.164 form ("+5519987654321"). Parses Brazilian numbers as people
// and ERPs type them — with or without +55, with or without the mobile ninth digit, with masks —
// and numbers of other countries given with '+'. WhatsApp often reports Brazilian mobiles without
// the ninth digit, so SameLine() treats "+551987654321" and "+5519987654321" as one subscriber
// line.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace atende {

class Phone {
 public:
  // "(19) 98765-4321", "19 98765 4321", "5519987654321", "+55 19 98765-4321", "019987654321",
  // "+14155550123". Numbers without a country code are Brazilian and must carry the DDD (area
  // code).
  static Result<Phone> Parse(std::string_view text);

  const std::string& e164() const { return e164_; }  // "+5519987654321"
  bool is_brazilian() const;
  bool is_mobile() const;         // Brazilian mobile (with or without the ninth digit)
  std::string area_code() const;  // DDD, "19"; empty for foreign numbers
  // Brazilian mobile written with the ninth digit (unchanged for landlines and foreign numbers).
  Phone WithNinthDigit() const;
  bool SameLine(const Phone& other) const;
  std::string Formatted() const;  // "(19) 98765-4321"; E.164 for foreign numbers
  std::string Masked() const;     // "(19) *****-4321" — for logs and handoff summaries

  bool operator==(const Phone&) const = default;

 private:
  explicit Phone(std::string e164) : e164_(std::move(e164)) {}
  std::string e164_;
};

}  // namespace atende
