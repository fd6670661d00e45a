#include "docs/qr_code.h"

#include <qrencode.h>

#include <memory>
#include <string>

namespace atende::docs {

Result<QrMatrix> EncodeQr(std::string_view text) {
  if (text.empty()) return Error::InvalidInput("QR code: empty text");
  const std::string owned(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString8bit(owned.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!code) {
    return Error::InvalidInput("QR code: cannot encode " + std::to_string(text.size()) + " bytes");
  }
  QrMatrix matrix;
  matrix.size = code->width;
  matrix.dark.resize(static_cast<size_t>(code->width) * code->width);
  for (size_t i = 0; i < matrix.dark.size(); ++i) matrix.dark[i] = (code->data[i] & 1) != 0;
  return matrix;
}

}  // namespace atende::docs
