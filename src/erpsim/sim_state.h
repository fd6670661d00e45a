// SimState: what every flavor of the simulator shares while serving — the neutral dataset (guarded
// by `mu`), "today", the options, the events journal — and the neutral mutations (trust unlock,
// promise, ticket, new customer) with the business rules every flavor applies before rendering the
// outcome in its own words. Thread-safety: handlers run concurrently; take `mu` (std::lock_guard)
// around any dataset access.
#pragma once

#include <cstdint>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/date.h"
#include "erpsim/dataset.h"
#include "erpsim/simulator.h"

namespace atende::erpsim {

// Appends events to memory and, when a path is given, to a JSONL file (flushed after each line).
class EventLog {
 public:
  Status Open(const std::string& path);
  // Adds "at" (the simulated date with the current UTC time of day) and "erp" to `event` before
  // `kind`.
  void Append(Date today, const std::string& erp, const std::string& kind, nlohmann::json fields);
  std::vector<nlohmann::json> Snapshot() const;

 private:
  mutable std::mutex mu_;
  std::ofstream file_;
  std::vector<nlohmann::json> events_;
};

enum class UnlockOutcome { kGranted, kNotFound, kNotBlocked, kInactive, kLimitReached };

struct Ticket {
  int64_t id = 0;
  std::string protocol;
  int64_t customer_id = 0;
  int64_t contract_id = 0;
  std::string subject;
  std::string text;
  Date opened;
};

struct SimState {
  SimState(Dataset data, SimulatorOptions opts);

  std::mutex mu;
  Dataset dataset;
  SimulatorOptions options;
  Date today;
  std::string base_url;  // set once the server is bound
  EventLog events;
  std::vector<Ticket> tickets;

  // Neutral rules (caller holds `mu`). A trust unlock is refused when the contract is missing
  // (kNotFound), active or already unlocked (kNotBlocked), canceled or suspended on request
  // (kInactive), or unlocked in the last 30 days (kLimitReached); when granted the contract reads
  // trust_unlocked and an event is logged.
  // `days`: what the caller asked for, where the ERP lets it choose (HubSoft); the event records
  // it.
  UnlockOutcome TrustUnlock(const std::string& erp, int64_t contract_id,
                            std::optional<int> days = std::nullopt);
  // The most recent earlier trust unlock, if any.
  std::optional<Date> LastTrustUnlock(const Contract& contract) const;
  void RecordPromise(const std::string& erp, int64_t contract_id, Date promised_date);
  const Ticket& OpenTicket(const std::string& erp, int64_t customer_id, int64_t contract_id,
                           std::string subject, std::string text);
  // A payment arriving (the bank's return file or a PIX): the open invoice is paid on `paid_date`;
  // a contract blocked or reduced for debt — or running on a trust unlock — with no overdue
  // invoice left reads active again (the automatic release every ERP performs); logs payment.
  // kNotFound: no such invoice; kRefused: it is not open.
  Status Pay(const std::string& erp, int64_t invoice_id, Date paid_date);
  // Adds a customer (validated by the caller) and logs customer_created.
  const Customer& CreateCustomer(const std::string& erp, Customer customer);
};

}  // namespace atende::erpsim
