#include "erp/erp.h"

#include <algorithm>

namespace atende::erp {

std::string_view RefusalName(Refusal refusal) {
  switch (refusal) {
    case Refusal::kNone:
      return "none";
    case Refusal::kAlreadyActive:
      return "already_active";
    case Refusal::kLimitReached:
      return "limit_reached";
    case Refusal::kContractInactive:
      return "contract_inactive";
    case Refusal::kNotFound:
      return "not_found";
    case Refusal::kNotAllowed:
      return "not_allowed";
    case Refusal::kOther:
      return "other";
  }
  return "other";
}

void SortByDueDate(std::vector<Invoice>& invoices) {
  std::stable_sort(invoices.begin(), invoices.end(),
                   [](const Invoice& a, const Invoice& b) { return a.due_date < b.due_date; });
}

PaymentDocuments DocumentsOf(const Invoice& invoice) {
  PaymentDocuments docs;
  docs.linha_digitavel = invoice.linha_digitavel;
  docs.barcode = invoice.barcode;
  docs.pix_copia_e_cola = invoice.pix_copia_e_cola;
  docs.payment_link = invoice.payment_link;
  if (invoice.pdf.kind == PdfSource::Kind::kUrl) docs.pdf_url = invoice.pdf.value;
  return docs;
}

PaymentHistory HistoryOf(const std::vector<Invoice>& invoices,
                         std::optional<Date> last_trust_unlock) {
  PaymentHistory h;
  h.last_trust_unlock = last_trust_unlock;
  for (const Invoice& inv : invoices) {
    if (inv.status == InvoiceStatus::kCanceled) continue;
    h.records.push_back(
        {inv.erp_id, inv.due_date, inv.amount, inv.status, inv.paid_date, inv.paid_amount});
  }
  std::stable_sort(
      h.records.begin(), h.records.end(),
      [](const PaymentRecord& a, const PaymentRecord& b) { return a.due_date > b.due_date; });
  return h;
}

}  // namespace atende::erp
