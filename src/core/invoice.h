// Invoice: one bill (título / fatura) of a contract, normalised per erp-common.md §3.2 and §4.2.
// Money is integer centavos; `overdue` is derived from the due date unless the ERP states it.
// Payment codes the ERP returns are kept only after validation (the connector checks them with br/
// before filling them in).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/money.h"

namespace atende {

enum class InvoiceStatus { kOpen, kPaid, kCanceled };
std::string_view InvoiceStatusName(InvoiceStatus status);  // "open", "paid", "canceled"

// Where the boleto PDF comes from: a URL anyone can GET, an ERP call returning bytes, or nowhere.
struct PdfSource {
  enum class Kind { kNone, kUrl, kFetch };
  Kind kind = Kind::kNone;
  std::string value;  // the URL, or the ERP's key for the fetch call
};

struct Invoice {
  std::string erp_id;
  std::string document_number;
  std::string contract_erp_id;
  std::optional<Date> issue_date;
  Date due_date;
  std::optional<Date> original_due_date;
  Money amount;
  std::optional<Money> updated_amount;  // the ERP's own figure with fine and interest
  InvoiceStatus status = InvoiceStatus::kOpen;
  bool overdue = false;
  std::optional<Date> paid_date;
  std::optional<Money> paid_amount;
  std::string linha_digitavel;   // 47/48 digits, validated; empty when absent
  std::string barcode;           // 44 digits; empty when absent
  std::string pix_copia_e_cola;  // CRC-checked BR Code; empty when absent
  PdfSource pdf;
  std::string payment_link;

  bool open() const { return status == InvoiceStatus::kOpen; }
  // What the subscriber owes now: the ERP's updated amount when it gives one, else the original.
  Money AmountDue() const { return updated_amount.value_or(amount); }
};

// overdue = open and due before today (erp-common.md §4.2), for ERPs that do not say it themselves.
inline bool IsOverdue(InvoiceStatus status, Date due_date, Date today) {
  return status == InvoiceStatus::kOpen && due_date < today;
}

}  // namespace atende
