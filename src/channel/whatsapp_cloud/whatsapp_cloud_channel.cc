#include "channel/whatsapp_cloud/whatsapp_cloud_channel.h"

#include "channel/crypto.h"
#include "channel/json_util.h"
#include "channel/media_limit.h"
#include "channel/whatsapp_cloud/outbound.h"
#include "channel/whatsapp_cloud/webhook.h"

namespace atende::channel {

WhatsAppCloudChannel::WhatsAppCloudChannel(WhatsAppCloudConfig config,
                                           std::shared_ptr<http::HttpClient> http)
    : config_(std::move(config)), http_(std::move(http)) {
  while (!config_.graph_base_url.empty() && config_.graph_base_url.back() == '/') {
    config_.graph_base_url.pop_back();
  }
}

Status WhatsAppCloudChannel::VerifyWebhook(const WebhookRequest& request) const {
  std::optional<std::string_view> header;
  if (auto it = request.headers.find("x-hub-signature-256"); it != request.headers.end()) {
    header = it->second;
  }
  return whatsapp_cloud::VerifySignature(header, request.raw_body, config_.app_secret);
}

Result<WebhookBatch> WhatsAppCloudChannel::ParseWebhook(std::string_view raw_body) const {
  return whatsapp_cloud::ParseWebhook(raw_body);
}

std::string WhatsAppCloudChannel::Url(const std::string& tail) const {
  return config_.graph_base_url + "/" + config_.api_version + "/" + tail;
}

Result<http::ClientResponse> WhatsAppCloudChannel::Post(const std::string& url,
                                                        std::string content_type,
                                                        std::string body) {
  http::ClientRequest request;
  request.method = http::Method::kPost;
  request.url = url;
  request.headers = {{"Authorization", "Bearer " + config_.access_token},
                     {"Content-Type", std::move(content_type)}};
  request.body = std::move(body);
  request.idempotent = false;  // a resent POST may deliver twice: the outbox decides
  return http_->Send(request);
}

Result<std::string> WhatsAppCloudChannel::UploadMedia(const OutDocument& document) {
  std::string boundary = whatsapp_cloud::ChooseBoundary(document.bytes);
  auto response =
      Post(Url(config_.phone_number_id + "/media"), "multipart/form-data; boundary=" + boundary,
           whatsapp_cloud::BuildMediaUpload(document, boundary));
  if (!response.ok()) return response.error();
  if (!response->IsSuccess()) {
    return whatsapp_cloud::ClassifyGraphError(response->status, response->body);
  }
  Json j = Json::parse(response->body, nullptr, false);
  std::string id = j.is_discarded() ? std::string() : ScalarMember(j, "id");
  if (id.empty()) return Error::BadAnswer("media upload answer has no id");
  return id;
}

Status WhatsAppCloudChannel::DeleteMedia(const std::string& media_id) {
  http::ClientRequest request;
  request.method = http::Method::kDelete;
  request.url = Url(media_id);
  request.headers = {{"Authorization", "Bearer " + config_.access_token}};
  request.idempotent = true;
  auto response = http_->Send(request);
  if (!response.ok()) return response.error();
  if (!response->IsSuccess()) {
    return whatsapp_cloud::ClassifyGraphError(response->status, response->body);
  }
  return {};
}

namespace {

// Meta's `sha256` of a media file, compared in hex or base64 (both forms are seen in samples).
bool HashMatches(const std::string& given, const std::string& bytes) {
  std::string digest = Sha256(bytes);
  return given == HexLower(digest) || given == Base64Encode(digest);
}

bool LooksLikeSha256(const std::string& text) {
  bool hex =
      text.size() == 64 && text.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
  return hex || (text.size() == 44 && text.back() == '=');
}

}  // namespace

Result<WhatsAppCloudChannel::Media> WhatsAppCloudChannel::FetchMedia(const std::string& media_id,
                                                                     size_t max_bytes) {
  if (media_id.empty() || media_id.find_first_of("/?#") != std::string::npos) {
    return Error::InvalidInput("not a media id: \"" + media_id + "\"");
  }
  http::ClientRequest lookup;
  lookup.method = http::Method::kGet;
  lookup.url = Url(media_id);
  lookup.headers = {{"Authorization", "Bearer " + config_.access_token}};
  lookup.idempotent = true;
  auto meta = http_->Send(lookup);
  if (!meta.ok()) return meta.error();
  if (!meta->IsSuccess()) return whatsapp_cloud::ClassifyGraphError(meta->status, meta->body);
  Json j = Json::parse(meta->body, nullptr, false);
  std::string url = j.is_discarded() ? std::string() : StringMember(j, "url");
  if (url.empty()) return Error::BadAnswer("media lookup answer has no url");
  std::string declared = ScalarMember(j, "file_size");
  if (!declared.empty() && declared.size() < 19 &&
      declared.find_first_not_of("0123456789") == std::string::npos &&
      std::stoull(declared) > max_bytes) {
    return MediaTooLarge(std::stoull(declared), max_bytes);  // refused before any byte is fetched
  }
  http::ClientRequest download;
  download.method = http::Method::kGet;
  download.url = url;  // valid for 5 minutes; it needs the same bearer token
  download.headers = {{"Authorization", "Bearer " + config_.access_token}};
  download.idempotent = true;
  download.max_body_bytes = max_bytes;
  auto file = http_->Send(download);
  if (!file.ok()) {
    // The only kBadAnswer of the transport is a body over the cap.
    if (file.error().kind == ErrorKind::kBadAnswer) return MediaTooLarge(std::nullopt, max_bytes);
    return file.error();
  }
  if (!file->IsSuccess()) return whatsapp_cloud::ClassifyGraphError(file->status, file->body);
  if (file->body.size() > max_bytes) return MediaTooLarge(file->body.size(), max_bytes);
  std::string sha = StringMember(j, "sha256");
  if (LooksLikeSha256(sha) && !HashMatches(sha, file->body)) {
    return Error::BadAnswer("downloaded media does not match its sha256");
  }
  Media media;
  media.mime = StringMember(j, "mime_type");
  if (media.mime.empty()) media.mime = file->Header("content-type");
  media.bytes = std::move(file->body);
  return media;
}

Result<SendResult> WhatsAppCloudChannel::Send(const OutboundMessage& message) {
  if (Status valid = whatsapp_cloud::ValidateOutbound(message); !valid.ok()) return valid.error();
  std::string media_id;
  if (const auto* doc = std::get_if<OutDocument>(&message.content)) {
    auto uploaded = UploadMedia(*doc);
    if (!uploaded.ok()) return uploaded.error();
    media_id = *uploaded;
  }
  auto response = Post(Url(config_.phone_number_id + "/messages"), "application/json",
                       whatsapp_cloud::BuildMessageJson(message, media_id));
  if (!response.ok()) return response.error();
  if (!response->IsSuccess()) {
    return whatsapp_cloud::ClassifyGraphError(response->status, response->body);
  }
  Json j = Json::parse(response->body, nullptr, false);
  const Json* messages = j.is_discarded() ? nullptr : Member(j, "messages");
  if (messages == nullptr || !messages->is_array() || messages->empty()) {
    return Error::BadAnswer("WhatsApp send answer has no messages[0].id");
  }
  SendResult result;
  result.provider_message_id = StringMember((*messages)[0], "id");
  result.media_id = media_id;
  if (result.provider_message_id.empty()) {
    return Error::BadAnswer("WhatsApp send answer has no messages[0].id");
  }
  return result;
}

}  // namespace atende::channel
