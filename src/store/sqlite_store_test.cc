// What only the SQLite adapter does; the Store behaviour both adapters share is in store_test.cc.
#include <gtest/gtest.h>

#include "store/store.h"

namespace atende::store {
namespace {

TEST(SqliteStoreTest, UnopenablePathIsAClearError) {
  auto store = OpenSqliteStore("/nonexistent-dir/x/atende.db");
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("/nonexistent-dir/x/atende.db"), std::string::npos);
}

}  // namespace
}  // namespace atende::store
