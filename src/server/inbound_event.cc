#include "server/inbound_event.h"

#include <array>
#include <nlohmann/json.hpp>

namespace atende::server {
namespace {

constexpr std::array<const char*, 12> kKindNames = {
    "text",  "button_reply", "list_reply", "image",    "audio",    "document",
    "video", "sticker",      "location",   "contacts", "reaction", "unsupported"};

}  // namespace

std::string EncodeInbound(const channel::InboundMessage& m) {
  nlohmann::json j = {
      {"provider", m.provider},
      {"tenant_key", m.tenant_key},
      {"id", m.provider_message_id},
      {"from", m.from ? m.from->e164() : ""},
      {"from_raw", m.from_raw},
      {"profile_name", m.profile_name},
      {"timestamp_ms", m.timestamp.time_since_epoch().count()},
      {"kind", kKindNames[static_cast<size_t>(m.kind)]},
      {"text", m.text},
      {"reply_id", m.reply_id},
      {"reply_title", m.reply_title},
      {"media_id", m.media_id},
      {"mime_type", m.mime_type},
      {"context", m.context_message_id},
      {"voice_note", m.voice_note},
      {"forwarded", m.forwarded},
      {"user_id", m.user_id},
      {"from_me", m.from_me},
  };
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<channel::InboundMessage> DecodeInbound(const std::string& json) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error::BadAnswer("inbox payload is not JSON");
  channel::InboundMessage m;
  auto text = [&](const char* key) { return j.value(key, std::string()); };
  m.provider = text("provider");
  m.tenant_key = text("tenant_key");
  m.provider_message_id = text("id");
  if (std::string from = text("from"); !from.empty()) {
    if (auto phone = Phone::Parse(from); phone.ok()) m.from = *phone;
  }
  m.from_raw = text("from_raw");
  m.profile_name = text("profile_name");
  m.timestamp = TimePoint(std::chrono::milliseconds(j.value("timestamp_ms", int64_t{0})));
  std::string kind = text("kind");
  for (size_t i = 0; i < kKindNames.size(); ++i) {
    if (kind == kKindNames[i]) m.kind = static_cast<channel::InboundKind>(i);
  }
  m.text = text("text");
  m.reply_id = text("reply_id");
  m.reply_title = text("reply_title");
  m.media_id = text("media_id");
  m.mime_type = text("mime_type");
  m.context_message_id = text("context");
  m.voice_note = j.value("voice_note", false);
  m.forwarded = j.value("forwarded", false);
  m.user_id = text("user_id");
  m.from_me = j.value("from_me", false);
  return m;
}

agent::Inbound ToAgentInbound(const channel::InboundMessage& m) {
  agent::Inbound in;
  using channel::InboundKind;
  switch (m.kind) {
    case InboundKind::kText:
      in.text = m.text;
      break;
    case InboundKind::kButtonReply:
      in.text = m.reply_title.empty() ? m.reply_id : m.reply_title;
      break;
    case InboundKind::kListReply:
      in.list_id = m.reply_id;
      in.text = m.reply_title;
      break;
    case InboundKind::kImage:
      in.media = dialogue::Media::kImage;
      in.text = m.text;
      break;
    case InboundKind::kAudio:
      in.media = dialogue::Media::kAudio;
      break;
    case InboundKind::kDocument:
      in.media = dialogue::Media::kDocument;
      in.text = m.text;
      break;
    default:
      in.media = dialogue::Media::kOther;
      break;
  }
  in.forwarded = m.forwarded;
  return in;
}

bool JoinsWithText(const channel::InboundMessage& message) {
  // A forwarded text stays a turn of its own: what the subscriber typed must not inherit its flag,
  // nor it theirs.
  return message.kind == channel::InboundKind::kText && !message.forwarded;
}

}  // namespace atende::server
