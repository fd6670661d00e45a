#include "channel/evolution/webhook.h"

#include <cctype>

#include "channel/crypto.h"
#include "channel/json_util.h"

namespace atende::channel::evolution {
namespace {

// "2025-11-21T21:25:03.966Z" → TimePoint; nullopt when it is not that shape.
std::optional<TimePoint> ParseIsoUtc(const std::string& s) {
  int y, mo, d, h, mi, sec;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year(y),
                                  std::chrono::month(static_cast<unsigned>(mo)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  int ms = 0;
  if (s.size() > 20 && s[19] == '.') {
    int digits = 0;
    for (size_t i = 20;
         i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && digits < 3;
         ++i, ++digits) {
      ms = ms * 10 + (s[i] - '0');
    }
    for (; digits < 3; ++digits) ms *= 10;
  }
  return TimePoint(std::chrono::sys_days(ymd).time_since_epoch() + std::chrono::hours(h) +
                   std::chrono::minutes(mi) + std::chrono::seconds(sec) +
                   std::chrono::milliseconds(ms));
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::optional<Phone> PhoneFromJid(const std::string& jid) {
  if (!EndsWith(jid, "@s.whatsapp.net") && !EndsWith(jid, "@c.us")) return std::nullopt;
  std::string digits = jid.substr(0, jid.find('@'));
  if (auto colon = digits.find(':'); colon != std::string::npos) digits.resize(colon);  // device
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  auto phone = Phone::Parse("+" + digits);
  if (!phone.ok()) return std::nullopt;
  return *phone;
}

void ReadMedia(const Json& media, InboundMessage& m, InboundKind kind) {
  m.kind = kind;
  m.mime_type = StringMember(media, "mimetype");
  m.text = StringMember(media, "caption");
  m.media_id = m.provider_message_id;  // Evolution downloads media by message key
}

// Fills kind/text/reply fields from data.message (Baileys proto, as Evolution normalises it).
void ReadContent(const Json& message, InboundMessage& m) {
  if (const Json* c = Member(message, "conversation"); c != nullptr && c->is_string()) {
    m.kind = InboundKind::kText;
    m.text = c->get<std::string>();
  } else if (const Json* e = Member(message, "extendedTextMessage")) {
    m.kind = InboundKind::kText;
    m.text = StringMember(*e, "text");
  } else if (const Json* b = Member(message, "buttonsResponseMessage")) {
    m.kind = InboundKind::kButtonReply;
    m.reply_id = StringMember(*b, "selectedButtonId");
    m.reply_title = StringMember(*b, "selectedDisplayText");
  } else if (const Json* t = Member(message, "templateButtonReplyMessage")) {
    m.kind = InboundKind::kButtonReply;
    m.reply_id = StringMember(*t, "selectedId");
    m.reply_title = StringMember(*t, "selectedDisplayText");
  } else if (const Json* l = Member(message, "listResponseMessage")) {
    m.kind = InboundKind::kListReply;
    m.reply_title = StringMember(*l, "title");
    if (const Json* r = Member(*l, "singleSelectReply"))
      m.reply_id = StringMember(*r, "selectedRowId");
  } else if (const Json* i = Member(message, "imageMessage")) {
    ReadMedia(*i, m, InboundKind::kImage);
  } else if (const Json* a = Member(message, "audioMessage")) {
    ReadMedia(*a, m, InboundKind::kAudio);
    m.voice_note = BoolMember(*a, "ptt");
  } else if (const Json* d = Member(message, "documentMessage")) {
    ReadMedia(*d, m, InboundKind::kDocument);
  } else if (const Json* dc = Member(message, "documentWithCaptionMessage")) {
    const Json* inner = Member(*dc, "message");
    const Json* doc = inner != nullptr ? Member(*inner, "documentMessage") : nullptr;
    if (doc != nullptr) ReadMedia(*doc, m, InboundKind::kDocument);
  } else if (const Json* v = Member(message, "videoMessage")) {
    ReadMedia(*v, m, InboundKind::kVideo);
  } else if (const Json* s = Member(message, "stickerMessage")) {
    ReadMedia(*s, m, InboundKind::kSticker);
  } else if (const Json* loc = Member(message, "locationMessage")) {
    m.kind = InboundKind::kLocation;
    const Json* lat = Member(*loc, "degreesLatitude");
    const Json* lon = Member(*loc, "degreesLongitude");
    if (lat != nullptr && lon != nullptr && lat->is_number() && lon->is_number()) {
      m.text = lat->dump() + "," + lon->dump();
    }
  } else if (const Json* ct = Member(message, "contactMessage")) {
    m.kind = InboundKind::kContacts;
    m.text = StringMember(*ct, "displayName");
  } else if (const Json* cts = Member(message, "contactsArrayMessage")) {
    m.kind = InboundKind::kContacts;
    m.text = StringMember(*cts, "displayName");
  } else if (const Json* r = Member(message, "reactionMessage")) {
    m.kind = InboundKind::kReaction;
    m.text = StringMember(*r, "text");
    if (const Json* k = Member(*r, "key")) m.context_message_id = StringMember(*k, "id");
  } else {
    m.kind = InboundKind::kUnsupported;
  }
  // Quoted message (a reply to one of ours), wherever Baileys put the contextInfo.
  for (const char* holder : {"extendedTextMessage", "buttonsResponseMessage", "listResponseMessage",
                             "templateButtonReplyMessage"}) {
    if (const Json* h = Member(message, holder)) {
      if (const Json* ci = Member(*h, "contextInfo")) {
        std::string id = StringMember(*ci, "stanzaId");
        if (!id.empty()) m.context_message_id = id;
      }
    }
  }
}

// Parses one messages.upsert item; returns false in `keep` for groups and broadcasts.
Status ParseUpsert(const Json& data, const std::string& path, const std::string& instance,
                   TimePoint envelope_time, WebhookBatch& batch) {
  if (!data.is_object()) return ShapeError(path, "an object");
  const Json* key = Member(data, "key");
  if (key == nullptr || !key->is_object()) return ShapeError(path + ".key", "an object");
  std::string remote = StringMember(*key, "remoteJid");
  if (remote.empty()) return ShapeError(path + ".key.remoteJid", "a string");
  InboundMessage m;
  m.provider = "evolution";
  m.tenant_key = instance;
  m.provider_message_id = StringMember(*key, "id");
  if (m.provider_message_id.empty()) return ShapeError(path + ".key.id", "a string");
  if (EndsWith(remote, "@g.us") || EndsWith(remote, "@broadcast") ||
      EndsWith(remote, "@newsletter")) {
    ++batch.ignored;
    return {};
  }
  m.from_raw = remote;
  m.from = PhoneFromJid(remote);
  if (!m.from) {
    // LID addressing (§3.3): the phone JID, when Evolution knows it, is in remoteJidAlt (senderPn
    // in some versions). Without it the sender's phone is unknown.
    for (const char* alt : {"remoteJidAlt", "senderPn"}) {
      std::string jid = StringMember(*key, alt);
      if (auto phone = PhoneFromJid(jid)) {
        m.from = phone;
        break;
      }
    }
  }
  m.profile_name = StringMember(data, "pushName");
  m.timestamp = envelope_time;
  if (const Json* ts = Member(data, "messageTimestamp")) {
    auto when = UnixSeconds(*ts);
    if (!when) return ShapeError(path + ".messageTimestamp", "Unix seconds");
    m.timestamp = *when;
  }
  const Json* message = Member(data, "message");
  if (message != nullptr && message->is_object()) {
    ReadContent(*message, m);
  } else {
    m.kind = InboundKind::kUnsupported;
  }
  if (BoolMember(*key, "fromMe")) {
    ++batch.ignored;
    m.from_me = true;
    batch.own_messages.push_back(std::move(m));
  } else {
    batch.messages.push_back(std::move(m));
  }
  return {};
}

std::optional<DeliveryState> StateOf(const Json* status) {
  if (status == nullptr) return std::nullopt;
  std::string word;
  if (status->is_string()) {
    word = status->get<std::string>();
  } else if (status->is_number_integer()) {
    static const char* kByNumber[] = {"ERROR",        "PENDING", "SERVER_ACK",
                                      "DELIVERY_ACK", "READ",    "PLAYED"};
    int64_t n = status->get<int64_t>();
    if (n >= 0 && n < 6) word = kByNumber[n];
  }
  if (word == "SERVER_ACK") return DeliveryState::kSent;
  if (word == "DELIVERY_ACK") return DeliveryState::kDelivered;
  if (word == "READ" || word == "PLAYED") return DeliveryState::kRead;
  if (word == "ERROR") return DeliveryState::kFailed;
  return std::nullopt;  // PENDING, DELETED
}

Status ParseUpdate(const Json& data, const std::string& path, const std::string& instance,
                   TimePoint envelope_time, WebhookBatch& batch) {
  if (!data.is_object()) return ShapeError(path, "an object");
  // v2 shape: {keyId, remoteJid, fromMe, status, messageId (database id)}; v1: {key:{…},
  // update:{status}}.
  const Json* key = Member(data, "key");
  std::string id = StringMember(data, "keyId");
  if (id.empty() && key != nullptr) id = StringMember(*key, "id");
  if (id.empty()) return ShapeError(path + ".keyId", "a string");
  std::string remote = StringMember(data, "remoteJid");
  if (remote.empty() && key != nullptr) remote = StringMember(*key, "remoteJid");
  bool from_me =
      Member(data, "fromMe") != nullptr
          ? BoolMember(data, "fromMe")
          : (key == nullptr || Member(*key, "fromMe") == nullptr || BoolMember(*key, "fromMe"));
  const Json* status = Member(data, "status");
  if (status == nullptr) {
    if (const Json* update = Member(data, "update")) status = Member(*update, "status");
  }
  auto state = StateOf(status);
  if (!from_me || !state || EndsWith(remote, "@g.us")) {
    ++batch.ignored;  // receipts of the subscriber's messages, pending, deletions
    return {};
  }
  StatusUpdate s;
  s.provider = "evolution";
  s.tenant_key = instance;
  s.provider_message_id = id;
  s.state = *state;
  s.timestamp = envelope_time;
  s.recipient_raw = remote;
  if (*state == DeliveryState::kFailed) s.error_title = "ERROR";
  batch.statuses.push_back(std::move(s));
  return {};
}

}  // namespace

Status VerifyWebhookJwt(std::string_view authorization, std::string_view jwt_key, TimePoint now) {
  if (jwt_key.empty()) return Error::Unauthorized("no jwt_key configured");
  std::string_view token = authorization;
  if (token.size() >= 7 && (token.substr(0, 7) == "Bearer " || token.substr(0, 7) == "bearer ")) {
    token.remove_prefix(7);
  }
  if (token.empty()) return Error::Unauthorized("webhook without Authorization: Bearer token");
  size_t dot1 = token.find('.');
  size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Error::Unauthorized("malformed webhook JWT");
  }
  auto header = Base64UrlDecode(token.substr(0, dot1));
  auto payload = Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = Base64UrlDecode(token.substr(dot2 + 1));
  if (!header || !payload || !signature) return Error::Unauthorized("malformed webhook JWT");
  Json h = Json::parse(*header, nullptr, false);
  if (h.is_discarded() || StringMember(h, "alg") != "HS256") {
    return Error::Unauthorized("webhook JWT is not HS256");
  }
  if (!ConstantTimeEquals(*signature, HmacSha256(jwt_key, token.substr(0, dot2)))) {
    return Error::Unauthorized("webhook JWT signature does not match");
  }
  Json p = Json::parse(*payload, nullptr, false);
  if (p.is_discarded() || !p.is_object()) return Error::Unauthorized("malformed webhook JWT");
  const Json* exp = Member(p, "exp");
  const Json* iat = Member(p, "iat");
  if (exp == nullptr || !exp->is_number()) return Error::Unauthorized("webhook JWT without exp");
  int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  constexpr int64_t kSkew = 30;
  if (exp->get<double>() + kSkew < static_cast<double>(now_s)) {
    return Error::Unauthorized("webhook JWT expired");
  }
  if (iat != nullptr && iat->is_number() &&
      iat->get<double>() > static_cast<double>(now_s + kSkew)) {
    return Error::Unauthorized("webhook JWT issued in the future");
  }
  if (StringMember(p, "app") != "evolution" || StringMember(p, "action") != "webhook") {
    return Error::Unauthorized("webhook JWT is not an Evolution webhook token");
  }
  return {};
}

std::string MakeWebhookJwt(std::string_view jwt_key, TimePoint issued_at) {
  int64_t iat =
      std::chrono::duration_cast<std::chrono::seconds>(issued_at.time_since_epoch()).count();
  std::string header = Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})");
  Json p = {{"iat", iat}, {"exp", iat + 600}, {"app", "evolution"}, {"action", "webhook"}};
  std::string signing_input = header + "." + Base64UrlEncode(p.dump());
  return signing_input + "." + Base64UrlEncode(HmacSha256(jwt_key, signing_input));
}

Result<WebhookBatch> ParseWebhook(std::string_view raw_body) {
  Json root = Json::parse(raw_body, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return Error::InvalidInput("webhook body is not JSON");
  if (!root.is_object()) return ShapeError("(root)", "an object");
  const Json* event = Member(root, "event");
  if (event == nullptr || !event->is_string()) return ShapeError("event", "a string");
  std::string instance = StringMember(root, "instance");
  if (instance.empty()) return ShapeError("instance", "a string");
  TimePoint envelope_time{};
  if (auto t = ParseIsoUtc(StringMember(root, "date_time"))) envelope_time = *t;
  // Event names arrive as "messages.upsert" or, from some configurations, "MESSAGES_UPSERT".
  std::string name = event->get<std::string>();
  for (char& c : name)
    c = c == '_' ? '.' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  WebhookBatch batch;
  bool upsert = name == "messages.upsert";
  bool update = name == "messages.update";
  if (!upsert && !update) {
    ++batch.ignored;
    return batch;
  }
  const Json* data = Member(root, "data");
  if (data == nullptr) return ShapeError("data", "an object");
  auto one = [&](const Json& item, const std::string& path) {
    return upsert ? ParseUpsert(item, path, instance, envelope_time, batch)
                  : ParseUpdate(item, path, instance, envelope_time, batch);
  };
  if (data->is_array()) {
    for (size_t i = 0; i < data->size(); ++i) {
      Status s = one((*data)[i], "data[" + std::to_string(i) + "]");
      if (!s.ok()) return s.error();
    }
  } else {
    Status s = one(*data, "data");
    if (!s.ok()) return s.error();
  }
  return batch;
}

}  // namespace atende::channel::evolution
