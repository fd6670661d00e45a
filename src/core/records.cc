#include <array>
#include <utility>

#include "core/contract.h"
#include "core/customer.h"
#include "core/invoice.h"

namespace atende {

std::string_view PersonTypeName(PersonType type) {
  switch (type) {
    case PersonType::kIndividual:
      return "individual";
    case PersonType::kCompany:
      return "company";
    case PersonType::kForeign:
      return "foreign";
  }
  return "individual";
}

std::string Address::OneLine() const {
  std::string out = street;
  if (!number.empty()) out += (out.empty() ? "" : ", ") + number;
  if (!complement.empty()) out += (out.empty() ? "" : " ") + complement;
  if (!district.empty()) out += (out.empty() ? "" : " - ") + district;
  return out;
}

bool Customer::HasPhone(const Phone& phone) const {
  for (const CustomerPhone& p : phones) {
    if (p.phone && p.phone->SameLine(phone)) return true;
  }
  return false;
}

namespace {
constexpr std::array<std::pair<ContractStatus, std::string_view>, 8> kContractStatusNames{{
    {ContractStatus::kActive, "active"},
    {ContractStatus::kBlocked, "blocked"},
    {ContractStatus::kReduced, "reduced"},
    {ContractStatus::kSuspended, "suspended"},
    {ContractStatus::kCanceled, "canceled"},
    {ContractStatus::kTrustUnlocked, "trust_unlocked"},
    {ContractStatus::kPending, "pending"},
    {ContractStatus::kUnknown, "unknown"},
}};
}  // namespace

std::string_view ContractStatusName(ContractStatus status) {
  for (const auto& [s, name] : kContractStatusNames) {
    if (s == status) return name;
  }
  return "unknown";
}

std::optional<ContractStatus> ParseContractStatus(std::string_view name) {
  for (const auto& [s, n] : kContractStatusNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

std::string_view OnlineStateName(OnlineState state) {
  switch (state) {
    case OnlineState::kOnline:
      return "online";
    case OnlineState::kOffline:
      return "offline";
    case OnlineState::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string_view InvoiceStatusName(InvoiceStatus status) {
  switch (status) {
    case InvoiceStatus::kOpen:
      return "open";
    case InvoiceStatus::kPaid:
      return "paid";
    case InvoiceStatus::kCanceled:
      return "canceled";
  }
  return "open";
}

}  // namespace atende
