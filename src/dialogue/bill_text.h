// BillText: how open invoices are written to a subscriber — due date, amount, and for overdue ones
// the updated amount: the ERP's own figure when it gives one, otherwise atende's estimate
// (br/late_fee.h) labelled as an estimate, since the ERP's word is final on money.
#pragma once

#include <string>
#include <vector>

#include "br/late_fee.h"
#include "core/invoice.h"
#include "dialogue/messages.h"

namespace atende::dialogue {

class BillText {
 public:
  BillText(const MessageCatalog& messages, const br::LateFeePolicy& fees, Date today)
      : msg_(messages), fees_(fees), today_(today) {}

  std::string Summary(const Invoice& invoice) const;  // one invoice, one sentence
  // Several invoices, oldest first, with the total of what is due today.
  std::string List(const std::vector<Invoice>& open, const std::string& where) const;
  Money DueToday(
      const Invoice& invoice) const;  // ERP's updated amount, else the estimate, else the amount

 private:
  std::string Situation(const Invoice& invoice) const;
  const MessageCatalog& msg_;
  const br::LateFeePolicy& fees_;
  Date today_;
};

}  // namespace atende::dialogue
