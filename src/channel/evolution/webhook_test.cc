#include "channel/evolution/webhook.h"

#include <gtest/gtest.h>

#include "channel/crypto.h"
#include "channel/testing/fixtures.h"

namespace atende::channel::evolution {
namespace {

std::string Fixture(const std::string& name) { return testing::ReadFixture("evolution", name); }

InboundMessage Only(const std::string& fixture) {
  auto batch = ParseWebhook(Fixture(fixture));
  EXPECT_TRUE(batch.ok()) << (batch.ok() ? "" : batch.error().ToString());
  if (!batch.ok() || batch->messages.size() != 1) {
    ADD_FAILURE() << fixture << ": expected one message";
    return {};
  }
  return batch->messages[0];
}

TimePoint Seconds(int64_t s) { return TimePoint(std::chrono::seconds(s)); }

TEST(EvolutionParse, Conversation) {
  InboundMessage m = Only("text.json");
  EXPECT_EQ(m.provider, "evolution");
  EXPECT_EQ(m.tenant_key, "minha-instancia");
  EXPECT_EQ(m.provider_message_id, "3AE99D6A1DBF3F9A0578");
  EXPECT_EQ(m.kind, InboundKind::kText);
  EXPECT_EQ(m.text, "Texto da mensagem");
  EXPECT_EQ(m.from_raw, "558197088404@s.whatsapp.net");
  ASSERT_TRUE(m.from.has_value());
  EXPECT_EQ(m.from->e164(), "+558197088404");  // no ninth digit: core Phone keeps the line
  EXPECT_TRUE(m.from->SameLine(*Phone::Parse("(81) 99708-8404")));
  EXPECT_EQ(m.profile_name, "Nome do Remetente");
  EXPECT_EQ(m.timestamp, Seconds(1763771103));  // a number here, not Meta's string
}

TEST(EvolutionParse, ExtendedTextWithQuote) {
  InboundMessage m = Only("extended_text.json");
  EXPECT_EQ(m.kind, InboundKind::kText);
  EXPECT_EQ(m.text, "respondendo");
  EXPECT_EQ(m.context_message_id, "BAE594145F4C59B4");
}

TEST(EvolutionParse, Media) {
  InboundMessage img = Only("image.json");
  EXPECT_EQ(img.kind, InboundKind::kImage);
  EXPECT_EQ(img.mime_type, "image/jpeg");
  EXPECT_EQ(img.text, "comprovante");
  EXPECT_EQ(img.media_id, "3EB0IMG");  // downloaded by message key

  InboundMessage audio = Only("audio_ptt.json");
  EXPECT_EQ(audio.kind, InboundKind::kAudio);
  EXPECT_EQ(audio.mime_type, "audio/ogg; codecs=opus");
  EXPECT_TRUE(audio.voice_note);

  InboundMessage doc = Only("document.json");
  EXPECT_EQ(doc.kind, InboundKind::kDocument);
  EXPECT_EQ(doc.text, "paguei");
  EXPECT_EQ(doc.mime_type, "application/pdf");

  InboundMessage dwc = Only("document_with_caption.json");
  EXPECT_EQ(dwc.kind, InboundKind::kDocument);
  EXPECT_EQ(dwc.text, "segue");
}

TEST(EvolutionParse, ListButtonAndTemplateReplies) {
  InboundMessage list = Only("list_response.json");
  EXPECT_EQ(list.kind, InboundKind::kListReply);
  EXPECT_EQ(list.reply_id, "inv_2026_11");
  EXPECT_EQ(list.reply_title, "Novembro/2026");
  EXPECT_EQ(list.context_message_id, "BAE5LIST");

  InboundMessage button = Only("buttons_response.json");
  EXPECT_EQ(button.kind, InboundKind::kButtonReply);
  EXPECT_EQ(button.reply_id, "pay_pix");
  EXPECT_EQ(button.reply_title, "Pix copia e cola");

  InboundMessage tpl = Only("template_button_reply.json");
  EXPECT_EQ(tpl.kind, InboundKind::kButtonReply);
  EXPECT_EQ(tpl.reply_id, "PAY_PIX_123");
}

TEST(EvolutionParse, OwnMessagesAreSetApart) {
  auto batch = ParseWebhook(Fixture("from_me.json"));
  ASSERT_TRUE(batch.ok());
  EXPECT_TRUE(batch->messages.empty());
  EXPECT_EQ(batch->ignored, 1);
  ASSERT_EQ(batch->own_messages.size(), 1u);
  EXPECT_EQ(batch->own_messages[0].provider_message_id, "BAE594145F4C59B4");
  EXPECT_EQ(batch->own_messages[0].text, "Olá, aqui é o atendente humano");
  EXPECT_TRUE(batch->own_messages[0].from_me);
}

TEST(EvolutionParse, GroupsAreIgnored) {
  auto batch = ParseWebhook(Fixture("group.json"));
  ASSERT_TRUE(batch.ok());
  EXPECT_TRUE(batch->messages.empty());
  EXPECT_TRUE(batch->own_messages.empty());
  EXPECT_EQ(batch->ignored, 1);
}

TEST(EvolutionParse, LidSenders) {
  InboundMessage with_alt = Only("lid_with_alt.json");
  EXPECT_EQ(with_alt.from_raw, "123456789012345@lid");
  ASSERT_TRUE(with_alt.from.has_value());
  EXPECT_EQ(with_alt.from->e164(), "+5519987654321");

  InboundMessage without = Only("lid_without_alt.json");
  EXPECT_EQ(without.from_raw, "123456789012345@lid");
  EXPECT_FALSE(without.from.has_value());  // phone match unavailable
  EXPECT_EQ(without.text, "oi");
}

TEST(EvolutionParse, UnsupportedContent) {
  EXPECT_EQ(Only("unsupported.json").kind, InboundKind::kUnsupported);
}

TEST(EvolutionParse, ArrayDataAndUpperCaseEventName) {
  auto batch = ParseWebhook(Fixture("upsert_array.json"));
  ASSERT_TRUE(batch.ok()) << batch.error().ToString();
  ASSERT_EQ(batch->messages.size(), 2u);
  EXPECT_EQ(batch->messages[1].provider_message_id, "A2");
}

TEST(EvolutionParse, StatusUpdates) {
  struct Case {
    const char* fixture;
    DeliveryState state;
  };
  for (const Case& c : {Case{"update_server_ack.json", DeliveryState::kSent},
                        Case{"update_delivery_ack.json", DeliveryState::kDelivered},
                        Case{"update_read.json", DeliveryState::kRead},
                        Case{"update_error.json", DeliveryState::kFailed}}) {
    auto batch = ParseWebhook(Fixture(c.fixture));
    ASSERT_TRUE(batch.ok()) << c.fixture;
    ASSERT_EQ(batch->statuses.size(), 1u) << c.fixture;
    const StatusUpdate& s = batch->statuses[0];
    EXPECT_EQ(s.state, c.state) << c.fixture;
    EXPECT_EQ(s.provider_message_id, "BAE594145F4C59B4");  // key id, not the database id
    EXPECT_EQ(s.tenant_key, "minha-instancia");
    EXPECT_EQ(s.recipient_raw, "553198296801@s.whatsapp.net");
    EXPECT_EQ(s.timestamp,
              TimePoint(std::chrono::seconds(1763760303) + std::chrono::milliseconds(966)));
  }
  auto not_ours = ParseWebhook(Fixture("update_not_ours.json"));
  ASSERT_TRUE(not_ours.ok());
  EXPECT_TRUE(not_ours->statuses.empty());
  EXPECT_EQ(not_ours->ignored, 1);
}

TEST(EvolutionParse, OtherEventsAreIgnored) {
  auto batch = ParseWebhook(Fixture("connection_update.json"));
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->ignored, 1);
  EXPECT_TRUE(batch->messages.empty());
}

TEST(EvolutionParse, MalformedBodiesNameThePath) {
  EXPECT_EQ(ParseWebhook("nope").error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(ParseWebhook(R"({"instance":"i"})").error().message.find("event"), std::string::npos);
  EXPECT_NE(ParseWebhook(R"({"event":"messages.upsert"})").error().message.find("instance"),
            std::string::npos);
  EXPECT_NE(
      ParseWebhook(R"({"event":"messages.upsert","instance":"i"})").error().message.find("data"),
      std::string::npos);
  EXPECT_EQ(
      ParseWebhook(
          R"({"event":"messages.upsert","instance":"i","data":{"key":{"remoteJid":"1@s.whatsapp.net"}}})")
          .error()
          .message,
      "data.key.id: expected a string");
  EXPECT_EQ(
      ParseWebhook(
          R"({"event":"messages.upsert","instance":"i","data":[{"key":{"remoteJid":"1@s.whatsapp.net","id":"a"}},7]})")
          .error()
          .message,
      "data[1]: expected an object");
  std::string body = Fixture("text.json");
  for (size_t n = 0; n + 1 < body.size(); ++n) EXPECT_FALSE(ParseWebhook(body.substr(0, n)).ok());
}

TEST(EvolutionJwt, AcceptsEvolutionsToken) {
  TimePoint now = Seconds(1763771103);
  std::string token = MakeWebhookJwt("segredo-jwt", now);
  EXPECT_TRUE(VerifyWebhookJwt("Bearer " + token, "segredo-jwt", now).ok());
  EXPECT_TRUE(
      VerifyWebhookJwt("Bearer " + token, "segredo-jwt", now + std::chrono::seconds(600)).ok());
}

TEST(EvolutionJwt, Rejections) {
  TimePoint now = Seconds(1763771103);
  std::string token = MakeWebhookJwt("segredo-jwt", now);
  auto refused = [](const Status& s) {
    return !s.ok() && s.error().kind == ErrorKind::kUnauthorized;
  };
  EXPECT_TRUE(refused(VerifyWebhookJwt("", "segredo-jwt", now)));
  EXPECT_TRUE(refused(VerifyWebhookJwt("Bearer " + token, "outro", now)));
  EXPECT_TRUE(
      refused(VerifyWebhookJwt("Bearer " + token, "segredo-jwt", now + std::chrono::seconds(700))));
  EXPECT_TRUE(refused(VerifyWebhookJwt(
      "Bearer " + MakeWebhookJwt("segredo-jwt", now + std::chrono::hours(1)), "segredo-jwt", now)));
  EXPECT_TRUE(refused(VerifyWebhookJwt("Bearer abc.def", "segredo-jwt", now)));
  EXPECT_TRUE(refused(VerifyWebhookJwt("Bearer " + token, "", now)));
  // Tampered payload (another action), re-encoded but signed with the old signature.
  std::string header = token.substr(0, token.find('.'));
  std::string sig = token.substr(token.rfind('.') + 1);
  std::string forged_payload =
      Base64UrlEncode(R"({"iat":1763771103,"exp":1763771703,"app":"evolution","action":"admin"})");
  EXPECT_TRUE(refused(
      VerifyWebhookJwt("Bearer " + header + "." + forged_payload + "." + sig, "segredo-jwt", now)));
  // Correctly signed but with the wrong claims.
  std::string input = header + "." + forged_payload;
  std::string signed_wrong = input + "." + Base64UrlEncode(HmacSha256("segredo-jwt", input));
  EXPECT_TRUE(refused(VerifyWebhookJwt("Bearer " + signed_wrong, "segredo-jwt", now)));
  // alg none.
  std::string none = Base64UrlEncode(R"({"alg":"none"})") + "." + token.substr(token.find('.') + 1);
  EXPECT_TRUE(refused(VerifyWebhookJwt("Bearer " + none, "segredo-jwt", now)));
}

}  // namespace
}  // namespace atende::channel::evolution
