// Test helper: loads fixture files from src/channel/<adapter>/testdata/ (tests only).
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace atende::channel::testing {

inline std::string ReadFixture(const std::string& adapter, const std::string& name) {
  std::string path =
      std::string(ATENDE_SOURCE_DIR) + "/src/channel/" + adapter + "/testdata/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace atende::channel::testing
