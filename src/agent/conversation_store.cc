#include "agent/conversation_store.h"

namespace atende::agent {

Result<dialogue::ConversationState> MemoryConversationStore::Load(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = states_.find(key);
  if (it == states_.end()) return dialogue::ConversationState{};
  return it->second;
}

Status MemoryConversationStore::Save(const std::string& key,
                                     const dialogue::ConversationState& state) {
  std::lock_guard lock(mu_);
  states_[key] = state;
  return {};
}

}  // namespace atende::agent
