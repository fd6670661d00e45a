// Error: what went wrong, as a value. A small closed set of kinds that callers switch on, and a
// message for people and logs. Errors cross module boundaries inside Result<T> (result.h);
// exceptions never do. `detail` keeps an outside system's own words (an ERP's error code and text)
// for the audit log; it is never shown to a subscriber.
#pragma once

#include <string>
#include <string_view>

namespace atende {

enum class ErrorKind {
  kInvalidInput,  // the caller's input is malformed (a bad CPF, a linha with a wrong check digit)
  kNotFound,      // the thing asked for does not exist
  kUnauthorized,  // credentials refused
  kRefused,       // understood and not allowed (already unlocked, limit reached)
  kUnavailable,   // the other side is down or overloaded (connection refused, 5xx, breaker open)
  kTimeout,       // no answer in time
  kBadAnswer,     // the other side answered something we cannot read
  kInternal,      // our own failure (disk, database, a broken invariant)
};

std::string_view ErrorKindName(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;  // one line, says what and where
  std::string detail;   // optional: the outside system's code and message, verbatim

  static Error InvalidInput(std::string message) {
    return {ErrorKind::kInvalidInput, std::move(message), {}};
  }
  static Error NotFound(std::string message) {
    return {ErrorKind::kNotFound, std::move(message), {}};
  }
  static Error Unauthorized(std::string message) {
    return {ErrorKind::kUnauthorized, std::move(message), {}};
  }
  static Error Refused(std::string message) {
    return {ErrorKind::kRefused, std::move(message), {}};
  }
  static Error Unavailable(std::string message) {
    return {ErrorKind::kUnavailable, std::move(message), {}};
  }
  static Error Timeout(std::string message) {
    return {ErrorKind::kTimeout, std::move(message), {}};
  }
  static Error BadAnswer(std::string message) {
    return {ErrorKind::kBadAnswer, std::move(message), {}};
  }
  static Error Internal(std::string message) {
    return {ErrorKind::kInternal, std::move(message), {}};
  }

  Error WithDetail(std::string d) && {
    detail = std::move(d);
    return std::move(*this);
  }
  // "invalid input: <message>"
  std::string ToString() const;
};

}  // namespace atende
