// Boleto PDF: renders one FEBRABAN bank slip on an A4 page — the payer's receipt (recibo do
// pagador) above the compensation slip (ficha de compensação) with the Interleaved 2 of 5 barcode,
// plus a PIX QR with its copia e cola text when the invoice has one. Pure function of its input: no
// I/O, safe to call from many threads.
#pragma once

#include <string>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "core/result.h"

namespace atende::docs {

struct BoletoPdfData {
  std::string bank_code;  // 3 digits, "341"; printed as "341-7" with its check digit
  std::string bank_name;  // "Itaú Unibanco S.A."

  std::string beneficiary_name;  // the ISP (cedente), shown next to every code (anti-fraud)
  std::string
      beneficiary_document;         // CNPJ (or CPF), digits or formatted; printed formatted in full
  std::string beneficiary_address;  // one line
  std::string agency_code;  // "Agência / Código do beneficiário", e.g. "1234 / 56789"; optional

  std::string payer_name;
  // CPF/CNPJ, digits, formatted or already masked ("***.982.247-**"); always printed masked, never
  // in full.
  std::string payer_document;
  std::string payer_address;  // one line; optional

  std::string document_number;     // "Nº do documento", e.g. the ERP invoice id
  std::string our_number;          // "Nosso número"
  Date issue_date;                 // "Data do documento" and "Data do processamento"
  Date due_date;                   // "Vencimento"
  Money amount;                    // "Valor do documento"
  std::string wallet = "109";      // "Carteira"; optional
  std::string species_doc = "DM";  // "Espécie doc."

  std::string fine_instruction;      // "Após o vencimento, multa de 2,00% (R$ 2,00)."; optional
  std::string interest_instruction;  // "Juros de mora de 1,00% ao mês (R$ 0,03 por dia)."; optional
  std::vector<std::string> other_instructions;  // further lines for "Instruções"; optional
  std::string payment_place = "Pagável em qualquer banco ou app bancário até o vencimento";

  std::string barcode;          // 44 digits
  std::string linha_digitavel;  // 47 digits (separators allowed); printed formatted
  std::string
      pix_copia_e_cola;  // PIX BR Code; empty when the invoice has none (then no QR is drawn)
};

// Returns the bytes of a one-page A4 PDF (same input, same bytes). Never prints a code it has not
// checked: refuses (kInvalidInput, naming the field) a barcode that is not 44 digits or a linha
// that is not 47, any wrong check digit (br::DecodeBoleto), a linha that does not match the
// barcode, a code whose bank, amount (unless 0) or due date (unless factor 0000) differs from the
// page's; also a bank code that is not 3 digits, a negative amount, a beneficiary document that is
// not a CPF/CNPJ, a payer document that is neither a CPF/CNPJ nor properly masked, empty
// beneficiary or payer names, a PIX code too long for a QR, and instructions that do not fit the
// compensation slip even at 5.5 pt.
Result<std::string> RenderBoletoPdf(const BoletoPdfData& data);

}  // namespace atende::docs
