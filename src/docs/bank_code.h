// The bank's compensation code with its check digit, as printed on a boleto header ("341-7",
// "104-0").
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace atende::docs {

// Mod 11 with weights 2..9 from the right; a result of 10 prints as "X" (Sicredi "748-X") and 11 as
// "0". Caixa's published digit is "104-0", which the rule would give as "X"; the published form
// wins. Refuses (kInvalidInput) anything but 3 digits.
Result<std::string> BankCodeWithDigit(std::string_view bank_code);

}  // namespace atende::docs
