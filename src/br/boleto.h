// FEBRABAN bank slip (boleto de cobrança): the 44-digit barcode and the 47-digit linha digitável,
// their check digits, and the due-date factor with the 2025-02-22 rollover (specs/boleto.md §2–§5,
// §7). Utility bills (arrecadação, starting with 8) are in arrecadacao.h; DecodePaymentCode
// dispatches between the two.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/money.h"
#include "core/result.h"

namespace atende::br {

struct BoletoSpec {
  std::string bank;              // 3 digits, e.g. "341"
  std::optional<Date> due_date;  // nullopt → factor 0000 (no due date in the code)
  Money amount;                  // 0 → value chosen at payment time; at most 99,999,999.99
  std::string free_field;        // campo livre, 25 digits
};

struct Boleto {
  std::string barcode;  // 44 digits
  std::string linha;    // 47 digits, no separators
  std::string bank;     // "341"
  char currency = '9';
  int factor = 0;                // 0 when the code carries no due date
  std::optional<Date> due_date;  // decoded with the reference-date window (see FactorToDate)
  Money amount;
  std::string free_field;

  std::string FormattedLinha() const;  // "34191.23405 00000.001008 00000.567891 8 16260000009990"
};

// Builds barcode and linha; refuses a malformed bank or free field, a negative or too large amount,
// or a due date outside both factor cycles (before 2000-07-03 or after 2049-10-13).
Result<Boleto> MakeBoleto(const BoletoSpec& spec);

// Decodes a 44-digit barcode or a 47-digit linha (separators allowed) and checks every check digit.
// The error names the failing digit: "linha field 1 check digit (position 10) is 2, expected 9",
// "general check digit …". `reference` picks the factor cycle (boleto.md §5): the invoice's due
// date when known, otherwise today.
Result<Boleto> DecodeBoleto(std::string_view code, Date reference);

// The due-date factor: 1000 + days since 2025-02-22 from that date; days since 1997-10-07 before
// it.
Result<int> DueDateFactor(Date due_date);
// Decoding is ambiguous (cycles of 9000 days): the candidate within −3000…+5500 days of
// `reference`; factor 0 (or below 1000) → nullopt.
std::optional<Date> FactorToDate(int factor, Date reference);

// Conversions without value checks beyond shape (use DecodeBoleto to validate).
std::string LinhaFromBarcode(std::string_view barcode44);
std::string BarcodeFromLinha(std::string_view linha47);
// Groups a 47-digit linha for display; returns the input unchanged when it is not 47 digits.
std::string FormatLinha(std::string_view linha47);

}  // namespace atende::br
