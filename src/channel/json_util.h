// JSON reading helpers for the adapters' webhook parsers (nlohmann::json, never throwing): field
// lookup that tolerates absent keys and wrong types, Unix-seconds timestamps given as strings or
// numbers, and path-naming errors ("entry[0].changes[1].value"). Thread-safe (pure functions).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"

namespace atende::channel {

using Json = nlohmann::json;

// The member `key` of `object`, or nullptr when `object` is not an object or lacks it.
inline const Json* Member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// The string member `key`, or `fallback` when absent or not a string.
inline std::string StringMember(const Json& object, std::string_view key,
                                std::string fallback = {}) {
  const Json* v = Member(object, key);
  return v != nullptr && v->is_string() ? v->get<std::string>() : fallback;
}

// A member that is a string or a number, as text ("131047" for 131047).
inline std::string ScalarMember(const Json& object, std::string_view key) {
  const Json* v = Member(object, key);
  if (v == nullptr) return {};
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number_integer()) return std::to_string(v->get<int64_t>());
  if (v->is_number_unsigned()) return std::to_string(v->get<uint64_t>());
  return {};
}

inline bool BoolMember(const Json& object, std::string_view key) {
  const Json* v = Member(object, key);
  return v != nullptr && v->is_boolean() && v->get<bool>();
}

// Unix seconds given as "1697043223" or 1697043223 (Baileys sometimes wraps it in {"low":…}).
inline std::optional<TimePoint> UnixSeconds(const Json& v) {
  int64_t seconds = 0;
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > 100'000'000'000u) return std::nullopt;
    seconds = v.get<int64_t>();
  } else if (v.is_number_integer()) {
    seconds = v.get<int64_t>();
  } else if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s.empty() || s.size() > 12) return std::nullopt;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      seconds = seconds * 10 + (c - '0');
    }
  } else if (v.is_object() && Member(v, "low") != nullptr) {
    return UnixSeconds(*Member(v, "low"));
  } else {
    return std::nullopt;
  }
  // Year 5138 at most: keeps the millisecond conversion far from overflow on hostile input.
  if (seconds < 0 || seconds > 100'000'000'000) return std::nullopt;
  return TimePoint(std::chrono::seconds(seconds));
}

inline Error ShapeError(const std::string& path, std::string_view expected) {
  return Error::InvalidInput(path + ": expected " + std::string(expected));
}

}  // namespace atende::channel
