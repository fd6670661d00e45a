#include "erp/factory.h"

#include <algorithm>

#include "erp/guarded_erp.h"
#include "erp/hubsoft/hubsoft_erp.h"
#include "erp/ixc/ixc_erp.h"
#include "erp/mkauth/mkauth_erp.h"
#include "erp/sgp/sgp_erp.h"
#include "erp/voalle/voalle_erp.h"

namespace atende::erp {

const std::vector<std::string>& SupportedFlavors() {
  static const std::vector<std::string> flavors = {"ixc", "sgp", "mkauth", "voalle", "hubsoft"};
  return flavors;
}

Result<std::unique_ptr<Erp>> MakeConnector(const ConnectorConfig& config, const Clock& clock,
                                           std::shared_ptr<http::HttpClient> http) {
  if (config.base_url.empty()) return Error::InvalidInput("erp: no base URL configured");
  if (http == nullptr) {
    http::CurlClientOptions options;
    options.total_timeout = config.timeout;
    options.connect_timeout = std::min(config.timeout, std::chrono::milliseconds(3000));
    options.ca_file = config.tls_ca_file;
    options.pinned_pubkey = config.tls_pinned_pubkey;
    http = std::make_shared<http::CurlHttpClient>(options);
  }
  if (config.flavor == "ixc")
    return std::unique_ptr<Erp>(std::make_unique<ixc::IxcErp>(config, http, clock));
  if (config.flavor == "sgp")
    return std::unique_ptr<Erp>(std::make_unique<sgp::SgpErp>(config, http, clock));
  if (config.flavor == "mkauth") {
    return std::unique_ptr<Erp>(std::make_unique<mkauth::MkAuthErp>(config, http, clock));
  }
  if (config.flavor == "voalle")
    return std::unique_ptr<Erp>(std::make_unique<voalle::VoalleErp>(config, http, clock));
  if (config.flavor == "hubsoft")
    return std::unique_ptr<Erp>(std::make_unique<hubsoft::HubsoftErp>(config, http, clock));
  return Error::InvalidInput("erp: unknown flavor '" + config.flavor +
                             "' (ixc, sgp, mkauth, voalle or hubsoft)");
}

Result<std::unique_ptr<Erp>> MakeErp(const ConnectorConfig& config, const Clock& clock,
                                     std::shared_ptr<http::HttpClient> http) {
  auto connector = MakeConnector(config, clock, std::move(http));
  if (!connector.ok()) return connector.error();
  return std::unique_ptr<Erp>(
      std::make_unique<GuardedErp>(std::move(*connector), clock, config.guard));
}

}  // namespace atende::erp
