#include "agent/state_codec.h"

#include <gtest/gtest.h>

namespace atende::agent {
namespace {

TEST(StateCodecTest, RoundTripsEveryField) {
  dialogue::ConversationState s;
  s.phase = dialogue::Phase::kConfirmingPromise;
  s.goal = nlu::Intent::kPromessaPagamento;
  s.document = *Document::Parse("529.982.247-25");
  s.customer_id = "1";
  s.first_name = "Maria";
  s.identified_at = TimePoint(std::chrono::milliseconds(1'790'000'000'000));
  s.failed_identifications = 1;
  s.invalid_documents = 2;
  s.documents_tried = {"52998224725"};
  s.contract_id = "10";
  s.menu = {{"10", "Rua das Flores, 120", "Fibra 500", "Rua das Flores 120 Fibra 500"}};
  s.promise_date = *Date::ParseIso("2026-11-27");
  s.promise_date_attempts = 1;
  s.support_complaint = "sem internet";
  s.misunderstood = 1;
  s.last_activity = TimePoint(std::chrono::milliseconds(1'790'000'060'000));
  s.handoff_reason = "x";
  auto back = DecodeState(EncodeState(s));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(EncodeState(*back), EncodeState(s));
  EXPECT_EQ(back->phase, dialogue::Phase::kConfirmingPromise);
  EXPECT_EQ(back->promise_date, s.promise_date);
  EXPECT_EQ(back->menu[0].keywords, "Rua das Flores 120 Fibra 500");
}

TEST(StateCodecTest, ToleratesOldAndRefusesGarbage) {
  auto old = DecodeState(R"({"phase":"awaiting_document","future_field":1})");
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->phase, dialogue::Phase::kAwaitingDocument);
  EXPECT_FALSE(DecodeState("not json").ok());
  EXPECT_FALSE(DecodeState("[1,2]").ok());
  EXPECT_FALSE(DecodeState(R"({"failed_identifications":"three"})").ok());
}

}  // namespace
}  // namespace atende::agent
