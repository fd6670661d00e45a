// Document: a Brazilian taxpayer id, CPF (people, 11 digits) or CNPJ (companies, 14 characters;
// since July 2026 the first 12 may be letters). This type normalises and formats; it does NOT
// verify check digits — br/document_check.h does, and br::ParseDocument is what user input goes
// through. ERP records whose stored document fails the check are still representable (vendors ship
// such data).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace atende {

enum class DocumentKind { kCpf, kCnpj };

class Document {
 public:
  // Accepts any common typing: "529.982.247-25", "52998224725", "529 982 247 25",
  // "12.abc.345/01de-35". Classifies by shape only: 11 digits is a CPF; 12 alphanumerics plus 2
  // digits is a CNPJ.
  static Result<Document> Parse(std::string_view text);

  DocumentKind kind() const { return kind_; }
  bool is_cpf() const { return kind_ == DocumentKind::kCpf; }
  const std::string& value() const {
    return value_;
  }                               // normalised: digits / upper-case alphanumerics
  std::string Formatted() const;  // "529.982.247-25", "12.ABC.345/01DE-35"
  // For replies after identification and for logs: "***.982.247-**", "**.ABC.345/01DE-**".
  std::string Masked() const;

  bool operator==(const Document&) const = default;

 private:
  Document(DocumentKind kind, std::string value) : kind_(kind), value_(std::move(value)) {}
  DocumentKind kind_ = DocumentKind::kCpf;
  std::string value_;
};

}  // namespace atende
