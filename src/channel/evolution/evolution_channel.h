// EvolutionChannel: the Channel adapter for Evolution API (specs/evolution-api.md), the open-source
// WhatsApp gateway. Webhooks are authenticated by the instance apikey (envelope field or `apikey`
// header) and, when a jwt_key is configured, by Evolution's HS256 JWT. Sends go to
// /message/sendText|sendMedia/{instance} with the `apikey` header. Buttons and lists are unreliable
// on Baileys sessions (§2.3), so they are sent as numbered text menus; the adapter remembers the
// last menu per recipient (in memory, bounded) and turns an answer "2" into the matching
// button/list reply. Thread-safe (the menu memory is behind a mutex).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "channel/channel.h"
#include "core/clock.h"
#include "http/client.h"

namespace atende::channel {

struct EvolutionConfig {
  std::string base_url;  // "http://evolution:8080"
  std::string instance;  // the instance name: tenant key and path segment
  std::string apikey;    // the instance token (least privilege, §1)
  std::string jwt_key;   // when set, webhooks must carry Evolution's Bearer JWT signed with it
};

class EvolutionChannel final : public Channel {
 public:
  // `http` must not be null; `clock` (JWT expiry) must outlive the channel.
  EvolutionChannel(EvolutionConfig config, std::shared_ptr<http::HttpClient> http,
                   const Clock& clock);

  std::string_view name() const override { return "evolution"; }
  Status VerifyWebhook(const WebhookRequest& request) const override;
  Result<WebhookBatch> ParseWebhook(std::string_view raw_body) const override;
  Result<SendResult> Send(const OutboundMessage& message) override;
  bool EchoesOwnSends() const override { return true; }  // messages.upsert fromMe
  // POST /chat/getBase64FromMediaMessage/{instance} with the message key id; the base64 answer is
  // capped while downloading and its decoded size checked.
  Result<Media> FetchMedia(const std::string& media_id, size_t max_bytes) override;

  // The numbered-text rendering of buttons and lists ("*1* - Pix copia e cola").
  static std::string NumberedMenu(const OutboundContent& content);

 private:
  struct MenuOption {
    std::string id;
    std::string title;
  };
  struct Menu {
    InboundKind kind = InboundKind::kButtonReply;
    std::vector<MenuOption> options;
  };
  void RememberMenu(const std::string& to, Menu menu);
  void ResolveMenuAnswer(InboundMessage& message) const;
  Result<SendResult> Post(const std::string& verb, const std::string& body);

  EvolutionConfig config_;
  std::shared_ptr<http::HttpClient> http_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::map<std::string, Menu> menus_;  // by recipient E.164 (with the ninth digit)
};

// Evolution's non-2xx answers as Errors: 401/403/404 (bad key, unknown instance) → kUnauthorized,
// 429/5xx → kUnavailable, other 4xx (number not on WhatsApp, bad payload) → kRefused.
Error ClassifyEvolutionError(int http_status, std::string_view body);

}  // namespace atende::channel
