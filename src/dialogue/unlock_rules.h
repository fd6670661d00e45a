// Trust-unlock eligibility (desbloqueio de confiança), configurable per ISP. Checked in this order:
// the oldest open invoice too late (→ a human decides), an unlock used too recently (→ offer PIX),
// a risky payment history (→ deny politely); otherwise eligible. The ERP may still refuse; its
// refusal is respected.
#pragma once

#include <optional>
#include <vector>

#include "core/date.h"
#include "core/invoice.h"
#include "dialogue/facts.h"

namespace atende::dialogue {

struct UnlockRules {
  int hours = 48;               // how long the unlock lasts when the ERP lets us choose
  int min_days_between = 30;    // one unlock per this many days
  int max_days_late = 15;       // oldest open invoice later than this → hand off
  int risky_window = 6;         // look at the last N closed invoices …
  int risky_late_payments = 2;  // … and deny when this many were paid late …
  int late_tolerance_days = 5;  // … by more than this many days
};

enum class UnlockVerdict { kEligible, kTooLate, kUsedRecently, kRisky };

UnlockVerdict CheckUnlock(const UnlockRules& rules, Date today,
                          const std::vector<Invoice>& open_invoices, const History& history,
                          std::optional<Date> contract_last_unlock);

}  // namespace atende::dialogue
