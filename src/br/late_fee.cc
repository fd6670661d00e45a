#include "br/late_fee.h"

#include "br/calendar.h"

namespace atende::br {

LateFee ComputeLateFee(Money principal, Date due_date, Date paid_on, const LateFeePolicy& policy,
                       std::span<const Date> extra_holidays) {
  LateFee fee;
  fee.principal = principal;
  fee.due_date = due_date;
  fee.effective_due = NextBusinessDay(due_date, extra_holidays);
  fee.total = principal;
  if (paid_on <= fee.effective_due) return fee;
  // Late: charges count from the original due date, not from the rolled-forward one.
  fee.days_late = paid_on - due_date;
  fee.fine = principal.MulDivRoundHalfUp(policy.fine_bp, 10'000);
  fee.interest = principal.MulDivRoundHalfUp(
      static_cast<int64_t>(policy.monthly_interest_bp) * fee.days_late, 300'000);
  fee.total = principal + fee.fine + fee.interest;
  return fee;
}

}  // namespace atende::br
