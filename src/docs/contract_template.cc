#include <openssl/evp.h>

#include <string>
#include <vector>

#include "docs/contract_pdf.h"

namespace atende::docs {
namespace {

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

int LineOf(std::string_view text, size_t pos) {
  int line = 1;
  for (size_t i = 0; i < pos && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

}  // namespace

Result<std::string> FillContractTemplate(std::string_view template_text,
                                         const ContractValues& values) {
  std::string out;
  out.reserve(template_text.size() + 512);
  std::vector<std::string> missing;
  std::vector<std::string> malformed;
  size_t pos = 0;
  while (pos < template_text.size()) {
    const size_t open = template_text.find("{{", pos);
    if (open == std::string_view::npos) {
      out.append(template_text.substr(pos));
      break;
    }
    out.append(template_text.substr(pos, open - pos));
    const size_t close = template_text.find("}}", open + 2);
    const size_t newline = template_text.find('\n', open + 2);
    if (close == std::string_view::npos || (newline != std::string_view::npos && newline < close)) {
      malformed.push_back("unclosed \"{{\" on line " + std::to_string(LineOf(template_text, open)));
      out.append("{{");
      pos = open + 2;
      continue;
    }
    const std::string_view name = Trim(template_text.substr(open + 2, close - open - 2));
    pos = close + 2;
    if (!ValidName(name)) {
      malformed.push_back("invalid placeholder \"{{" + std::string(name) + "}}\" on line " +
                          std::to_string(LineOf(template_text, open)));
      continue;
    }
    auto it = values.find(name);
    if (it == values.end()) {
      bool seen = false;
      for (const std::string& m : missing) seen = seen || m == name;
      if (!seen) missing.emplace_back(name);
      continue;
    }
    out.append(it->second);
  }
  if (!missing.empty() || !malformed.empty()) {
    std::string message;
    if (!missing.empty()) message = "missing values for placeholders: " + Join(missing);
    if (!malformed.empty()) {
      if (!message.empty()) message += "; ";
      message += "malformed template: " + Join(malformed);
    }
    return Error::InvalidInput(message);
  }
  return out;
}

std::string Sha256Hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0F]);
  }
  return hex;
}

}  // namespace atende::docs
