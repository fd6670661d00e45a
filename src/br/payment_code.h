// One entry point for "a code the subscriber or the ERP handed us": strips separators and
// dispatches by length and first digit to the bank-slip or the arrecadação decoder (specs/boleto.md
// §7.2).
#pragma once

#include <string_view>
#include <variant>

#include "br/arrecadacao.h"
#include "br/boleto.h"

namespace atende::br {

using PaymentCode = std::variant<Boleto, Arrecadacao>;

// Lengths 44 and 47 (bank) or 44 and 48 starting with 8 (arrecadação). Placeholders such as
// "00000.00000 00000.000000 00000.00000 0 000000000000" are refused.
Result<PaymentCode> DecodePaymentCode(std::string_view code, Date reference);

}  // namespace atende::br
