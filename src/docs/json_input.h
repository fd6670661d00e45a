// Reading the JSON that operators and scripts hand to `atende docs` (format in src/docs/README.md):
// an invoice for a boleto and the values of a contract template. nlohmann::json exceptions stay
// inside this adapter; the errors come back as kInvalidInput naming the field.
#pragma once

#include <string_view>

#include "core/result.h"
#include "docs/boleto_pdf.h"
#include "docs/contract_pdf.h"

namespace atende::docs {

// When "barcode" and "linha_digitavel" are both absent, builds them with br::MakeBoleto from the
// bank code, due date, amount and "free_field". "late_fee" rates produce the fine and interest
// lines when the "instructions" object does not give them.
Result<BoletoPdfData> BoletoPdfDataFromJson(std::string_view json_text);

// A JSON object flattened to placeholder names: {"assinante": {"nome": "Maria"}} → "assinante.nome"
// = "Maria". Strings are taken as they are, integers and decimals as written, true/false as
// "sim"/"não"; null leaves the name without a value (so the template reports it missing); arrays
// are refused.
Result<ContractValues> ContractValuesFromJson(std::string_view json_text);

}  // namespace atende::docs
