#include "core/error.h"

namespace atende {

std::string_view ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput:
      return "invalid input";
    case ErrorKind::kNotFound:
      return "not found";
    case ErrorKind::kUnauthorized:
      return "unauthorized";
    case ErrorKind::kRefused:
      return "refused";
    case ErrorKind::kUnavailable:
      return "unavailable";
    case ErrorKind::kTimeout:
      return "timeout";
    case ErrorKind::kBadAnswer:
      return "bad answer";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Error::ToString() const {
  std::string out(ErrorKindName(kind));
  out += ": ";
  out += message;
  return out;
}

}  // namespace atende
