#include "dialogue/bill_text.h"

namespace atende::dialogue {

Money BillText::DueToday(const Invoice& invoice) const {
  if (invoice.updated_amount) return *invoice.updated_amount;
  if (invoice.due_date < today_)
    return br::ComputeLateFee(invoice.amount, invoice.due_date, today_, fees_).total;
  return invoice.amount;
}

std::string BillText::Situation(const Invoice& invoice) const {
  if (invoice.due_date >= today_ && !invoice.overdue) return "";
  if (invoice.updated_amount && *invoice.updated_amount != invoice.amount) {
    return msg_.Get("overdue_erp", {{"atualizado", invoice.updated_amount->ToDisplay()}});
  }
  br::LateFee fee = br::ComputeLateFee(invoice.amount, invoice.due_date, today_, fees_);
  if (!invoice.updated_amount && fee.total != invoice.amount) {
    return msg_.Get("overdue_computed", {{"atualizado", fee.total.ToDisplay()}});
  }
  return msg_.Get("overdue_plain");
}

std::string BillText::Summary(const Invoice& invoice) const {
  std::string text = msg_.Get("invoice_summary", {{"vencimento", invoice.due_date.ToBr()},
                                                  {"valor", invoice.amount.ToDisplay()},
                                                  {"situacao", Situation(invoice)}});
  if (invoice.due_date >= today_)
    text += " " + msg_.Get("invoice_not_due", {{"vencimento", invoice.due_date.ToBr()}});
  return text;
}

std::string BillText::List(const std::vector<Invoice>& open, const std::string& where) const {
  std::string lines;
  Money total;
  for (const Invoice& invoice : open) {
    if (!lines.empty()) lines += '\n';
    lines += msg_.Get("invoice_line", {{"vencimento", invoice.due_date.ToBr()},
                                       {"valor", invoice.amount.ToDisplay()},
                                       {"situacao", Situation(invoice)}});
    total += DueToday(invoice);
  }
  return msg_.Get("invoice_list", {{"quantidade", std::to_string(open.size())},
                                   {"endereco", where},
                                   {"total", total.ToDisplay()},
                                   {"linhas", lines}});
}

}  // namespace atende::dialogue
