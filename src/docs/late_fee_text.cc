#include "docs/late_fee_text.h"

namespace atende::docs {

std::string PercentFromBasisPoints(int bp) {
  // Basis points are hundredths of a percent, which is exactly how Money prints centavos.
  return Money::FromCents(bp).ToBrl() + "%";
}

std::string FineInstruction(Money amount, int fine_bp) {
  return "Após o vencimento, multa de " + PercentFromBasisPoints(fine_bp) + " (" +
         amount.MulDivRoundHalfUp(fine_bp, 10000).ToDisplay() + ").";
}

std::string InterestInstruction(Money amount, int monthly_interest_bp) {
  return "Juros de mora de " + PercentFromBasisPoints(monthly_interest_bp) + " ao mês (" +
         amount.MulDivRoundHalfUp(monthly_interest_bp, 10000 * 30).ToDisplay() +
         " por dia de atraso).";
}

}  // namespace atende::docs
