// Contract: one service a subscriber pays for (HubSoft "serviço"; MK-Auth has none, so its customer
// doubles as the single contract), with the connection status normalised per erp-common.md §4.1 and
// §4.3. The ERP's own status text is kept in raw_status for logs and the human handoff summary.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/customer.h"
#include "core/date.h"

namespace atende {

enum class ContractStatus {
  kActive,
  kBlocked,    // blocked for non-payment
  kReduced,    // speed reduced for non-payment
  kSuspended,  // blocked for another reason (customer request, admin)
  kCanceled,
  kTrustUnlocked,  // temporarily released by a trust unlock
  kPending,        // awaiting installation or signature
  kUnknown,
};
std::string_view ContractStatusName(
    ContractStatus status);  // "active", "blocked", ... (dataset words)
std::optional<ContractStatus> ParseContractStatus(std::string_view name);

enum class OnlineState { kOnline, kOffline, kUnknown };
std::string_view OnlineStateName(OnlineState state);

struct Contract {
  std::string erp_id;      // key for invoices and status
  std::string unlock_key;  // what the ERP's trust-unlock call takes (erp-common.md §7)
  std::string customer_erp_id;
  // Keys an ERP needs beside erp_id, carried from its listing to later calls: Voalle "txId" (the
  // customer's document, which its title listings take) and "contracts_of_customer".
  std::map<std::string, std::string> alt_ids;
  std::string plan_name;
  ContractStatus status = ContractStatus::kUnknown;
  std::string raw_status;     // "A/FA", "4 Suspenso", "bloqueado=sim"
  std::string status_reason;  // SGP motivo_status
  OnlineState online = OnlineState::kUnknown;
  std::optional<Date> last_trust_unlock;
  std::optional<Address> address;  // installation address when different from the customer's

  // Blocked or reduced for non-payment: the states a trust unlock can lift.
  bool BlockedForDebt() const {
    return status == ContractStatus::kBlocked || status == ContractStatus::kReduced;
  }
};

}  // namespace atende
