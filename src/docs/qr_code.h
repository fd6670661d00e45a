// QR code matrix for the PIX BR Code, made locally with libqrencode (never by an outside service,
// SEC-18). Error correction level M, byte mode, the smallest version that fits.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"

namespace atende::docs {

struct QrMatrix {
  int size = 0;            // modules per side, without the quiet zone
  std::vector<bool> dark;  // row-major, size * size
  bool at(int row, int col) const { return dark[static_cast<size_t>(row) * size + col]; }
};

// Refuses (kInvalidInput) an empty text or one too long for a QR code.
Result<QrMatrix> EncodeQr(std::string_view text);

}  // namespace atende::docs
