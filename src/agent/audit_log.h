// AuditLog: the record of every action that touches money or service (identification, trust unlock,
// promise, ticket, ERP failures) with when, which conversation (masked phone) and the outcome.
// Never holds a raw document, phone or birth date. MemoryAuditLog keeps entries for tests and
// `atende chat`; JsonlAuditLog appends one JSON object a line to a file, flushed per entry.
#pragma once

#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "dialogue/actions.h"

namespace atende::agent {

struct AuditRecord {
  TimePoint at;
  std::string conversation;  // masked phone
  std::string erp;
  dialogue::AuditEntry entry;
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  virtual void Record(const AuditRecord& record) = 0;
};

class MemoryAuditLog final : public AuditLog {
 public:
  void Record(const AuditRecord& record) override;
  std::vector<AuditRecord> records() const;

 private:
  mutable std::mutex mu_;
  std::vector<AuditRecord> records_;
};

class JsonlAuditLog final : public AuditLog {
 public:
  explicit JsonlAuditLog(const std::string& path);
  bool ok() const { return out_.good(); }
  void Record(const AuditRecord& record) override;

 private:
  std::mutex mu_;
  std::ofstream out_;
};

}  // namespace atende::agent
