#include "docs/interleaved_2of5.h"

#include <array>

namespace atende::docs {
namespace {

// Element widths of each digit (1 = wide), the classic 2-of-5 table.
constexpr std::array<const char*, 10> kDigitPatterns = {
    "nnwwn", "wnnnw", "nwnnw", "wwnnn", "nnwnw", "wnwnn", "nwwnn", "nnnww", "wnnwn", "nwnwn",
};

}  // namespace

Result<std::string> Interleaved2of5Elements(std::string_view digits) {
  if (digits.empty()) return Error::InvalidInput("interleaved 2 of 5: no digits");
  if (digits.size() % 2 != 0) {
    return Error::InvalidInput("interleaved 2 of 5: odd number of digits (" +
                               std::to_string(digits.size()) + ")");
  }
  for (size_t i = 0; i < digits.size(); ++i) {
    if (digits[i] < '0' || digits[i] > '9') {
      return Error::InvalidInput("interleaved 2 of 5: non-digit at position " +
                                 std::to_string(i + 1));
    }
  }
  std::string elements = "nnnn";
  elements.reserve(4 + digits.size() * 5 + 3);
  for (size_t i = 0; i < digits.size(); i += 2) {
    const char* bars = kDigitPatterns[digits[i] - '0'];
    const char* spaces = kDigitPatterns[digits[i + 1] - '0'];
    for (int k = 0; k < 5; ++k) {
      elements.push_back(bars[k]);
      elements.push_back(spaces[k]);
    }
  }
  elements += "wnn";
  return elements;
}

int Interleaved2of5Modules(std::string_view elements, int wide_ratio) {
  int modules = 0;
  for (char e : elements) modules += e == 'w' ? wide_ratio : 1;
  return modules;
}

}  // namespace atende::docs
