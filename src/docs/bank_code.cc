#include "docs/bank_code.h"

namespace atende::docs {

Result<std::string> BankCodeWithDigit(std::string_view bank_code) {
  if (bank_code.size() != 3 ||
      bank_code.find_first_not_of("0123456789") != std::string_view::npos) {
    return Error::InvalidInput("bank code must be 3 digits, got \"" + std::string(bank_code) +
                               "\"");
  }
  if (bank_code == "104") return std::string("104-0");
  int sum = 0;
  int weight = 2;
  for (auto it = bank_code.rbegin(); it != bank_code.rend(); ++it) {
    sum += (*it - '0') * weight;
    weight = weight == 9 ? 2 : weight + 1;
  }
  const int dv = 11 - sum % 11;
  const std::string digit = dv == 10 ? "X" : dv == 11 ? "0" : std::to_string(dv);
  return std::string(bank_code) + "-" + digit;
}

}  // namespace atende::docs
