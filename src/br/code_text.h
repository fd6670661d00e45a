// Internal to br/: turns a payment code as typed or printed ("34191.23405 00000.001008 …") into its
// digits. Spaces, dots and hyphens (and tabs/newlines) are separators; any other non-digit is an
// error.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace atende::br::internal {

Result<std::string> CodeDigits(std::string_view code);
bool AllDigits(std::string_view s);
bool AllZeros(std::string_view s);

}  // namespace atende::br::internal
