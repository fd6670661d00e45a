// The conversation state as JSON, for durable stores. Unknown fields are ignored and missing ones
// keep their defaults, so a state written by an older atende still loads; a state that is not JSON
// at all is kBadAnswer.
#pragma once

#include <string>

#include "core/result.h"
#include "dialogue/state.h"

namespace atende::agent {

std::string EncodeState(const dialogue::ConversationState& state);
Result<dialogue::ConversationState> DecodeState(const std::string& json);

}  // namespace atende::agent
