// Store: atende's durable memory behind one port — conversation state (opaque JSON written by the
// agent) and the audit log of actions that touch money or service. SqliteStore is the default (one
// file, WAL); the service adds its inbox, outbox and effects journal here, and a PostgreSQL adapter
// for several instances. Errors: kInternal for any database failure (message says which operation),
// kInvalidInput for a path that cannot be opened. Implementations are safe for concurrent use.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace atende::store {

struct AuditRow {
  TimePoint at;
  std::string conversation;  // masked phone
  std::string erp;
  std::string action;
  std::string outcome;
  std::string contract_id;
  std::string detail;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Result<std::optional<std::string>> LoadConversation(const std::string& key) = 0;
  virtual Status SaveConversation(const std::string& key, const std::string& state_json,
                                  TimePoint at) = 0;
  virtual Status AppendAudit(const AuditRow& row) = 0;
  virtual Result<std::vector<AuditRow>> ReadAudit(size_t limit) = 0;  // newest first
};

// Opens (creating if needed) the SQLite database at `path` and applies pending migrations.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace atende::store
