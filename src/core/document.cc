#include "core/document.h"

namespace atende {

Result<Document> Document::Parse(std::string_view text) {
  std::string v;
  v.reserve(14);
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      v += c;
    } else if (c >= 'a' && c <= 'z') {
      v += static_cast<char>(c - 'a' + 'A');
    } else if (c >= 'A' && c <= 'Z') {
      v += c;
    } else if (c == '.' || c == '-' || c == '/' || c == ' ' || c == '\t' || c == '_') {
      continue;
    } else {
      return Error::InvalidInput("not a CPF or CNPJ: unexpected character");
    }
    if (v.size() > 14) return Error::InvalidInput("not a CPF or CNPJ: too long");
  }
  auto all_digits = [](std::string_view s) {
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (v.size() == 11 && all_digits(v)) return Document(DocumentKind::kCpf, std::move(v));
  if (v.size() == 14 && all_digits(std::string_view(v).substr(12))) {
    return Document(DocumentKind::kCnpj, std::move(v));
  }
  return Error::InvalidInput("not a CPF or CNPJ: expected 11 digits or 14 characters, got " +
                             std::to_string(v.size()));
}

std::string Document::Formatted() const {
  const std::string& d = value_;
  if (kind_ == DocumentKind::kCpf) {
    return d.substr(0, 3) + "." + d.substr(3, 3) + "." + d.substr(6, 3) + "-" + d.substr(9, 2);
  }
  return d.substr(0, 2) + "." + d.substr(2, 3) + "." + d.substr(5, 3) + "/" + d.substr(8, 4) + "-" +
         d.substr(12, 2);
}

std::string Document::Masked() const {
  const std::string& d = value_;
  if (kind_ == DocumentKind::kCpf) return "***." + d.substr(3, 3) + "." + d.substr(6, 3) + "-**";
  return "**." + d.substr(2, 3) + "." + d.substr(5, 3) + "/" + d.substr(8, 4) + "-**";
}

}  // namespace atende
