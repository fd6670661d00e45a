// store_bench: the two Store adapters side by side, in one run.
//   BM_AppendInbox — one webhook event into the inbox (unique provider id), as ingest does.
//   BM_CommitTurn — a typical turn: new conversation state, two outbox rows, one inbox row
//     consumed, in one transaction.
// Each on SQLite (a file in the temp dir, WAL, synchronous=NORMAL) and on PostgreSQL (a scratch
// schema on ATENDE_TEST_POSTGRES, default durability: every commit flushed) with a pool of 1
// connection (one connection under a lock) and of 4; with 1 and 4 calling threads. Reports ops/s
// (items_per_second). The PostgreSQL cases are skipped, with the reason, when the server cannot
// be reached.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres_store.h"
#include "store/store.h"
#include "store/testing/scratch_schema.h"

namespace atende::store {
namespace {

enum class Adapter { kSqlite, kPostgres1, kPostgres4 };

// One database per adapter for the whole run (benchmarks repeat; ids stay unique).
struct Database {
  std::unique_ptr<testing::ScratchSchema> schema;
  std::string sqlite_path;
  std::unique_ptr<Store> store;
  std::string why_not;             // set when the store could not be opened
  std::vector<int64_t> inbox_ids;  // rows for turns to consume

  ~Database() {
    store.reset();
    if (sqlite_path.empty()) return;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(sqlite_path + suffix);
  }
};

Database& Open(Adapter adapter) {
  static std::mutex mu;
  static std::map<Adapter, Database> databases;
  std::lock_guard lock(mu);
  auto [it, created] = databases.try_emplace(adapter);
  Database& db = it->second;
  if (!created) return db;
  Result<std::unique_ptr<Store>> opened = Error::Internal("not opened");
  if (adapter == Adapter::kSqlite) {
    db.sqlite_path = std::filesystem::temp_directory_path().string() + "/store_bench_" +
                     std::to_string(::getpid()) + ".db";
    std::filesystem::remove(db.sqlite_path);
    opened = OpenSqliteStore(db.sqlite_path);
  } else {
    db.schema = testing::ScratchSchema::Create(&db.why_not);
    if (db.schema == nullptr) return db;
    opened = OpenPostgresStore(db.schema->conninfo(), adapter == Adapter::kPostgres1 ? 1 : 4);
  }
  if (!opened.ok()) {
    db.why_not = opened.error().message;
    return db;
  }
  db.store = std::move(opened).value();
  TimePoint at{std::chrono::milliseconds(1'790'000'000'000)};
  for (int i = 0; i < 1000; ++i) {
    auto id = db.store->AppendInbox(
        {0, "fibra", "fibra/+5519900000000", "seed." + std::to_string(i), "{}", at});
    if (id.ok() && id->has_value()) db.inbox_ids.push_back(**id);
  }
  return db;
}

std::atomic<int64_t> next_id{0};

InboxRow Event(int thread) {
  int64_t n = next_id.fetch_add(1);
  std::string phone = "+55199" + std::to_string(10000000 + (n % 5000));
  return {0,
          "fibra",
          "fibra/" + phone,
          "wamid.HBgNNTUxOTk4NzY1NDMyMRUCABIYFjNFQjA" + std::to_string(thread) + "." +
              std::to_string(n),
          R"({"from":")" + phone + R"(","type":"text","text":"quero a segunda via do boleto"})",
          TimePoint{std::chrono::milliseconds(1'790'000'000'000 + n)}};
}

void BM_AppendInbox(benchmark::State& state, Adapter adapter) {
  Database& db = Open(adapter);
  if (db.store == nullptr) {
    state.SkipWithError(("skipped: " + db.why_not).c_str());
    return;
  }
  for (auto _ : state) {
    auto id = db.store->AppendInbox(Event(state.thread_index()));
    if (!id.ok()) {
      state.SkipWithError(id.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(id);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_CommitTurn(benchmark::State& state, Adapter adapter) {
  Database& db = Open(adapter);
  if (db.store == nullptr) {
    state.SkipWithError(("skipped: " + db.why_not).c_str());
    return;
  }
  const std::string state_json =
      R"({"phase":"awaiting_choice","customer":"7","contract":"12","invoices":["101","102"],)"
      R"("last_intent":"segunda_via","turns":4})";
  const std::string reply =
      R"({"type":"text","text":"Encontrei 2 faturas em aberto. Qual delas você quer pagar?"})";
  size_t k = 0;
  for (auto _ : state) {
    int64_t n = next_id.fetch_add(1);
    TurnCommit commit;
    commit.conversation = "fibra/+55199" + std::to_string(10000000 + (n % 5000));
    commit.state_json = state_json;
    commit.at = TimePoint{std::chrono::milliseconds(1'790'000'000'000 + n)};
    commit.consumed_inbox = {db.inbox_ids[k++ % db.inbox_ids.size()]};
    for (int part = 0; part < 2; ++part) {
      OutboxRow out;
      out.tenant = "fibra";
      out.conversation = commit.conversation;
      out.recipient = commit.conversation.substr(7);
      out.idempotency_key = "turn." + std::to_string(n) + "#" + std::to_string(part);
      out.payload = reply;
      out.next_attempt_at = commit.at;
      commit.outbox.push_back(std::move(out));
    }
    auto done = db.store->CommitTurn(commit);
    if (!done.ok()) {
      state.SkipWithError(done.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(done);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(BM_AppendInbox, sqlite, Adapter::kSqlite)->Threads(1)->Threads(4)->UseRealTime();
BENCHMARK_CAPTURE(BM_AppendInbox, postgres_1conn, Adapter::kPostgres1)
    ->Threads(1)
    ->Threads(4)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_AppendInbox, postgres_4conn, Adapter::kPostgres4)
    ->Threads(1)
    ->Threads(4)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_CommitTurn, sqlite, Adapter::kSqlite)->Threads(1)->Threads(4)->UseRealTime();
BENCHMARK_CAPTURE(BM_CommitTurn, postgres_1conn, Adapter::kPostgres1)
    ->Threads(1)
    ->Threads(4)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_CommitTurn, postgres_4conn, Adapter::kPostgres4)
    ->Threads(1)
    ->Threads(4)
    ->UseRealTime();

}  // namespace
}  // namespace atende::store

BENCHMARK_MAIN();
