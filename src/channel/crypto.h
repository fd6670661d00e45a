// Small cryptographic and encoding helpers shared by the channel adapters: SHA-256, HMAC-SHA256
// (OpenSSL), constant-time comparison, lower-case hex, base64 and base64url. Pure functions,
// thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace atende::channel {

// Raw 32-byte HMAC-SHA256 of `data` with `key`.
std::string HmacSha256(std::string_view key, std::string_view data);
// Raw 32-byte SHA-256 of `data` (checking downloaded media against the provider's hash).
std::string Sha256(std::string_view data);
std::string HexLower(std::string_view bytes);
// Constant time in the length of the inputs (CRYPTO_memcmp); false when the lengths differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);
std::string Base64Encode(std::string_view bytes);
// Base64url without padding (JWT).
std::string Base64UrlEncode(std::string_view bytes);
// Base64url or standard base64, padding optional; nullopt on any other character.
std::optional<std::string> Base64UrlDecode(std::string_view text);
// Number of Unicode code points in UTF-8 text (what WhatsApp's character limits count).
size_t Utf8Length(std::string_view text);

}  // namespace atende::channel
