#include "br/arrecadacao.h"

#include "br/check_digits.h"
#include "br/code_text.h"

namespace atende::br {
namespace {

constexpr int64_t kMaxAmountCents = 99'999'999'999;  // 11 digits

bool UsesMod10(int value_id) { return value_id == 6 || value_id == 7; }

int Dv(std::string_view digits, bool mod10) {
  return mod10 ? Mod10(digits) : Mod11Arrecadacao(digits);
}

std::string LinhaFromBarcode(const std::string& barcode, bool mod10) {
  std::string linha;
  linha.reserve(48);
  for (int block = 0; block < 4; ++block) {
    std::string_view part = std::string_view(barcode).substr(block * 11, 11);
    linha.append(part).push_back(static_cast<char>('0' + Dv(part, mod10)));
  }
  return linha;
}

Result<int> ValueId(char c) {
  int id = c - '0';
  if (id < 6 || id > 9) {
    return Error::InvalidInput("value id (position 3) is " + std::string(1, c) +
                               ", expected 6, 7, 8 or 9");
  }
  return id;
}

Arrecadacao FromBarcode(std::string barcode, std::string linha) {
  Arrecadacao a;
  a.segment = barcode[1] - '0';
  a.value_id = barcode[2] - '0';
  a.uses_mod10 = UsesMod10(a.value_id);
  a.effective_value = a.value_id == 6 || a.value_id == 8;
  a.amount = Money::FromCents(std::stoll(barcode.substr(4, 11)));
  a.company = barcode.substr(15, 4);
  a.free_field = barcode.substr(19);
  a.barcode = std::move(barcode);
  a.linha = std::move(linha);
  return a;
}

}  // namespace

std::string Arrecadacao::FormattedLinha() const {
  if (linha.size() != 48) return linha;
  std::string out;
  for (int block = 0; block < 4; ++block) {
    if (block) out += ' ';
    out.append(linha, block * 12, 12);
  }
  return out;
}

Result<Arrecadacao> MakeArrecadacao(const ArrecadacaoSpec& spec) {
  if (spec.segment < 1 || spec.segment > 9 || spec.segment == 8) {
    return Error::InvalidInput("segment must be 1 to 7 or 9");
  }
  if (spec.value_id < 6 || spec.value_id > 9) {
    return Error::InvalidInput("value id must be 6, 7, 8 or 9");
  }
  if (spec.amount.cents() < 0 || spec.amount.cents() > kMaxAmountCents) {
    return Error::InvalidInput("amount must be between 0 and 999.999.999,99");
  }
  if (spec.company.size() != 4 || !internal::AllDigits(spec.company)) {
    return Error::InvalidInput("company id must be 4 digits");
  }
  if (spec.free_field.size() != 25 || !internal::AllDigits(spec.free_field)) {
    return Error::InvalidInput("free field must be 25 digits");
  }
  std::string value = std::to_string(spec.amount.cents());
  value.insert(0, 11 - value.size(), '0');
  std::string body = "8" + std::to_string(spec.segment) + std::to_string(spec.value_id) + value +
                     spec.company + spec.free_field;
  bool mod10 = UsesMod10(spec.value_id);
  std::string barcode = body.substr(0, 3);
  barcode.push_back(static_cast<char>('0' + Dv(body, mod10)));
  barcode.append(body, 3);
  std::string linha = LinhaFromBarcode(barcode, mod10);
  return FromBarcode(std::move(barcode), std::move(linha));
}

Result<Arrecadacao> DecodeArrecadacao(std::string_view code) {
  Result<std::string> digits = internal::CodeDigits(code);
  if (!digits.ok()) return digits.error();
  const std::string& d = *digits;
  if (d.size() != 44 && d.size() != 48) {
    return Error::InvalidInput("an arrecadação code has 48 digits (linha) or 44 (barcode), got " +
                               std::to_string(d.size()));
  }
  if (d[0] != '8') return Error::InvalidInput("an arrecadação code starts with 8");
  if (d[1] == '0' || d[1] == '8') {
    return Error::InvalidInput("segment (position 2) is " + std::string(1, d[1]) +
                               ", which FEBRABAN does not define");
  }
  Result<int> value_id = ValueId(d[2]);
  if (!value_id.ok()) return value_id.error();
  bool mod10 = UsesMod10(*value_id);
  std::string barcode;
  if (d.size() == 48) {
    for (int block = 0; block < 4; ++block) {
      std::string_view part = std::string_view(d).substr(block * 12, 11);
      int dv = Dv(part, mod10);
      char found = d[block * 12 + 11];
      if (found - '0' != dv) {
        return Error::InvalidInput("block " + std::to_string(block + 1) +
                                   " check digit (position " + std::to_string(block * 12 + 12) +
                                   ") is " + std::string(1, found) + ", expected " +
                                   std::to_string(dv) + (mod10 ? " (mod 10)" : " (mod 11)"));
      }
      barcode.append(part);
    }
  } else {
    barcode = d;
  }
  std::string body = barcode.substr(0, 3) + barcode.substr(4);
  int dv = Dv(body, mod10);
  if (barcode[3] - '0' != dv) {
    return Error::InvalidInput(std::string("general check digit (") +
                               (d.size() == 48 ? "linha" : "barcode") + " position 4) is " +
                               std::string(1, barcode[3]) + ", expected " + std::to_string(dv) +
                               (mod10 ? " (mod 10)" : " (mod 11)"));
  }
  std::string linha = d.size() == 48 ? d : LinhaFromBarcode(barcode, mod10);
  return FromBarcode(std::move(barcode), std::move(linha));
}

}  // namespace atende::br
