// MakeChannel: builds the Channel adapter a tenant's configuration names ("whatsapp" for the Cloud
// API, "evolution" for Evolution API), so the service never names adapter classes. Validates the
// required settings (kInvalidInput naming the missing one). The Clock must outlive the channel.
#pragma once

#include <memory>
#include <string>

#include "channel/channel.h"
#include "channel/evolution/evolution_channel.h"
#include "channel/whatsapp_cloud/whatsapp_cloud_channel.h"
#include "core/clock.h"
#include "http/client.h"

namespace atende::channel {

struct ChannelConfig {
  std::string provider;  // "whatsapp" or "evolution"
  WhatsAppCloudConfig whatsapp;
  EvolutionConfig evolution;
};

// With no `http`, a CurlHttpClient (3 s connect, 15 s total, no retries: the outbox retries).
Result<std::unique_ptr<Channel>> MakeChannel(const ChannelConfig& config, const Clock& clock,
                                             std::shared_ptr<http::HttpClient> http = nullptr);

}  // namespace atende::channel
