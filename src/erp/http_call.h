// Shared HTTP plumbing of the ERP connectors: sends through the HttpClient port and turns transport
// failures and HTTP statuses into normalised errors named after the ERP and the operation. Bodies
// are judged by each connector (ERPs answer business errors with 200). Never puts credentials into
// messages.
#pragma once

#include <string_view>

#include "core/result.h"
#include "http/client.h"

namespace atende::erp {

// Transport errors keep their kind (kTimeout, kUnavailable) with "<erp> <what>: " in front.
Result<http::ClientResponse> Send(http::HttpClient& client, const http::ClientRequest& request,
                                  std::string_view erp, std::string_view what);
// 401/403 → kUnauthorized; 429 and 5xx → kUnavailable; others pass. The body snippet goes to
// detail.
Status CheckStatus(const http::ClientResponse& response, std::string_view erp,
                   std::string_view what);

}  // namespace atende::erp
