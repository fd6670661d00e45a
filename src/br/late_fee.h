// Late payment charges (specs/late-fees.md §3): a fine once (default 2 %) and simple interest pro
// rata die (default 1 % a month, /30 per day) counted from the ORIGINAL due date, but nothing when
// paid up to the due date rolled forward to the next business day. Integer centavos; each component
// rounded once, half up. The ERP's own updated amount always wins; this is for display where the
// ERP gives none, cross-checks, and the simulator.
#pragma once

#include <span>

#include "core/date.h"
#include "core/money.h"

namespace atende::br {

struct LateFeePolicy {
  int fine_bp = 200;              // basis points of the principal: 2 % = 200
  int monthly_interest_bp = 100;  // 1 % a month
};

struct LateFee {
  Money principal;
  Date due_date;       // as given
  Date effective_due;  // rolled forward to a business day
  int days_late = 0;   // calendar days from due_date; 0 when not late
  Money fine;
  Money interest;
  Money total;
};

LateFee ComputeLateFee(Money principal, Date due_date, Date paid_on,
                       const LateFeePolicy& policy = {}, std::span<const Date> extra_holidays = {});

}  // namespace atende::br
