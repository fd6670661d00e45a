// WhatsAppCloudChannel: the Channel adapter for Meta's WhatsApp Cloud API
// (specs/whatsapp-cloud.md). Webhooks: X-Hub-Signature-256 over the raw body (webhook.h); sends:
// POST {graph_base_url}/{api_version}/{phone_number_id}/messages with the bearer token, documents
// first uploaded to /media (multipart) and sent by id. One HTTP exchange per Send (two for a
// document), no retries; inbound media downloaded by id (FetchMedia). Thread-safe: the object is
// immutable after construction and the HttpClient is shared.
#pragma once

#include <memory>
#include <string>

#include "channel/channel.h"
#include "http/client.h"

namespace atende::channel {

struct WhatsAppCloudConfig {
  std::string graph_base_url = "https://graph.facebook.com";  // tests point it at a local fake
  std::string api_version = "v21.0";
  std::string phone_number_id;
  std::string access_token;
  std::string app_secret;
  std::string verify_token;  // for the GET handshake (whatsapp_cloud::AnswerVerification)
};

class WhatsAppCloudChannel final : public Channel {
 public:
  // `http` must not be null (MakeChannel builds a CurlHttpClient when none is given).
  WhatsAppCloudChannel(WhatsAppCloudConfig config, std::shared_ptr<http::HttpClient> http);

  std::string_view name() const override { return "whatsapp"; }
  Status VerifyWebhook(const WebhookRequest& request) const override;
  Result<WebhookBatch> ParseWebhook(std::string_view raw_body) const override;
  Result<SendResult> Send(const OutboundMessage& message) override;

  // POST /{phone-number-id}/media: the media id of the uploaded bytes.
  Result<std::string> UploadMedia(const OutDocument& document);
  // DELETE /{media-id}: uploaded boleto PDFs carry personal data (§6.6); call once delivered.
  Status DeleteMedia(const std::string& media_id) override;
  bool EchoesIdempotencyKey() const override { return true; }  // biz_opaque_callback_data
  // GET /{media-id} for the short-lived URL (§6.6), then that URL with the bearer token; the
  // declared file_size is checked first and the download is capped; `sha256` is verified when
  // given.
  Result<Media> FetchMedia(const std::string& media_id, size_t max_bytes) override;

  const WhatsAppCloudConfig& config() const { return config_; }

 private:
  std::string Url(const std::string& tail) const;
  Result<http::ClientResponse> Post(const std::string& url, std::string content_type,
                                    std::string body);

  WhatsAppCloudConfig config_;
  std::shared_ptr<http::HttpClient> http_;
};

}  // namespace atende::channel
