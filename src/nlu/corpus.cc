#include "nlu/corpus.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace atende::nlu {
namespace {

bool Skip(const std::string& line) { return line.empty() || line[0] == '#'; }

void StripCr(std::string& line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
}

}  // namespace

Result<std::vector<LabeledExample>> ReadTrainingDir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error::NotFound("no training folder at " + dir);
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<LabeledExample> out;
  for (const fs::path& file : files) {
    std::string name = file.stem().string();
    std::optional<Intent> intent = IntentFromName(name);
    if (!intent) return Error::InvalidInput(file.string() + ": '" + name + "' is not an intent");
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      StripCr(line);
      if (!Skip(line)) out.push_back({*intent, line});
    }
  }
  if (out.empty()) return Error::InvalidInput("no training examples in " + dir);
  return out;
}

Result<std::vector<LabeledExample>> ReadTsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error::NotFound("cannot read " + path);
  std::vector<LabeledExample> out;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    StripCr(line);
    if (Skip(line)) continue;
    size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      return Error::InvalidInput(path + ":" + std::to_string(number) +
                                 ": expected intent<TAB>text");
    }
    std::optional<Intent> intent = IntentFromName(line.substr(0, tab));
    if (!intent) {
      return Error::InvalidInput(path + ":" + std::to_string(number) + ": unknown intent '" +
                                 line.substr(0, tab) + "'");
    }
    out.push_back({*intent, line.substr(tab + 1)});
  }
  return out;
}

}  // namespace atende::nlu
