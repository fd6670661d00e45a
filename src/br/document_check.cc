#include "br/document_check.h"

#include <array>

namespace atende::br {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpperAlnum(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z'); }

bool AllEqual(std::string_view s) {
  for (char c : s) {
    if (c != s.front()) return false;
  }
  return true;
}

// r = sum mod 11; DV = 0 if r < 2 else 11 − r (both CPF and CNPJ).
char Mod11Dv(int sum) {
  int r = sum % 11;
  return static_cast<char>('0' + (r < 2 ? 0 : 11 - r));
}

// CPF: weights n+1 … 2 over the first n digits.
char CpfDv(std::string_view digits) {
  int sum = 0;
  int weight = static_cast<int>(digits.size()) + 1;
  for (char c : digits) sum += (c - '0') * weight--;
  return Mod11Dv(sum);
}

// CNPJ: weights 2..9 cycling from the right; characters valued ASCII − 48 (IN RFB 2.229/2024).
char CnpjDv(std::string_view chars) {
  int sum = 0;
  int weight = 2;
  for (auto it = chars.rbegin(); it != chars.rend(); ++it) {
    sum += (*it - '0') * weight;
    weight = weight == 9 ? 2 : weight + 1;
  }
  return Mod11Dv(sum);
}

}  // namespace

std::string CpfCheckDigits(std::string_view base9) {
  if (base9.size() != 9) return {};
  for (char c : base9) {
    if (!IsDigit(c)) return {};
  }
  std::string ten(base9);
  ten += CpfDv(base9);
  return {ten[9], CpfDv(ten)};
}

std::string CnpjCheckDigits(std::string_view base12) {
  if (base12.size() != 12) return {};
  for (char c : base12) {
    if (!IsUpperAlnum(c)) return {};
  }
  std::string thirteen(base12);
  thirteen += CnpjDv(base12);
  return {thirteen[12], CnpjDv(thirteen)};
}

bool IsValidCpf(std::string_view s) {
  if (s.size() != 11 || AllEqual(s)) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return CpfCheckDigits(s.substr(0, 9)) == s.substr(9);
}

bool IsValidCnpj(std::string_view s) {
  if (s.size() != 14 || AllEqual(s)) return false;
  if (!IsDigit(s[12]) || !IsDigit(s[13])) return false;
  std::string dv = CnpjCheckDigits(s.substr(0, 12));
  return !dv.empty() && dv == s.substr(12);
}

Result<Document> ParseDocument(std::string_view text) {
  Result<Document> doc = Document::Parse(text);
  if (!doc.ok()) return doc;
  const std::string& v = doc->value();
  const char* name = doc->is_cpf() ? "CPF" : "CNPJ";
  if (AllEqual(v)) return Error::InvalidInput(std::string(name) + " with all characters equal");
  bool valid = doc->is_cpf() ? IsValidCpf(v) : IsValidCnpj(v);
  if (!valid) return Error::InvalidInput(std::string(name) + " check digits do not match");
  return doc;
}

}  // namespace atende::br
