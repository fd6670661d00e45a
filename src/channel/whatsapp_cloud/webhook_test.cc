#include "channel/whatsapp_cloud/webhook.h"

#include <gtest/gtest.h>

#include "channel/testing/fixtures.h"

namespace atende::channel::whatsapp_cloud {
namespace {

using testing::ReadFixture;

std::string Fixture(const std::string& name) { return ReadFixture("whatsapp_cloud", name); }

TimePoint Seconds(int64_t s) { return TimePoint(std::chrono::seconds(s)); }

// §4 vectors [VERIFIED].
constexpr const char* kSecret = "test_app_secret";
constexpr const char* kBody1 = R"({"object":"whatsapp_business_account","entry":[]})";
constexpr const char* kSig1 =
    "sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756";
constexpr const char* kBody2 =
    R"({"object":"whatsapp_business_account","entry":[{"id":"0","changes":[{"field":"messages","value":{"messages":[{"type":"text","text":{"body":"S\u00e3o Paulo"}}]}}]}]})";
constexpr const char* kSig2 =
    "sha256=689d07cc3eb31589665b9978563263f7853be1a52025a79f16831bcf1d21eaf0";

TEST(CloudSignature, SpecVectors) {
  EXPECT_EQ(SignatureHeader(kSecret, kBody1), kSig1);
  EXPECT_EQ(SignatureHeader(kSecret, kBody2), kSig2);
  EXPECT_TRUE(VerifySignature(kSig1, kBody1, kSecret).ok());
  EXPECT_TRUE(VerifySignature(kSig2, kBody2, kSecret).ok());
}

TEST(CloudSignature, UpperCaseHexAccepted) {
  std::string upper = kSig1;
  for (size_t i = 7; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  EXPECT_TRUE(VerifySignature(upper, kBody1, kSecret).ok());
}

TEST(CloudSignature, Rejections) {
  auto kind = [](const Status& s) { return s.ok() ? ErrorKind::kInternal : s.error().kind; };
  // Missing.
  EXPECT_EQ(kind(VerifySignature(std::nullopt, kBody1, kSecret)), ErrorKind::kUnauthorized);
  EXPECT_EQ(kind(VerifySignature("", kBody1, kSecret)), ErrorKind::kUnauthorized);
  // Wrong signature (the other body's).
  EXPECT_EQ(kind(VerifySignature(kSig2, kBody1, kSecret)), ErrorKind::kUnauthorized);
  // Wrong secret.
  EXPECT_EQ(kind(VerifySignature(kSig1, kBody1, "other_secret")), ErrorKind::kUnauthorized);
  // Tampered body: one byte changed, one space added.
  std::string tampered = kBody1;
  tampered[tampered.size() - 3] = '{';
  EXPECT_EQ(kind(VerifySignature(kSig1, tampered, kSecret)), ErrorKind::kUnauthorized);
  EXPECT_EQ(kind(VerifySignature(kSig1, std::string(kBody1) + " ", kSecret)),
            ErrorKind::kUnauthorized);
  // The body after decoding the escape (what a re-dump would hash) does not match.
  std::string decoded = kBody2;
  decoded.replace(decoded.find("\\u00e3"), 6, "\xC3\xA3");
  EXPECT_EQ(kind(VerifySignature(kSig2, decoded, kSecret)), ErrorKind::kUnauthorized);
  // Wrong length: truncated, one digit more.
  std::string sig = kSig1;
  EXPECT_EQ(kind(VerifySignature(sig.substr(0, sig.size() - 1), kBody1, kSecret)),
            ErrorKind::kUnauthorized);
  EXPECT_EQ(kind(VerifySignature(sig + "0", kBody1, kSecret)), ErrorKind::kUnauthorized);
  // Malformed: no prefix, sha1 prefix, non-hex digit.
  EXPECT_EQ(kind(VerifySignature(sig.substr(7), kBody1, kSecret)), ErrorKind::kUnauthorized);
  EXPECT_EQ(kind(VerifySignature("sha1=" + sig.substr(7), kBody1, kSecret)),
            ErrorKind::kUnauthorized);
  std::string nonhex = sig;
  nonhex.back() = 'g';
  EXPECT_EQ(kind(VerifySignature(nonhex, kBody1, kSecret)), ErrorKind::kUnauthorized);
  // No app secret configured: nothing verifies.
  EXPECT_EQ(kind(VerifySignature(SignatureHeader("", kBody1), kBody1, "")),
            ErrorKind::kUnauthorized);
}

TEST(CloudHandshake, EchoesChallengeForTheRightToken) {
  auto r = AnswerVerification("subscribe", "meatyhamhock", "1158201444", "meatyhamhock");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "1158201444");
}

TEST(CloudHandshake, RefusesWrongTokenOrMode) {
  EXPECT_EQ(AnswerVerification("subscribe", "wrong", "1", "meatyhamhock").error().kind,
            ErrorKind::kUnauthorized);
  EXPECT_FALSE(AnswerVerification("unsubscribe", "meatyhamhock", "1", "meatyhamhock").ok());
  EXPECT_FALSE(AnswerVerification(std::nullopt, "meatyhamhock", "1", "meatyhamhock").ok());
  EXPECT_FALSE(AnswerVerification("subscribe", std::nullopt, "1", "meatyhamhock").ok());
  EXPECT_FALSE(AnswerVerification("subscribe", "meatyhamhock", std::nullopt, "meatyhamhock").ok());
  // An unconfigured verify token never matches an empty one.
  EXPECT_FALSE(AnswerVerification("subscribe", "", "1", "").ok());
}

InboundMessage Only(const Result<WebhookBatch>& batch) {
  EXPECT_TRUE(batch.ok()) << (batch.ok() ? "" : batch.error().ToString());
  EXPECT_EQ(batch->messages.size(), 1u);
  return batch->messages.at(0);
}

TEST(CloudParse, Text) {
  auto batch = ParseWebhook(Fixture("text.json"));
  const InboundMessage m = Only(batch);
  EXPECT_EQ(m.provider, "whatsapp");
  EXPECT_EQ(m.tenant_key, "106540352242922");
  EXPECT_EQ(m.provider_message_id, "wamid.TEXT");
  EXPECT_EQ(m.kind, InboundKind::kText);
  EXPECT_EQ(m.text, "Body Text");
  EXPECT_EQ(m.from_raw, "5511999990000");
  ASSERT_TRUE(m.from.has_value());
  EXPECT_EQ(m.from->e164(), "+5511999990000");
  EXPECT_EQ(m.profile_name, "Test Name");
  EXPECT_EQ(m.user_id, "US.13491208655302741918");  // BSUID kept beside wa_id
  EXPECT_EQ(m.timestamp, Seconds(1697043223));
  EXPECT_TRUE(batch->statuses.empty());
}

TEST(CloudParse, ButtonAndListReplies) {
  const InboundMessage b = Only(ParseWebhook(Fixture("button_reply.json")));
  EXPECT_EQ(b.kind, InboundKind::kButtonReply);
  EXPECT_EQ(b.reply_id, "callback_data");
  EXPECT_EQ(b.reply_title, "title");
  EXPECT_EQ(b.context_message_id, "wamid.ORIG");
  EXPECT_EQ(b.timestamp, Seconds(1698266730));

  const InboundMessage l = Only(ParseWebhook(Fixture("list_reply.json")));
  EXPECT_EQ(l.kind, InboundKind::kListReply);
  EXPECT_EQ(l.reply_id, "callback_data");
  EXPECT_EQ(l.reply_title, "title");
  EXPECT_EQ(l.context_message_id, "wamid.ORIG");
}

TEST(CloudParse, TemplateQuickReplyButton) {
  const InboundMessage m = Only(ParseWebhook(Fixture("template_button.json")));
  EXPECT_EQ(m.kind, InboundKind::kButtonReply);
  EXPECT_EQ(m.reply_id, "No-Button-Payload");
  EXPECT_EQ(m.reply_title, "No");
  ASSERT_TRUE(m.from.has_value());
  EXPECT_EQ(m.from->e164(), "+16315551234");  // a foreign wa_id stays foreign
  EXPECT_EQ(m.profile_name, "Kerry Fisher");
}

TEST(CloudParse, Media) {
  const InboundMessage img = Only(ParseWebhook(Fixture("image.json")));
  EXPECT_EQ(img.kind, InboundKind::kImage);
  EXPECT_EQ(img.media_id, "65463453");
  EXPECT_EQ(img.mime_type, "image/jpeg");
  EXPECT_EQ(img.text, "optional");

  const InboundMessage audio = Only(ParseWebhook(Fixture("audio_voice.json")));
  EXPECT_EQ(audio.kind, InboundKind::kAudio);
  EXPECT_EQ(audio.media_id, "1234567890987654321");
  EXPECT_EQ(audio.mime_type, "audio/ogg; codecs=opus");
  EXPECT_TRUE(audio.voice_note);
  EXPECT_FALSE(img.voice_note);

  const InboundMessage doc = Only(ParseWebhook(Fixture("document_forwarded.json")));
  EXPECT_EQ(doc.kind, InboundKind::kDocument);
  EXPECT_EQ(doc.mime_type, "application/pdf");
  EXPECT_EQ(doc.text, "caption");
  EXPECT_EQ(doc.context_message_id, "");  // forwarded, not a reply
  EXPECT_TRUE(doc.forwarded);
  EXPECT_FALSE(img.forwarded);
}

TEST(CloudParse, OtherTypes) {
  auto batch = ParseWebhook(Fixture("misc_types.json"));
  ASSERT_TRUE(batch.ok()) << batch.error().ToString();
  ASSERT_EQ(batch->messages.size(), 6u);
  const auto& m = batch->messages;
  EXPECT_EQ(m[0].kind, InboundKind::kVideo);
  EXPECT_EQ(m[0].media_id, "555");
  EXPECT_EQ(m[0].text, "vid");
  EXPECT_EQ(m[1].kind, InboundKind::kSticker);
  EXPECT_EQ(m[1].mime_type, "image/webp");
  EXPECT_EQ(m[2].kind, InboundKind::kLocation);
  EXPECT_EQ(m[2].text, "-22.9,-47.06 Casa - Rua A, 10");
  EXPECT_EQ(m[3].kind, InboundKind::kContacts);
  EXPECT_EQ(m[3].text, "Joao Silva +55 19 98765-4321");
  EXPECT_EQ(m[4].kind, InboundKind::kReaction);
  EXPECT_EQ(m[4].text, "\xF0\x9F\x91\x8D");
  EXPECT_EQ(m[4].context_message_id, "wamid.OURS");
  EXPECT_EQ(m[5].kind, InboundKind::kUnsupported);  // order
}

TEST(CloudParse, UnknownAndInteractiveWithoutBodyAreUnsupported) {
  const InboundMessage u = Only(ParseWebhook(Fixture("unknown.json")));
  EXPECT_EQ(u.kind, InboundKind::kUnsupported);
  EXPECT_EQ(u.provider_message_id, "wamid.UNK");
  const InboundMessage i = Only(ParseWebhook(Fixture("interactive_error_only.json")));
  EXPECT_EQ(i.kind, InboundKind::kUnsupported);
}

TEST(CloudParse, Statuses) {
  auto sent = ParseWebhook(Fixture("status_sent.json"));
  ASSERT_TRUE(sent.ok());
  ASSERT_EQ(sent->statuses.size(), 1u);
  EXPECT_TRUE(sent->messages.empty());
  EXPECT_EQ(sent->statuses[0].provider_message_id, "wamid.xyzxyz");
  EXPECT_EQ(sent->statuses[0].state, DeliveryState::kSent);
  EXPECT_EQ(sent->statuses[0].recipient_raw, "5511999990000");
  EXPECT_EQ(sent->statuses[0].timestamp, Seconds(1698266945));
  EXPECT_EQ(sent->statuses[0].tenant_key, "106540352242922");
  EXPECT_EQ(sent->statuses[0].callback_data, "optional tracker you sent");

  auto failed = ParseWebhook(Fixture("status_failed.json"));
  ASSERT_TRUE(failed.ok());
  ASSERT_EQ(failed->statuses.size(), 1u);
  EXPECT_EQ(failed->statuses[0].state, DeliveryState::kFailed);
  EXPECT_EQ(failed->statuses[0].error_code, "130472");
  EXPECT_EQ(failed->statuses[0].error_title, "User's number is part of an experiment");
}

TEST(CloudParse, SeveralEntriesChangesMessagesAndStatuses) {
  auto batch = ParseWebhook(Fixture("multi.json"));
  ASSERT_TRUE(batch.ok()) << batch.error().ToString();
  ASSERT_EQ(batch->messages.size(), 2u);
  EXPECT_EQ(batch->messages[0].tenant_key, "PN1");
  EXPECT_EQ(batch->messages[0].profile_name, "A");
  EXPECT_EQ(batch->messages[1].profile_name, "B");
  EXPECT_EQ(batch->messages[1].text, "dois");
  ASSERT_EQ(batch->statuses.size(), 2u);
  EXPECT_EQ(batch->statuses[0].tenant_key, "PN2");
  EXPECT_EQ(batch->statuses[0].state, DeliveryState::kFailed);
  EXPECT_EQ(batch->statuses[0].error_code, "131047");
  EXPECT_EQ(batch->statuses[1].state, DeliveryState::kDelivered);  // out of order: kept as is
  EXPECT_EQ(batch->ignored, 2);  // account_update change + value.errors[0]
}

TEST(CloudParse, WaIdWithoutNinthDigitIsTheSameLine) {
  const InboundMessage m = Only(ParseWebhook(Fixture("no_ninth_digit.json")));
  ASSERT_TRUE(m.from.has_value());
  EXPECT_EQ(m.from_raw, "551987654321");
  auto registered = Phone::Parse("(19) 98765-4321");
  ASSERT_TRUE(registered.ok());
  EXPECT_TRUE(m.from->SameLine(*registered));
  EXPECT_EQ(m.profile_name, "Maria");
}

TEST(CloudParse, BsuidOnlyChatHasNoPhone) {
  const InboundMessage m = Only(ParseWebhook(Fixture("bsuid_only.json")));
  EXPECT_FALSE(m.from.has_value());
  EXPECT_EQ(m.from_raw, "US.13491208655302741918");
  EXPECT_EQ(m.profile_name, "Sem Numero");
  EXPECT_EQ(m.user_id, "US.13491208655302741918");
  EXPECT_EQ(m.text, "oi");
}

TEST(CloudParse, MalformedBodiesNameThePath) {
  auto err = [](std::string_view body) {
    auto r = ParseWebhook(body);
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.error().message;
  };
  EXPECT_EQ(ParseWebhook("{not json").error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(ParseWebhook("").error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(err("[]").find("(root)"), std::string::npos);
  EXPECT_NE(err(R"({"object":"page","entry":[]})").find("object"), std::string::npos);
  EXPECT_NE(err(R"({"object":"whatsapp_business_account"})").find("entry"), std::string::npos);
  EXPECT_NE(err(R"({"object":"whatsapp_business_account","entry":[{"changes":{}}]})")
                .find("entry[0].changes"),
            std::string::npos);
  std::string bad_type =
      R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"P"},"messages":[{"from":"5511999990000","id":"wamid.A","timestamp":"1","type":"text","text":{"body":"a"}},{"from":"5511999990000","id":"wamid.B","timestamp":"1","type":7}]}}]}]})";
  EXPECT_EQ(err(bad_type), "entry[0].changes[0].value.messages[1].type: expected a string");
  std::string bad_text =
      R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"P"},"messages":[{"from":"1","id":"wamid.A","timestamp":"1","type":"text","text":{"body":null}}]}}]}]})";
  EXPECT_NE(err(bad_text).find("entry[0].changes[0].value.messages[0].text.body"),
            std::string::npos);
  std::string bad_ts =
      R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"P"},"statuses":[{"id":"wamid.A","status":"sent","timestamp":"yesterday"}]}}]}]})";
  EXPECT_NE(err(bad_ts).find("statuses[0].timestamp"), std::string::npos);
  std::string no_tenant =
      R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[]}}]}]})";
  EXPECT_NE(err(no_tenant).find("metadata.phone_number_id"), std::string::npos);
}

TEST(CloudParse, NeverCrashesOnTruncationsOfARealBody) {
  std::string body = Fixture("multi.json");
  for (size_t n = 0; n + 1 < body.size(); ++n) {  // the last byte is a newline
    auto r = ParseWebhook(std::string_view(body).substr(0, n));
    EXPECT_FALSE(r.ok());
  }
}

}  // namespace
}  // namespace atende::channel::whatsapp_cloud
