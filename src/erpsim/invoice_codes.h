// What the simulator derives for each invoice (erpsim-data.md "What the simulator adds"): the
// FEBRABAN boleto (barcode, linha digitável) for the ISP's bank with free field agency(4) + invoice
// id(11) + account(10) (boleto.md §7.1), a static PIX copia e cola with txid "FAT<id>", the updated
// amount of an overdue invoice (2 % fine, 1 % a month pro rata die) and a boleto PDF. Pure
// functions of the dataset records; thread-safe.
#pragma once

#include <string>

#include "core/date.h"
#include "core/money.h"
#include "core/result.h"
#include "erpsim/dataset.h"

namespace atende::erpsim {

struct InvoiceCodes {
  std::string barcode;          // 44 digits
  std::string linha;            // 47 digits
  std::string linha_formatted;  // "34191.23405 00000.001008 00000.567891 8 16260000009990"
  std::string pix;              // BR Code copia e cola
  std::string txid;             // "FAT100"
};

Result<InvoiceCodes> MakeInvoiceCodes(const Isp& isp, const Invoice& invoice);

// An open invoice past its due date is overdue as of `today`.
bool IsOverdue(const Invoice& invoice, Date today);
int DaysLate(const Invoice& invoice, Date today);
// Amount with late fee and interest as of today for an overdue open invoice; the amount otherwise.
Money UpdatedAmount(const Invoice& invoice, Date today);

// The boleto PDF for an invoice: rendered by docs::RenderBoletoPdf when the docs module is built,
// otherwise a minimal one-page PDF carrying the same text (linha, amount, due date, PIX).
Result<std::string> BoletoPdf(const Dataset& dataset, const Invoice& invoice, Date today);

}  // namespace atende::erpsim
