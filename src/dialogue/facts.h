// Facts: what the agent learned from the ERP for the turn being decided, in the dialogue's own
// terms (the dialogue never sees the erp/ port). The policy asks for a fact with a Need action; the
// agent fetches it and decides again with the fact filled in. A fact is either a value or the ERP's
// failure (`failed`), which the policy answers with an apology and a handoff.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/contract.h"
#include "core/customer.h"
#include "core/invoice.h"

namespace atende::dialogue {

template <typename T>
struct Fact {
  std::optional<T> value;
  bool failed = false;  // the ERP did not answer or answered an error
  std::string failure;  // for the audit log and the handoff summary, never for the subscriber
  bool known() const { return value.has_value() || failed; }
};

struct BillCodes {
  std::string invoice_id;
  std::string linha_digitavel;
  std::string pix_copia_e_cola;
  std::string pdf_bytes;  // "%PDF…" when the ERP gave the file
  std::string pdf_url;
  std::string payment_link;
};

struct PaidRecord {
  Date due_date;
  std::optional<Date> paid_date;
  bool open = false;
};

struct History {
  std::vector<PaidRecord> records;  // newest first
  std::optional<Date> last_trust_unlock;
};

enum class UnlockRefusal { kNone, kAlreadyActive, kLimitReached, kContractInactive, kOther };

struct UnlockOutcome {
  bool granted = false;
  std::optional<int> days;
  std::optional<Date> until;
  std::string protocol;
  UnlockRefusal refusal = UnlockRefusal::kNone;
};

struct PromiseOutcome {
  bool accepted = false;
  bool registered_as_ticket =
      false;  // the ERP has no promise API: a ticket for the staff carries it
  std::string protocol;
};

struct TicketOutcome {
  std::string protocol;
};

struct ErpAbilities {
  bool promise_to_pay = false;
  bool online_status = true;
};

struct Facts {
  ErpAbilities abilities;
  Fact<std::vector<Customer>> customers;                       // by the document being identified
  Fact<std::vector<Contract>> contracts;                       // of the identified customer
  std::map<std::string, Fact<std::vector<Invoice>>> invoices;  // open invoices by contract id
  std::map<std::string, Fact<BillCodes>> codes;                // by invoice id
  std::map<std::string, Fact<History>> history;                // by contract id
  Fact<UnlockOutcome> unlock;
  Fact<PromiseOutcome> promise;
  Fact<TicketOutcome> ticket;
};

}  // namespace atende::dialogue
