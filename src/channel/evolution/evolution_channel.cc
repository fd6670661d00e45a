#include "channel/evolution/evolution_channel.h"

#include "channel/crypto.h"
#include "channel/evolution/webhook.h"
#include "channel/json_util.h"
#include "channel/media_limit.h"
#include "channel/whatsapp_cloud/outbound.h"

namespace atende::channel {
namespace {

constexpr size_t kMaxRememberedMenus = 100000;

// The menu memory's key for a recipient: the line's E.164 with the ninth digit, or the JID itself
// when it carries no phone (a LID).
std::string LineKey(std::string_view to) {
  std::string text(to);
  if (auto at = text.find('@'); at != std::string::npos) {
    if (!text.ends_with("@s.whatsapp.net") && !text.ends_with("@c.us")) return text;
    text.resize(at);
  }
  if (!text.empty() && text[0] != '+') text = "+" + text;
  auto phone = Phone::Parse(text);
  return phone.ok() ? phone->WithNinthDigit().e164() : text;
}

// Evolution's `number`: digits, or a JID (…@s.whatsapp.net, …@lid) to answer a LID-only sender.
bool ValidRecipient(std::string_view to) {
  if (to.empty() || to.size() > 64) return false;
  size_t at = to.find('@');
  std::string_view user = to.substr(0, at);
  if (user.empty() || user.find_first_not_of("0123456789") != std::string_view::npos) return false;
  if (at == std::string_view::npos) return true;
  std::string_view domain = to.substr(at);
  return domain == "@s.whatsapp.net" || domain == "@lid";
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n*.-)");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n*.-)");
  return std::string(s.substr(b, e - b + 1));
}

std::string LowerAscii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

EvolutionChannel::EvolutionChannel(EvolutionConfig config, std::shared_ptr<http::HttpClient> http,
                                   const Clock& clock)
    : config_(std::move(config)), http_(std::move(http)), clock_(clock) {
  while (!config_.base_url.empty() && config_.base_url.back() == '/') config_.base_url.pop_back();
}

Status EvolutionChannel::VerifyWebhook(const WebhookRequest& request) const {
  auto header = [&](const char* name) -> std::string {
    auto it = request.headers.find(name);
    return it == request.headers.end() ? std::string() : it->second;
  };
  if (!config_.jwt_key.empty()) {
    Status jwt =
        evolution::VerifyWebhookJwt(header("authorization"), config_.jwt_key, clock_.Now());
    if (!jwt.ok()) return jwt;
  }
  Json root = Json::parse(request.raw_body, nullptr, false);
  std::string instance = root.is_discarded() ? std::string() : StringMember(root, "instance");
  if (!instance.empty() && instance != config_.instance) {
    return Error::Unauthorized("webhook for another Evolution instance");
  }
  std::string given = root.is_discarded() ? std::string() : StringMember(root, "apikey");
  if (given.empty()) given = header("apikey");
  if (given.empty()) {
    // Evolution omits the envelope apikey unless EXPOSE_IN_FETCH_INSTANCES is on; the JWT suffices.
    if (!config_.jwt_key.empty()) return {};
    return Error::Unauthorized("webhook without apikey");
  }
  if (config_.apikey.empty() || !ConstantTimeEquals(given, config_.apikey)) {
    return Error::Unauthorized("webhook apikey does not match the instance");
  }
  return {};
}

Result<WebhookBatch> EvolutionChannel::ParseWebhook(std::string_view raw_body) const {
  auto batch = evolution::ParseWebhook(raw_body);
  if (!batch.ok()) return batch;
  for (InboundMessage& m : batch->messages) ResolveMenuAnswer(m);
  return batch;
}

void EvolutionChannel::RememberMenu(const std::string& to, Menu menu) {
  std::string key = LineKey(to);
  std::lock_guard lock(mu_);
  if (menus_.size() >= kMaxRememberedMenus && menus_.find(key) == menus_.end()) menus_.clear();
  menus_[key] = std::move(menu);
}

void EvolutionChannel::ResolveMenuAnswer(InboundMessage& message) const {
  if (message.kind != InboundKind::kText) return;
  std::string answer = Trim(message.text);
  if (answer.empty() || answer.size() > 40) return;
  std::lock_guard lock(mu_);
  auto it = menus_.find(message.from ? message.from->WithNinthDigit().e164() : message.from_raw);
  if (it == menus_.end()) return;
  const Menu& menu = it->second;
  const MenuOption* chosen = nullptr;
  if (answer.size() <= 2 && answer.find_first_not_of("0123456789") == std::string::npos) {
    size_t n = std::stoul(answer);
    if (n >= 1 && n <= menu.options.size()) chosen = &menu.options[n - 1];
  } else {
    for (const MenuOption& o : menu.options) {
      if (LowerAscii(o.title) == LowerAscii(answer)) chosen = &o;
    }
  }
  if (chosen == nullptr) return;
  message.kind = menu.kind;
  message.reply_id = chosen->id;
  message.reply_title = chosen->title;
}

std::string EvolutionChannel::NumberedMenu(const OutboundContent& content) {
  std::string out;
  std::vector<std::string> lines;
  if (const auto* b = std::get_if<OutButtons>(&content)) {
    out = b->body;
    for (const OutButton& o : b->buttons) lines.push_back(o.title);
  } else if (const auto* l = std::get_if<OutList>(&content)) {
    out = l->body;
    for (const OutRow& r : l->rows) {
      lines.push_back(r.description.empty() ? r.title : r.title + " (" + r.description + ")");
    }
  } else {
    return out;
  }
  out += "\n";
  for (size_t i = 0; i < lines.size(); ++i) {
    out += "\n*" + std::to_string(i + 1) + "* - " + lines[i];
  }
  out += "\n\nResponda com o número da opção.";
  return out;
}

Result<SendResult> EvolutionChannel::Post(const std::string& verb, const std::string& body) {
  http::ClientRequest request;
  request.method = http::Method::kPost;
  request.url = config_.base_url + "/message/" + verb + "/" + http::UrlEncode(config_.instance);
  request.headers = {{"apikey", config_.apikey}, {"Content-Type", "application/json"}};
  request.body = body;
  request.idempotent = false;
  auto response = http_->Send(request);
  if (!response.ok()) return response.error();
  if (!response->IsSuccess()) return ClassifyEvolutionError(response->status, response->body);
  Json j = Json::parse(response->body, nullptr, false);
  const Json* key = j.is_discarded() ? nullptr : Member(j, "key");
  SendResult result;
  if (key != nullptr) result.provider_message_id = StringMember(*key, "id");
  if (result.provider_message_id.empty()) {
    return Error::BadAnswer("Evolution " + verb + " answer has no key.id");
  }
  return result;
}

Result<SendResult> EvolutionChannel::Send(const OutboundMessage& message) {
  if (std::holds_alternative<OutTemplate>(message.content)) {
    return Error::InvalidInput("templates are a WhatsApp Cloud API feature; Evolution has none");
  }
  // The same limits as the Cloud API, so a reply valid on one channel is valid on the other.
  if (!ValidRecipient(message.to)) {
    return Error::InvalidInput("recipient must be digits or a WhatsApp JID: \"" + message.to +
                               "\"");
  }
  if (Status valid = whatsapp_cloud::ValidateContent(message.content); !valid.ok()) {
    return valid.error();
  }
  auto dump = [](const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); };
  if (const auto* doc = std::get_if<OutDocument>(&message.content)) {
    Json body = {{"number", message.to},
                 {"mediatype", "document"},
                 {"mimetype", doc->mime_type},
                 {"caption", doc->caption},
                 {"media", Base64Encode(doc->bytes)},
                 {"fileName", doc->filename}};
    return Post("sendMedia", dump(body));
  }
  std::string text;
  if (const auto* t = std::get_if<OutText>(&message.content)) {
    text = t->body;
  } else {
    text = NumberedMenu(message.content);
  }
  Json body = {{"number", message.to}, {"text", text}, {"linkPreview", false}};
  auto sent = Post("sendText", dump(body));
  if (sent.ok()) {
    Menu menu;
    if (const auto* b = std::get_if<OutButtons>(&message.content)) {
      for (const OutButton& o : b->buttons) menu.options.push_back({o.id, o.title});
      RememberMenu(message.to, std::move(menu));
    } else if (const auto* l = std::get_if<OutList>(&message.content)) {
      menu.kind = InboundKind::kListReply;
      for (const OutRow& r : l->rows) menu.options.push_back({r.id, r.title});
      RememberMenu(message.to, std::move(menu));
    }
  }
  return sent;
}

Result<EvolutionChannel::Media> EvolutionChannel::FetchMedia(const std::string& media_id,
                                                             size_t max_bytes) {
  if (media_id.empty()) return Error::InvalidInput("no message key id to download media from");
  http::ClientRequest request;
  request.method = http::Method::kPost;
  request.url =
      config_.base_url + "/chat/getBase64FromMediaMessage/" + http::UrlEncode(config_.instance);
  request.headers = {{"apikey", config_.apikey}, {"Content-Type", "application/json"}};
  request.body = Json({{"message", {{"key", {{"id", media_id}}}}}, {"convertToMp4", false}}).dump();
  request.idempotent = true;  // a read, though a POST
  // Base64 grows the bytes by 4/3; the JSON around it is small.
  request.max_body_bytes = max_bytes / 3 * 4 + 8 + 16 * 1024;
  auto response = http_->Send(request);
  if (!response.ok()) {
    if (response.error().kind == ErrorKind::kBadAnswer)
      return MediaTooLarge(std::nullopt, max_bytes);
    return response.error();
  }
  if (!response->IsSuccess()) return ClassifyEvolutionError(response->status, response->body);
  Json j = Json::parse(response->body, nullptr, false);
  std::string base64 = j.is_discarded() ? std::string() : StringMember(j, "base64");
  if (base64.empty()) return Error::BadAnswer("Evolution getBase64FromMediaMessage: no base64");
  std::optional<std::string> bytes = Base64UrlDecode(base64);
  if (!bytes) return Error::BadAnswer("Evolution getBase64FromMediaMessage: base64 unreadable");
  if (bytes->size() > max_bytes) return MediaTooLarge(bytes->size(), max_bytes);
  Media media;
  media.bytes = std::move(*bytes);
  media.mime = StringMember(j, "mimetype");
  return media;
}

Error ClassifyEvolutionError(int http_status, std::string_view body) {
  std::string where = "Evolution API answered HTTP " + std::to_string(http_status);
  std::string detail = std::to_string(http_status);
  Json j = Json::parse(body, nullptr, false);
  if (!j.is_discarded()) {
    const Json* response = Member(j, "response");
    const Json* message = response != nullptr ? Member(*response, "message") : Member(j, "message");
    if (message != nullptr) {
      std::string text = message->is_string()
                             ? message->get<std::string>()
                             : message->dump(-1, ' ', false, Json::error_handler_t::replace);
      if (text.size() > 300) text.resize(300);
      detail += " " + text;
    }
  }
  if (http_status == 401 || http_status == 403 || http_status == 404) {
    return Error::Unauthorized(where).WithDetail(detail);
  }
  if (http_status == 429 || http_status >= 500 || http_status == 0) {
    return Error::Unavailable(where).WithDetail(detail);
  }
  return Error::Refused(where).WithDetail(detail);
}

}  // namespace atende::channel
