#include "channel/factory.h"

namespace atende::channel {
namespace {

Status Require(const std::string& value, const char* name) {
  if (value.empty())
    return Error::InvalidInput(std::string("channel setting ") + name + " is empty");
  return {};
}

}  // namespace

Result<std::unique_ptr<Channel>> MakeChannel(const ChannelConfig& config, const Clock& clock,
                                             std::shared_ptr<http::HttpClient> http) {
  if (!http) {
    http::CurlClientOptions options;
    options.connect_timeout = std::chrono::milliseconds(3000);
    options.total_timeout = std::chrono::milliseconds(15000);
    options.max_retries = 0;
    http = std::make_shared<http::CurlHttpClient>(options);
  }
  if (config.provider == "whatsapp") {
    const WhatsAppCloudConfig& c = config.whatsapp;
    for (auto [value, name] : {std::pair{&c.graph_base_url, "whatsapp.graph_base_url"},
                               std::pair{&c.api_version, "whatsapp.api_version"},
                               std::pair{&c.phone_number_id, "whatsapp.phone_number_id"},
                               std::pair{&c.access_token, "whatsapp.access_token"},
                               std::pair{&c.app_secret, "whatsapp.app_secret"}}) {
      if (Status s = Require(*value, name); !s.ok()) return s.error();
    }
    return std::unique_ptr<Channel>(std::make_unique<WhatsAppCloudChannel>(c, std::move(http)));
  }
  if (config.provider == "evolution") {
    const EvolutionConfig& c = config.evolution;
    for (auto [value, name] :
         {std::pair{&c.base_url, "evolution.base_url"},
          std::pair{&c.instance, "evolution.instance"}, std::pair{&c.apikey, "evolution.apikey"}}) {
      if (Status s = Require(*value, name); !s.ok()) return s.error();
    }
    return std::unique_ptr<Channel>(std::make_unique<EvolutionChannel>(c, std::move(http), clock));
  }
  return Error::InvalidInput("unknown channel provider \"" + config.provider +
                             "\" (whatsapp, evolution)");
}

}  // namespace atende::channel
