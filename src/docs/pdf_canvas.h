// PdfCanvas: a cairo PDF surface that writes into memory, with drawing in millimetres from the
// top-left corner of an A4 page and text in points with the Liberation fonts (Debian
// fonts-liberation2, found by fontconfig). One canvas per document and per thread; not copyable.
// cairo errors surface from Finish() as a Result.
#pragma once

#include <cairo.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace atende::docs {

inline constexpr double kA4WidthMm = 210.0;
inline constexpr double kA4HeightMm = 297.0;

enum class FontStyle { kRegular, kBold, kMono, kMonoBold };
enum class Align { kLeft, kCenter, kRight };

struct PdfMetadata {
  std::string title;
  std::string author;
  std::string subject;
  std::string create_date;  // ISO 8601 ("2026-11-10T00:00:00"); fixed so the same input gives the
                            // same bytes
};

class PdfCanvas {
 public:
  explicit PdfCanvas(const PdfMetadata& metadata);
  ~PdfCanvas();
  PdfCanvas(const PdfCanvas&) = delete;
  PdfCanvas& operator=(const PdfCanvas&) = delete;

  // Text with its baseline at y (mm); x is the left edge, centre or right edge per `align`.
  void Text(double x, double y, double size_pt, FontStyle style, std::string_view text,
            Align align = Align::kLeft);
  // Like Text, but shrinks the size (down to min_ratio × size_pt) and then cuts the text with "…"
  // to fit max_width_mm.
  void FitText(double x, double y, double size_pt, FontStyle style, std::string_view text,
               double max_width_mm, Align align = Align::kLeft, double min_ratio = 0.6);
  // Breaks a paragraph into lines no wider than width_mm at spaces; a word wider than a line is
  // split.
  std::vector<std::string> WrapText(double size_pt, FontStyle style, std::string_view paragraph,
                                    double width_mm);
  double TextWidth(double size_pt, FontStyle style, std::string_view text);

  void SetGray(double level);  // 0 black … 1 white, for everything drawn after
  void Line(double x1, double y1, double x2, double y2, double width_mm);
  void DashedLine(double x1, double y1, double x2, double y2, double width_mm, double dash_mm);
  void StrokeRect(double x, double y, double w, double h, double width_mm);
  // One filled rectangle (bars, QR modules). Each is its own fill on purpose: cairo writes a lone
  // box as a compact "re" and skips the tessellation that one path of hundreds of boxes costs (2 ms
  // for a QR code).
  void FillRect(double x, double y, double w, double h);

  void NewPage();
  // Finishes the document and returns its bytes, or the cairo error.
  Result<std::string> Finish();

 private:
  static cairo_status_t Write(void* closure, const unsigned char* data, unsigned int length);
  void UseFont(double size_pt, FontStyle style);

  std::string bytes_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  cairo_font_face_t* faces_[4] = {};
  bool finished_ = false;
};

}  // namespace atende::docs
