// Arrecadação / convênio codes (utility bills, starting with 8): 44-digit barcode and 48-digit
// linha in four blocks, mod 10 or mod 11 by the value-id digit (specs/boleto.md §6). atende
// validates and shows these when an ERP returns them; MakeArrecadacao exists for tests and the
// interoperability checks.
#pragma once

#include <string>
#include <string_view>

#include "core/money.h"
#include "core/result.h"

namespace atende::br {

struct Arrecadacao {
  std::string barcode;  // 44 digits
  std::string linha;    // 48 digits, no separators
  int segment = 0;      // position 2: 1 prefeituras … 4 telecomunicações … 9
  int value_id = 0;     // position 3: 6, 7, 8 or 9
  bool uses_mod10 = true;
  bool effective_value = true;  // value ids 6 and 8 carry an amount in reais
  Money amount;                 // positions 5–15 when effective_value
  std::string company;          // positions 16–19
  std::string free_field;       // positions 20–44

  std::string FormattedLinha() const;  // "846700000009 109910422020 312310000004 000000543215"
};

struct ArrecadacaoSpec {
  int segment = 4;
  int value_id = 6;
  Money amount;
  std::string company;     // 4 digits
  std::string free_field;  // 25 digits
};

Result<Arrecadacao> MakeArrecadacao(const ArrecadacaoSpec& spec);
// 44-digit barcode or 48-digit linha (separators allowed); errors name the failing check digit.
Result<Arrecadacao> DecodeArrecadacao(std::string_view code);

}  // namespace atende::br
