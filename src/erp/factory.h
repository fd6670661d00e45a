// Builds the Erp for a configured flavor: the connector (ixc, sgp, mkauth, voalle, hubsoft) wrapped
// in a GuardedErp (circuit breaker + concurrency cap). This is the one place that knows every
// connector; callers hold only an Erp. The Clock must outlive the returned Erp.
#pragma once

#include <memory>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "erp/connector_config.h"
#include "erp/erp.h"
#include "http/client.h"

namespace atende::erp {

// Flavors this build can connect to: {"ixc", "sgp", "mkauth", "voalle", "hubsoft"}.
const std::vector<std::string>& SupportedFlavors();

// Unknown flavor or empty base URL → kInvalidInput. With no `http`, a CurlHttpClient is created
// from config.timeout (connect timeout capped at 3 s).
Result<std::unique_ptr<Erp>> MakeErp(const ConnectorConfig& config, const Clock& clock,
                                     std::shared_ptr<http::HttpClient> http = nullptr);
// The bare connector, without the guard (tests and benchmarks that measure parsing).
Result<std::unique_ptr<Erp>> MakeConnector(const ConnectorConfig& config, const Clock& clock,
                                           std::shared_ptr<http::HttpClient> http);

}  // namespace atende::erp
