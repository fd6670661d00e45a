#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/store.h"

namespace atende::store {
namespace {

std::string TempDb(const char* name) {
  std::string path = ::testing::TempDir() + "/" + name + std::to_string(::getpid()) + ".db";
  std::filesystem::remove(path);
  return path;
}

TEST(SqliteStoreTest, ConversationsSurviveReopening) {
  std::string path = TempDb("conversations");
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  {
    auto store = OpenSqliteStore(path);
    ASSERT_TRUE(store.ok()) << store.error().message;
    EXPECT_FALSE((*store)->LoadConversation("+5519987654321")->has_value());
    ASSERT_TRUE((*store)->SaveConversation("+5519987654321", R"({"phase":"idle"})", at).ok());
    ASSERT_TRUE((*store)->SaveConversation("+5519987654321", R"({"phase":"handoff"})", at).ok());
  }
  auto reopened = OpenSqliteStore(path);
  ASSERT_TRUE(reopened.ok());
  auto state = (*reopened)->LoadConversation("+5519987654321");
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->value(), R"({"phase":"handoff"})");
}

TEST(SqliteStoreTest, AuditIsAppendOnlyNewestFirst) {
  auto store = OpenSqliteStore(TempDb("audit"));
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

TEST(SqliteStoreTest, UnopenablePathIsAClearError) {
  auto store = OpenSqliteStore("/nonexistent-dir/x/atende.db");
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("/nonexistent-dir/x/atende.db"), std::string::npos);
}

}  // namespace
}  // namespace atende::store
