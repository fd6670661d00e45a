#include "br/check_digits.h"

namespace atende::br {

int Mod10(std::string_view digits) {
  int sum = 0;
  int weight = 2;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int product = (*it - '0') * weight;
    sum += product / 10 + product % 10;
    weight = weight == 2 ? 1 : 2;
  }
  return (10 - sum % 10) % 10;
}

namespace {

int WeightedMod11Remainder(std::string_view digits) {
  int sum = 0;
  int weight = 2;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    sum += (*it - '0') * weight;
    weight = weight == 9 ? 2 : weight + 1;
  }
  return sum % 11;
}

}  // namespace

int Mod11Bank(std::string_view digits) {
  int dv = 11 - WeightedMod11Remainder(digits);
  return (dv == 0 || dv == 10 || dv == 11) ? 1 : dv;
}

int Mod11Arrecadacao(std::string_view digits) {
  int r = WeightedMod11Remainder(digits);
  if (r == 0 || r == 1) return 0;
  if (r == 10) return 1;
  return 11 - r;
}

}  // namespace atende::br
