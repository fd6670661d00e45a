// Checks the payment codes an ERP hands over before atende shows them to a subscriber: a linha
// digitável or barcode must decode with every check digit right (br::DecodePaymentCode), a PIX
// copia e cola must parse with a valid CRC (br::ParsePix). ERP sample data carries placeholders
// ("836100000012", "000201-pix"); those are dropped, never shown. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/date.h"
#include "core/result.h"

namespace atende::erp {

struct CheckedLinha {
  std::string linha;    // digits only (47 bank, 48 arrecadação)
  std::string barcode;  // 44 digits
};

// Empty input → kNotFound (absent). `reference` picks the due-date factor cycle: the invoice's due
// date.
Result<CheckedLinha> CheckLinha(std::string_view raw, Date reference);
// Empty input → kNotFound. Returns the code trimmed.
Result<std::string> CheckPix(std::string_view raw);

}  // namespace atende::erp
