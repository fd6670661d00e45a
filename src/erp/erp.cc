#include "erp/erp.h"

namespace atende::erp {

std::string_view RefusalName(Refusal refusal) {
  switch (refusal) {
    case Refusal::kNone:
      return "none";
    case Refusal::kAlreadyActive:
      return "already_active";
    case Refusal::kLimitReached:
      return "limit_reached";
    case Refusal::kContractInactive:
      return "contract_inactive";
    case Refusal::kNotFound:
      return "not_found";
    case Refusal::kNotAllowed:
      return "not_allowed";
    case Refusal::kOther:
      return "other";
  }
  return "other";
}

}  // namespace atende::erp
