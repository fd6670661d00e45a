#include "docs/boleto_pdf.h"

#include <cctype>
#include <cmath>
#include <string_view>
#include <vector>

#include "br/boleto.h"
#include "core/document.h"
#include "docs/bank_code.h"
#include "docs/interleaved_2of5.h"
#include "docs/pdf_canvas.h"
#include "docs/qr_code.h"

namespace atende::docs {
namespace {

constexpr double kLeft = 10.0;
constexpr double kRight = 200.0;
constexpr double kThin = 0.2;
constexpr double kThick = 0.6;
constexpr double kLabelPt = 5.5;
constexpr double kValuePt = 8.5;
constexpr double kMmPerPt = 25.4 / 72.0;

std::string DigitsOnly(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  return digits;
}

bool OnlyDigitsAndSeparators(std::string_view text) {
  for (char c : text) {
    if (!(c >= '0' && c <= '9') && c != ' ' && c != '.' && c != '-') return false;
  }
  return true;
}

// Everything the page prints, checked and formatted once.
struct BoletoView {
  std::string bank_code_dv;          // "341-7"
  std::string barcode;               // 44 digits
  std::string linha;                 // formatted
  std::string beneficiary_document;  // "CNPJ 11.222.333/0001-81", in full
  std::string payer_document;        // "CPF ***.982.247-**"
  std::string due;                   // "10/11/2026"
  std::string issue;
  std::string amount;  // "R$ 99,90"
  std::vector<std::string> instructions;
};

Result<std::string> MaskedPayerDocument(std::string_view document) {
  if (document.empty()) return std::string();
  if (document.find('*') != std::string_view::npos) {
    // Already masked (core's Document::Masked hides 5 characters of a CPF, 4 of a CNPJ and shows at
    // most 10); refuse anything that still reveals more.
    size_t hidden = 0;
    size_t shown = 0;
    for (char c : document) {
      hidden += c == '*';
      shown += std::isalnum(static_cast<unsigned char>(c)) != 0;
    }
    if (hidden < 4 || shown > 10) {
      return Error::InvalidInput("payer document: masked form shows too much of the document");
    }
    const size_t length = document.size();
    return std::string(length > 14 ? "CNPJ " : "CPF ") + std::string(document);
  }
  Result<Document> parsed = Document::Parse(document);
  if (!parsed.ok()) return Error::InvalidInput("payer document: " + parsed.error().message);
  return std::string(parsed->is_cpf() ? "CPF " : "CNPJ ") + parsed->Masked();
}

Result<BoletoView> Check(const BoletoPdfData& data) {
  BoletoView view;
  if (data.beneficiary_name.empty()) return Error::InvalidInput("beneficiary name is empty");
  if (data.payer_name.empty()) return Error::InvalidInput("payer name is empty");
  if (data.amount < Money()) return Error::InvalidInput("amount is negative");
  Result<std::string> bank = BankCodeWithDigit(data.bank_code);
  if (!bank.ok()) return bank.error();
  view.bank_code_dv = *bank;

  Result<Document> beneficiary = Document::Parse(data.beneficiary_document);
  if (!beneficiary.ok()) {
    return Error::InvalidInput("beneficiary document: " + beneficiary.error().message);
  }
  view.beneficiary_document =
      std::string(beneficiary->is_cpf() ? "CPF " : "CNPJ ") + beneficiary->Formatted();
  Result<std::string> payer = MaskedPayerDocument(data.payer_document);
  if (!payer.ok()) return payer.error();
  view.payer_document = *payer;

  // The code itself: barcode and/or linha, every check digit verified, and agreeing with what the
  // page says.
  if (!OnlyDigitsAndSeparators(data.barcode) || !OnlyDigitsAndSeparators(data.linha_digitavel)) {
    return Error::InvalidInput("barcode and linha digitável may hold only digits and separators");
  }
  const std::string barcode = DigitsOnly(data.barcode);
  const std::string linha = DigitsOnly(data.linha_digitavel);
  if (barcode.empty() && linha.empty())
    return Error::InvalidInput("barcode and linha are both empty");
  if (!barcode.empty() && barcode.size() != 44) {
    return Error::InvalidInput("barcode has " + std::to_string(barcode.size()) +
                               " digits, expected 44");
  }
  if (!linha.empty() && linha.size() != 47) {
    return Error::InvalidInput("linha digitável has " + std::to_string(linha.size()) +
                               " digits, expected 47");
  }
  Result<br::Boleto> decoded = br::DecodeBoleto(barcode.empty() ? linha : barcode, data.due_date);
  if (!decoded.ok()) return Error::InvalidInput("boleto code: " + decoded.error().message);
  if (!barcode.empty() && !linha.empty() && decoded->linha != linha) {
    return Error::InvalidInput("linha digitável does not match the barcode");
  }
  if (decoded->bank != data.bank_code) {
    return Error::InvalidInput("bank code " + data.bank_code + " differs from the code's bank " +
                               decoded->bank);
  }
  if (decoded->amount != Money() && decoded->amount != data.amount) {
    return Error::InvalidInput("amount " + data.amount.ToBrl() + " differs from the code's " +
                               decoded->amount.ToBrl());
  }
  if (decoded->due_date && *decoded->due_date != data.due_date) {
    return Error::InvalidInput("due date " + data.due_date.ToBr() + " differs from the code's " +
                               decoded->due_date->ToBr());
  }
  view.barcode = decoded->barcode;
  view.linha = br::FormatLinha(decoded->linha);
  view.due = data.due_date.ToBr();
  view.issue = data.issue_date.ToBr();
  view.amount = data.amount.ToDisplay();
  for (const std::string* line : {&data.fine_instruction, &data.interest_instruction}) {
    if (!line->empty()) view.instructions.push_back(*line);
  }
  for (const std::string& line : data.other_instructions) {
    if (!line.empty()) view.instructions.push_back(line);
  }
  return view;
}

struct Cell {
  double x1;
  double x2;
  std::string_view label;
  std::string_view value;
  bool bold = false;
  Align align = Align::kLeft;
};

// One row of labelled boxes: small label at the top, value on the bottom line.
void DrawRow(PdfCanvas& page, double y, double h, std::initializer_list<Cell> cells) {
  for (const Cell& cell : cells) {
    page.StrokeRect(cell.x1, y, cell.x2 - cell.x1, h, kThin);
    page.FitText(cell.x1 + 1.0, y + 2.4, kLabelPt, FontStyle::kRegular, cell.label,
                 cell.x2 - cell.x1 - 2.0);
    const double x = cell.align == Align::kRight ? cell.x2 - 1.5 : cell.x1 + 1.0;
    page.FitText(x, y + h - 1.6, kValuePt, cell.bold ? FontStyle::kBold : FontStyle::kRegular,
                 cell.value, cell.x2 - cell.x1 - 2.5, cell.align);
  }
}

// The bank's logo area, its code with check digit between thick rules, and text at the right.
void DrawBankHeader(PdfCanvas& page, const BoletoPdfData& data, const BoletoView& view, double y,
                    std::string_view right_text, double right_pt) {
  page.FitText(kLeft + 0.5, y + 7.0, 11.5, FontStyle::kBold, data.bank_name, 38.5);
  page.Line(50.0, y + 1.5, 50.0, y + 10.0, kThick);
  page.Line(72.0, y + 1.5, 72.0, y + 10.0, kThick);
  page.Text(61.0, y + 7.6, 15.0, FontStyle::kBold, view.bank_code_dv, Align::kCenter);
  page.FitText(kRight, y + 7.3, right_pt, FontStyle::kBold, right_text, kRight - 74.0,
               Align::kRight);
  page.Line(kLeft, y + 10.0, kRight, y + 10.0, kThick);
}

void DrawTopBand(PdfCanvas& page, const BoletoPdfData& data, const BoletoView& view) {
  // The beneficiary's name is never cut here: it is what the anti-fraud notice asks the payer to
  // check.
  page.FitText(kLeft, 15.5, 13.0, FontStyle::kBold, data.beneficiary_name, 128.0, Align::kLeft,
               0.5);
  std::string subtitle = view.beneficiary_document;
  if (!data.beneficiary_address.empty()) subtitle += "  ·  " + data.beneficiary_address;
  page.FitText(kLeft, 20.5, 8.0, FontStyle::kRegular, subtitle, 125.0);
  page.Text(kRight, 15.5, 11.0, FontStyle::kBold, "Boleto de cobrança", Align::kRight);
  page.Text(kRight, 20.5, 8.0, FontStyle::kRegular,
            "Vencimento " + view.due + "  ·  " + view.amount, Align::kRight);
  const std::string notice = "Antes de pagar, confira no app do seu banco se o beneficiário é " +
                             data.beneficiary_name + ", " + view.beneficiary_document +
                             ", e se o banco é " + view.bank_code_dv + " (" + data.bank_name + ").";
  const double width = kRight - kLeft - 4.0;
  std::vector<std::string> lines = page.WrapText(7.0, FontStyle::kRegular, notice, width);
  if (lines.size() > 2) {  // only with absurdly long names; the second line then shrinks to fit
    for (size_t i = 2; i < lines.size(); ++i) lines[1] += " " + lines[i];
    lines.resize(2);
  }
  page.SetGray(0.92);
  page.FillRect(kLeft, 23.0, kRight - kLeft, lines.size() == 1 ? 6.5 : 9.5);
  page.SetGray(0.0);
  for (size_t i = 0; i < lines.size(); ++i) {
    page.FitText(kLeft + 2.0, 27.3 + 3.2 * static_cast<double>(i), 7.0, FontStyle::kRegular,
                 lines[i], width, Align::kLeft, 0.5);
  }
}

// The instruction lines laid out in a box: wrapped at spaces, the font shrunk from 7.5 pt down
// to 5.5 pt until every line fits. Returns false when even 5.5 pt is not enough.
struct InstructionBlock {
  double size_pt = 7.5;
  std::vector<std::string> lines;
  bool fits = true;
};

InstructionBlock LayoutInstructions(PdfCanvas& page, const BoletoView& view, double width,
                                    double height) {
  InstructionBlock block;
  for (double size = 7.5; size >= 5.5; size -= 0.5) {
    block.size_pt = size;
    block.lines.clear();
    for (const std::string& instruction : view.instructions) {
      for (std::string& line : page.WrapText(size, FontStyle::kRegular, instruction, width)) {
        block.lines.push_back(std::move(line));
      }
    }
    const double lead = size * kMmPerPt * 1.2;
    if (static_cast<double>(block.lines.size()) * lead <= height) return block;
  }
  block.fits = false;
  return block;
}

// Draws the block from the first baseline at y; in a box too small (the receipt's), the lines that
// fit and a pointer to the compensation slip, which always carries them all.
void DrawInstructions(PdfCanvas& page, const InstructionBlock& block, double x, double y,
                      double height) {
  const double lead = block.size_pt * kMmPerPt * 1.2;
  const auto room = static_cast<size_t>(height / lead);
  for (size_t i = 0; i < block.lines.size() && i < room; ++i) {
    const bool last_room = i + 1 == room && block.lines.size() > room;
    page.Text(
        x, y + lead * static_cast<double>(i), block.size_pt, FontStyle::kRegular,
        last_room ? std::string("(demais instruções na ficha de compensação)") : block.lines[i]);
  }
}

void DrawReceipt(PdfCanvas& page, const BoletoPdfData& data, const BoletoView& view) {
  const double y0 = 38.0;
  page.Text(kLeft, y0 - 1.5, 8.0, FontStyle::kBold, "Recibo do Pagador");
  DrawBankHeader(page, data, view, y0, view.linha, 10.0);
  double y = y0 + 10.0;
  const std::string beneficiary = data.beneficiary_name + " — " + view.beneficiary_document;
  const std::string payer =
      view.payer_document.empty() ? data.payer_name : data.payer_name + " — " + view.payer_document;
  DrawRow(page, y, 8.0,
          {{kLeft, 120.0, "Beneficiário", beneficiary},
           {120.0, 160.0, "Agência / Código do beneficiário", data.agency_code},
           {160.0, kRight, "Vencimento", view.due, true, Align::kRight}});
  y += 8.0;
  DrawRow(page, y, 8.0,
          {{kLeft, 120.0, "Pagador", payer},
           {120.0, 160.0, "Nº do documento", data.document_number},
           {160.0, kRight, "(=) Valor do documento", view.amount, true, Align::kRight}});
  y += 8.0;
  DrawRow(page, y, 8.0,
          {{kLeft, 40.0, "Data do documento", view.issue},
           {40.0, 85.0, "Nosso número", data.our_number},
           {85.0, 105.0, "Carteira", data.wallet},
           {105.0, 130.0, "(-) Desconto / Abatimento", ""},
           {130.0, 160.0, "(+) Mora / Multa", ""},
           {160.0, kRight, "(=) Valor cobrado", "", false, Align::kRight}});
  y += 8.0;
  DrawRow(page, y, 16.0,
          {{kLeft, 140.0, "Instruções (texto de responsabilidade do beneficiário)", ""},
           {140.0, kRight, "Autenticação mecânica", ""}});
  const InstructionBlock block = LayoutInstructions(page, view, 127.0, 11.0);
  DrawInstructions(page, block, kLeft + 1.0, y + 5.6, 11.0);
}

// Wraps the PIX BR Code (no spaces to break at) into lines no wider than `width`; ASCII except the
// merchant name and city, which the BR Code rules fold to ASCII too, so cutting at any byte is
// safe.
std::vector<std::string> WrapCode(PdfCanvas& page, double size_pt, std::string_view code,
                                  double width) {
  // The toy text API applies no kerning, so a line's width is the sum of its characters' advances.
  std::vector<std::string> lines;
  std::string line;
  double line_width = 0;
  for (char c : code) {
    const double w = page.TextWidth(size_pt, FontStyle::kRegular, std::string_view(&c, 1));
    if (!line.empty() && line_width + w > width) {
      lines.push_back(std::move(line));
      line.clear();
      line_width = 0;
    }
    line.push_back(c);
    line_width += w;
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

Status DrawPix(PdfCanvas& page, const BoletoPdfData& data, const BoletoView& view) {
  Result<QrMatrix> qr = EncodeQr(data.pix_copia_e_cola);
  if (!qr.ok()) return Error::InvalidInput("PIX code: " + qr.error().message);
  const double y0 = 94.0;
  const double box_h = 56.0;
  page.StrokeRect(kLeft, y0, kRight - kLeft, box_h, kThin);
  // QR: at most 44 mm including a 4-module quiet zone (left white). Module size in quarter points
  // and the origin on whole points keep the PDF's coordinates short; dark modules are merged
  // greedily into rectangles (runs along a row, grown down while the rows below repeat them), which
  // keeps the file and the time small.
  const double side = 44.0;
  const double module_pt = std::floor(side / kMmPerPt / (qr->size + 8) * 4) / 4;
  const double module = module_pt * kMmPerPt;
  const double qx = std::round((kLeft + 4.0) / kMmPerPt + 4 * module_pt) * kMmPerPt;
  const double qy = std::round((y0 + 8.0) / kMmPerPt + 4 * module_pt) * kMmPerPt;
  const int n = qr->size;
  std::vector<bool> used(static_cast<size_t>(n) * n, false);
  auto free_dark = [&](int row, int col) { return qr->at(row, col) && !used[row * n + col]; };
  for (int row = 0; row < n; ++row) {
    for (int col = 0; col < n; ++col) {
      if (!free_dark(row, col)) continue;
      int end = col;
      while (end < n && free_dark(row, end)) ++end;
      int bottom = row + 1;
      for (; bottom < n; ++bottom) {
        bool full = true;
        for (int c = col; c < end && full; ++c) full = free_dark(bottom, c);
        if (!full) break;
      }
      for (int r = row; r < bottom; ++r) {
        for (int c = col; c < end; ++c) used[r * n + c] = true;
      }
      page.FillRect(qx + col * module, qy + row * module, (end - col) * module,
                    (bottom - row) * module);
      col = end - 1;
    }
  }

  const double tx = kLeft + side + 10.0;
  const double width = kRight - tx - 3.0;
  page.Text(kLeft + 3.0, y0 + 6.0, 10.0, FontStyle::kBold, "Pague com PIX");
  page.Text(tx, y0 + 6.0, 8.0, FontStyle::kRegular,
            "No app do seu banco, escolha PIX e leia o QR Code ou use o PIX Copia e Cola.");
  page.FitText(tx, y0 + 12.0, 8.0, FontStyle::kRegular,
               "Beneficiário: " + data.beneficiary_name + " — " + view.beneficiary_document, width);
  page.Text(tx, y0 + 16.5, 8.0, FontStyle::kRegular,
            "Valor: " + view.amount + "  ·  Vencimento: " + view.due);
  page.Text(tx, y0 + 23.0, 8.0, FontStyle::kBold, "PIX Copia e Cola");
  // Liberation Sans rather than a monospace face: one font less keeps the file small.
  double line_y = y0 + 27.0;
  for (const std::string& line : WrapCode(page, 7.5, data.pix_copia_e_cola, width)) {
    if (line_y > y0 + box_h - 2.0) break;
    page.Text(tx, line_y, 7.5, FontStyle::kRegular, line);
    line_y += 3.3;
  }
  return {};
}

void DrawCutLine(PdfCanvas& page, double y) {
  page.SetGray(0.35);
  page.DashedLine(kLeft, y, kRight, y, kThin, 1.2);
  page.Text(kRight, y - 1.2, 6.0, FontStyle::kRegular, "Corte na linha pontilhada", Align::kRight);
  page.SetGray(0.0);
}

Status DrawBarcode(PdfCanvas& page, std::string_view barcode, double y) {
  Result<std::string> elements = Interleaved2of5Elements(barcode);
  if (!elements.ok()) return elements.error();
  // On the 1/100-inch grid so that every edge falls on a device pixel at 100, 300 or 600 dpi.
  double x = 60 * kBoletoNarrowMm;
  bool bar = true;
  for (char e : *elements) {
    const double w = (e == 'w' ? kBoletoWideRatio : 1) * kBoletoNarrowMm;
    if (bar) page.FillRect(x, y, w, kBoletoBarHeightMm);
    x += w;
    bar = !bar;
  }
  return {};
}

Status DrawCompensationSlip(PdfCanvas& page, const BoletoPdfData& data, const BoletoView& view) {
  const double y0 = 181.0;
  DrawBankHeader(page, data, view, y0, view.linha, 11.5);
  double y = y0 + 10.0;
  DrawRow(page, y, 9.0,
          {{kLeft, 150.0, "Local de pagamento", data.payment_place},
           {150.0, kRight, "Vencimento", view.due, true, Align::kRight}});
  y += 9.0;
  // Beneficiary: name and CNPJ, then the address in a smaller line.
  DrawRow(page, y, 11.0,
          {{kLeft, 150.0, "Beneficiário", ""},
           {150.0, kRight, "Agência / Código do beneficiário", data.agency_code, false,
            Align::kRight}});
  page.FitText(kLeft + 1.0, y + 5.8, kValuePt, FontStyle::kRegular,
               data.beneficiary_name + " — " + view.beneficiary_document, 137.0);
  page.FitText(kLeft + 1.0, y + 9.4, 7.0, FontStyle::kRegular, data.beneficiary_address, 137.0);
  y += 11.0;
  DrawRow(page, y, 8.0,
          {{kLeft, 38.0, "Data do documento", view.issue},
           {38.0, 72.0, "Nº do documento", data.document_number},
           {72.0, 92.0, "Espécie doc.", data.species_doc},
           {92.0, 107.0, "Aceite", "N"},
           {107.0, 150.0, "Data do processamento", view.issue},
           {150.0, kRight, "Nosso número", data.our_number, false, Align::kRight}});
  y += 8.0;
  DrawRow(page, y, 8.0,
          {{kLeft, 38.0, "Uso do banco", ""},
           {38.0, 60.0, "Carteira", data.wallet},
           {60.0, 80.0, "Espécie", "R$"},
           {80.0, 107.0, "Quantidade", ""},
           {107.0, 150.0, "Valor", ""},
           {150.0, kRight, "(=) Valor do documento", view.amount, true, Align::kRight}});
  y += 8.0;
  const double sub = 6.0;
  page.StrokeRect(kLeft, y, 150.0 - kLeft, 5 * sub, kThin);
  page.Text(kLeft + 1.0, y + 2.4, kLabelPt, FontStyle::kRegular,
            "Instruções (texto de responsabilidade do beneficiário)");
  const InstructionBlock block = LayoutInstructions(page, view, 137.0, 5 * sub - 5.0);
  if (!block.fits) {
    return Error::InvalidInput("the instructions do not fit the compensation slip; shorten them");
  }
  DrawInstructions(page, block, kLeft + 1.0, y + 6.2, 5 * sub - 5.0);
  const char* right_labels[] = {"(-) Desconto / Abatimento", "(-) Outras deduções",
                                "(+) Mora / Multa", "(+) Outros acréscimos", "(=) Valor cobrado"};
  for (int i = 0; i < 5; ++i)
    DrawRow(page, y + i * sub, sub, {{150.0, kRight, right_labels[i], ""}});
  y += 5 * sub;
  const std::string payer =
      view.payer_document.empty() ? data.payer_name : data.payer_name + " — " + view.payer_document;
  DrawRow(page, y, 14.0, {{kLeft, kRight, "Pagador", ""}});
  page.FitText(kLeft + 1.0, y + 5.8, kValuePt, FontStyle::kRegular, payer, 185.0);
  page.FitText(kLeft + 1.0, y + 9.2, 7.0, FontStyle::kRegular, data.payer_address, 185.0);
  page.Text(kLeft + 1.0, y + 12.8, kLabelPt, FontStyle::kRegular, "Sacador / Avalista");
  y += 14.0;
  page.Line(kLeft, y, kRight, y, kThick);
  page.Text(kRight, y + 3.0, 6.5, FontStyle::kRegular, "Autenticação mecânica", Align::kRight);
  page.Text(kRight, y + 6.5, 8.0, FontStyle::kBold, "Ficha de Compensação", Align::kRight);
  return DrawBarcode(page, view.barcode, y + 2.0);
}

}  // namespace

Result<std::string> RenderBoletoPdf(const BoletoPdfData& data) {
  Result<BoletoView> view = Check(data);
  if (!view.ok()) return view.error();
  PdfCanvas page({.title = "Boleto " + data.document_number + " — " + data.beneficiary_name,
                  .author = data.beneficiary_name,
                  .subject = "Boleto de cobrança, vencimento " + view->due,
                  .create_date = data.issue_date.ToIso() + "T00:00:00"});
  DrawTopBand(page, data, *view);
  DrawReceipt(page, data, *view);
  if (!data.pix_copia_e_cola.empty()) {
    Status pix = DrawPix(page, data, *view);
    if (!pix.ok()) return pix.error();
  }
  DrawCutLine(page, 176.0);
  Status slip = DrawCompensationSlip(page, data, *view);
  if (!slip.ok()) return slip.error();
  return page.Finish();
}

}  // namespace atende::docs
