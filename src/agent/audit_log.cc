#include "agent/audit_log.h"

#include <nlohmann/json.hpp>

namespace atende::agent {

void MemoryAuditLog::Record(const AuditRecord& record) {
  std::lock_guard lock(mu_);
  records_.push_back(record);
}

std::vector<AuditRecord> MemoryAuditLog::records() const {
  std::lock_guard lock(mu_);
  return records_;
}

JsonlAuditLog::JsonlAuditLog(const std::string& path) : out_(path, std::ios::app) {}

void JsonlAuditLog::Record(const AuditRecord& record) {
  nlohmann::json line = {{"at", FormatUtc(record.at)},
                         {"conversation", record.conversation},
                         {"erp", record.erp},
                         {"action", record.entry.action},
                         {"outcome", record.entry.outcome},
                         {"contract", record.entry.contract_id},
                         {"detail", record.entry.detail}};
  std::lock_guard lock(mu_);
  out_ << line.dump() << '\n';
  out_.flush();
}

}  // namespace atende::agent
