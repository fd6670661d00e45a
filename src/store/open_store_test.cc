#include "store/open_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/testing/scratch_schema.h"

namespace atende::store {
namespace {

TEST(OpenStoreTest, UrisAndHostConninfosArePostgresAnythingElseIsAFile) {
  EXPECT_TRUE(IsPostgresDatabase("postgresql://atende@db/atende"));
  EXPECT_TRUE(IsPostgresDatabase("postgres://atende@db/atende"));
  EXPECT_TRUE(IsPostgresDatabase("host=db dbname=atende"));
  EXPECT_FALSE(IsPostgresDatabase("atende.db"));
  EXPECT_FALSE(IsPostgresDatabase("/var/lib/atende/atende.db"));
  EXPECT_FALSE(IsPostgresDatabase("postgres.db"));
}

TEST(OpenStoreTest, AFilePathOpensSqlite) {
  std::string path = ::testing::TempDir() + "/open_store_" + std::to_string(::getpid()) + ".db";
  std::filesystem::remove(path);
  auto store = OpenStore(path);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(DatabaseForLog(path), path);
}

TEST(OpenStoreTest, AUriOpensPostgres) {
  EXPECT_EQ(DatabaseForLog("postgresql://atende:pw@db:5432/atende"),
            "user=atende dbname=atende host=db port=5432");
  auto refused = OpenStore("postgresql://atende:pw@127.0.0.1:1/atende?connect_timeout=3");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("PostgreSQL"), std::string::npos);
  std::string why_not;
  auto schema = testing::ScratchSchema::Create(&why_not);
  if (schema == nullptr) GTEST_SKIP() << why_not;
  auto store = OpenStore(schema->conninfo());
  ASSERT_TRUE(store.ok()) << store.error().message;
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  ASSERT_TRUE((*store)->SaveConversation("k", "{}", at).ok());
  std::string error;
  EXPECT_TRUE(schema->Exec("SELECT 1 FROM " + schema->name() + ".conversations", &error)) << error;
}

}  // namespace
}  // namespace atende::store
