#include "br/pix.h"

#include <utf8proc.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <vector>

#include "br/document_check.h"

namespace atende::br {
namespace {

constexpr std::string_view kGui = "br.gov.bcb.pix";

struct Field {
  int id = 0;
  std::string_view value;
};

std::string Id2(int id) {
  return std::string{static_cast<char>('0' + id / 10), static_cast<char>('0' + id % 10)};
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool IsHex(char c) { return IsDigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }
char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Upper(a[i]) != Upper(b[i])) return false;
  }
  return true;
}

std::string Where(int template_id) {
  return template_id < 0 ? std::string() : "field " + Id2(template_id) + " ";
}

// Splits an EMV TLV string into fields; `template_id` (−1 at the top level) prefixes errors ("field
// 26 …").
Result<std::vector<Field>> ParseTlv(std::string_view s, int template_id) {
  std::vector<Field> fields;
  fields.reserve(16);
  size_t pos = 0;
  while (pos < s.size()) {
    if (s.size() - pos < 4) {
      return Error::InvalidInput(Where(template_id) + "ends with " +
                                 std::to_string(s.size() - pos) + " stray characters");
    }
    std::string_view head = s.substr(pos, 4);
    for (char c : head) {
      if (!IsDigit(c)) {
        return Error::InvalidInput(Where(template_id) + "id/length at position " +
                                   std::to_string(pos + 1) + " is not 4 digits");
      }
    }
    int id = (head[0] - '0') * 10 + (head[1] - '0');
    size_t len = static_cast<size_t>((head[2] - '0') * 10 + (head[3] - '0'));
    size_t remain = s.size() - pos - 4;
    if (len > remain) {
      return Error::InvalidInput(Where(template_id) + "field " + Id2(id) + " declares " +
                                 std::to_string(len) + " characters, " + std::to_string(remain) +
                                 " remain");
    }
    for (const Field& f : fields) {
      if (f.id == id)
        return Error::InvalidInput(Where(template_id) + "field " + Id2(id) + " appears twice");
    }
    fields.push_back({id, s.substr(pos + 4, len)});
    pos += 4 + len;
  }
  return fields;
}

const Field* Find(const std::vector<Field>& fields, int id) {
  for (const Field& f : fields) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

std::string Tlv(int id, std::string_view value) {
  std::string out = Id2(id);
  out += Id2(static_cast<int>(value.size()));
  out.append(value);
  return out;
}

// Location URL of a dynamic code: a host with a dot and an optional path, no scheme.
bool IsPlausibleUrl(std::string_view url) {
  if (url.empty() || url.find("://") != std::string_view::npos) return false;
  std::string_view host = url.substr(0, url.find('/'));
  if (host.find('.') == std::string_view::npos || host.front() == '.' || host.back() == '.') {
    return false;
  }
  for (char c : host) {
    if (!IsAlnum(c) && c != '-' && c != '.') return false;
  }
  return true;
}

bool IsAmountText(std::string_view s) {
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  if (whole.empty() || s.size() > 13) return false;
  for (char c : whole) {
    if (!IsDigit(c)) return false;
  }
  if (dot == std::string_view::npos) return true;
  std::string_view frac = s.substr(dot + 1);
  if (frac.empty() || frac.size() > 2) return false;
  for (char c : frac) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

bool IsEvp(std::string_view k) {
  if (k.size() != 36) return false;
  for (size_t i = 0; i < k.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? k[i] != '-' : !IsHex(k[i])) return false;
  }
  return true;
}

bool IsEmailKey(std::string_view k) {
  size_t at = k.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= k.size() || k.size() > 77) return false;
  if (k.find('@', at + 1) != std::string_view::npos) return false;
  if (k.substr(at + 1).find('.') == std::string_view::npos) return false;
  for (char c : k) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

bool IsPhoneKey(std::string_view k) {
  if (k.size() < 13 || k.size() > 14 || k.substr(0, 3) != "+55") return false;
  for (char c : k.substr(1)) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

Status ValidateKey(std::string_view k) {
  if (k.empty()) return Error::InvalidInput("PIX key is empty");
  if (IsEvp(k) || IsEmailKey(k) || IsPhoneKey(k)) return {};
  bool all_digits = true;
  for (char c : k) all_digits = all_digits && IsDigit(c);
  if (k.size() == 11 && all_digits) {
    if (IsValidCpf(k)) return {};
    return Error::InvalidInput("PIX key looks like a CPF but its check digits do not match");
  }
  if (k.size() == 14 && IsDigit(k[12]) && IsDigit(k[13])) {
    if (IsValidCnpj(k)) return {};
    return Error::InvalidInput("PIX key looks like a CNPJ but its check digits do not match");
  }
  return Error::InvalidInput(
      "PIX key must be a CPF or CNPJ (digits only), a +55 phone, an e-mail or a random key (EVP)");
}

// Drops non-ASCII bytes, turns control characters into spaces, collapses and trims spaces.
std::string CleanAscii(std::string_view text, bool upper) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) continue;
    if (u < 0x20 || u == 0x7F) c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += upper ? Upper(c) : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// NFKD, marks stripped, non-ASCII dropped, control characters as spaces, spaces collapsed.
std::string FoldToAscii(std::string_view utf8, bool upper) {
  bool ascii = true;
  for (char c : utf8) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) return CleanAscii(utf8, upper);  // nothing to decompose
  utf8proc_uint8_t* mapped = nullptr;
  utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
      static_cast<utf8proc_ssize_t>(utf8.size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  std::string_view folded = n >= 0 ? std::string_view(reinterpret_cast<const char*>(mapped),
                                                      static_cast<size_t>(n))
                                   : utf8;  // invalid UTF-8: keep only its ASCII bytes
  return CleanAscii(folded, upper);
}

// kTables[0]: the classic byte table. kTables[1][x]: the same after a second, zero byte — so two
// input bytes cost two independent lookups instead of a chain of two ("slicing by 2").
struct CrcTables {
  std::array<uint16_t, 256> one{};
  std::array<uint16_t, 256> two{};
  CrcTables() {
    for (int i = 0; i < 256; ++i) {
      auto crc = static_cast<uint16_t>(i << 8);
      for (int bit = 0; bit < 8; ++bit) {
        crc = static_cast<uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
      }
      one[static_cast<size_t>(i)] = crc;
    }
    for (size_t i = 0; i < 256; ++i) {
      two[i] = static_cast<uint16_t>(((one[i] & 0xFF) << 8) ^ one[one[i] >> 8]);
    }
  }
};

std::string Hex4(uint16_t v) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return {kDigits[(v >> 12) & 0xF], kDigits[(v >> 8) & 0xF], kDigits[(v >> 4) & 0xF],
          kDigits[v & 0xF]};
}

}  // namespace

uint16_t Crc16CcittFalse(std::string_view bytes) {
  static const CrcTables kTables;
  uint16_t crc = 0xFFFF;
  size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    unsigned hi = ((crc >> 8) ^ static_cast<unsigned char>(bytes[i])) & 0xFF;
    unsigned lo = ((crc & 0xFF) ^ static_cast<unsigned char>(bytes[i + 1])) & 0xFF;
    crc = static_cast<uint16_t>(kTables.two[hi] ^ kTables.one[lo]);
  }
  if (i < bytes.size()) {
    crc = static_cast<uint16_t>(
        (crc << 8) ^ kTables.one[((crc >> 8) ^ static_cast<unsigned char>(bytes[i])) & 0xFF]);
  }
  return crc;
}

std::string FoldPixText(std::string_view utf8, size_t max_chars) {
  std::string out = FoldToAscii(utf8, /*upper=*/true);
  if (out.size() > max_chars) out.resize(max_chars);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Result<std::string> MakeStaticPix(const PixStaticSpec& spec) {
  Status key = ValidateKey(spec.key);
  if (!key.ok()) return key.error();
  std::string name = FoldPixText(spec.merchant_name, 25);
  if (name.empty()) return Error::InvalidInput("merchant name is empty");
  std::string city = FoldPixText(spec.merchant_city, 15);
  if (city.empty()) return Error::InvalidInput("merchant city is empty");
  std::string txid = spec.txid.empty() ? "***" : spec.txid;
  if (!spec.txid.empty()) {
    if (spec.txid.size() > 25) return Error::InvalidInput("txid has more than 25 characters");
    for (char c : spec.txid) {
      if (!IsAlnum(c)) return Error::InvalidInput("txid must be letters and digits only");
    }
  }
  std::string info = FoldToAscii(spec.info, /*upper=*/false);
  std::string account = Tlv(0, kGui) + Tlv(1, spec.key);
  if (!info.empty()) account += Tlv(2, info);
  if (account.size() > 99) {
    return Error::InvalidInput(
        "key and additional information exceed the 99 characters of field 26");
  }
  std::string payload = Tlv(0, "01") + Tlv(26, account) + Tlv(52, "0000") + Tlv(53, "986");
  if (spec.amount) {
    if (spec.amount->cents() <= 0) return Error::InvalidInput("amount must be positive");
    std::string amount = spec.amount->ToDecimal();
    if (amount.size() > 13) return Error::InvalidInput("amount too large for a PIX code");
    payload += Tlv(54, amount);
  }
  payload += Tlv(58, "BR") + Tlv(59, name) + Tlv(60, city) + Tlv(62, Tlv(5, txid)) + "6304";
  payload += Hex4(Crc16CcittFalse(payload));
  return payload;
}

Result<PixCode> ParsePix(std::string_view code) {
  while (!code.empty() && (code.front() == ' ' || code.front() == '\t' || code.front() == '\n' ||
                           code.front() == '\r')) {
    code.remove_prefix(1);
  }
  while (!code.empty() && (code.back() == ' ' || code.back() == '\t' || code.back() == '\n' ||
                           code.back() == '\r')) {
    code.remove_suffix(1);
  }
  for (size_t i = 0; i < code.size(); ++i) {
    auto u = static_cast<unsigned char>(code[i]);
    if (u < 0x20 || u > 0x7E) {
      return Error::InvalidInput("character at position " + std::to_string(i + 1) +
                                 " is not printable ASCII");
    }
  }
  Result<std::vector<Field>> parsed = ParseTlv(code, -1);
  if (!parsed.ok()) return parsed.error();
  const std::vector<Field>& fields = *parsed;
  if (fields.empty() || fields.front().id != 0) {
    return Error::InvalidInput("field 00 (payload format) must come first");
  }
  if (fields.front().value != "01") return Error::InvalidInput("field 00 must be 01");
  const Field& last = fields.back();
  if (last.id != 63) return Error::InvalidInput("field 63 (CRC) must come last");
  if (last.value.size() != 4) return Error::InvalidInput("field 63 (CRC) must have 4 characters");
  for (char c : last.value) {
    if (!IsHex(c)) return Error::InvalidInput("CRC is not 4 hex digits");
  }
  std::string expected = Hex4(Crc16CcittFalse(code.substr(0, code.size() - 4)));
  if (!EqualsIgnoreCase(last.value, expected)) {
    return Error::InvalidInput("CRC is " + std::string(last.value) + ", expected " + expected);
  }

  PixCode pix;
  pix.crc = std::string(last.value);
  if (const Field* f = Find(fields, 1)) {
    if (f->value != "11" && f->value != "12") {
      return Error::InvalidInput("field 01 (point of initiation) must be 11 or 12");
    }
    pix.point_of_initiation = std::string(f->value);
  }

  // The PIX account template may sit in any of 26–51; it is the one whose GUI is br.gov.bcb.pix.
  std::vector<Field> account;
  bool found = false;
  for (const Field& f : fields) {
    if (f.id < 26 || f.id > 51) continue;
    Result<std::vector<Field>> sub = ParseTlv(f.value, f.id);
    if (!sub.ok()) return sub.error();
    const Field* gui = Find(*sub, 0);
    if (gui && EqualsIgnoreCase(gui->value, kGui)) {
      pix.gui = std::string(gui->value);
      account = std::move(sub).value();
      found = true;
      break;
    }
  }
  if (!found) return Error::InvalidInput("no merchant account field with GUI br.gov.bcb.pix");
  const Field* key = Find(account, 1);
  const Field* url = Find(account, 25);
  if ((key == nullptr) == (url == nullptr)) {
    return Error::InvalidInput("field 26 must carry either a key (01) or a URL (25)");
  }
  if (key) {
    if (key->value.empty()) return Error::InvalidInput("PIX key (26-01) is empty");
    pix.key = std::string(key->value);
  } else {
    if (!IsPlausibleUrl(url->value)) {
      return Error::InvalidInput("URL (26-25) is not a host and path without scheme");
    }
    pix.url = std::string(url->value);
    pix.dynamic = true;
  }
  if (const Field* info = Find(account, 2)) pix.info = std::string(info->value);

  if (!Find(fields, 52)) return Error::InvalidInput("field 52 (merchant category) is missing");
  const Field* currency = Find(fields, 53);
  if (!currency || currency->value != "986") {
    return Error::InvalidInput("field 53 (currency) must be 986");
  }
  const Field* country = Find(fields, 58);
  if (!country || !EqualsIgnoreCase(country->value, "BR")) {
    return Error::InvalidInput("field 58 (country) must be BR");
  }
  const Field* name = Find(fields, 59);
  if (!name || name->value.empty())
    return Error::InvalidInput("field 59 (merchant name) is missing");
  const Field* city = Find(fields, 60);
  if (!city || city->value.empty())
    return Error::InvalidInput("field 60 (merchant city) is missing");
  pix.merchant_name = std::string(name->value);
  pix.merchant_city = std::string(city->value);
  if (const Field* postal = Find(fields, 61)) pix.postal_code = std::string(postal->value);

  if (const Field* amount = Find(fields, 54)) {
    if (!IsAmountText(amount->value)) {
      return Error::InvalidInput("field 54 (amount) is not a decimal with up to 2 places");
    }
    Result<Money> money = Money::ParseDecimal(amount->value);
    if (!money.ok()) return money.error();
    if (!pix.dynamic && money->cents() <= 0) {
      return Error::InvalidInput("field 54 (amount) must be positive");
    }
    pix.amount = *money;
  }
  if (const Field* additional = Find(fields, 62)) {
    Result<std::vector<Field>> sub = ParseTlv(additional->value, 62);
    if (!sub.ok()) return sub.error();
    if (const Field* txid = Find(*sub, 5)) pix.txid = std::string(txid->value);
  }
  return pix;
}

}  // namespace atende::br
