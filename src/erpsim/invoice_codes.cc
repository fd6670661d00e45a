#include "erpsim/invoice_codes.h"

#include <cstdio>
#include <sstream>

#include "br/boleto.h"
#include "br/late_fee.h"
#include "br/pix.h"
#ifdef ATENDE_ERPSIM_HAVE_BOLETO_PDF
#include "docs/boleto_pdf.h"
#endif

namespace atende::erpsim {

namespace {

std::string ZeroPad(const std::string& digits, size_t width) {
  return digits.size() >= width ? digits : std::string(width - digits.size(), '0') + digits;
}

#ifndef ATENDE_ERPSIM_HAVE_BOLETO_PDF
// A valid, deliberately plain PDF 1.4 page with Helvetica text lines; used only when the docs
// module is absent.
std::string MinimalPdf(const std::vector<std::string>& lines) {
  std::string content = "BT /F1 11 Tf 50 790 Td 14 TL\n";
  for (const auto& line : lines) {
    std::string escaped;
    for (char c : line) {
      if (c == '(' || c == ')' || c == '\\') escaped.push_back('\\');
      escaped.push_back(static_cast<unsigned char>(c) < 128 ? c : '?');
    }
    content += "(" + escaped + ") Tj T*\n";
  }
  content += "ET\n";
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
      "/Contents 5 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
  };
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t offset : offsets) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

#endif

}  // namespace

Result<InvoiceCodes> MakeInvoiceCodes(const Isp& isp, const Invoice& invoice) {
  br::BoletoSpec spec;
  spec.bank = isp.bank_code;
  spec.due_date = invoice.due_date;
  spec.amount = invoice.amount;
  spec.free_field =
      ZeroPad(isp.agency, 4) + ZeroPad(std::to_string(invoice.id), 11) + ZeroPad(isp.account, 10);
  auto boleto = br::MakeBoleto(spec);
  if (!boleto.ok()) return boleto.error();
  InvoiceCodes codes;
  codes.barcode = boleto->barcode;
  codes.linha = boleto->linha;
  codes.linha_formatted = boleto->FormattedLinha();
  codes.txid = "FAT" + std::to_string(invoice.id);
  br::PixStaticSpec pix;
  pix.key = isp.pix_key;
  pix.merchant_name = isp.name;
  pix.merchant_city = isp.city;
  pix.amount = invoice.amount;
  pix.txid = codes.txid;
  auto code = br::MakeStaticPix(pix);
  if (!code.ok()) return code.error();
  codes.pix = *code;
  return codes;
}

bool IsOverdue(const Invoice& invoice, Date today) {
  return invoice.status == InvoiceStatus::kOpen && invoice.due_date < today;
}

int DaysLate(const Invoice& invoice, Date today) {
  return IsOverdue(invoice, today) ? today - invoice.due_date : 0;
}

Money UpdatedAmount(const Invoice& invoice, Date today) {
  if (!IsOverdue(invoice, today)) return invoice.amount;
  return br::ComputeLateFee(invoice.amount, invoice.due_date, today).total;
}

Result<std::string> BoletoPdf(const Dataset& dataset, const Invoice& invoice, Date today) {
  auto codes = MakeInvoiceCodes(dataset.isp, invoice);
  if (!codes.ok()) return codes.error();
  const Contract* contract = dataset.FindContract(invoice.contract_id);
  const Customer* customer = contract ? dataset.FindCustomer(contract->customer_id) : nullptr;
  Money fine = invoice.amount.MulDivRoundHalfUp(2, 100);
  Money per_day = invoice.amount.MulDivRoundHalfUp(1, 3000);
#ifdef ATENDE_ERPSIM_HAVE_BOLETO_PDF
  docs::BoletoPdfData data;
  data.bank_code = dataset.isp.bank_code;
  data.bank_name =
      dataset.isp.bank_code == "341" ? "Itaú Unibanco S.A." : "Banco " + dataset.isp.bank_code;
  data.beneficiary_name = dataset.isp.name;
  data.beneficiary_document = dataset.isp.document;
  data.beneficiary_address = dataset.isp.city;
  data.agency_code = dataset.isp.agency + " / " + dataset.isp.account;
  if (customer) {
    data.payer_name = customer->name;
    data.payer_document = customer->document.value();
    const Address& a = contract ? dataset.InstallationAddress(*contract) : customer->address;
    data.payer_address =
        a.street + ", " + a.number + " - " + a.district + " - " + a.city + "/" + a.state;
  }
  data.document_number = std::to_string(invoice.id);
  data.our_number = std::to_string(invoice.id);
  data.issue_date = invoice.due_date.AddDays(-10) < today ? invoice.due_date.AddDays(-10) : today;
  data.due_date = invoice.due_date;
  data.amount = invoice.amount;
  data.fine_instruction = "Após o vencimento, multa de 2,00% (" + fine.ToDisplay() + ").";
  data.interest_instruction =
      "Juros de mora de 1,00% ao mês (" + per_day.ToDisplay() + " por dia).";
  data.barcode = codes->barcode;
  data.linha_digitavel = codes->linha;
  data.pix_copia_e_cola = codes->pix;
  return docs::RenderBoletoPdf(data);
#else
  (void)today;
  return MinimalPdf({
      "BOLETO (simulador atende erpsim) - documento minimo",
      "Beneficiario: " + dataset.isp.name + " - CNPJ " + dataset.isp.document,
      "Pagador: " + (customer ? customer->name : std::string("?")),
      "Fatura " + std::to_string(invoice.id) + " - vencimento " + invoice.due_date.ToBr() +
          " - valor " + invoice.amount.ToDisplay(),
      "Linha digitavel: " + codes->linha_formatted,
      "Multa 2,00% (" + fine.ToDisplay() + "), juros 1,00% ao mes (" + per_day.ToDisplay() +
          " por dia)",
      "PIX copia e cola: " + codes->pix,
  });
#endif
}

}  // namespace atende::erpsim
