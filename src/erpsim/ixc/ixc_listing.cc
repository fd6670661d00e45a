#include "erpsim/ixc/ixc_listing.h"

#include <algorithm>
#include <cctype>

#include "core/date.h"

namespace atende::erpsim::ixc {

namespace {

std::optional<Date> AsDate(const std::string& text) {
  if (text.size() < 10) return std::nullopt;
  auto date = Date::ParseErp(text);
  if (!date.ok() || !date->has_value()) return std::nullopt;
  return **date;
}

// A decimal as (integer part, fraction padded to 6 digits) for exact comparison; nullopt when not a
// number.
std::optional<std::pair<long long, long long>> AsDecimal(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  size_t i = 0;
  bool negative = text[0] == '-';
  if (negative) i = 1;
  long long whole = 0, fraction = 0;
  int fraction_digits = 0;
  bool dot = false, any = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    any = true;
    if (dot) {
      if (fraction_digits == 6) continue;
      fraction = fraction * 10 + (c - '0');
      ++fraction_digits;
    } else {
      whole = whole * 10 + (c - '0');
    }
  }
  if (!any) return std::nullopt;
  for (; fraction_digits < 6; ++fraction_digits) fraction *= 10;
  if (negative) return std::make_pair(-whole, -fraction);
  return std::make_pair(whole, fraction);
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string FieldText(const Row& row, const std::string& field) {
  auto it = row.find(field);
  if (it == row.end()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace

int CompareValues(const std::string& a, const std::string& b) {
  if (auto da = AsDate(a), db = AsDate(b); da && db) return *da < *db ? -1 : *da > *db ? 1 : 0;
  if (auto na = AsDecimal(a), nb = AsDecimal(b); na && nb)
    return *na < *nb ? -1 : *na > *nb ? 1 : 0;
  return a < b ? -1 : a > b ? 1 : 0;
}

std::optional<std::string> SplitField(const std::string& qualified, const std::string& table) {
  size_t dot = qualified.find('.');
  if (dot == std::string::npos || qualified.substr(0, dot) != table ||
      dot + 1 == qualified.size()) {
    return std::nullopt;
  }
  return qualified.substr(dot + 1);
}

std::optional<std::vector<Filter>> ParseGridParam(const nlohmann::json& grid_param,
                                                  const std::string& table) {
  nlohmann::json array = grid_param;
  if (grid_param.is_string()) {
    std::string text = grid_param.get<std::string>();
    if (text.empty()) return std::vector<Filter>{};
    array = nlohmann::json::parse(text, nullptr, false);
  }
  if (array.is_discarded() || !array.is_array()) return std::nullopt;
  std::vector<Filter> filters;
  for (const auto& item : array) {
    if (!item.is_object()) return std::nullopt;
    auto text = [&](const char* key) -> std::string {
      auto it = item.find(key);
      if (it == item.end() || it->is_null()) return "";
      return it->is_string() ? it->get<std::string>() : it->dump();
    };
    auto field = SplitField(text("TB"), table);
    if (!field) return std::nullopt;
    std::string op = text("OP");
    filters.push_back({*field, op.empty() ? std::string("=") : op, text("P"), text("P2")});
  }
  return filters;
}

bool KnownOperator(const std::string& op) {
  static const char* kOps[] = {"=", "!=", ">", "<", ">=", "<=", "L", "NL", "IN", "NI", "BE", "NBE"};
  return std::any_of(std::begin(kOps), std::end(kOps), [&](const char* k) { return op == k; });
}

bool Matches(const Row& row, const Filter& f) {
  std::string value = FieldText(row, f.field);
  auto in_list = [&]() {
    size_t start = 0;
    while (start <= f.value.size()) {
      size_t end = f.value.find(',', start);
      if (end == std::string::npos) end = f.value.size();
      std::string item = f.value.substr(start, end - start);
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (!item.empty() && CompareValues(value, item) == 0) return true;
      start = end + 1;
    }
    return false;
  };
  auto between = [&]() {
    return CompareValues(value, f.value) >= 0 && CompareValues(value, f.value2) <= 0;
  };
  if (f.op == "=") return CompareValues(value, f.value) == 0;
  if (f.op == "!=") {
    return CompareValues(value, f.value) != 0 &&
           (f.value2.empty() || CompareValues(value, f.value2) != 0);
  }
  if (f.op == ">") return CompareValues(value, f.value) > 0;
  if (f.op == "<") return CompareValues(value, f.value) < 0;
  if (f.op == ">=") return CompareValues(value, f.value) >= 0;
  if (f.op == "<=") return CompareValues(value, f.value) <= 0;
  if (f.op == "L") return Lower(value).find(Lower(f.value)) != std::string::npos;
  if (f.op == "NL") return Lower(value).find(Lower(f.value)) == std::string::npos;
  if (f.op == "IN") return in_list();
  if (f.op == "NI") return !in_list();
  if (f.op == "BE") return between();
  if (f.op == "NBE") return !between();
  return false;
}

void SortRows(std::vector<Row>& rows, const std::string& field, bool descending) {
  std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    int c = CompareValues(FieldText(a, field), FieldText(b, field));
    return descending ? c > 0 : c < 0;
  });
}

}  // namespace atende::erpsim::ixc
