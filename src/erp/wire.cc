#include "erp/wire.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>

namespace atende::erp::wire {

Result<Json> ParseJson(std::string_view body, std::string_view what) {
  Json j = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !(j.is_object() || j.is_array())) {
    return Error::BadAnswer(std::string(what) + ": expected JSON, got " +
                            (LooksLikeHtml(body) ? "HTML" : "text"))
        .WithDetail(Snippet(body));
  }
  return j;
}

std::string AsText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number_unsigned()) return std::to_string(v.get<unsigned long long>());
  if (v.is_number_float()) return v.dump();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return {};
}

std::string Text(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return {};
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  return AsText(*it);
}

std::string FirstText(const Json& obj, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    std::string t = Text(obj, k);
    if (!t.empty()) return t;
  }
  return {};
}

std::optional<Money> AsMoney(const Json& v) {
  std::string t = AsText(v);
  if (t.empty() || v.is_boolean()) return std::nullopt;
  auto m = Money::ParseDecimal(t);
  if (!m.ok()) m = Money::Parse(t);
  if (!m.ok()) return std::nullopt;
  return *m;
}

std::optional<Money> MoneyField(const Json& obj, std::string_view key) {
  if (!obj.is_object() || !obj.contains(key)) return std::nullopt;
  return AsMoney(obj.at(std::string(key)));
}

std::optional<Date> DateField(const Json& obj, std::string_view key) {
  std::string t = Text(obj, key);
  if (t.empty()) return std::nullopt;
  auto d = Date::ParseErp(t);
  if (!d.ok()) return std::nullopt;
  return *d;
}

std::optional<bool> AsBool(const Json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer() || v.is_number_unsigned()) return v.get<long long>() != 0;
  if (!v.is_string()) return std::nullopt;
  std::string t = v.get<std::string>();
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "true" || t == "s" || t == "sim" || t == "1" || t == "y" || t == "yes") return true;
  if (t == "false" || t == "n" || t == "nao" || t == "não" || t == "0" || t == "no") return false;
  return std::nullopt;
}

std::optional<bool> BoolField(const Json& obj, std::string_view key) {
  if (!obj.is_object() || !obj.contains(key)) return std::nullopt;
  return AsBool(obj.at(std::string(key)));
}

std::optional<long long> IntField(const Json& obj, std::string_view key) {
  std::string t = Text(obj, key);
  if (t.empty()) return std::nullopt;
  try {
    size_t used = 0;
    long long n = std::stoll(t, &used);
    if (used != t.size()) return std::nullopt;
    return n;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool LooksLikeHtml(std::string_view body) {
  size_t i = 0;
  while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i]))) ++i;
  return i < body.size() && body[i] == '<';
}

std::string Snippet(std::string_view body) {
  std::string out;
  bool in_tag = false, space = false;
  for (char c : body) {
    if (c == '<') {
      in_tag = true;
      continue;
    }
    if (in_tag) {
      if (c == '>') {
        in_tag = false;
        space = true;
      }
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
    if (out.size() >= 160) break;
  }
  return out;
}

std::string Fold(std::string_view text) {
  // UTF-8 two-byte sequences of Latin-1 letters (0xC3 0x80..0xBF) mapped to their base letter.
  static constexpr char kBase[] = "aaaaaaaceeeeiiiidnooooo*ouuuuyps";  // À..ß, lower-cased
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xC3 && i + 1 < text.size()) {
      unsigned char d = static_cast<unsigned char>(text[i + 1]);
      if (d >= 0x80 && d <= 0xBF) {
        out.push_back(kBase[(d - 0x80) % 32]);
        ++i;
        continue;
      }
    }
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

CustomerPhone PhoneEntry(std::string raw, std::string kind) {
  CustomerPhone p;
  if (auto parsed = Phone::Parse(raw); parsed.ok()) p.phone = *parsed;
  p.raw = std::move(raw);
  p.kind = std::move(kind);
  return p;
}

std::string WithoutTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string Digits(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) out.push_back(c);
  }
  return out;
}

std::string DecodeBase64(std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    if (c == '-') c = '+';
    if (c == '_') c = '/';
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '='))
      return {};
    clean.push_back(c);
  }
  while (clean.size() % 4 != 0) clean.push_back('=');
  if (clean.empty()) return {};
  size_t padding = 0;
  for (size_t i = clean.size(); i > 0 && clean[i - 1] == '='; --i) ++padding;
  std::string out(clean.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(clean.data()),
                          static_cast<int>(clean.size()));
  if (n < 0 || static_cast<size_t>(n) < padding) return {};
  out.resize(static_cast<size_t>(n) - std::min<size_t>(padding, 2));
  return out;
}

}  // namespace atende::erp::wire
