#include "dialogue/unlock_rules.h"

#include <algorithm>

namespace atende::dialogue {

UnlockVerdict CheckUnlock(const UnlockRules& rules, Date today,
                          const std::vector<Invoice>& open_invoices, const History& history,
                          std::optional<Date> contract_last_unlock) {
  std::optional<Date> last = history.last_trust_unlock;
  if (contract_last_unlock && (!last || *contract_last_unlock > *last)) last = contract_last_unlock;
  if (last && today - *last < rules.min_days_between) return UnlockVerdict::kUsedRecently;

  std::optional<Date> oldest;
  for (const Invoice& invoice : open_invoices) {
    if (invoice.open() && (!oldest || invoice.due_date < *oldest)) oldest = invoice.due_date;
  }
  if (oldest && today - *oldest > rules.max_days_late) return UnlockVerdict::kTooLate;

  int seen = 0, late = 0;
  for (const PaidRecord& r : history.records) {
    if (r.open || !r.paid_date) continue;
    if (seen++ >= rules.risky_window) break;
    if (*r.paid_date - r.due_date > rules.late_tolerance_days) ++late;
  }
  if (late >= rules.risky_late_payments) return UnlockVerdict::kRisky;
  return UnlockVerdict::kEligible;
}

}  // namespace atende::dialogue
