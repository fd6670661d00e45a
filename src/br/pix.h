// PIX BR Code ("copia e cola", EMV QRCPS-MPM as profiled by Banco Central): generation of static
// codes and parsing/validation of any code, static or dynamic (specs/pix.md). atende can only
// create static codes; dynamic ones come from the ISP's bank through the ERP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/money.h"
#include "core/result.h"

namespace atende::br {

struct PixStaticSpec {
  std::string key;              // CPF/CNPJ digits, +55… phone, e-mail, or EVP (UUID)
  std::string merchant_name;    // folded to upper-case ASCII and truncated to 25
  std::string merchant_city;    // folded to upper-case ASCII and truncated to 15
  std::optional<Money> amount;  // absent: the payer types the amount
  std::string txid;             // [A-Za-z0-9]{1,25}; empty → "***"
  std::string info;             // infoAdicional (26-02), optional
};

Result<std::string> MakeStaticPix(const PixStaticSpec& spec);

struct PixCode {
  bool dynamic = false;             // 26-25 URL present (vs 26-01 key)
  std::string point_of_initiation;  // "11", "12" or "" when field 01 is absent
  std::string gui;                  // as written ("br.gov.bcb.pix" or upper case)
  std::string key;                  // static
  std::string url;                  // dynamic, without scheme
  std::string info;
  std::string merchant_name;
  std::string merchant_city;
  std::string postal_code;
  std::optional<Money> amount;
  std::string txid;  // 62-05
  std::string crc;   // 4 hex digits as written
};

// Validates TLV structure, field order rules, mandatory fields, GUI and CRC (case-insensitive hex).
// The error says what failed ("CRC is 1D3C, expected 1D3D", "field 62 declares 8 characters, 7
// remain").
Result<PixCode> ParsePix(std::string_view code);

// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF): "123456789" → 0x29B1.
uint16_t Crc16CcittFalse(std::string_view bytes);
// Upper-case ASCII, accents folded (São Paulo → SAO PAULO), spaces collapsed, truncated to
// max_chars.
std::string FoldPixText(std::string_view utf8, size_t max_chars);

}  // namespace atende::br
