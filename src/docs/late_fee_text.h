// The fine and interest instruction lines printed in a boleto's "Instruções" box, in pt-BR, from
// the ISP's rates in basis points (2 % = 200). The amounts are computed on the document amount,
// rounded half up, in centavos — the same rule as br/late_fee.h (interest is simple, 1/30 of the
// monthly rate per day).
#pragma once

#include <string>

#include "core/money.h"

namespace atende::docs {

// "Após o vencimento, multa de 2,00% (R$ 2,00)."
std::string FineInstruction(Money amount, int fine_bp);
// "Juros de mora de 1,00% ao mês (R$ 0,03 por dia de atraso)."
std::string InterestInstruction(Money amount, int monthly_interest_bp);
// 200 → "2,00%", 33 → "0,33%".
std::string PercentFromBasisPoints(int bp);

}  // namespace atende::docs
