// Adapters from the agent's ConversationStore and AuditLog to the durable store::Store (SQLite by
// default): `atende chat --store PATH` and the service keep conversations and the audit log there.
#pragma once

#include "agent/audit_log.h"
#include "agent/conversation_store.h"
#include "store/store.h"

namespace atende::agent {

class DurableConversationStore final : public ConversationStore {
 public:
  explicit DurableConversationStore(store::Store& store) : store_(store) {}
  Result<dialogue::ConversationState> Load(const std::string& key) override;
  Status Save(const std::string& key, const dialogue::ConversationState& state) override;

 private:
  store::Store& store_;
};

class DurableAuditLog final : public AuditLog {
 public:
  explicit DurableAuditLog(store::Store& store) : store_(store) {}
  void Record(const AuditRecord& record)
      override;  // a write failure is reported on stderr, never lost silently

 private:
  store::Store& store_;
};

}  // namespace atende::agent
