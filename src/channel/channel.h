// Channel: the port between atende and a WhatsApp provider — the official WhatsApp Cloud API or the
// open-source Evolution API gateway (specs/whatsapp-cloud.md, specs/evolution-api.md). An adapter
// turns a provider's webhook body into InboundMessages and StatusUpdates, checks the webhook's
// authenticity, and sends OutboundMessages. No wire word crosses this interface.
//
// Guarantees: ParseWebhook and VerifyWebhook never throw and never do I/O; Send does one HTTP
// exchange (no retries: the outbox retries) and classifies failures so the outbox knows whether to
// retry:
//   kUnavailable — throttled (130429, 131056, 4, 80007) or a provider/network failure: retry with
//   backoff;
//                  Error::detail starts with the provider's code;
//   kTimeout     — no answer: retry (the provider may have sent it: outbox keeps the idempotency
//   key); kRefused     — permanent for this message (outside the 24-hour window 131047,
//   undeliverable 131026,
//                  invalid parameter): do not retry; hand the conversation to a human if it
//                  matters;
//   kUnauthorized — credentials refused (190): stop sending, alert the operator;
//   kInvalidInput — the message breaks a provider limit (button title > 20 chars, > 10 list rows):
//   a bug.
// Threading: implementations are safe for concurrent use.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "core/phone.h"
#include "core/result.h"

namespace atende::channel {

enum class InboundKind {
  kText,
  kButtonReply,  // a tapped reply button: reply_id and reply_title
  kListReply,    // a picked list row: reply_id and reply_title
  kImage,
  kAudio,
  kDocument,
  kVideo,
  kSticker,
  kLocation,
  kContacts,
  kReaction,
  kUnsupported,
};

struct InboundMessage {
  std::string provider;             // "whatsapp" or "evolution"
  std::string tenant_key;           // Cloud API phone_number_id, or the Evolution instance name
  std::string provider_message_id;  // wamid.… / key.id: the deduplication key
  std::optional<Phone> from;  // absent when the sender cannot be read as a phone (LID-only, groups)
  std::string from_raw;       // as the provider wrote it (wa_id, remoteJid)
  std::string profile_name;
  TimePoint timestamp;
  InboundKind kind = InboundKind::kUnsupported;
  std::string text;         // text body, or the caption of media
  std::string reply_id;     // button/list reply id
  std::string reply_title;  // button/list reply title
  std::string media_id;     // Cloud API media id, or the Evolution message key for media download
  std::string mime_type;
  std::string context_message_id;  // the outbound message this one replies to, when given
  bool voice_note = false;  // audio recorded as a voice note (Cloud audio.voice, Evolution ptt)
  bool forwarded = false;   // Cloud context.forwarded: never proof of identity
  std::string user_id;      // Cloud business-scoped user id (BSUID "US.…"), kept beside wa_id
  // Evolution: sent from the business number itself (WebhookBatch::own_messages); `from` is then
  // the subscriber the message went to.
  bool from_me = false;
};

enum class DeliveryState { kSent, kDelivered, kRead, kFailed };

struct StatusUpdate {
  std::string provider;
  std::string tenant_key;
  std::string provider_message_id;  // of OUR outbound message
  DeliveryState state = DeliveryState::kSent;
  TimePoint timestamp;
  std::string recipient_raw;
  std::string error_code;  // when failed: the provider's code ("131047")
  std::string error_title;
  // Cloud API: biz_opaque_callback_data echoed back — the outbox idempotency key atende sent, which
  // settles a send whose answer was lost (a crash between the provider's 200 and our record).
  std::string callback_data;
};

struct WebhookBatch {
  std::vector<InboundMessage> messages;
  std::vector<StatusUpdate> statuses;
  // Parts of the body that were understood but carry nothing for atende (other fields, groups, own
  // messages).
  int ignored = 0;
  // Evolution only: messages sent from the business number itself (fromMe: atende's own sends, or a
  // human answering from the phone). Never answer them; one whose provider_message_id is not in the
  // outbox means a human took over (evolution-api.md §3.2, PEER-2). Also counted in `ignored`.
  std::vector<InboundMessage> own_messages;
};

// Outbound content, in provider-neutral terms.
struct OutText {
  std::string body;
};
struct OutButton {
  std::string id;
  std::string title;  // at most 20 characters
};
struct OutButtons {
  std::string body;
  std::vector<OutButton> buttons;  // 1 to 3
};
struct OutRow {
  std::string id;
  std::string title;        // at most 24 characters
  std::string description;  // at most 72 characters
};
struct OutList {
  std::string body;
  std::string button;        // the list's open button, at most 20 characters
  std::vector<OutRow> rows;  // 1 to 10
};
struct OutDocument {
  std::string filename;
  std::string mime_type = "application/pdf";
  std::string bytes;  // uploaded by the adapter (Cloud API: /media, then sent by id)
  std::string caption;
};
struct OutTemplate {  // the only content allowed outside the 24-hour window (Cloud API)
  std::string name;
  std::string language = "pt_BR";
  std::vector<std::string> body_parameters;
};
using OutboundContent = std::variant<OutText, OutButtons, OutList, OutDocument, OutTemplate>;

struct OutboundMessage {
  std::string tenant_key;
  std::string to;  // E.164 without '+', as the provider wants it ("5519987654321")
  OutboundContent content;
  std::string idempotency_key;  // stable across retries of the same outbox row
};

struct SendResult {
  std::string provider_message_id;
  // Cloud API documents: the uploaded media id, to delete (WhatsAppCloudChannel::DeleteMedia) once
  // the message is delivered — it holds personal data and Meta keeps it 30 days otherwise.
  std::string media_id;
};

// The request as the HTTP server received it, for authenticity checks.
struct WebhookRequest {
  std::string path;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string raw_body;                        // exactly as received
};

class Channel {
 public:
  virtual ~Channel() = default;
  virtual std::string_view name() const = 0;  // "whatsapp", "evolution"
  // Authenticity: the Cloud API's X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app
  // secret, compared in constant time) or Evolution's apikey. kUnauthorized when it does not hold.
  virtual Status VerifyWebhook(const WebhookRequest& request) const = 0;
  // kInvalidInput (with what and where) for a body that is not the provider's webhook shape.
  virtual Result<WebhookBatch> ParseWebhook(std::string_view raw_body) const = 0;
  virtual Result<SendResult> Send(const OutboundMessage& message) = 0;
  // Forgets media uploaded for a send (SendResult::media_id) once it is delivered. Providers that
  // upload nothing have nothing to delete.
  virtual Status DeleteMedia(const std::string& /*media_id*/) { return {}; }
  // Whether the provider echoes OutboundMessage::idempotency_key in its status webhooks
  // (StatusUpdate::callback_data), so an interrupted send can be settled instead of repeated.
  virtual bool EchoesIdempotencyKey() const { return false; }
  // Whether the provider reports atende's own sends back as messages from the business number
  // (Evolution fromMe), which also lets an interrupted send be recognised and settled.
  virtual bool EchoesOwnSends() const { return false; }

  // --- Inbound media download (voice notes) ---------------------------------------------------
  struct Media {
    std::string bytes;
    std::string mime;  // as the provider labels it: "audio/ogg; codecs=opus"
  };
  // Downloads the media of an inbound message (InboundMessage::media_id: the Cloud API media id,
  // or the Evolution message key id), at most `max_bytes`: larger media is refused with
  // kInvalidInput naming both sizes, before or while downloading, and nothing is kept. Other
  // errors as Send's (kUnauthorized, kUnavailable, kTimeout; kRefused when the provider no longer
  // has the media, or has no media download at all). One read at a time per call; thread-safe.
  virtual Result<Media> FetchMedia(const std::string& /*media_id*/, size_t /*max_bytes*/) {
    return Error::Refused(std::string(name()) + ": this channel has no media download");
  }
};

}  // namespace atende::channel
