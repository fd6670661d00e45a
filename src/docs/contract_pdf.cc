#include "docs/contract_pdf.h"

#include <string>
#include <vector>

#include "docs/pdf_canvas.h"

namespace atende::docs {
namespace {

constexpr double kMarginX = 22.0;
constexpr double kTop = 22.0;
constexpr double kBottom = 270.0;  // last text baseline; the footer sits below
constexpr double kBodyPt = 10.0;
constexpr double kHeadingPt = 10.5;
constexpr double kTitlePt = 13.0;
constexpr double kMmPerPt = 25.4 / 72.0;

struct PlacedLine {
  double y;
  double size_pt;
  FontStyle style;
  Align align;
  std::string text;
};
using Page = std::vector<PlacedLine>;

// Flows the text into pages: the first non-empty line is the title, "# " lines are headings, blank
// lines separate paragraphs, everything else is wrapped body text.
std::vector<Page> Layout(PdfCanvas& canvas, std::string_view text) {
  const double width = kA4WidthMm - 2 * kMarginX;
  std::vector<Page> pages(1);
  double y = kTop;
  bool title_done = false;
  auto place = [&](double size, FontStyle style, Align align, std::string line, double lead) {
    if (y + lead > kBottom) {
      pages.emplace_back();
      y = kTop;
    }
    y += lead;
    const double x_line = y;
    pages.back().push_back({x_line, size, style, align, std::move(line)});
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    // Tabs and other control characters have no glyph: they are laid out as spaces (the hash keeps
    // them).
    std::string line_text(text.substr(pos, end - pos));
    pos = end + 1;
    if (!line_text.empty() && line_text.back() == '\r') line_text.pop_back();
    for (char& c : line_text) {
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    }
    std::string_view raw = line_text;
    const bool blank = raw.find_first_not_of(" \t") == std::string_view::npos;
    if (blank) {
      if (!pages.back().empty()) y += kBodyPt * kMmPerPt * 0.6;
      if (end == text.size()) break;
      continue;
    }
    const bool heading = raw.substr(0, 2) == "# ";
    if (heading) raw.remove_prefix(2);
    if (!title_done) {
      title_done = true;
      for (std::string& line : canvas.WrapText(kTitlePt, FontStyle::kBold, raw, width)) {
        place(kTitlePt, FontStyle::kBold, Align::kCenter, std::move(line),
              kTitlePt * kMmPerPt * 1.4);
      }
      y += 3.0;
      continue;
    }
    const double size = heading ? kHeadingPt : kBodyPt;
    const FontStyle style = heading ? FontStyle::kBold : FontStyle::kRegular;
    const double lead = size * kMmPerPt * 1.35;
    // A heading does not sit alone at the bottom of a page.
    if (heading && y + 3 * lead > kBottom) y = kBottom;
    for (std::string& line : canvas.WrapText(size, style, raw, width)) {
      place(size, style, Align::kLeft, std::move(line), lead);
    }
    if (end == text.size()) break;
  }
  return pages;
}

}  // namespace

Result<ContractPdf> RenderContractPdf(std::string_view template_text,
                                      const ContractValues& values) {
  Result<std::string> filled = FillContractTemplate(template_text, values);
  if (!filled.ok()) return filled.error();
  ContractPdf out;
  out.text = std::move(*filled);
  out.sha256 = Sha256Hex(out.text);

  PdfCanvas canvas({.title = "Contrato de prestação de serviços",
                    .author = "",
                    .subject = "",
                    .create_date = ""});
  const std::vector<Page> pages = Layout(canvas, out.text);
  const std::string total = std::to_string(pages.size());
  for (size_t i = 0; i < pages.size(); ++i) {
    if (i > 0) canvas.NewPage();
    for (const PlacedLine& line : pages[i]) {
      const double x = line.align == Align::kCenter ? kA4WidthMm / 2 : kMarginX;
      canvas.Text(x, line.y, line.size_pt, line.style, line.text, line.align);
    }
    canvas.SetGray(0.3);
    canvas.Line(kMarginX, 278.0, kA4WidthMm - kMarginX, 278.0, 0.2);
    canvas.Text(kMarginX, 282.0, 6.5, FontStyle::kMono, "SHA-256 do texto: " + out.sha256);
    canvas.Text(kA4WidthMm - kMarginX, 282.0, 7.0, FontStyle::kRegular,
                "Página " + std::to_string(i + 1) + " de " + total, Align::kRight);
    canvas.SetGray(0.0);
  }
  out.pages = static_cast<int>(pages.size());
  Result<std::string> pdf = canvas.Finish();
  if (!pdf.ok()) return pdf.error();
  out.pdf = std::move(*pdf);
  return out;
}

}  // namespace atende::docs
