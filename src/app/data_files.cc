#include "app/data_files.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace atende::app {

std::optional<std::string> FindDataFile(const std::string& relative) {
  namespace fs = std::filesystem;
  std::vector<fs::path> roots;
  if (const char* env = std::getenv("ATENDE_DATA_DIR"); env != nullptr && *env != '\0')
    roots.emplace_back(env);
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path();
         dir = dir.parent_path()) {
      roots.push_back(dir / "data");
    }
  }
  roots.emplace_back("data");
  roots.emplace_back("/usr/share/atende");
  for (const fs::path& root : roots) {
    fs::path candidate = root / relative;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
  }
  return std::nullopt;
}

}  // namespace atende::app
