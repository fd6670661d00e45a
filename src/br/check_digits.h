// The check-digit algorithms of the Brazilian payment codes (specs/boleto.md §4). Inputs are ASCII
// digit strings; behaviour on other characters is undefined (callers validate first).
#pragma once

#include <string_view>

namespace atende::br {

// Mod 10 with weights 2,1,2,1… from the right, products' digits summed: linha fields, arrecadação
// 6/7.
int Mod10(std::string_view digits);
// Mod 11 bancário, weights 2..9 from the right; results 0, 10 and 11 become 1: bank barcode
// position 5.
int Mod11Bank(std::string_view digits);
// Mod 11 arrecadação: remainder 0 or 1 gives 0, remainder 10 gives 1, else 11 − remainder.
int Mod11Arrecadacao(std::string_view digits);

}  // namespace atende::br
