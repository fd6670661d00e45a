// Lenient readers for ERP payloads (erp-common.md §3.1 and §6): ids, money, dates and booleans
// arrive as strings or numbers, "True"/"true"/true/"S"/"sim"/1, dates in ISO or Brazilian form.
// Money never goes through binary floating point: a JSON number is read back from its shortest
// decimal text. Also the shared body checks (HTML where JSON was expected, PHP error text) and a
// short redacted snippet for error details.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/customer.h"
#include "core/date.h"
#include "core/money.h"
#include "core/result.h"

namespace atende::erp::wire {

using Json = nlohmann::json;

// Parses a body that must be a JSON object or array. HTML or text → kBadAnswer naming `what`.
Result<Json> ParseJson(std::string_view body, std::string_view what);

// `obj[key]` as text: strings as they are, integers without decimals, other numbers in shortest
// form, booleans "true"/"false"; missing, null or a non-object → "".
std::string Text(const Json& obj, std::string_view key);
std::string AsText(const Json& value);
// First non-empty Text among the keys.
std::string FirstText(const Json& obj, std::initializer_list<std::string_view> keys);
std::optional<Money> MoneyField(const Json& obj, std::string_view key);
std::optional<Money> AsMoney(const Json& value);
std::optional<Date> DateField(const Json& obj, std::string_view key);
std::optional<bool> BoolField(const Json& obj, std::string_view key);
std::optional<bool> AsBool(const Json& value);
std::optional<long long> IntField(const Json& obj, std::string_view key);

bool LooksLikeHtml(std::string_view body);
// Up to 160 characters of the body with tags removed and whitespace collapsed: for Error::detail.
std::string Snippet(std::string_view body);
// Lower case with the accents of Portuguese removed ("Não possui" → "nao possui"): for matching an
// ERP's message texts whatever their case and accents.
std::string Fold(std::string_view text);
// A registered phone as the ERP stored it, parsed where it reads as a number (kind: the ERP's
// column).
CustomerPhone PhoneEntry(std::string raw, std::string kind);
// A configured base URL without its trailing slashes.
std::string WithoutTrailingSlash(std::string url);
// Digits only.
std::string Digits(std::string_view text);
// Standard or URL-safe base64, whitespace and missing padding tolerated; "" when the text is not
// base64.
std::string DecodeBase64(std::string_view text);

}  // namespace atende::erp::wire
