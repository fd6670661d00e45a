#include "br/payment_code.h"

#include "br/code_text.h"

namespace atende::br {

Result<PaymentCode> DecodePaymentCode(std::string_view code, Date reference) {
  Result<std::string> digits = internal::CodeDigits(code);
  if (!digits.ok()) return digits.error();
  const std::string& d = *digits;
  if (d.empty()) return Error::InvalidInput("empty payment code");
  if (internal::AllZeros(d)) return Error::InvalidInput("placeholder code (all zeros)");
  bool starts_with_8 = d[0] == '8';
  if ((d.size() == 44 && starts_with_8) || d.size() == 48) {
    Result<Arrecadacao> a = DecodeArrecadacao(d);
    if (!a.ok()) return a.error();
    return PaymentCode(std::move(a).value());
  }
  if (d.size() == 44 || d.size() == 47) {
    Result<Boleto> b = DecodeBoleto(d, reference);
    if (!b.ok()) return b.error();
    return PaymentCode(std::move(b).value());
  }
  return Error::InvalidInput(
      "a payment code has 47 digits (boleto), 48 (arrecadação) or 44 (barcode), got " +
      std::to_string(d.size()));
}

}  // namespace atende::br
