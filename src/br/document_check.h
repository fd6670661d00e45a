// CPF and CNPJ check digits (specs/cpf-cnpj.md), including the alphanumeric CNPJ of IN
// RFB 2.229/2024 (from July 2026: the first 12 characters may be letters, valued ASCII − 48).
// ParseDocument is the gate for every document a user types: shape (core::Document) plus check
// digits plus the all-equal-digits rule.
#pragma once

#include <string>
#include <string_view>

#include "core/document.h"
#include "core/result.h"

namespace atende::br {

bool IsValidCpf(std::string_view normalised11);   // digits only
bool IsValidCnpj(std::string_view normalised14);  // 12 [0-9A-Z] + 2 digits
// The two check digits for a 9-digit CPF base / 12-character CNPJ base, as a 2-character string.
std::string CpfCheckDigits(std::string_view base9);
std::string CnpjCheckDigits(std::string_view base12);

// Parses any common typing and verifies the check digits. The error says which rule failed (length,
// character, check digit, repeated digits), never echoing the input.
Result<Document> ParseDocument(std::string_view text);

}  // namespace atende::br
