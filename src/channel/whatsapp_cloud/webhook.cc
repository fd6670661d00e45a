#include "channel/whatsapp_cloud/webhook.h"

#include <cctype>
#include <map>

#include "channel/crypto.h"
#include "channel/json_util.h"

namespace atende::channel::whatsapp_cloud {
namespace {

constexpr std::string_view kPrefix = "sha256=";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<Phone> PhoneFromWaId(const std::string& wa_id) {
  if (wa_id.empty() || wa_id.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  auto phone = Phone::Parse("+" + wa_id);
  if (!phone.ok()) return std::nullopt;
  return *phone;
}

// Reads the media fields shared by image/audio/document/video/sticker.
void ReadMedia(const Json& media, InboundMessage& m) {
  m.media_id = ScalarMember(media, "id");
  m.mime_type = StringMember(media, "mime_type");
  m.text = StringMember(media, "caption");
}

struct ChangeContext {
  std::string tenant_key;
  std::map<std::string, std::string> names;     // wa_id (or user_id) → profile name
  std::map<std::string, std::string> user_ids;  // wa_id → BSUID
  std::string first_user_id;
};

Result<InboundMessage> ParseMessage(const Json& msg, const std::string& path,
                                    const ChangeContext& ctx) {
  if (!msg.is_object()) return ShapeError(path, "an object");
  InboundMessage m;
  m.provider = "whatsapp";
  m.tenant_key = ctx.tenant_key;
  m.provider_message_id = StringMember(msg, "id");
  if (m.provider_message_id.empty()) return ShapeError(path + ".id", "a message id string");
  const Json* type = Member(msg, "type");
  if (type == nullptr || !type->is_string()) return ShapeError(path + ".type", "a string");
  const Json* ts = Member(msg, "timestamp");
  if (ts == nullptr) return ShapeError(path + ".timestamp", "Unix seconds");
  auto when = UnixSeconds(*ts);
  if (!when) return ShapeError(path + ".timestamp", "Unix seconds");
  m.timestamp = *when;

  m.from_raw = StringMember(msg, "from");
  if (m.from_raw.empty()) m.from_raw = StringMember(msg, "from_user_id");
  if (m.from_raw.empty()) m.from_raw = ctx.first_user_id;  // BSUID-only chat (§5.1)
  m.from = PhoneFromWaId(m.from_raw);
  if (auto it = ctx.names.find(m.from_raw); it != ctx.names.end()) m.profile_name = it->second;
  m.user_id = StringMember(msg, "from_user_id");
  if (auto it = ctx.user_ids.find(m.from_raw); m.user_id.empty() && it != ctx.user_ids.end()) {
    m.user_id = it->second;
  }
  if (m.user_id.empty() && m.from_raw.rfind("US.", 0) == 0) m.user_id = m.from_raw;
  if (const Json* context = Member(msg, "context")) {
    m.context_message_id = StringMember(*context, "id");
    m.forwarded = BoolMember(*context, "forwarded") || BoolMember(*context, "frequently_forwarded");
  }

  const std::string& t = type->get_ref<const std::string&>();
  auto body = [&](const char* key) -> Result<const Json*> {
    const Json* b = Member(msg, key);
    if (b == nullptr || !b->is_object()) return ShapeError(path + "." + key, "an object");
    return b;
  };
  if (t == "text") {
    auto b = body("text");
    if (!b.ok()) return b.error();
    const Json* text = Member(**b, "body");
    if (text == nullptr || !text->is_string()) return ShapeError(path + ".text.body", "a string");
    m.kind = InboundKind::kText;
    m.text = text->get<std::string>();
  } else if (t == "interactive") {
    const Json* in = Member(msg, "interactive");
    // An interactive message may arrive with only errors[] (pywa fixture): unsupported.
    if (in == nullptr || !in->is_object()) {
      m.kind = InboundKind::kUnsupported;
      return m;
    }
    std::string itype = StringMember(*in, "type");
    const Json* reply = nullptr;
    if (itype == "button_reply") {
      reply = Member(*in, "button_reply");
      m.kind = InboundKind::kButtonReply;
    } else if (itype == "list_reply") {
      reply = Member(*in, "list_reply");
      m.kind = InboundKind::kListReply;
    } else {
      m.kind = InboundKind::kUnsupported;  // nfm_reply (flows) and newer kinds
      return m;
    }
    if (reply == nullptr || !reply->is_object()) {
      return ShapeError(path + ".interactive." + itype, "an object");
    }
    m.reply_id = StringMember(*reply, "id");
    m.reply_title = StringMember(*reply, "title");
    if (m.reply_id.empty()) return ShapeError(path + ".interactive." + itype + ".id", "a string");
  } else if (t == "button") {
    auto b = body("button");
    if (!b.ok()) return b.error();
    m.kind = InboundKind::kButtonReply;
    m.reply_id = StringMember(**b, "payload");
    m.reply_title = StringMember(**b, "text");
    m.text = m.reply_title;
  } else if (t == "image" || t == "audio" || t == "voice" || t == "document" || t == "video" ||
             t == "sticker") {
    auto b = body(t.c_str());
    if (!b.ok()) return b.error();
    ReadMedia(**b, m);
    m.voice_note = t == "voice" || BoolMember(**b, "voice");
    if (t == "image") m.kind = InboundKind::kImage;
    if (t == "audio" || t == "voice") m.kind = InboundKind::kAudio;
    if (t == "document") m.kind = InboundKind::kDocument;
    if (t == "video") m.kind = InboundKind::kVideo;
    if (t == "sticker") m.kind = InboundKind::kSticker;
  } else if (t == "location") {
    auto b = body("location");
    if (!b.ok()) return b.error();
    m.kind = InboundKind::kLocation;
    const Json* lat = Member(**b, "latitude");
    const Json* lon = Member(**b, "longitude");
    if (lat != nullptr && lon != nullptr && lat->is_number() && lon->is_number()) {
      m.text = lat->dump() + "," + lon->dump();
    }
    std::string label = StringMember(**b, "name");
    std::string address = StringMember(**b, "address");
    if (!address.empty()) label += (label.empty() ? "" : " - ") + address;
    if (!label.empty()) m.text += (m.text.empty() ? "" : " ") + label;
  } else if (t == "contacts") {
    const Json* list = Member(msg, "contacts");
    if (list == nullptr || !list->is_array()) return ShapeError(path + ".contacts", "an array");
    m.kind = InboundKind::kContacts;
    std::string text;
    for (const Json& c : *list) {
      std::string name;
      if (const Json* n = Member(c, "name")) name = StringMember(*n, "formatted_name");
      std::string phone;
      if (const Json* phones = Member(c, "phones");
          phones != nullptr && phones->is_array() && !phones->empty()) {
        phone = StringMember((*phones)[0], "phone");
      }
      if (!text.empty()) text += "; ";
      text += name;
      if (!phone.empty()) text += (name.empty() ? "" : " ") + phone;
    }
    m.text = text;
  } else if (t == "reaction") {
    auto b = body("reaction");
    if (!b.ok()) return b.error();
    m.kind = InboundKind::kReaction;
    m.text = StringMember(**b, "emoji");
    m.context_message_id = StringMember(**b, "message_id");
  } else {
    m.kind = InboundKind::kUnsupported;  // unknown (131051), order, system, referral, …
  }
  return m;
}

Result<std::optional<StatusUpdate>> ParseStatus(const Json& st, const std::string& path,
                                                const std::string& tenant_key) {
  if (!st.is_object()) return ShapeError(path, "an object");
  StatusUpdate s;
  s.provider = "whatsapp";
  s.tenant_key = tenant_key;
  s.provider_message_id = StringMember(st, "id");
  if (s.provider_message_id.empty()) return ShapeError(path + ".id", "a message id string");
  const Json* status = Member(st, "status");
  if (status == nullptr || !status->is_string()) return ShapeError(path + ".status", "a string");
  const std::string& word = status->get_ref<const std::string&>();
  if (word == "sent") {
    s.state = DeliveryState::kSent;
  } else if (word == "delivered") {
    s.state = DeliveryState::kDelivered;
  } else if (word == "read" || word == "played") {
    s.state = DeliveryState::kRead;
  } else if (word == "failed") {
    s.state = DeliveryState::kFailed;
  } else {
    return std::optional<StatusUpdate>();  // deleted, warning: legacy
  }
  if (const Json* ts = Member(st, "timestamp")) {
    auto when = UnixSeconds(*ts);
    if (!when) return ShapeError(path + ".timestamp", "Unix seconds");
    s.timestamp = *when;
  }
  s.recipient_raw = StringMember(st, "recipient_id");
  s.callback_data = StringMember(st, "biz_opaque_callback_data");
  if (const Json* errors = Member(st, "errors");
      errors != nullptr && errors->is_array() && !errors->empty()) {
    s.error_code = ScalarMember((*errors)[0], "code");
    s.error_title = StringMember((*errors)[0], "title");
  }
  return std::optional<StatusUpdate>(std::move(s));
}

}  // namespace

std::string SignatureHeader(std::string_view app_secret, std::string_view raw_body) {
  return std::string(kPrefix) + HexLower(HmacSha256(app_secret, raw_body));
}

Status VerifySignature(std::optional<std::string_view> header, std::string_view raw_body,
                       std::string_view app_secret) {
  if (!header || header->empty()) {
    return Error::Unauthorized("webhook without X-Hub-Signature-256");
  }
  std::string_view h = *header;
  while (!h.empty() && (h.back() == ' ' || h.back() == '\t')) h.remove_suffix(1);
  while (!h.empty() && (h.front() == ' ' || h.front() == '\t')) h.remove_prefix(1);
  if (h.size() != kPrefix.size() + 64 || Lower(h.substr(0, kPrefix.size())) != kPrefix) {
    return Error::Unauthorized("malformed X-Hub-Signature-256");
  }
  std::string given = Lower(h.substr(kPrefix.size()));
  if (given.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return Error::Unauthorized("malformed X-Hub-Signature-256");
  }
  if (app_secret.empty()) return Error::Unauthorized("no app secret configured");
  std::string expected = HexLower(HmacSha256(app_secret, raw_body));
  if (!ConstantTimeEquals(given, expected)) {
    return Error::Unauthorized("X-Hub-Signature-256 does not match the body");
  }
  return {};
}

Result<std::string> AnswerVerification(std::optional<std::string_view> mode,
                                       std::optional<std::string_view> verify_token_given,
                                       std::optional<std::string_view> challenge,
                                       std::string_view verify_token) {
  if (!mode || *mode != "subscribe") return Error::Unauthorized("hub.mode is not subscribe");
  if (verify_token.empty() || !verify_token_given ||
      !ConstantTimeEquals(*verify_token_given, verify_token)) {
    return Error::Unauthorized("hub.verify_token does not match");
  }
  if (!challenge || challenge->empty()) return Error::Unauthorized("no hub.challenge");
  return std::string(*challenge);
}

Result<WebhookBatch> ParseWebhook(std::string_view raw_body) {
  Json root = Json::parse(raw_body, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return Error::InvalidInput("webhook body is not JSON");
  if (!root.is_object()) return ShapeError("(root)", "an object");
  std::string object = StringMember(root, "object");
  if (object != "whatsapp_business_account") {
    return ShapeError("object", "\"whatsapp_business_account\"");
  }
  const Json* entries = Member(root, "entry");
  if (entries == nullptr || !entries->is_array()) return ShapeError("entry", "an array");
  WebhookBatch batch;
  for (size_t e = 0; e < entries->size(); ++e) {
    const Json& entry = (*entries)[e];
    std::string epath = "entry[" + std::to_string(e) + "]";
    if (!entry.is_object()) return ShapeError(epath, "an object");
    const Json* changes = Member(entry, "changes");
    if (changes == nullptr || !changes->is_array())
      return ShapeError(epath + ".changes", "an array");
    for (size_t c = 0; c < changes->size(); ++c) {
      const Json& change = (*changes)[c];
      std::string cpath = epath + ".changes[" + std::to_string(c) + "]";
      if (!change.is_object()) return ShapeError(cpath, "an object");
      if (StringMember(change, "field") != "messages") {
        ++batch.ignored;  // account_update, message_template_status_update, …
        continue;
      }
      const Json* value = Member(change, "value");
      std::string vpath = cpath + ".value";
      if (value == nullptr || !value->is_object()) return ShapeError(vpath, "an object");
      ChangeContext ctx;
      if (const Json* meta = Member(*value, "metadata")) {
        ctx.tenant_key = ScalarMember(*meta, "phone_number_id");
      }
      const Json* messages = Member(*value, "messages");
      const Json* statuses = Member(*value, "statuses");
      if ((messages != nullptr || statuses != nullptr) && ctx.tenant_key.empty()) {
        return ShapeError(vpath + ".metadata.phone_number_id", "a string");
      }
      if (const Json* contacts = Member(*value, "contacts");
          contacts != nullptr && contacts->is_array()) {
        for (const Json& contact : *contacts) {
          std::string name;
          if (const Json* profile = Member(contact, "profile"))
            name = StringMember(*profile, "name");
          std::string wa_id = StringMember(contact, "wa_id");
          std::string user_id = StringMember(contact, "user_id");
          if (!wa_id.empty()) ctx.names[wa_id] = name;
          if (!wa_id.empty() && !user_id.empty()) ctx.user_ids[wa_id] = user_id;
          if (!user_id.empty()) {
            ctx.names[user_id] = name;
            if (ctx.first_user_id.empty()) ctx.first_user_id = user_id;
          }
        }
      }
      if (messages != nullptr) {
        if (!messages->is_array()) return ShapeError(vpath + ".messages", "an array");
        for (size_t i = 0; i < messages->size(); ++i) {
          auto m =
              ParseMessage((*messages)[i], vpath + ".messages[" + std::to_string(i) + "]", ctx);
          if (!m.ok()) return m.error();
          batch.messages.push_back(std::move(m).value());
        }
      }
      if (statuses != nullptr) {
        if (!statuses->is_array()) return ShapeError(vpath + ".statuses", "an array");
        for (size_t i = 0; i < statuses->size(); ++i) {
          auto s = ParseStatus((*statuses)[i], vpath + ".statuses[" + std::to_string(i) + "]",
                               ctx.tenant_key);
          if (!s.ok()) return s.error();
          if (s->has_value()) {
            batch.statuses.push_back(std::move(**s));
          } else {
            ++batch.ignored;
          }
        }
      }
      if (const Json* errors = Member(*value, "errors")) {
        if (errors->is_array()) batch.ignored += static_cast<int>(errors->size());
      }
    }
  }
  return batch;
}

}  // namespace atende::channel::whatsapp_cloud
