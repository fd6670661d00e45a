#include "docs/pdf_canvas.h"

#include <cairo-pdf.h>

#include <algorithm>
#include <vector>

namespace atende::docs {
namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kMmPerPoint = 25.4 / 72.0;

cairo_font_face_t* MakeFace(FontStyle style) {
  const bool mono = style == FontStyle::kMono || style == FontStyle::kMonoBold;
  const bool bold = style == FontStyle::kBold || style == FontStyle::kMonoBold;
  return cairo_toy_font_face_create(mono ? "Liberation Mono" : "Liberation Sans",
                                    CAIRO_FONT_SLANT_NORMAL,
                                    bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
}

// Cuts a UTF-8 string to at most `bytes` bytes without splitting a character.
std::string_view CutUtf8(std::string_view text, size_t bytes) {
  if (bytes >= text.size()) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return text.substr(0, bytes);
}

// Splits a UTF-8 word into pieces no wider than `width` (only for words longer than a whole line).
std::vector<std::string> BreakWord(PdfCanvas& canvas, double size, FontStyle style,
                                   const std::string& word, double width) {
  std::vector<std::string> pieces;
  std::string current;
  for (size_t i = 0; i < word.size();) {
    size_t len = 1;
    while (i + len < word.size() && (static_cast<unsigned char>(word[i + len]) & 0xC0) == 0x80) {
      ++len;
    }
    std::string next = current + word.substr(i, len);
    if (!current.empty() && canvas.TextWidth(size, style, next) > width) {
      pieces.push_back(current);
      current = word.substr(i, len);
    } else {
      current = std::move(next);
    }
    i += len;
  }
  if (!current.empty()) pieces.push_back(current);
  return pieces;
}

}  // namespace

PdfCanvas::PdfCanvas(const PdfMetadata& metadata) {
  surface_ = cairo_pdf_surface_create_for_stream(&PdfCanvas::Write, this, kA4WidthMm * kPointsPerMm,
                                                 kA4HeightMm * kPointsPerMm);
  if (!metadata.title.empty()) {
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, metadata.title.c_str());
  }
  if (!metadata.author.empty()) {
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_AUTHOR, metadata.author.c_str());
  }
  if (!metadata.subject.empty()) {
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_SUBJECT, metadata.subject.c_str());
  }
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "atende");
  if (!metadata.create_date.empty()) {
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATE_DATE,
                                   metadata.create_date.c_str());
  }
  cr_ = cairo_create(surface_);
  cairo_scale(cr_, kPointsPerMm, kPointsPerMm);
  for (int i = 0; i < 4; ++i) faces_[i] = MakeFace(static_cast<FontStyle>(i));
}

PdfCanvas::~PdfCanvas() {
  for (cairo_font_face_t* face : faces_) cairo_font_face_destroy(face);
  cairo_destroy(cr_);
  if (!finished_) cairo_surface_finish(surface_);
  cairo_surface_destroy(surface_);
}

cairo_status_t PdfCanvas::Write(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<PdfCanvas*>(closure)->bytes_.append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void PdfCanvas::UseFont(double size_pt, FontStyle style) {
  cairo_set_font_face(cr_, faces_[static_cast<int>(style)]);
  cairo_set_font_size(cr_, size_pt * kMmPerPoint);
}

double PdfCanvas::TextWidth(double size_pt, FontStyle style, std::string_view text) {
  UseFont(size_pt, style);
  std::string owned(text);
  cairo_text_extents_t extents;
  cairo_text_extents(cr_, owned.c_str(), &extents);
  return extents.x_advance;
}

void PdfCanvas::Text(double x, double y, double size_pt, FontStyle style, std::string_view text,
                     Align align) {
  if (text.empty()) return;
  std::string owned(text);
  UseFont(size_pt, style);
  double left = x;
  if (align != Align::kLeft) {
    cairo_text_extents_t extents;
    cairo_text_extents(cr_, owned.c_str(), &extents);
    left = align == Align::kRight ? x - extents.x_advance : x - extents.x_advance / 2;
  }
  cairo_move_to(cr_, left, y);
  cairo_show_text(cr_, owned.c_str());
  cairo_new_path(cr_);
}

void PdfCanvas::FitText(double x, double y, double size_pt, FontStyle style, std::string_view text,
                        double max_width_mm, Align align, double min_ratio) {
  double size = size_pt;
  const double min_size = size_pt * min_ratio;
  double width = TextWidth(size, style, text);
  if (width > max_width_mm) {
    size = std::max(min_size, size * max_width_mm / width);
    width = TextWidth(size, style, text);
  }
  if (width <= max_width_mm) {
    Text(x, y, size, style, text, align);
    return;
  }
  std::string_view cut = text;
  std::string candidate;
  while (!cut.empty()) {
    cut = CutUtf8(cut, cut.size() - 1);
    candidate = std::string(cut) + "…";
    if (TextWidth(size, style, candidate) <= max_width_mm) break;
  }
  Text(x, y, size, style, candidate, align);
}

std::vector<std::string> PdfCanvas::WrapText(double size, FontStyle style,
                                             std::string_view paragraph, double width) {
  std::vector<std::string> words;
  size_t pos = 0;
  while (pos < paragraph.size()) {
    const size_t space = paragraph.find(' ', pos);
    const size_t end = space == std::string_view::npos ? paragraph.size() : space;
    if (end > pos) words.emplace_back(paragraph.substr(pos, end - pos));
    pos = end + 1;
  }
  std::vector<std::string> lines;
  std::string line;
  for (const std::string& word : words) {
    std::string candidate = line.empty() ? word : line + " " + word;
    if (TextWidth(size, style, candidate) <= width) {
      line = std::move(candidate);
      continue;
    }
    if (!line.empty()) lines.push_back(std::move(line));
    line.clear();
    if (TextWidth(size, style, word) <= width) {
      line = word;
      continue;
    }
    std::vector<std::string> pieces = BreakWord(*this, size, style, word, width);
    line = pieces.back();
    pieces.pop_back();
    for (std::string& piece : pieces) lines.push_back(std::move(piece));
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

void PdfCanvas::SetGray(double level) { cairo_set_source_rgb(cr_, level, level, level); }

void PdfCanvas::Line(double x1, double y1, double x2, double y2, double width_mm) {
  cairo_set_line_width(cr_, width_mm);
  cairo_move_to(cr_, x1, y1);
  cairo_line_to(cr_, x2, y2);
  cairo_stroke(cr_);
}

void PdfCanvas::DashedLine(double x1, double y1, double x2, double y2, double width_mm,
                           double dash_mm) {
  cairo_set_dash(cr_, &dash_mm, 1, 0);
  Line(x1, y1, x2, y2, width_mm);
  cairo_set_dash(cr_, nullptr, 0, 0);
}

void PdfCanvas::StrokeRect(double x, double y, double w, double h, double width_mm) {
  cairo_set_line_width(cr_, width_mm);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_stroke(cr_);
}

void PdfCanvas::FillRect(double x, double y, double w, double h) {
  cairo_rectangle(cr_, x, y, w, h);
  cairo_fill(cr_);
}

void PdfCanvas::NewPage() { cairo_show_page(cr_); }

Result<std::string> PdfCanvas::Finish() {
  cairo_status_t status = cairo_status(cr_);
  cairo_surface_finish(surface_);
  finished_ = true;
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface_);
  if (status != CAIRO_STATUS_SUCCESS) {
    return Error::Internal(std::string("PDF rendering failed: ") + cairo_status_to_string(status));
  }
  return std::move(bytes_);
}

}  // namespace atende::docs
