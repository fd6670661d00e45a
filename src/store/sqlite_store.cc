#include <sqlite3.h>

#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

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
    // 2: the service's inbox, outbox, effects journal and handoffs.
    R"(CREATE TABLE inbox (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         tenant TEXT NOT NULL,
         conversation TEXT NOT NULL,
         provider_message_id TEXT NOT NULL UNIQUE,
         payload TEXT NOT NULL,
         received_at_ms INTEGER NOT NULL,
         consumed INTEGER NOT NULL DEFAULT 0);
       CREATE INDEX inbox_pending ON inbox (consumed, id);
       CREATE INDEX inbox_conversation ON inbox (conversation, id);
       CREATE TABLE outbox (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         tenant TEXT NOT NULL,
         conversation TEXT NOT NULL,
         recipient TEXT NOT NULL,
         idempotency_key TEXT NOT NULL UNIQUE,
         payload TEXT NOT NULL,
         attachment BLOB,
         attempts INTEGER NOT NULL DEFAULT 0,
         next_attempt_at_ms INTEGER NOT NULL,
         state INTEGER NOT NULL DEFAULT 0,
         provider_message_id TEXT NOT NULL DEFAULT '',
         last_error TEXT NOT NULL DEFAULT '');
       CREATE INDEX outbox_due ON outbox (state, next_attempt_at_ms);
       CREATE INDEX outbox_provider_id ON outbox (provider_message_id);
       CREATE TABLE effects (
         key TEXT PRIMARY KEY,
         at_ms INTEGER NOT NULL);
       CREATE TABLE handoffs (
         conversation TEXT PRIMARY KEY,
         tenant TEXT NOT NULL,
         recipient TEXT NOT NULL,
         reason TEXT NOT NULL,
         since_ms INTEGER NOT NULL);)",
    // 3: sends in flight (settled by their status webhook after a crash) and uploaded media.
    R"(ALTER TABLE outbox ADD COLUMN sending_since_ms INTEGER NOT NULL DEFAULT 0;
       ALTER TABLE outbox ADD COLUMN media_id TEXT NOT NULL DEFAULT '';
       CREATE INDEX outbox_media ON outbox (media_id) WHERE media_id <> '';)",
    // 4: conversations waiting for a payment (the payment poller's work list).
    R"(CREATE TABLE payment_watches (
         conversation TEXT PRIMARY KEY,
         tenant TEXT NOT NULL,
         recipient TEXT NOT NULL,
         document TEXT NOT NULL,
         customer_id TEXT NOT NULL,
         contract_id TEXT NOT NULL,
         open_invoices TEXT,
         held INTEGER NOT NULL DEFAULT 0,
         paid INTEGER NOT NULL DEFAULT 0,
         since_ms INTEGER NOT NULL,
         until_ms INTEGER NOT NULL,
         next_check_ms INTEGER NOT NULL);
       CREATE INDEX payment_watches_due ON payment_watches (next_check_ms);)",
    // 5: leases, by which several processes on one database take turns on a conversation.
    R"(CREATE TABLE leases (
         name TEXT PRIMARY KEY,
         owner TEXT NOT NULL,
         until_ms INTEGER NOT NULL);)",
};

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using OwnedStatement = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// A cached prepared statement lent to one operation: reset and unbound when the operation is done,
// so the next call reuses it instead of compiling the SQL again.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() {
    if (stmt_ != nullptr) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_;
};

int64_t Ms(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint FromMs(int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

void Bind(sqlite3_stmt* stmt, int index, const std::string& text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}
void Bind(sqlite3_stmt* stmt, int index, int64_t value) { sqlite3_bind_int64(stmt, index, value); }

std::string Text(sqlite3_stmt* stmt, int column) {
  const auto* t = static_cast<const char*>(sqlite3_column_blob(stmt, column));
  return t == nullptr ? std::string()
                      : std::string(t, static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
}

constexpr const char* kOutboxColumns =
    "id, tenant, conversation, recipient, idempotency_key, payload, attachment, attempts, "
    "next_attempt_at_ms, "
    "state, provider_message_id, last_error, sending_since_ms, media_id";

OutboxRow ReadOutboxRow(sqlite3_stmt* stmt) {
  OutboxRow row;
  row.id = sqlite3_column_int64(stmt, 0);
  row.tenant = Text(stmt, 1);
  row.conversation = Text(stmt, 2);
  row.recipient = Text(stmt, 3);
  row.idempotency_key = Text(stmt, 4);
  row.payload = Text(stmt, 5);
  row.attachment = Text(stmt, 6);
  row.attempts = sqlite3_column_int(stmt, 7);
  row.next_attempt_at = FromMs(sqlite3_column_int64(stmt, 8));
  row.state = static_cast<DeliveryState>(sqlite3_column_int(stmt, 9));
  row.provider_message_id = Text(stmt, 10);
  row.last_error = Text(stmt, 11);
  if (int64_t since = sqlite3_column_int64(stmt, 12); since != 0) row.sending_since = FromMs(since);
  row.media_id = Text(stmt, 13);
  return row;
}

// Invoice ids, one per line (ERP ids never hold a line break).
std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : "\n") + id;
  return out;
}
std::vector<std::string> SplitIds(const std::string& text) {
  std::vector<std::string> ids;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ids.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return ids;
}

constexpr const char* kWatchColumns =
    "conversation, tenant, recipient, document, customer_id, contract_id, open_invoices, held, "
    "paid, since_ms, until_ms, next_check_ms";

PaymentWatch ReadWatch(sqlite3_stmt* stmt) {
  PaymentWatch w;
  w.conversation = Text(stmt, 0);
  w.tenant = Text(stmt, 1);
  w.recipient = Text(stmt, 2);
  w.document = Text(stmt, 3);
  w.customer_id = Text(stmt, 4);
  w.contract_id = Text(stmt, 5);
  if (sqlite3_column_type(stmt, 6) != SQLITE_NULL) w.open_invoices = SplitIds(Text(stmt, 6));
  w.held = sqlite3_column_int(stmt, 7) != 0;
  w.paid = sqlite3_column_int(stmt, 8) != 0;
  w.since = FromMs(sqlite3_column_int64(stmt, 9));
  w.until = FromMs(sqlite3_column_int64(stmt, 10));
  w.next_check = FromMs(sqlite3_column_int64(stmt, 11));
  return w;
}

HandoffRow ReadHandoffRow(sqlite3_stmt* stmt) {
  return {Text(stmt, 0), Text(stmt, 1), Text(stmt, 2), Text(stmt, 3),
          FromMs(sqlite3_column_int64(stmt, 4))};
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<sqlite3, DbCloser> db) : db_(std::move(db)) {}

  Result<std::optional<std::string>> LoadConversation(const std::string& key) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare("SELECT state FROM conversations WHERE key = ?");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, key);
    int rc = sqlite3_step(stmt->get());
    if (rc == SQLITE_DONE) return std::optional<std::string>{};
    if (rc != SQLITE_ROW) return Failure("load conversation");
    return std::optional<std::string>(Text(stmt->get(), 0));
  }

  Status SaveConversation(const std::string& key, const std::string& state_json,
                          TimePoint at) override {
    std::lock_guard lock(mu_);
    if (!SaveState(key, state_json, at)) return Failure("save conversation");
    return {};
  }

  Status AppendAudit(const AuditRow& row) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "INSERT INTO audit_log (at_ms, conversation, erp, action, outcome, contract_id, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, Ms(row.at));
    int i = 2;
    for (const std::string* s :
         {&row.conversation, &row.erp, &row.action, &row.outcome, &row.contract_id, &row.detail}) {
      Bind(stmt->get(), i++, *s);
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
    Bind(stmt->get(), 1, static_cast<int64_t>(limit));
    std::vector<AuditRow> rows;
    int rc;
    while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) {
      sqlite3_stmt* r = stmt->get();
      rows.push_back({FromMs(sqlite3_column_int64(r, 0)), Text(r, 1), Text(r, 2), Text(r, 3),
                      Text(r, 4), Text(r, 5), Text(r, 6)});
    }
    if (rc != SQLITE_DONE) return Failure("read audit");
    return rows;
  }

  Result<std::optional<int64_t>> AppendInbox(const InboxRow& row) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "INSERT INTO inbox (tenant, conversation, provider_message_id, payload, received_at_ms) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(provider_message_id) DO NOTHING");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, row.tenant);
    Bind(stmt->get(), 2, row.conversation);
    Bind(stmt->get(), 3, row.provider_message_id);
    Bind(stmt->get(), 4, row.payload);
    Bind(stmt->get(), 5, Ms(row.received_at));
    if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("append inbox");
    if (sqlite3_changes(db_.get()) == 0) return std::optional<int64_t>{};
    return std::optional<int64_t>(sqlite3_last_insert_rowid(db_.get()));
  }

  Result<std::vector<InboxRow>> PendingInbox(size_t limit) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "SELECT id, tenant, conversation, provider_message_id, payload, received_at_ms FROM inbox "
        "WHERE consumed = 0 ORDER BY id LIMIT ?");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, static_cast<int64_t>(limit));
    return ReadInboxRows(stmt->get(), "pending inbox");
  }

  Result<std::optional<TimePoint>> LastInbound(const std::string& conversation) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare("SELECT MAX(received_at_ms) FROM inbox WHERE conversation = ?");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, conversation);
    if (sqlite3_step(stmt->get()) != SQLITE_ROW) return Failure("last inbound");
    if (sqlite3_column_type(stmt->get(), 0) == SQLITE_NULL) return std::optional<TimePoint>{};
    return std::optional<TimePoint>(FromMs(sqlite3_column_int64(stmt->get(), 0)));
  }

  Result<std::vector<InboxRow>> ReadInbox(const std::string& conversation, size_t limit) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "SELECT id, tenant, conversation, provider_message_id, payload, received_at_ms FROM ("
        "SELECT * FROM inbox WHERE conversation = ? ORDER BY id DESC LIMIT ?) ORDER BY id");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, conversation);
    Bind(stmt->get(), 2, static_cast<int64_t>(limit));
    return ReadInboxRows(stmt->get(), "read inbox");
  }

  Result<bool> CommitTurn(const TurnCommit& commit) override {
    std::lock_guard lock(mu_);
    if (!Exec("BEGIN IMMEDIATE")) return Failure("begin turn");
    Result<bool> written = WriteTurn(commit);
    if (!written.ok() || !*written) {
      Exec("ROLLBACK");
      return written;
    }
    if (!Exec("COMMIT")) {
      Error e = Failure("commit turn");
      Exec("ROLLBACK");
      return e;
    }
    return true;
  }

  Result<std::vector<OutboxRow>> DueOutbox(TimePoint now, size_t limit) override {
    std::lock_guard lock(mu_);
    std::string sql =
        std::string("SELECT ") + kOutboxColumns +
        " FROM outbox WHERE state = 0 AND next_attempt_at_ms <= ? ORDER BY id LIMIT ?";
    auto stmt = Prepare(sql.c_str());
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, Ms(now));
    Bind(stmt->get(), 2, static_cast<int64_t>(limit));
    return ReadOutboxRows(stmt->get(), "due outbox");
  }

  Result<std::vector<OutboxRow>> ReadOutbox(const std::string& conversation) override {
    std::lock_guard lock(mu_);
    std::string sql =
        std::string("SELECT ") + kOutboxColumns + " FROM outbox WHERE conversation = ? ORDER BY id";
    auto stmt = Prepare(sql.c_str());
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, conversation);
    return ReadOutboxRows(stmt->get(), "read outbox");
  }

  Status MarkSending(int64_t id, int attempts, TimePoint at) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare("UPDATE outbox SET attempts = ?, sending_since_ms = ? WHERE id = ?");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, static_cast<int64_t>(attempts));
    Bind(stmt->get(), 2, Ms(at));
    Bind(stmt->get(), 3, id);
    if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("mark sending");
    return {};
  }

  Status Defer(int64_t id, TimePoint next_attempt_at) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare("UPDATE outbox SET next_attempt_at_ms = ? WHERE id = ?");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, Ms(next_attempt_at));
    Bind(stmt->get(), 2, id);
    if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("defer");
    return HoldBackLater(id, next_attempt_at);
  }

  Status MarkSent(int64_t id, const std::string& provider_message_id, int attempts,
                  const std::string& media_id) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "UPDATE outbox SET state = MAX(state, 1), provider_message_id = ?, attempts = ?, "
        "last_error = '', sending_since_ms = 0, media_id = ? WHERE id = ?");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, provider_message_id);
    Bind(stmt->get(), 2, static_cast<int64_t>(attempts));
    Bind(stmt->get(), 3, media_id);
    Bind(stmt->get(), 4, id);
    if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("mark sent");
    return {};
  }

  Status MarkRetry(int64_t id, int attempts, TimePoint next_attempt_at,
                   const std::string& error) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "UPDATE outbox SET attempts = ?, next_attempt_at_ms = ?, last_error = ?, sending_since_ms "
        "= 0 "
        "WHERE id = ?");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, static_cast<int64_t>(attempts));
    Bind(stmt->get(), 2, Ms(next_attempt_at));
    Bind(stmt->get(), 3, error);
    Bind(stmt->get(), 4, id);
    if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("mark retry");
    return HoldBackLater(id, next_attempt_at);
  }

  Status MarkFailed(int64_t id, int attempts, const std::string& error) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "UPDATE outbox SET state = 4, attempts = ?, last_error = ?, sending_since_ms = 0 WHERE id "
        "= "
        "?");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, static_cast<int64_t>(attempts));
    Bind(stmt->get(), 2, error);
    Bind(stmt->get(), 3, id);
    if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("mark failed");
    return {};
  }

  Result<bool> UpdateDelivery(const std::string& provider_message_id, DeliveryState state,
                              const std::string& error,
                              const std::string& idempotency_key) override {
    std::lock_guard lock(mu_);
    // Forward only: sent(1) < delivered(2) < read(3); failed(4) is final.
    auto stmt = Prepare(
        "UPDATE outbox SET state = ?, last_error = CASE WHEN ? = '' THEN last_error ELSE ? END "
        "WHERE provider_message_id = ? AND provider_message_id <> '' AND state BETWEEN 1 AND 3 AND "
        "state < ?");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, static_cast<int64_t>(state));
    Bind(stmt->get(), 2, error);
    Bind(stmt->get(), 3, error);
    Bind(stmt->get(), 4, provider_message_id);
    Bind(stmt->get(), 5, static_cast<int64_t>(state));
    if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("update delivery");
    if (sqlite3_changes(db_.get()) > 0 || idempotency_key.empty()) {
      return sqlite3_changes(db_.get()) > 0;
    }
    // The provider took a send whose answer we never recorded: its status settles the row.
    auto settle = Prepare(
        "UPDATE outbox SET state = ?, provider_message_id = ?, sending_since_ms = 0, "
        "last_error = CASE WHEN ? = '' THEN last_error ELSE ? END "
        "WHERE idempotency_key = ? AND state = 0 AND sending_since_ms <> 0");
    if (!settle.ok()) return settle.error();
    Bind(settle->get(), 1, static_cast<int64_t>(state));
    Bind(settle->get(), 2, provider_message_id);
    Bind(settle->get(), 3, error);
    Bind(settle->get(), 4, error);
    Bind(settle->get(), 5, idempotency_key);
    if (sqlite3_step(settle->get()) != SQLITE_DONE) return Failure("settle delivery");
    return sqlite3_changes(db_.get()) > 0;
  }

  Result<std::vector<SpentMedia>> SpentMediaToDelete(size_t limit) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "SELECT id, tenant, media_id FROM outbox WHERE media_id <> '' AND state >= 2 ORDER BY id "
        "LIMIT ?");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, static_cast<int64_t>(limit));
    std::vector<SpentMedia> rows;
    int rc;
    while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) {
      rows.push_back(
          {sqlite3_column_int64(stmt->get(), 0), Text(stmt->get(), 1), Text(stmt->get(), 2)});
    }
    if (rc != SQLITE_DONE) return Failure("spent media");
    return rows;
  }

  Status MediaDeleted(int64_t outbox_id) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare("UPDATE outbox SET media_id = '' WHERE id = ?");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, outbox_id);
    if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("media deleted");
    return {};
  }

  Result<int64_t> OutboxDepth() override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare("SELECT COUNT(*) FROM outbox WHERE state = 0");
    if (!stmt.ok()) return stmt.error();
    if (sqlite3_step(stmt->get()) != SQLITE_ROW) return Failure("outbox depth");
    return static_cast<int64_t>(sqlite3_column_int64(stmt->get(), 0));
  }

  Result<std::vector<PaymentWatch>> DueWatches(TimePoint now, size_t limit) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(std::string("SELECT ") + kWatchColumns +
                        " FROM payment_watches WHERE next_check_ms <= ? ORDER BY next_check_ms "
                        "LIMIT ?");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, Ms(now));
    Bind(stmt->get(), 2, static_cast<int64_t>(limit));
    std::vector<PaymentWatch> rows;
    int rc;
    while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) rows.push_back(ReadWatch(stmt->get()));
    if (rc != SQLITE_DONE) return Failure("due watches");
    return rows;
  }

  Status SaveWatch(const PaymentWatch& w) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "UPDATE payment_watches SET open_invoices = ?, held = ?, paid = ?, next_check_ms = ? "
        "WHERE conversation = ? AND contract_id = ?");
    if (!stmt.ok()) return stmt.error();
    if (w.open_invoices) {
      Bind(stmt->get(), 1, JoinIds(*w.open_invoices));
    } else {
      sqlite3_bind_null(stmt->get(), 1);
    }
    Bind(stmt->get(), 2, int64_t{w.held ? 1 : 0});
    Bind(stmt->get(), 3, int64_t{w.paid ? 1 : 0});
    Bind(stmt->get(), 4, Ms(w.next_check));
    Bind(stmt->get(), 5, w.conversation);
    Bind(stmt->get(), 6, w.contract_id);
    if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("save watch");
    return {};
  }

  Status EndWatch(const std::string& conversation) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare("DELETE FROM payment_watches WHERE conversation = ?");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, conversation);
    if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("end watch");
    return {};
  }

  Result<bool> AcquireLease(const std::string& name, const std::string& owner, TimePoint now,
                            TimePoint until) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "INSERT INTO leases (name, owner, until_ms) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE "
        "SET owner = excluded.owner, until_ms = excluded.until_ms "
        "WHERE leases.until_ms < ? OR leases.owner = excluded.owner");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, name);
    Bind(stmt->get(), 2, owner);
    Bind(stmt->get(), 3, Ms(until));
    Bind(stmt->get(), 4, Ms(now));
    if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("acquire lease");
    return sqlite3_changes(db_.get()) > 0;
  }

  Status ReleaseLease(const std::string& name, const std::string& owner) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare("DELETE FROM leases WHERE name = ? AND owner = ?");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, name);
    Bind(stmt->get(), 2, owner);
    if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("release lease");
    return {};
  }

  Result<std::vector<InboxRow>> PendingInboxOf(const std::string& conversation) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "SELECT id, tenant, conversation, provider_message_id, payload, received_at_ms FROM inbox "
        "WHERE conversation = ? AND consumed = 0 ORDER BY id");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, conversation);
    return ReadInboxRows(stmt->get(), "pending inbox of");
  }

  Result<std::vector<OutboxRow>> DueOutboxOf(const std::string& conversation,
                                             TimePoint now) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(std::string("SELECT ") + kOutboxColumns +
                        " FROM outbox WHERE conversation = ? AND state = 0 AND "
                        "next_attempt_at_ms <= ? ORDER BY id");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, conversation);
    Bind(stmt->get(), 2, Ms(now));
    return ReadOutboxRows(stmt->get(), "due outbox of");
  }

  Result<std::vector<HandoffRow>> ActiveHandoffs() override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "SELECT tenant, conversation, recipient, reason, since_ms FROM handoffs ORDER BY since_ms");
    if (!stmt.ok()) return stmt.error();
    std::vector<HandoffRow> rows;
    int rc;
    while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW)
      rows.push_back(ReadHandoffRow(stmt->get()));
    if (rc != SQLITE_DONE) return Failure("active handoffs");
    return rows;
  }

  Result<std::optional<HandoffRow>> FindHandoff(const std::string& conversation) override {
    std::lock_guard lock(mu_);
    auto stmt = Prepare(
        "SELECT tenant, conversation, recipient, reason, since_ms FROM handoffs WHERE conversation "
        "= ?");
    if (!stmt.ok()) return stmt.error();
    Bind(stmt->get(), 1, conversation);
    int rc = sqlite3_step(stmt->get());
    if (rc == SQLITE_DONE) return std::optional<HandoffRow>{};
    if (rc != SQLITE_ROW) return Failure("find handoff");
    return std::optional<HandoffRow>(ReadHandoffRow(stmt->get()));
  }

  Result<bool> EndHandoff(const std::string& conversation, const std::string& state_json,
                          TimePoint at) override {
    std::lock_guard lock(mu_);
    if (!Exec("BEGIN IMMEDIATE")) return Failure("begin end handoff");
    auto fail = [&](const char* what) {
      Error e = Failure(what);
      Exec("ROLLBACK");
      return e;
    };
    auto del = Prepare("DELETE FROM handoffs WHERE conversation = ?");
    if (!del.ok()) return fail("end handoff");
    Bind(del->get(), 1, conversation);
    if (sqlite3_step(del->get()) != SQLITE_DONE) return fail("end handoff");
    if (sqlite3_changes(db_.get()) == 0) {
      Exec("ROLLBACK");
      return false;
    }
    if (!SaveState(conversation, state_json, at)) return fail("end handoff state");
    if (!Exec("COMMIT")) return fail("commit end handoff");
    return true;
  }

 private:
  // The conversation's later pending rows wait for row `id` (its order holds). Requires mu_.
  Status HoldBackLater(int64_t id, TimePoint until) {
    auto later = Prepare(
        "UPDATE outbox SET next_attempt_at_ms = MAX(next_attempt_at_ms, ?) WHERE state = 0 AND id "
        "> ? AND conversation = (SELECT conversation FROM outbox WHERE id = ?)");
    if (!later.ok()) return later.error();
    Bind(later->get(), 1, Ms(until));
    Bind(later->get(), 2, id);
    Bind(later->get(), 3, id);
    if (sqlite3_step(later->get()) != SQLITE_DONE) return Failure("hold back later rows");
    return {};
  }

  bool Exec(const char* sql) {
    return sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) == SQLITE_OK;
  }

  bool SaveState(const std::string& key, const std::string& state_json, TimePoint at) {
    auto stmt = Prepare(
        "INSERT INTO conversations (key, state, updated_at_ms) VALUES (?, ?, ?) "
        "ON CONFLICT(key) DO UPDATE SET state = excluded.state, updated_at_ms = "
        "excluded.updated_at_ms");
    if (!stmt.ok()) return false;
    Bind(stmt->get(), 1, key);
    Bind(stmt->get(), 2, state_json);
    Bind(stmt->get(), 3, Ms(at));
    return sqlite3_step(stmt->get()) == SQLITE_DONE;
  }

  // Inside an open transaction; the caller commits or rolls back.
  Result<bool> WriteTurn(const TurnCommit& c) {
    if (!c.effect_key.empty()) {
      auto stmt =
          Prepare("INSERT INTO effects (key, at_ms) VALUES (?, ?) ON CONFLICT(key) DO NOTHING");
      if (!stmt.ok()) return stmt.error();
      Bind(stmt->get(), 1, c.effect_key);
      Bind(stmt->get(), 2, Ms(c.at));
      if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("effect");
      if (sqlite3_changes(db_.get()) == 0) return false;
    }
    if (c.state_json && !SaveState(c.conversation, *c.state_json, c.at))
      return Failure("turn state");
    if (!c.consumed_inbox.empty()) {
      auto stmt = Prepare("UPDATE inbox SET consumed = 1 WHERE id = ?");
      if (!stmt.ok()) return stmt.error();
      for (int64_t id : c.consumed_inbox) {
        sqlite3_reset(stmt->get());
        Bind(stmt->get(), 1, id);
        if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("consume inbox");
      }
    }
    if (!c.outbox.empty()) {
      auto stmt = Prepare(
          "INSERT INTO outbox (tenant, conversation, recipient, idempotency_key, payload, "
          "attachment, "
          "next_attempt_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(idempotency_key) DO "
          "NOTHING");
      if (!stmt.ok()) return stmt.error();
      for (const OutboxRow& row : c.outbox) {
        sqlite3_reset(stmt->get());
        Bind(stmt->get(), 1, row.tenant);
        Bind(stmt->get(), 2, row.conversation);
        Bind(stmt->get(), 3, row.recipient);
        Bind(stmt->get(), 4, row.idempotency_key);
        Bind(stmt->get(), 5, row.payload);
        sqlite3_bind_blob(stmt->get(), 6, row.attachment.data(),
                          static_cast<int>(row.attachment.size()), SQLITE_TRANSIENT);
        Bind(stmt->get(), 7, Ms(row.next_attempt_at));
        if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("outbox insert");
      }
    }
    if (c.handoff) {
      auto stmt = Prepare(
          "INSERT INTO handoffs (conversation, tenant, recipient, reason, since_ms) VALUES (?, ?, "
          "?, ?, ?) "
          "ON CONFLICT(conversation) DO NOTHING");
      if (!stmt.ok()) return stmt.error();
      Bind(stmt->get(), 1, c.handoff->conversation);
      Bind(stmt->get(), 2, c.handoff->tenant);
      Bind(stmt->get(), 3, c.handoff->recipient);
      Bind(stmt->get(), 4, c.handoff->reason);
      Bind(stmt->get(), 5, Ms(c.handoff->since));
      if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("handoff insert");
    }
    if (c.watch) {
      const PaymentWatch& w = *c.watch;
      auto stmt = Prepare(
          "INSERT INTO payment_watches (conversation, tenant, recipient, document, customer_id, "
          "contract_id, open_invoices, held, paid, since_ms, until_ms, next_check_ms) VALUES (?, "
          "?, ?, ?, ?, ?, NULL, 0, ?, ?, ?, ?) ON CONFLICT(conversation) DO UPDATE SET "
          "open_invoices = CASE WHEN contract_id = excluded.contract_id THEN open_invoices END, "
          "held = CASE WHEN contract_id = excluded.contract_id THEN held ELSE 0 END, "
          "paid = CASE WHEN contract_id = excluded.contract_id THEN MAX(paid, excluded.paid) "
          "ELSE excluded.paid END, "
          "since_ms = CASE WHEN contract_id = excluded.contract_id THEN since_ms "
          "ELSE excluded.since_ms END, "
          "document = CASE WHEN excluded.document = '' THEN document ELSE excluded.document END, "
          "customer_id = CASE WHEN excluded.customer_id = '' THEN customer_id "
          "ELSE excluded.customer_id END, "
          "contract_id = excluded.contract_id, until_ms = MAX(until_ms, excluded.until_ms), "
          "next_check_ms = CASE WHEN contract_id <> excluded.contract_id OR excluded.paid "
          "THEN excluded.next_check_ms ELSE next_check_ms END");
      if (!stmt.ok()) return stmt.error();
      Bind(stmt->get(), 1, w.conversation);
      Bind(stmt->get(), 2, w.tenant);
      Bind(stmt->get(), 3, w.recipient);
      Bind(stmt->get(), 4, w.document);
      Bind(stmt->get(), 5, w.customer_id);
      Bind(stmt->get(), 6, w.contract_id);
      Bind(stmt->get(), 7, int64_t{w.paid ? 1 : 0});
      Bind(stmt->get(), 8, Ms(w.since));
      Bind(stmt->get(), 9, Ms(w.until));
      Bind(stmt->get(), 10, Ms(w.next_check));
      if (sqlite3_step(stmt->get()) != SQLITE_DONE) return Failure("payment watch upsert");
    }
    return true;
  }

  // Rows of a SELECT of id, tenant, conversation, provider_message_id, payload, received_at_ms.
  Result<std::vector<InboxRow>> ReadInboxRows(sqlite3_stmt* stmt, const char* what) {
    std::vector<InboxRow> rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      rows.push_back({sqlite3_column_int64(stmt, 0), Text(stmt, 1), Text(stmt, 2), Text(stmt, 3),
                      Text(stmt, 4), FromMs(sqlite3_column_int64(stmt, 5))});
    }
    if (rc != SQLITE_DONE) return Failure(what);
    return rows;
  }
  Result<std::vector<OutboxRow>> ReadOutboxRows(sqlite3_stmt* stmt, const char* what) {
    std::vector<OutboxRow> rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) rows.push_back(ReadOutboxRow(stmt));
    if (rc != SQLITE_DONE) return Failure(what);
    return rows;
  }
  // Requires mu_. Each SQL text is compiled once per connection.
  Result<Statement> Prepare(const std::string& sql) {
    OwnedStatement& cached = statements_[sql];
    if (!cached) {
      sqlite3_stmt* raw = nullptr;
      if (sqlite3_prepare_v3(db_.get(), sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &raw,
                             nullptr) != SQLITE_OK) {
        statements_.erase(sql);
        return Failure("prepare");
      }
      cached.reset(raw);
    }
    return Statement(cached.get());
  }
  Error Failure(const char* what) {
    return Error::Internal(std::string("sqlite ") + what + ": " + sqlite3_errmsg(db_.get()));
  }

  std::mutex mu_;
  std::unique_ptr<sqlite3, DbCloser> db_;
  std::unordered_map<std::string, OwnedStatement> statements_;  // finalized before db_ closes
};

}  // namespace

std::string_view DeliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kPending:
      return "pending";
    case DeliveryState::kSent:
      return "sent";
    case DeliveryState::kDelivered:
      return "delivered";
    case DeliveryState::kRead:
      return "read";
    case DeliveryState::kFailed:
      return "failed";
  }
  return "pending";
}

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
