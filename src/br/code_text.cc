#include "br/code_text.h"

namespace atende::br::internal {

Result<std::string> CodeDigits(std::string_view code) {
  std::string digits;
  digits.reserve(code.size());
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != ' ' && c != '.' && c != '-' && c != '\t' && c != '\n' && c != '\r') {
      return Error::InvalidInput("unexpected character at position " + std::to_string(i + 1) +
                                 " (only digits, spaces, dots and hyphens)");
    }
  }
  return digits;
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool AllZeros(std::string_view s) {
  for (char c : s) {
    if (c != '0') return false;
  }
  return true;
}

}  // namespace atende::br::internal
