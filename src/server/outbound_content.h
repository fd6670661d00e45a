// The outbox payload: channel OutboundContent as JSON (document bytes travel beside it as the row's
// attachment), and the mapping from the agent's replies to WhatsApp content: reply buttons whose
// ids are their titles (a tapped button comes back as its title, which the agent reads as text),
// list rows, documents.
#pragma once

#include <optional>
#include <string>

#include "agent/agent.h"
#include "channel/channel.h"
#include "core/result.h"
#include "store/store.h"

namespace atende::server {

// Returns the JSON; a document's bytes go to `attachment`.
std::string EncodeContent(const channel::OutboundContent& content, std::string& attachment);
Result<channel::OutboundContent> DecodeContent(const std::string& json,
                                               const std::string& attachment);

// A pending outbox row carrying `content` to `recipient` (E.164 without '+'), due at `at`.
store::OutboxRow OutboxRowFor(const std::string& tenant, const std::string& conversation,
                              const std::string& recipient, std::string idempotency_key,
                              const channel::OutboundContent& content, TimePoint at);

// Nothing for a HandoffReply (it is a change of owner, not a message).
std::optional<channel::OutboundContent> ContentFor(const agent::Outgoing& outgoing);

bool IsTemplate(const channel::OutboundContent& content);
// The words a subscriber sees first: the text, a menu's body, a document's caption ("" for a
// template).
std::string BodyOf(const channel::OutboundContent& content);

}  // namespace atende::server
