// Test-only helpers (included by the *_test.cc files of docs/): write a PDF to a scratch folder and
// read it back with the real tools a reader would use — pdftoppm (poppler-utils) to rasterise,
// zbarimg (zbar-tools) to decode barcodes and QR codes, pdftotext to extract text. Each returns
// what the tool printed.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace atende::docs::testing {

inline bool ToolExists(const std::string& tool) {
  return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

inline std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "atende-docs-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) != nullptr) path_ = buffer.data();
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string Write(const std::string& name, const std::string& bytes) const {
    const std::string file = path_ + "/" + name;
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A part of the page to rasterise, in millimetres from the top-left corner (all zero: the whole
// page).
struct CropMm {
  double x = 0, y = 0, w = 0, h = 0;
};

// Rasterises page 1 at `dpi` and returns the symbols zbarimg decodes, one per line ("I2/5" and QR
// enabled).
inline std::string DecodeSymbols(const ScratchDir& dir, const std::string& pdf_file, int dpi = 300,
                                 CropMm crop = {}) {
  const std::string prefix = dir.path() + "/page";
  std::string region;
  if (crop.w > 0) {
    auto px = [dpi](double mm) { return std::to_string(static_cast<int>(mm / 25.4 * dpi)); };
    region = " -x " + px(crop.x) + " -y " + px(crop.y) + " -W " + px(crop.w) + " -H " + px(crop.h);
  }
  RunCommand("pdftoppm -r " + std::to_string(dpi) + region + " -png -f 1 -l 1 -singlefile '" +
             pdf_file + "' '" + prefix + "'");
  return RunCommand("zbarimg --raw -q -Si25.enable '" + prefix + ".png' 2>/dev/null");
}

inline std::string PdfText(const std::string& pdf_file) {
  return RunCommand("pdftotext -enc UTF-8 '" + pdf_file + "' - 2>/dev/null");
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    if (end > pos) lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

}  // namespace atende::docs::testing
