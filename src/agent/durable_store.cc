#include "agent/durable_store.h"

#include <iostream>

#include "agent/state_codec.h"

namespace atende::agent {

Result<dialogue::ConversationState> DurableConversationStore::Load(const std::string& key) {
  auto stored = store_.LoadConversation(key);
  if (!stored.ok()) return stored.error();
  if (!stored->has_value()) return dialogue::ConversationState{};
  return DecodeState(**stored);
}

Status DurableConversationStore::Save(const std::string& key,
                                      const dialogue::ConversationState& state) {
  TimePoint at = state.last_activity.value_or(TimePoint{});
  return store_.SaveConversation(key, EncodeState(state), at);
}

void DurableAuditLog::Record(const AuditRecord& r) {
  Status s = store_.AppendAudit({r.at, r.conversation, r.erp, r.entry.action, r.entry.outcome,
                                 r.entry.contract_id, r.entry.detail});
  if (!s.ok()) std::cerr << "audit log write failed: " << s.error().message << "\n";
}

}  // namespace atende::agent
