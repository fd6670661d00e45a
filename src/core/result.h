// Result<T>: either a value or an Error (error.h). The return type of every fallible operation that
// crosses a module boundary. Check ok() before value(); value() on an error (or error() on a value)
// is a programming error and aborts. Result<void> carries only success or an Error.
#pragma once

#include <cstdlib>
#include <utility>
#include <variant>

#include "core/error.h"

namespace atende {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error)
      : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return *Check(std::get_if<0>(&v_)); }
  T& value() & { return *Check(std::get_if<0>(&v_)); }
  T&& value() && { return std::move(*Check(std::get_if<0>(&v_))); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const Error& error() const { return *Check(std::get_if<1>(&v_)); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return ok() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  template <typename P>
  static P* Check(P* p) {
    if (p == nullptr) std::abort();
    return p;
  }
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    if (ok_) std::abort();
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace atende
