#include "erpsim/sim_state.h"

#include <chrono>

#include "core/clock.h"

namespace atende::erpsim {

Status EventLog::Open(const std::string& path) {
  file_.open(path, std::ios::app);
  if (!file_) return Error::Unavailable("cannot open events file " + path);
  return {};
}

void EventLog::Append(Date today, const std::string& erp, const std::string& kind,
                      nlohmann::json fields) {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto time_of_day = now - std::chrono::floor<std::chrono::days>(now);
  auto at =
      TimePoint(std::chrono::sys_days(std::chrono::days(today.days_since_epoch())) + time_of_day);
  nlohmann::ordered_json ordered;
  ordered["at"] = FormatUtc(at);
  ordered["erp"] = erp;
  ordered["kind"] = kind;
  for (auto& [key, value] : fields.items()) ordered[key] = value;
  std::string line = ordered.dump();
  std::lock_guard lock(mu_);
  events_.push_back(nlohmann::json::parse(line));
  if (file_.is_open()) {
    file_ << line << '\n';
    file_.flush();
  }
}

std::vector<nlohmann::json> EventLog::Snapshot() const {
  std::lock_guard lock(mu_);
  return events_;
}

SimState::SimState(Dataset data, SimulatorOptions opts)
    : dataset(std::move(data)),
      options(std::move(opts)),
      today(options.today.value_or(dataset.today)) {}

std::optional<Date> SimState::LastTrustUnlock(const Contract& contract) const {
  std::optional<Date> last;
  for (Date d : contract.trust_unlocks) {
    if (!last || d > *last) last = d;
  }
  return last;
}

UnlockOutcome SimState::TrustUnlock(const std::string& erp, int64_t contract_id,
                                    std::optional<int> days) {
  Contract* contract = dataset.FindContract(contract_id);
  if (contract == nullptr) return UnlockOutcome::kNotFound;
  switch (contract->status) {
    case ContractStatus::kActive:
    case ContractStatus::kTrustUnlocked:
      return UnlockOutcome::kNotBlocked;
    case ContractStatus::kCanceled:
    case ContractStatus::kSuspended:
      return UnlockOutcome::kInactive;
    case ContractStatus::kBlocked:
    case ContractStatus::kReduced:
      break;
  }
  if (auto last = LastTrustUnlock(*contract); last && today - *last < 30)
    return UnlockOutcome::kLimitReached;
  contract->status = ContractStatus::kTrustUnlocked;
  contract->trust_unlocks.push_back(today);
  events.Append(today, erp, "trust_unlock",
                {{"contract_id", contract_id}, {"days", days.value_or(options.trust_unlock_days)}});
  return UnlockOutcome::kGranted;
}

void SimState::RecordPromise(const std::string& erp, int64_t contract_id, Date promised_date) {
  if (Contract* contract = dataset.FindContract(contract_id)) {
    contract->promises.push_back({today, promised_date, std::nullopt});
  }
  events.Append(today, erp, "promise",
                {{"contract_id", contract_id}, {"promised_date", promised_date.ToIso()}});
}

const Ticket& SimState::OpenTicket(const std::string& erp, int64_t customer_id, int64_t contract_id,
                                   std::string subject, std::string text) {
  Ticket ticket;
  ticket.id = static_cast<int64_t>(tickets.size()) + 1;
  char protocol[32];
  std::snprintf(protocol, sizeof protocol, "%04d%02d%02d%06lld", today.year(), today.month(),
                today.day(), static_cast<long long>(ticket.id));
  ticket.protocol = protocol;
  ticket.customer_id = customer_id;
  ticket.contract_id = contract_id;
  ticket.subject = std::move(subject);
  ticket.text = std::move(text);
  ticket.opened = today;
  nlohmann::json fields = {{"contract_id", contract_id},
                           {"subject", ticket.subject},
                           {"text", ticket.text},
                           {"protocol", ticket.protocol}};
  if (customer_id != 0) fields["customer_id"] = customer_id;
  events.Append(today, erp, "ticket", std::move(fields));
  tickets.push_back(std::move(ticket));
  return tickets.back();
}

Status SimState::Pay(const std::string& erp, int64_t invoice_id, Date paid_date) {
  Invoice* invoice = nullptr;
  for (Invoice& i : dataset.invoices) {
    if (i.id == invoice_id) invoice = &i;
  }
  if (invoice == nullptr) return Error::NotFound("no invoice " + std::to_string(invoice_id));
  if (invoice->status != InvoiceStatus::kOpen)
    return Error::Refused("invoice " + std::to_string(invoice_id) + " is not open");
  invoice->status = InvoiceStatus::kPaid;
  invoice->paid_date = paid_date;
  nlohmann::json fields = {{"invoice_id", invoice_id},
                           {"contract_id", invoice->contract_id},
                           {"amount", invoice->amount.ToDecimal()},
                           {"paid_date", paid_date.ToIso()}};
  Contract* contract = dataset.FindContract(invoice->contract_id);
  bool held = contract != nullptr && (contract->status == ContractStatus::kBlocked ||
                                      contract->status == ContractStatus::kReduced ||
                                      contract->status == ContractStatus::kTrustUnlocked);
  if (held) {
    bool overdue_left = false;
    for (const Invoice* other : dataset.InvoicesOf(contract->id)) {
      overdue_left =
          overdue_left || (other->status == InvoiceStatus::kOpen && other->due_date < today);
    }
    if (!overdue_left) {
      contract->status = ContractStatus::kActive;
      fields["released"] = true;
    }
  }
  events.Append(today, erp, "payment", std::move(fields));
  return {};
}

const Customer& SimState::CreateCustomer(const std::string& erp, Customer customer) {
  customer.id = dataset.NextCustomerId();
  events.Append(today, erp, "customer_created",
                {{"customer_id", customer.id},
                 {"name", customer.name},
                 {"document", customer.document.value()}});
  dataset.AddCustomer(std::move(customer));
  return dataset.customers.back();
}

}  // namespace atende::erpsim
