// Interleaved 2 of 5 (ITF), the symbology of the FEBRABAN boleto barcode: pairs of digits, the
// first drawn in the five bars and the second in the five spaces between them, two of each five
// elements wide. This file turns digits into element widths; drawing them is the caller's job
// (boleto_pdf.cc draws them with cairo).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace atende::docs {

// The elements of the symbol, left to right, alternating bar and space and starting with a bar: 'n'
// narrow, 'w' wide. Start pattern "nnnn", then 5 bars + 5 spaces interleaved per pair of digits,
// stop pattern "wnn". Refuses (kInvalidInput) an empty input, an odd number of digits or any
// non-digit.
Result<std::string> Interleaved2of5Elements(std::string_view digits);

// Width of a symbol in narrow-module units for a given wide:narrow ratio (FEBRABAN uses 1:3 → 405
// for 44 digits).
int Interleaved2of5Modules(std::string_view elements, int wide_ratio);

// FEBRABAN boleto dimensions (Banco do Brasil / FEBRABAN layout specifications): narrow element
// 0.254 mm (1/100 inch), wide 3 × narrow, bars 13 mm high, quiet zone of at least 5 mm on each
// side.
inline constexpr double kBoletoNarrowMm = 0.254;
inline constexpr int kBoletoWideRatio = 3;
inline constexpr double kBoletoBarHeightMm = 13.0;
inline constexpr double kBoletoQuietZoneMm = 5.0;

}  // namespace atende::docs
