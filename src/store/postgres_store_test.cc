// What only the PostgreSQL adapter does: reaching the server, its migrations table, several
// instances opening one database. Runs against the server of ATENDE_TEST_POSTGRES (skipped, with
// the reason, when it cannot be reached); the shared Store behaviour is in store_test.cc.
#include "store/postgres_store.h"

#include <gtest/gtest.h>

#include <optional>
#include <thread>

#include "store/testing/scratch_schema.h"

namespace atende::store {
namespace {

TEST(PostgresStoreTest, AnUnreachableServerIsInvalidInputWithoutThePassword) {
  auto store =
      OpenPostgresStore("postgresql://atende:s3cr3t-pw@127.0.0.1:1/atende_test?connect_timeout=3");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(store.error().message.find("127.0.0.1"), std::string::npos) << store.error().message;
  EXPECT_NE(store.error().message.find("atende_test"), std::string::npos);
  EXPECT_EQ(store.error().message.find("s3cr3t-pw"), std::string::npos) << store.error().message;
  EXPECT_EQ(store.error().message.find_first_of("\n\t"), std::string::npos);  // one log line
}

TEST(PostgresStoreTest, RedactedConninfoDropsThePasswordInBothForms) {
  std::string uri =
      RedactedConninfo("postgres://app:hunter2@db.example:6432/atende?sslmode=require");
  EXPECT_EQ(uri.find("hunter2"), std::string::npos) << uri;
  EXPECT_NE(uri.find("host=db.example"), std::string::npos) << uri;
  EXPECT_NE(uri.find("port=6432"), std::string::npos) << uri;
  EXPECT_NE(uri.find("user=app"), std::string::npos) << uri;
  std::string keywords = RedactedConninfo("host=10.0.0.5 dbname=atende user=app password='x y'");
  EXPECT_EQ(keywords, "user=app dbname=atende host=10.0.0.5");
}

class PostgresSchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why_not;
    schema_ = testing::ScratchSchema::Create(&why_not);
    if (schema_ == nullptr) GTEST_SKIP() << why_not;
  }
  std::unique_ptr<testing::ScratchSchema> schema_;
};

TEST_F(PostgresSchemaTest, MigrationsAreRecordedAndANewerSchemaIsRefused) {
  {
    auto store = OpenPostgresStore(schema_->conninfo(), 1);
    ASSERT_TRUE(store.ok()) << store.error().message;
  }
  // Reopening applies nothing twice (a second CREATE TABLE would fail).
  ASSERT_TRUE(OpenPostgresStore(schema_->conninfo(), 1).ok());
  std::string error;
  // Every migration recorded once: 1..4 and nothing else, or this insert of 4 rows would clash.
  ASSERT_TRUE(schema_->Exec("CREATE TABLE " + schema_->name() +
                                ".seen AS SELECT array_agg(version ORDER BY version)::text AS v "
                                "FROM " +
                                schema_->name() + ".schema_migrations",
                            &error))
      << error;
  ASSERT_TRUE(
      schema_->Exec("DO $$ BEGIN IF (SELECT v FROM " + schema_->name() +
                        ".seen) <> '{1,2,3,4,5}' THEN RAISE 'migrations %', (SELECT v FROM " +
                        schema_->name() + ".seen); END IF; END $$",
                    &error))
      << error;

  ASSERT_TRUE(schema_->Exec(
      "INSERT INTO " + schema_->name() + ".schema_migrations (version) VALUES (99)", &error))
      << error;
  auto refused = OpenPostgresStore(schema_->conninfo(), 1);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(refused.error().message.find("newer atende (schema 99)"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(refused.error().message.find(":atende@"), std::string::npos);
}

TEST_F(PostgresSchemaTest, InstancesStartingTogetherMigrateOnce) {
  constexpr int kInstances = 4;
  std::vector<std::optional<Result<std::unique_ptr<Store>>>> opened(kInstances);
  std::vector<std::thread> threads;
  for (int i = 0; i < kInstances; ++i) {
    threads.emplace_back([&, i] { opened[i] = OpenPostgresStore(schema_->conninfo(), 1); });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& store : opened) {
    ASSERT_TRUE(store.has_value() && store->ok()) << (store ? store->error().message : "not run");
  }
  // What one instance writes, another reads.
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  ASSERT_TRUE((**opened[0])->SaveConversation("fibra/+55", R"({"phase":"idle"})", at).ok());
  EXPECT_EQ(**(**opened[3])->LoadConversation("fibra/+55"), R"({"phase":"idle"})");
}

TEST_F(PostgresSchemaTest, ValuesAreParametersNeverSql) {
  auto opened = OpenPostgresStore(schema_->conninfo(), 1);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  std::string key = "fibra/'); DROP TABLE conversations; --";
  std::string state = R"({"text":"O'Brien \\ $1 ção"})";
  ASSERT_TRUE((*opened)->SaveConversation(key, state, at).ok());
  auto loaded = (*opened)->LoadConversation(key);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(**loaded, state);
}

TEST_F(PostgresSchemaTest, AFailedTurnWritesNothingAndTheConnectionServesTheNext) {
  auto opened = OpenPostgresStore(schema_->conninfo(), 1);  // one connection: the same one reused
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Store& store = **opened;
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  auto inbox = store.AppendInbox({0, "fibra", "fibra/+55", "wamid.A", "{}", at});
  ASSERT_TRUE(inbox.ok() && inbox->has_value());
  TurnCommit commit;
  commit.conversation = "fibra/+55";
  commit.state_json = R"({"phase":"idle"})";
  commit.at = at;
  commit.consumed_inbox = {**inbox};
  OutboxRow out;
  out.idempotency_key = "wamid.A#0";
  out.payload = "\xff\xfe not UTF-8";  // the server refuses it, after the state was sent
  out.next_attempt_at = at;
  commit.outbox = {out};
  for (std::string effect : {"", "payment:fibra:INV-1"}) {
    commit.effect_key = effect;
    auto failed = store.CommitTurn(commit);
    ASSERT_FALSE(failed.ok()) << effect;
    EXPECT_EQ(failed.error().kind, ErrorKind::kInternal);
    EXPECT_NE(failed.error().message.find("outbox insert"), std::string::npos)
        << failed.error().message;
    EXPECT_FALSE(store.LoadConversation("fibra/+55")->has_value());
    EXPECT_EQ(store.PendingInbox(10)->size(), 1u);
  }
  // Nothing of the failed turns stayed, not even the effect key.
  commit.outbox[0].payload = R"({"type":"text"})";
  ASSERT_TRUE(*store.CommitTurn(commit));
  EXPECT_EQ(**store.LoadConversation("fibra/+55"), R"({"phase":"idle"})");
  EXPECT_TRUE(store.PendingInbox(10)->empty());
  EXPECT_EQ(*store.OutboxDepth(), 1);
  EXPECT_FALSE(*store.CommitTurn(commit));
}

TEST_F(PostgresSchemaTest, ALostSessionFailsOneCallAndTheNextReconnects) {
  bool uri = schema_->conninfo().find("://") != std::string::npos;
  std::string conninfo =
      schema_->conninfo() + (uri ? "&" : " ") + "application_name=" + schema_->name();
  auto opened = OpenPostgresStore(conninfo, 1);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Store& store = **opened;
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  ASSERT_TRUE(store.SaveConversation("fibra/+55", "{}", at).ok());
  std::string error;
  ASSERT_TRUE(schema_->Exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" +
          schema_->name() + "'",
      &error))
      << error;
  auto lost = store.LoadConversation("fibra/+55");
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().kind, ErrorKind::kInternal);
  EXPECT_NE(lost.error().message.find("load conversation"), std::string::npos);
  auto again = store.LoadConversation("fibra/+55");  // a new session, statements prepared again
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(**again, "{}");
}

}  // namespace
}  // namespace atende::store
