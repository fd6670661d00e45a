#include <sqlite3.h>

#include <mutex>

#include "store/store.h"

namespace atende::store {
namespace {

// Schema migrations, applied in order; PRAGMA user_version records how many ran.
constexpr const char* kMigrations[] = {
    R"(CREATE TABLE conversations (
         key TEXT PRIMARY KEY,
         state TEXT NOT NULL,
         updated_at_ms INTEGER NOT NULL);
       CREATE TABLE audit_log (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         at_ms INTEGER NOT NULL,
         conversation TEXT NOT NULL,
         erp TEXT NOT NULL,
         action TEXT NOT NULL,
         outcome TEXT NOT NULL,
         contract_id TEXT NOT NULL,
         detail TEXT NOT NULL);)",
};

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<sqlite3, DbCloser> db) : db_(std::move(db)) {}

  Result<std::optional<std::string>> LoadConversation(const std::string& key) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare("SELECT state FROM conversations WHERE key = ?");
    if (!stmt.ok()) return stmt.error();
    sqlite3_bind_text(stmt->get(), 1, key.c_str(), -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(stmt->get());
    if (rc == SQLITE_DONE) return std::optional<std::string>{};
    if (rc != SQLITE_ROW) return Failure("load conversation");
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt->get(), 0));
    return std::optional<std::string>(text == nullptr ? "" : text);
  }

  Status SaveConversation(const std::string& key, const std::string& state_json,
                          TimePoint at) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "INSERT INTO conversations (key, state, updated_at_ms) VALUES (?, ?, ?) "
        "ON CONFLICT(key) DO UPDATE SET state = excluded.state, updated_at_ms = "
        "excluded.updated_at_ms");
    if (!stmt.ok()) return stmt.error();
    sqlite3_bind_text(stmt->get(), 1, key.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt->get(), 2, state_json.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt->get(), 3, at.time_since_epoch().count());
    if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("save conversation");
    return {};
  }

  Status AppendAudit(const AuditRow& row) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "INSERT INTO audit_log (at_ms, conversation, erp, action, outcome, contract_id, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!stmt.ok()) return stmt.error();
    sqlite3_bind_int64(stmt->get(), 1, row.at.time_since_epoch().count());
    int i = 2;
    for (const std::string* s :
         {&row.conversation, &row.erp, &row.action, &row.outcome, &row.contract_id, &row.detail}) {
      sqlite3_bind_text(stmt->get(), i++, s->c_str(), -1, SQLITE_TRANSIENT);
    }
    if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("append audit");
    return {};
  }

  Result<std::vector<AuditRow>> ReadAudit(size_t limit) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "SELECT at_ms, conversation, erp, action, outcome, contract_id, detail FROM audit_log "
        "ORDER BY id DESC LIMIT ?");
    if (!stmt.ok()) return stmt.error();
    sqlite3_bind_int64(stmt->get(), 1, static_cast<sqlite3_int64>(limit));
    std::vector<AuditRow> rows;
    int rc;
    while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) {
      auto text = [&](int column) {
        const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(stmt->get(), column));
        return std::string(t == nullptr ? "" : t);
      };
      rows.push_back({TimePoint(std::chrono::milliseconds(sqlite3_column_int64(stmt->get(), 0))),
                      text(1), text(2), text(3), text(4), text(5), text(6)});
    }
    if (rc != SQLITE_DONE) return Failure("read audit");
    return rows;
  }

 private:
  Result<Statement> Prepare(const char* sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql, -1, &raw, nullptr) != SQLITE_OK)
      return Failure("prepare");
    return Statement(raw);
  }
  Error Failure(const char* what) {
    return Error::Internal(std::string("sqlite ") + what + ": " + sqlite3_errmsg(db_.get()));
  }

  std::mutex mu_;
  std::unique_ptr<sqlite3, DbCloser> db_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  std::unique_ptr<sqlite3, DbCloser> db(raw);
  if (rc != SQLITE_OK) {
    return Error::InvalidInput("cannot open the database " + path + ": " +
                               (raw != nullptr ? sqlite3_errmsg(raw) : "out of memory"));
  }
  sqlite3_busy_timeout(db.get(), 5000);
  auto exec = [&](const char* sql) -> Status {
    char* message = nullptr;
    if (sqlite3_exec(db.get(), sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message != nullptr ? message : "unknown error";
      sqlite3_free(message);
      return Error::Internal("sqlite migration: " + text);
    }
    return {};
  };
  if (Status s = exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"); !s.ok())
    return s.error();
  sqlite3_stmt* version_stmt = nullptr;
  sqlite3_prepare_v2(db.get(), "PRAGMA user_version", -1, &version_stmt, nullptr);
  int version = 0;
  if (version_stmt != nullptr && sqlite3_step(version_stmt) == SQLITE_ROW)
    version = sqlite3_column_int(version_stmt, 0);
  sqlite3_finalize(version_stmt);
  constexpr int kLatest = static_cast<int>(std::size(kMigrations));
  if (version > kLatest) {
    return Error::InvalidInput("the database " + path + " was written by a newer atende (schema " +
                               std::to_string(version) + ")");
  }
  for (int v = version; v < kLatest; ++v) {
    std::string sql = "BEGIN; " + std::string(kMigrations[v]) +
                      "; PRAGMA user_version = " + std::to_string(v + 1) + "; COMMIT;";
    if (Status s = exec(sql.c_str()); !s.ok()) {
      (void)exec("ROLLBACK;");  // the migration error is the one to report
      return s.error();
    }
  }
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(db)));
}

}  // namespace atende::store
