// The inbox payload: a channel InboundMessage as JSON (what the webhook handler stores before
// answering 200), and its translation into what the agent understands (button titles as text, list
// row ids, media kinds).
#pragma once

#include <string>

#include "agent/agent.h"
#include "channel/channel.h"
#include "core/result.h"

namespace atende::server {

std::string EncodeInbound(const channel::InboundMessage& message);
Result<channel::InboundMessage> DecodeInbound(const std::string& json);

agent::Inbound ToAgentInbound(const channel::InboundMessage& message);
// Consecutive plain texts of one subscriber join into one turn (WhatsApp users split sentences);
// forwarded texts do not.
bool JoinsWithText(const channel::InboundMessage& message);

}  // namespace atende::server
