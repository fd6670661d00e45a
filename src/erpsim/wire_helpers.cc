// Base64 (OpenSSL EVP), Basic credentials and small text helpers for the flavors (flavor.h).
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "erpsim/flavor.h"

namespace atende::erpsim {

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out = Base64Encode(bytes);
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  std::string in(text);
  for (char& c : in) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (in.size() % 4 != 0) in.push_back('=');
  if (in.empty()) return std::string();
  std::string out(in.size() / 4 * 3 + 1, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return std::nullopt;
  size_t padding = 0;
  for (size_t i = in.size(); i > 0 && in[i - 1] == '='; --i) ++padding;
  out.resize(static_cast<size_t>(n) - std::min<size_t>(padding, static_cast<size_t>(n)));
  return out;
}

std::optional<std::pair<std::string, std::string>> BasicCredentials(const http::Request& request) {
  std::string header = request.Header("authorization");
  if (header.size() < 6 || AsciiLower(header.substr(0, 6)) != "basic ") return std::nullopt;
  auto decoded = Base64Decode(header.substr(6));
  if (!decoded) return std::nullopt;
  size_t colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(decoded->substr(0, colon), decoded->substr(colon + 1));
}

std::string FormatCep(const std::string& zip8) {
  return zip8.size() == 8 ? zip8.substr(0, 5) + "-" + zip8.substr(5) : zip8;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

nlohmann::json MoneyNumber(Money money) { return nlohmann::json::parse(money.ToDecimal()); }

namespace {
std::string Signature(const std::string& key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(out), len));
}
}  // namespace

std::string IssueSignedToken(const std::string& key, std::string_view prefix, int64_t expires_at) {
  std::string body = std::string(prefix) + "." + std::to_string(expires_at);
  return body + "." + Signature(key, body);
}

bool ValidSignedToken(const std::string& key, std::string_view token, int64_t now) {
  size_t last = token.rfind('.');
  if (last == std::string_view::npos) return false;
  std::string_view body = token.substr(0, last);
  std::string expected = Signature(key, body);
  std::string_view given = token.substr(last + 1);
  if (given.size() != expected.size() ||
      CRYPTO_memcmp(given.data(), expected.data(), given.size()) != 0) {
    return false;
  }
  size_t dot = body.rfind('.');
  std::string exp(body.substr(dot == std::string_view::npos ? 0 : dot + 1));
  if (exp.empty() || exp.size() > 15 || DigitsOnly(exp) != exp) return false;
  return std::stoll(exp) > now;
}

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string DigitsOnly(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

}  // namespace atende::erpsim
