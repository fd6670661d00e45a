// Store: atende's durable memory behind one port — conversation state (opaque JSON written by the
// agent) and the audit log of actions that touch money or service. SqliteStore is the default (one
// file, WAL); PostgreSQL (postgres_store.h) when one machine is not enough — one atende process
// per database for now (rows are not claimed). Errors: kInternal for any database failure (message
// says which operation), kInvalidInput for a path that cannot be opened or a server that cannot be
// reached at open. Implementations are safe for concurrent use.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace atende::store {

struct AuditRow {
  TimePoint at;
  std::string conversation;  // masked phone
  std::string erp;
  std::string action;
  std::string outcome;
  std::string contract_id;
  std::string detail;
};

// One webhook event in the inbox. `payload` is the event as JSON (written and read by server/).
struct InboxRow {
  int64_t id = 0;
  std::string tenant;
  std::string conversation;         // tenant-scoped conversation key
  std::string provider_message_id;  // UNIQUE: the same id twice is stored once
  std::string payload;
  TimePoint received_at;
};

enum class DeliveryState { kPending, kSent, kDelivered, kRead, kFailed };
std::string_view DeliveryStateName(DeliveryState state);

// One message to send. `payload` is the content as JSON; `attachment` carries document bytes.
struct OutboxRow {
  int64_t id = 0;
  std::string tenant;
  std::string conversation;
  std::string recipient;        // E.164 without '+'
  std::string idempotency_key;  // UNIQUE, stable across retries
  std::string payload;
  std::string attachment;
  int attempts = 0;
  TimePoint next_attempt_at;
  DeliveryState state = DeliveryState::kPending;
  std::string provider_message_id;
  std::string last_error;
  // Set from just before a send until its outcome is recorded: a row still pending with it set was
  // being sent when the process stopped, and the provider may have taken it.
  std::optional<TimePoint> sending_since;
  std::string media_id;  // media uploaded for this send, until it is deleted from the provider
};

// Media uploaded for a message that reached its end (delivered, read or failed): to delete.
struct SpentMedia {
  int64_t outbox_id = 0;
  std::string tenant;
  std::string media_id;
};

struct HandoffRow {
  std::string tenant;
  std::string conversation;
  std::string recipient;  // E.164 without '+'
  std::string reason;
  TimePoint since;
};

// A conversation waiting for a payment (the subscriber asked for a bill, a debt inquiry, an unlock
// or a promise, or a payment event arrived): the payment poller re-reads the contract's invoices
// until what was open is paid — and a contract held for debt is released — or the watch expires.
struct PaymentWatch {
  std::string conversation;
  std::string tenant;
  std::string recipient;    // E.164 without '+'
  std::string document;     // normalised CPF/CNPJ; empty: the customer is found by phone
  std::string customer_id;  // ERP id; empty: any customer with that document or phone
  std::string contract_id;  // ERP id
  // The invoices open when the poller first read the contract; nullopt until then.
  std::optional<std::vector<std::string>> open_invoices;
  bool held = false;  // the contract was blocked, reduced or trust-unlocked when first read
  bool paid = false;  // a payment was seen for it
  TimePoint since;
  TimePoint until;
  TimePoint next_check;
};

// Everything one turn (or one notification) changes, committed atomically.
struct TurnCommit {
  std::string conversation;
  std::optional<std::string> state_json;  // new conversation state, when it changed
  TimePoint at;
  std::vector<int64_t> consumed_inbox;  // inbox rows this turn answered
  std::vector<OutboxRow> outbox;
  std::optional<HandoffRow> handoff;  // the conversation went to a human
  std::string effect_key;  // non-empty: commit only if this key was never committed before
  // Start (or extend) the conversation's payment watch. For the same contract the poller's reading
  // and schedule are kept, `paid` only ever turns on (and then the check comes forward to
  // `next_check`), and `until` only grows; a different contract starts afresh.
  std::optional<PaymentWatch> watch;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Result<std::optional<std::string>> LoadConversation(const std::string& key) = 0;
  virtual Status SaveConversation(const std::string& key, const std::string& state_json,
                                  TimePoint at) = 0;
  virtual Status AppendAudit(const AuditRow& row) = 0;
  virtual Result<std::vector<AuditRow>> ReadAudit(size_t limit) = 0;  // newest first

  // Inbox. AppendInbox returns the new row's id, or nothing (and stores nothing) for a provider
  // message id already stored.
  virtual Result<std::optional<int64_t>> AppendInbox(const InboxRow& row) = 0;
  virtual Result<std::vector<InboxRow>> PendingInbox(
      size_t limit) = 0;  // not yet consumed, oldest first
  virtual Result<std::optional<TimePoint>> LastInbound(const std::string& conversation) = 0;
  // The conversation's latest inbound messages, consumed or not, oldest first (what a human agent
  // reads).
  virtual Result<std::vector<InboxRow>> ReadInbox(const std::string& conversation,
                                                  size_t limit) = 0;

  // The turn's state, outbox rows, consumed inbox rows, handoff and effect key, in one transaction.
  // Returns false (nothing written) when `effect_key` was already committed.
  virtual Result<bool> CommitTurn(const TurnCommit& commit) = 0;

  // Outbox.
  virtual Result<std::vector<OutboxRow>> DueOutbox(TimePoint now,
                                                   size_t limit) = 0;  // pending, due, oldest first
  // Recorded (durably) before each send: the row is in flight from `at`.
  virtual Status MarkSending(int64_t id, int attempts, TimePoint at) = 0;
  // Moves an in-flight row's next attempt without ending its flight (waiting for its status).
  virtual Status Defer(int64_t id, TimePoint next_attempt_at) = 0;
  // The send's outcome; each ends the flight. MarkSent never moves a row backwards (a status
  // webhook may have settled it first).
  virtual Status MarkSent(int64_t id, const std::string& provider_message_id, int attempts,
                          const std::string& media_id = "") = 0;
  virtual Status MarkRetry(int64_t id, int attempts, TimePoint next_attempt_at,
                           const std::string& error) = 0;
  virtual Status MarkFailed(int64_t id, int attempts, const std::string& error) = 0;
  // A status webhook: moves a sent message forward (never backwards; failed is final). When no row
  // has that provider id, a non-empty `idempotency_key` (the echoed callback data) settles the
  // in-flight row it names. False: no row matched.
  virtual Result<bool> UpdateDelivery(const std::string& provider_message_id, DeliveryState state,
                                      const std::string& error,
                                      const std::string& idempotency_key = "") = 0;
  // Uploaded media of messages that reached their end, and the deletion's record.
  virtual Result<std::vector<SpentMedia>> SpentMediaToDelete(size_t limit) = 0;
  virtual Status MediaDeleted(int64_t outbox_id) = 0;
  virtual Result<int64_t> OutboxDepth() = 0;  // rows still pending
  virtual Result<std::vector<OutboxRow>> ReadOutbox(
      const std::string& conversation) = 0;  // oldest first

  // Payment watches.
  virtual Result<std::vector<PaymentWatch>> DueWatches(TimePoint now, size_t limit) = 0;
  virtual Status SaveWatch(const PaymentWatch& watch) = 0;  // the poller's reading and next check
  virtual Status EndWatch(const std::string& conversation) = 0;

  // Several atende processes on one database (PostgreSQL) take turns on a conversation with named
  // leases. AcquireLease takes `name` for `owner` until `until` when it is free, expired (at `now`)
  // or already `owner`'s; false: another owner holds it. ReleaseLease frees it if `owner` holds it.
  virtual Result<bool> AcquireLease(const std::string& name, const std::string& owner,
                                    TimePoint now, TimePoint until) = 0;
  virtual Status ReleaseLease(const std::string& name, const std::string& owner) = 0;
  // Re-read under a lease: the conversation's unconsumed inbox rows, and its due outbox rows,
  // oldest first.
  virtual Result<std::vector<InboxRow>> PendingInboxOf(const std::string& conversation) = 0;
  virtual Result<std::vector<OutboxRow>> DueOutboxOf(const std::string& conversation,
                                                     TimePoint now) = 0;

  // Handoffs.
  virtual Result<std::vector<HandoffRow>> ActiveHandoffs() = 0;
  virtual Result<std::optional<HandoffRow>> FindHandoff(const std::string& conversation) = 0;
  // Ends the handoff and writes the conversation's new state in one transaction. False: no active
  // handoff.
  virtual Result<bool> EndHandoff(const std::string& conversation, const std::string& state_json,
                                  TimePoint at) = 0;
};

// Opens (creating if needed) the SQLite database at `path` and applies pending migrations.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace atende::store
