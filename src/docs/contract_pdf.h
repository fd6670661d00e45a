// Contract PDF: fills an ISP-editable plain-text template ({{placeholder}} fields, pt-BR) and lays
// the text out on as many A4 pages as it needs, with a footer on every page carrying the SHA-256 of
// the filled text — the e-signature evidence the onboarding flow records. Pure functions: no I/O,
// safe to call from many threads.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace atende::docs {

// Placeholder values by name ("assinante.nome" → "Maria da Silva"). Names are [A-Za-z0-9_.]+.
using ContractValues = std::map<std::string, std::string, std::less<>>;

// Replaces every {{name}} (spaces inside the braces allowed) by its value. Fails with kInvalidInput
// naming every placeholder that has no value ("missing values for placeholders: plano.preco,
// vencimento.dia") or that is malformed (an unclosed "{{", an invalid name). Values that the
// template does not use are ignored.
Result<std::string> FillContractTemplate(std::string_view template_text,
                                         const ContractValues& values);

// Lowercase hex SHA-256 of the bytes of `text` (OpenSSL).
std::string Sha256Hex(std::string_view text);

struct ContractPdf {
  std::string pdf;     // the PDF bytes
  std::string text;    // the filled contract text (UTF-8), exactly the bytes that were hashed
  std::string sha256;  // Sha256Hex(text), printed in every page footer
  int pages = 0;
};

// Fills the template and renders it. The first non-empty line of the filled text is the title
// (centred, bold).
Result<ContractPdf> RenderContractPdf(std::string_view template_text, const ContractValues& values);

}  // namespace atende::docs
