// The Store port's behaviour, asserted against both adapters: SQLite (a fresh file per test) and
// PostgreSQL (a fresh schema per test on the server of ATENDE_TEST_POSTGRES; skipped, with the
// reason, when that server cannot be reached).
#include "store/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "store/postgres_store.h"
#include "store/testing/scratch_schema.h"

namespace atende::store {
namespace {

enum class Adapter { kSqlite, kPostgres };

class StoreTest : public ::testing::TestWithParam<Adapter> {
 protected:
  void SetUp() override {
    if (GetParam() == Adapter::kPostgres) {
      std::string why_not;
      schema_ = testing::ScratchSchema::Create(&why_not);
      if (schema_ == nullptr) GTEST_SKIP() << why_not;
    } else {
      static std::atomic<int> counter{0};
      path_ = ::testing::TempDir() + "/store_test_" + std::to_string(::getpid()) + "_" +
              std::to_string(counter.fetch_add(1)) + ".db";
      std::filesystem::remove(path_);
    }
  }
  void TearDown() override {
    if (!path_.empty()) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
    }
  }

  // Opens (again) this test's database.
  Result<std::unique_ptr<Store>> Open() {
    return schema_ != nullptr ? OpenPostgresStore(schema_->conninfo()) : OpenSqliteStore(path_);
  }

  std::unique_ptr<testing::ScratchSchema> schema_;
  std::string path_;
};

TEST_P(StoreTest, ConversationsSurviveReopening) {
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  {
    auto store = Open();
    ASSERT_TRUE(store.ok()) << store.error().message;
    EXPECT_FALSE((*store)->LoadConversation("+5519987654321")->has_value());
    ASSERT_TRUE((*store)->SaveConversation("+5519987654321", R"({"phase":"idle"})", at).ok());
    ASSERT_TRUE((*store)->SaveConversation("+5519987654321", R"({"phase":"handoff"})", at).ok());
  }
  auto reopened = Open();
  ASSERT_TRUE(reopened.ok());
  auto state = (*reopened)->LoadConversation("+5519987654321");
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->value(), R"({"phase":"handoff"})");
}

TEST_P(StoreTest, AuditIsAppendOnlyNewestFirst) {
  auto store = Open();
  ASSERT_TRUE(store.ok());
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  ASSERT_TRUE((*store)
                  ->AppendAudit({at, "(19) *****-4321", "ixc", "trust_unlock", "granted", "10",
                                 "até 2026-11-24"})
                  .ok());
  ASSERT_TRUE(
      (*store)
          ->AppendAudit({at, "(19) *****-4321", "ixc", "promise", "registered", "10", "2026-11-27"})
          .ok());
  auto rows = (*store)->ReadAudit(10);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].action, "promise");
  EXPECT_EQ((*rows)[1].outcome, "granted");
  EXPECT_EQ((*rows)[1].at, at);
}

TEST_P(StoreTest, InboxStoresTheSameProviderIdOnce) {
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  {
    auto store = Open();
    ASSERT_TRUE(store.ok());
    InboxRow row{0, "fibra", "fibra/+5519987654321", "wamid.A", R"({"text":"oi"})", at};
    EXPECT_TRUE((*store)->AppendInbox(row)->has_value());
    EXPECT_FALSE((*store)->AppendInbox(row)->has_value());
    row.provider_message_id = "wamid.B";
    row.received_at = at + std::chrono::seconds(5);
    EXPECT_TRUE((*store)->AppendInbox(row)->has_value());
  }
  auto store = Open();  // survives a restart
  ASSERT_TRUE(store.ok());
  auto pending = (*store)->PendingInbox(10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].provider_message_id, "wamid.A");
  EXPECT_EQ((*pending)[1].provider_message_id, "wamid.B");
  EXPECT_EQ((*pending)[0].payload, R"({"text":"oi"})");
  auto last = (*store)->LastInbound("fibra/+5519987654321");
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ(**last, at + std::chrono::seconds(5));
  EXPECT_FALSE((*store)->LastInbound("other")->has_value());
  auto latest = (*store)->ReadInbox("fibra/+5519987654321", 1);
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ((*latest)[0].provider_message_id, "wamid.B");
  EXPECT_EQ((*store)->ReadInbox("fibra/+5519987654321", 10)->size(), 2u);
}

TEST_P(StoreTest, TurnCommitsStateOutboxAndInboxTogether) {
  auto opened = Open();
  ASSERT_TRUE(opened.ok());
  Store& store = **opened;
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  auto appended = store.AppendInbox({0, "fibra", "fibra/+55", "wamid.A", "{}", at});
  ASSERT_TRUE(appended.ok() && appended->has_value());
  int64_t inbox_id = **appended;
  EXPECT_EQ((*store.PendingInbox(1))[0].id, inbox_id);
  TurnCommit commit;
  commit.conversation = "fibra/+55";
  commit.state_json = R"({"phase":"idle"})";
  commit.at = at;
  commit.consumed_inbox = {inbox_id};
  OutboxRow out;
  out.tenant = "fibra";
  out.conversation = "fibra/+55";
  out.recipient = "55";
  out.idempotency_key = "wamid.A#0";
  out.payload = R"({"type":"text"})";
  out.attachment = std::string("%PDF\0bin", 8);
  out.next_attempt_at = at;
  commit.outbox = {out};
  ASSERT_TRUE(*store.CommitTurn(commit));
  EXPECT_TRUE(store.PendingInbox(10)->empty());
  EXPECT_EQ(*store.OutboxDepth(), 1);
  EXPECT_EQ(**store.LoadConversation("fibra/+55"), R"({"phase":"idle"})");
  auto due = store.DueOutbox(at, 10);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].attachment, std::string("%PDF\0bin", 8));
  EXPECT_TRUE(store.DueOutbox(at - std::chrono::seconds(1), 10)->empty());

  // The same idempotency key again writes no second row.
  ASSERT_TRUE(*store.CommitTurn(commit));
  EXPECT_EQ(*store.OutboxDepth(), 1);

  int64_t id = (*due)[0].id;
  ASSERT_TRUE(store.MarkRetry(id, 1, at + std::chrono::seconds(2), "130429").ok());
  EXPECT_TRUE(store.DueOutbox(at, 10)->empty());
  ASSERT_EQ(store.DueOutbox(at + std::chrono::seconds(2), 10)->size(), 1u);
  ASSERT_TRUE(store.MarkSent(id, "wamid.OUT", 2).ok());
  EXPECT_EQ(*store.OutboxDepth(), 0);
  EXPECT_TRUE(*store.UpdateDelivery("wamid.OUT", DeliveryState::kRead, ""));
  EXPECT_FALSE(
      *store.UpdateDelivery("wamid.OUT", DeliveryState::kDelivered, ""));  // never backwards
  EXPECT_FALSE(*store.UpdateDelivery("wamid.unknown", DeliveryState::kRead, ""));
  auto rows = store.ReadOutbox("fibra/+55");
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].state, DeliveryState::kRead);
  EXPECT_EQ((*rows)[0].attempts, 2);
}

TEST_P(StoreTest, AnInFlightSendIsSettledByItsEchoedKeyAndNeverMovesBack) {
  auto opened = Open();
  ASSERT_TRUE(opened.ok());
  Store& store = **opened;
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  TurnCommit commit;
  commit.conversation = "fibra/+55";
  commit.at = at;
  for (const char* key : {"k#0", "k#1"}) {
    OutboxRow out;
    out.tenant = "fibra";
    out.conversation = "fibra/+55";
    out.recipient = "55";
    out.idempotency_key = key;
    out.payload = "{}";
    out.next_attempt_at = at;
    commit.outbox.push_back(out);
  }
  ASSERT_TRUE(*store.CommitTurn(commit));
  auto due = store.DueOutbox(at, 10);
  ASSERT_EQ(due->size(), 2u);
  int64_t first = (*due)[0].id;
  EXPECT_FALSE((*due)[0].sending_since.has_value());

  // A key that is pending but not in flight is not settled by a status.
  EXPECT_FALSE(*store.UpdateDelivery("wamid.X", DeliveryState::kSent, "", "k#0"));
  ASSERT_TRUE(store.MarkSending(first, 1, at).ok());
  EXPECT_EQ(*store.DueOutbox(at, 10)->front().sending_since, at);
  // Waiting for its status holds the conversation's later row back too.
  ASSERT_TRUE(store.Defer(first, at + std::chrono::seconds(60)).ok());
  EXPECT_TRUE(store.DueOutbox(at + std::chrono::seconds(59), 10)->empty());
  EXPECT_TRUE(store.DueOutbox(at + std::chrono::seconds(60), 10)->front().sending_since);

  EXPECT_TRUE(*store.UpdateDelivery("wamid.X", DeliveryState::kDelivered, "", "k#0"));
  auto rows = store.ReadOutbox("fibra/+55");
  EXPECT_EQ((*rows)[0].state, DeliveryState::kDelivered);
  EXPECT_EQ((*rows)[0].provider_message_id, "wamid.X");
  EXPECT_FALSE((*rows)[0].sending_since.has_value());
  // The sender's own record arriving late does not move it back to "sent".
  ASSERT_TRUE(store.MarkSent(first, "wamid.X", 1, "media-9").ok());
  rows = store.ReadOutbox("fibra/+55");
  EXPECT_EQ((*rows)[0].state, DeliveryState::kDelivered);

  // Delivered with uploaded media: listed once for deletion, until recorded as deleted.
  auto spent = store.SpentMediaToDelete(10);
  ASSERT_EQ(spent->size(), 1u);
  EXPECT_EQ((*spent)[0].media_id, "media-9");
  EXPECT_EQ((*spent)[0].tenant, "fibra");
  ASSERT_TRUE(store.MediaDeleted((*spent)[0].outbox_id).ok());
  EXPECT_TRUE(store.SpentMediaToDelete(10)->empty());
  // Media of a message not yet delivered is kept.
  ASSERT_TRUE(store.MarkSent((*rows)[1].id, "wamid.Y", 1, "media-10").ok());
  EXPECT_TRUE(store.SpentMediaToDelete(10)->empty());
}

TEST_P(StoreTest, PaymentWatchesKeepThePollersReadingForTheSameContract) {
  auto opened = Open();
  ASSERT_TRUE(opened.ok());
  Store& store = **opened;
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  auto watch_turn = [&](const std::string& contract, TimePoint now, bool paid) {
    TurnCommit commit;
    commit.conversation = "fibra/+55";
    commit.at = now;
    commit.watch = PaymentWatch{"fibra/+55",
                                "fibra",
                                "55",
                                "52998224725",
                                "7",
                                contract,
                                std::nullopt,
                                false,
                                paid,
                                now,
                                now + std::chrono::hours(120),
                                now};
    return *store.CommitTurn(commit);
  };
  ASSERT_TRUE(watch_turn("12", at, false));
  EXPECT_TRUE(store.DueWatches(at - std::chrono::seconds(1), 10)->empty());
  auto due = store.DueWatches(at, 10);
  ASSERT_EQ(due->size(), 1u);
  PaymentWatch w = (*due)[0];
  EXPECT_EQ(w.document, "52998224725");
  EXPECT_FALSE(w.open_invoices.has_value());
  // The poller's first reading.
  w.open_invoices = std::vector<std::string>{"101", "102"};
  w.held = true;
  w.next_check = at + std::chrono::minutes(5);
  ASSERT_TRUE(store.SaveWatch(w).ok());
  EXPECT_TRUE(store.DueWatches(at + std::chrono::minutes(4), 10)->empty());

  // Another turn about the same contract keeps the reading; a payment event brings the check
  // forward.
  ASSERT_TRUE(watch_turn("12", at + std::chrono::minutes(1), true));
  due = store.DueWatches(at + std::chrono::minutes(1), 10);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].open_invoices, (std::vector<std::string>{"101", "102"}));
  EXPECT_TRUE((*due)[0].held);
  EXPECT_TRUE((*due)[0].paid);
  EXPECT_EQ((*due)[0].since, at);
  EXPECT_EQ((*due)[0].until, at + std::chrono::minutes(1) + std::chrono::hours(120));

  // A different contract starts afresh.
  ASSERT_TRUE(watch_turn("13", at + std::chrono::minutes(2), false));
  due = store.DueWatches(at + std::chrono::minutes(2), 10);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].contract_id, "13");
  EXPECT_FALSE((*due)[0].open_invoices.has_value());
  EXPECT_FALSE((*due)[0].held);
  EXPECT_FALSE((*due)[0].paid);
  // A reading saved for the old contract does not land on the new one.
  ASSERT_TRUE(store.SaveWatch(w).ok());
  EXPECT_FALSE(store.DueWatches(at + std::chrono::minutes(2), 10)->front().open_invoices);
  ASSERT_TRUE(store.EndWatch("fibra/+55").ok());
  EXPECT_TRUE(store.DueWatches(at + std::chrono::hours(1), 10)->empty());
}

TEST_P(StoreTest, LeasesLetOneOwnerAtATimeAndExpire) {
  auto opened = Open();
  ASSERT_TRUE(opened.ok());
  Store& store = **opened;
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  auto until = at + std::chrono::seconds(60);
  EXPECT_TRUE(*store.AcquireLease("turn:fibra/+55", "a", at, until));
  EXPECT_TRUE(*store.AcquireLease("turn:fibra/+55", "a", at, until));  // the owner again
  EXPECT_FALSE(*store.AcquireLease("turn:fibra/+55", "b", at, until));
  EXPECT_TRUE(*store.AcquireLease("turn:fibra/+66", "b", at, until));  // another name
  ASSERT_TRUE(store.ReleaseLease("turn:fibra/+55", "b").ok());         // not b's: no effect
  EXPECT_FALSE(*store.AcquireLease("turn:fibra/+55", "b", at, until));
  ASSERT_TRUE(store.ReleaseLease("turn:fibra/+55", "a").ok());
  EXPECT_TRUE(*store.AcquireLease("turn:fibra/+55", "b", at, until));
  // An owner that died: its lease expires.
  EXPECT_FALSE(*store.AcquireLease("turn:fibra/+66", "a", until - std::chrono::seconds(1), until));
  EXPECT_TRUE(*store.AcquireLease("turn:fibra/+66", "a", until + std::chrono::seconds(1),
                                  until + std::chrono::seconds(60)));

  // What a lease holder re-reads: one conversation's unconsumed inbox and due outbox.
  for (const char* id : {"w1", "w2"})
    ASSERT_TRUE(store.AppendInbox({0, "fibra", "fibra/+55", id, "{}", at}).ok());
  ASSERT_TRUE(store.AppendInbox({0, "fibra", "fibra/+66", "w3", "{}", at}).ok());
  auto pending = store.PendingInboxOf("fibra/+55");
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].provider_message_id, "w1");
  TurnCommit commit;
  commit.conversation = "fibra/+55";
  commit.at = at;
  commit.consumed_inbox = {(*pending)[0].id};
  for (const char* key : {"k#0", "k#1"}) {
    OutboxRow out;
    out.tenant = "fibra";
    out.conversation = "fibra/+55";
    out.recipient = "55";
    out.idempotency_key = key;
    out.payload = "{}";
    out.next_attempt_at = at;
    commit.outbox.push_back(out);
  }
  ASSERT_TRUE(*store.CommitTurn(commit));
  ASSERT_EQ(store.PendingInboxOf("fibra/+55")->size(), 1u);
  auto due = store.DueOutboxOf("fibra/+55", at);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].idempotency_key, "k#0");
  ASSERT_TRUE(store.MarkSent((*due)[0].id, "wamid.X", 1).ok());
  EXPECT_EQ(store.DueOutboxOf("fibra/+55", at)->size(), 1u);
  EXPECT_TRUE(store.DueOutboxOf("fibra/+66", at)->empty());
  EXPECT_TRUE(store.DueOutboxOf("fibra/+55", at - std::chrono::seconds(1))->empty());
}

TEST_P(StoreTest, EffectKeyCommitsOnce) {
  auto opened = Open();
  ASSERT_TRUE(opened.ok());
  Store& store = **opened;
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  TurnCommit commit;
  commit.conversation = "fibra/+55";
  commit.at = at;
  commit.effect_key = "payment:fibra:INV-1";
  OutboxRow out;
  out.idempotency_key = "payment:fibra:INV-1#0";
  out.next_attempt_at = at;
  commit.outbox = {out};
  EXPECT_TRUE(*store.CommitTurn(commit));
  commit.outbox[0].idempotency_key = "other";
  EXPECT_FALSE(*store.CommitTurn(commit));
  EXPECT_EQ(*store.OutboxDepth(), 1);
}

TEST_P(StoreTest, HandoffStartsWithATurnAndEndsWithState) {
  auto opened = Open();
  ASSERT_TRUE(opened.ok());
  Store& store = **opened;
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  TurnCommit commit;
  commit.conversation = "fibra/+55";
  commit.state_json = R"({"phase":"handoff"})";
  commit.at = at;
  commit.handoff = HandoffRow{"fibra", "fibra/+55", "5519", "pediu atendente", at};
  ASSERT_TRUE(*store.CommitTurn(commit));
  ASSERT_EQ(store.ActiveHandoffs()->size(), 1u);
  EXPECT_EQ((*store.FindHandoff("fibra/+55"))->reason, "pediu atendente");
  EXPECT_TRUE(*store.EndHandoff("fibra/+55", R"({"phase":"idle"})", at));
  EXPECT_FALSE(*store.EndHandoff("fibra/+55", R"({"phase":"idle"})", at));
  EXPECT_TRUE(store.ActiveHandoffs()->empty());
  EXPECT_EQ(**store.LoadConversation("fibra/+55"), R"({"phase":"idle"})");
}

TEST_P(StoreTest, ConcurrentCallersShareOneStore) {
  auto opened = Open();
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Store& store = **opened;
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  constexpr int kThreads = 6;
  constexpr int kEach = 40;
  std::atomic<int> committed{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::string id = "wamid." + std::to_string(t) + "." + std::to_string(i);
        auto appended =
            store.AppendInbox({0, "fibra", "fibra/+55" + std::to_string(t), id, "{}", at});
        if (!appended.ok() || !appended->has_value()) failures.fetch_add(1);
      }
      // Every thread tries the same effect: exactly one commits it.
      TurnCommit commit;
      commit.conversation = "fibra/+55";
      commit.at = at;
      commit.effect_key = "payment:fibra:INV-9";
      OutboxRow out;
      out.idempotency_key = "payment:fibra:INV-9#" + std::to_string(t);
      out.next_attempt_at = at;
      commit.outbox = {out};
      auto done = store.CommitTurn(commit);
      if (!done.ok()) {
        failures.fetch_add(1);
      } else if (*done) {
        committed.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(committed.load(), 1);
  EXPECT_EQ(*store.OutboxDepth(), 1);
  auto pending = store.PendingInbox(kThreads * kEach + 10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), static_cast<size_t>(kThreads * kEach));
  std::set<int64_t> ids;
  for (const InboxRow& row : *pending) ids.insert(row.id);
  EXPECT_EQ(ids.size(), pending->size());
}

INSTANTIATE_TEST_SUITE_P(Adapters, StoreTest,
                         ::testing::Values(Adapter::kSqlite, Adapter::kPostgres),
                         [](const ::testing::TestParamInfo<Adapter>& p) {
                           return p.param == Adapter::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace atende::store
