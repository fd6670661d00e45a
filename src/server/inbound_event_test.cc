#include "server/inbound_event.h"

#include <gtest/gtest.h>

namespace atende::server {
namespace {

TEST(InboundEventTest, RoundTripsThroughTheInboxPayload) {
  channel::InboundMessage m;
  m.provider = "whatsapp";
  m.tenant_key = "PNID";
  m.provider_message_id = "wamid.1";
  m.from = *Phone::Parse("+5519987654321");
  m.from_raw = "5519987654321";
  m.kind = channel::InboundKind::kListReply;
  m.reply_id = "inv-2";
  m.reply_title = "Fatura de outubro";
  m.timestamp = TimePoint(std::chrono::milliseconds(1'790'000'000'000));
  m.forwarded = true;
  m.user_id = "US.13491208655302741918";
  auto decoded = DecodeInbound(EncodeInbound(m));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  ASSERT_TRUE(decoded->from.has_value());
  EXPECT_EQ(decoded->from->e164(), "+5519987654321");
  EXPECT_EQ(decoded->kind, channel::InboundKind::kListReply);
  EXPECT_EQ(decoded->reply_id, "inv-2");
  EXPECT_EQ(decoded->timestamp, m.timestamp);
  EXPECT_TRUE(decoded->forwarded);
  EXPECT_FALSE(decoded->voice_note);
  EXPECT_FALSE(decoded->from_me);
  EXPECT_EQ(decoded->user_id, "US.13491208655302741918");
  m.voice_note = true;
  m.from_me = true;
  auto again = DecodeInbound(EncodeInbound(m));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->voice_note);
  EXPECT_TRUE(again->from_me);
  EXPECT_TRUE(ToAgentInbound(*decoded).forwarded);
  EXPECT_FALSE(JoinsWithText(*decoded));  // a list reply, and forwarded
  agent::Inbound in = ToAgentInbound(*decoded);
  EXPECT_EQ(in.list_id, "inv-2");
  EXPECT_EQ(in.text, "Fatura de outubro");
}

TEST(InboundEventTest, ButtonTitlesAreTextAndMediaHasItsKind) {
  channel::InboundMessage m;
  m.kind = channel::InboundKind::kButtonReply;
  m.reply_id = "Pagar com PIX";
  m.reply_title = "Pagar com PIX";
  EXPECT_EQ(ToAgentInbound(m).text, "Pagar com PIX");
  m.kind = channel::InboundKind::kAudio;
  EXPECT_EQ(ToAgentInbound(m).media, dialogue::Media::kAudio);
  m.kind = channel::InboundKind::kSticker;
  EXPECT_EQ(ToAgentInbound(m).media, dialogue::Media::kOther);
}

TEST(InboundEventTest, GarbageIsAnErrorNotACrash) {
  EXPECT_FALSE(DecodeInbound("not json").ok());
  EXPECT_FALSE(DecodeInbound("[1,2]").ok());
}

}  // namespace
}  // namespace atende::server
