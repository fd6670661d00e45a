// The one error both adapters give for inbound media over the caller's limit (Channel::FetchMedia):
// kInvalidInput naming the size when it is known (declared or downloaded) and the limit.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/error.h"

namespace atende::channel {

inline Error MediaTooLarge(std::optional<size_t> size, size_t max_bytes) {
  std::string what = size ? "media of " + std::to_string(*size) + " bytes" : std::string("media");
  return Error::InvalidInput(what + " is larger than the " + std::to_string(max_bytes) +
                             " bytes allowed");
}

}  // namespace atende::channel
