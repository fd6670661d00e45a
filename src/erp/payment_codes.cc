#include "erp/payment_codes.h"

#include <cctype>
#include <variant>

#include "br/payment_code.h"
#include "br/pix.h"

namespace atende::erp {

Result<CheckedLinha> CheckLinha(std::string_view raw, Date reference) {
  std::string digits;
  for (char c : raw) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  }
  if (digits.empty()) return Error::NotFound("no linha digitável");
  auto decoded = br::DecodePaymentCode(digits, reference);
  if (!decoded.ok())
    return Error::BadAnswer("linha digitável rejected: " + decoded.error().message);
  CheckedLinha out;
  if (const auto* boleto = std::get_if<br::Boleto>(&*decoded)) {
    out.linha = boleto->linha;
    out.barcode = boleto->barcode;
  } else {
    const auto& arrecadacao = std::get<br::Arrecadacao>(*decoded);
    out.linha = arrecadacao.linha;
    out.barcode = arrecadacao.barcode;
  }
  return out;
}

Result<std::string> CheckPix(std::string_view raw) {
  size_t b = 0, e = raw.size();
  while (b < e && std::isspace(static_cast<unsigned char>(raw[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(raw[e - 1]))) --e;
  std::string code(raw.substr(b, e - b));
  if (code.empty()) return Error::NotFound("no PIX code");
  auto parsed = br::ParsePix(code);
  if (!parsed.ok()) return Error::BadAnswer("PIX copia e cola rejected: " + parsed.error().message);
  return code;
}

}  // namespace atende::erp
