#include "server/dispatcher.h"

#include <spdlog/spdlog.h>

#include "agent/state_codec.h"
#include "server/inbound_event.h"
#include "server/outbound_content.h"

namespace atende::server {
namespace {

constexpr const char* kBusy = "lease";  // Error::detail of a batch another process holds

}  // namespace

Dispatcher::Dispatcher(store::Store& store, TenantLookup tenants, Metrics& metrics,
                       const Clock& wall, DispatcherOptions options,
                       std::function<void()> outbox_written)
    : store_(store),
      tenants_(std::move(tenants)),
      metrics_(metrics),
      wall_(wall),
      options_(options),
      outbox_written_(std::move(outbox_written)) {}

Dispatcher::~Dispatcher() { Stop(); }

Status Dispatcher::Start() {
  constexpr size_t kPage = 100000;
  auto pending = store_.PendingInbox(kPage);
  if (!pending.ok()) return pending.error();
  if (!pending->empty())
    spdlog::info("dispatcher: {} inbox messages pending from the last run", pending->size());
  for (store::InboxRow& row : *pending) Enqueue(std::move(row));
  std::lock_guard lock(mu_);
  for (int i = 0; i < std::max(1, options_.workers); ++i) workers_.emplace_back([this] { Work(); });
  if (!options_.instance.empty()) {
    scanner_ = std::thread([this] {
      std::unique_lock scan_lock(mu_);
      while (!scan_cv_.wait_for(scan_lock, options_.orphan_scan, [this] { return stopping_; })) {
        scan_lock.unlock();
        ScanForOrphans();
        scan_lock.lock();
      }
    });
  }
  return {};
}

void Dispatcher::Enqueue(store::InboxRow row) {
  {
    std::lock_guard lock(mu_);
    std::string conversation = row.conversation;
    Queue& queue = queues_[conversation];
    SteadyTime at = std::chrono::steady_clock::now() + options_.debounce;
    if (!queue.busy && !queue.rows.empty()) ready_.erase({queue.ready_at, conversation});
    queue.rows.push_back(std::move(row));
    queue.ready_at = at;
    if (!queue.busy) ready_.emplace(at, std::move(conversation));
  }
  cv_.notify_one();
}

void Dispatcher::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  scan_cv_.notify_all();
  for (std::thread& t : workers_) t.join();
  workers_.clear();
  if (scanner_.joinable()) scanner_.join();
}

bool Dispatcher::Idle() const {
  std::lock_guard lock(mu_);
  return busy_ == 0 && queues_.empty();
}

void Dispatcher::Work() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    auto now = std::chrono::steady_clock::now();
    if (ready_.empty() || ready_.begin()->first > now) {
      cv_.wait_until(lock, ready_.empty()
                               ? now + std::chrono::seconds(1)
                               : std::min(ready_.begin()->first, now + std::chrono::seconds(1)));
      continue;
    }
    std::string conversation = ready_.begin()->second;  // set keys are const: a copy
    ready_.erase(ready_.begin());
    Queue& queue = queues_[conversation];
    std::vector<store::InboxRow> rows(std::make_move_iterator(queue.rows.begin()),
                                      std::make_move_iterator(queue.rows.end()));
    queue.rows.clear();
    queue.busy = true;
    ++busy_;
    lock.unlock();
    Process(conversation, std::move(rows));
    lock.lock();
    --busy_;
    auto it = queues_.find(conversation);
    if (it != queues_.end()) {
      it->second.busy = false;
      if (it->second.rows.empty()) {
        queues_.erase(it);
      } else {  // rows arrived (or came back for a retry) while this worker held it
        ready_.emplace(it->second.ready_at, conversation);
      }
    }
    cv_.notify_all();
  }
}

void Dispatcher::Process(const std::string& conversation, std::vector<store::InboxRow> rows) {
  Status done = LeasedBatch(conversation, rows);
  if (done.ok()) return;
  bool busy = done.error().kind == ErrorKind::kRefused && done.error().detail == kBusy;
  if (!busy) {
    metrics_.Add("atende_turn_errors_total");
    spdlog::error("dispatcher: conversation turn failed, retrying in {} ms: {}",
                  options_.retry_after.count(), done.error().message);
  }
  std::lock_guard lock(mu_);
  if (stopping_) return;  // the rows stay unconsumed in the inbox; the next start picks them up
  Queue& queue = queues_[conversation];  // busy: Work() puts it back in ready_ when this returns
  queue.rows.insert(queue.rows.begin(), std::make_move_iterator(rows.begin()),
                    std::make_move_iterator(rows.end()));
  queue.ready_at =
      std::chrono::steady_clock::now() + (busy ? options_.busy_retry : options_.retry_after);
}

Status Dispatcher::LeasedBatch(const std::string& conversation,
                               const std::vector<store::InboxRow>& rows) {
  if (options_.instance.empty()) return RunBatch(conversation, rows);
  // Several processes share the database: take the conversation, then answer everything of it
  // still unanswered — whichever process stored it — in arrival order.
  TimePoint now = wall_.Now();
  std::string lease = "turn:" + conversation;
  auto taken = store_.AcquireLease(lease, options_.instance, now, now + options_.lease);
  if (!taken.ok()) return taken.error();
  if (!*taken) return Error{ErrorKind::kRefused, "conversation busy in another process", kBusy};
  auto pending = store_.PendingInboxOf(conversation);
  Status done = !pending.ok()      ? Status(pending.error())
                : pending->empty() ? Status{}  // another process answered them
                                   : RunBatch(conversation, *pending);
  if (Status released = store_.ReleaseLease(lease, options_.instance); !released.ok())
    spdlog::warn("dispatcher: lease not released (it expires): {}", released.error().message);
  return done;
}

void Dispatcher::ScanForOrphans() {
  // Rows another process stored and has not answered in time (it may have died): schedule their
  // conversations here; the lease decides who answers.
  auto pending = store_.PendingInbox(1000);
  if (!pending.ok()) {
    spdlog::warn("dispatcher: orphan scan: {}", pending.error().message);
    return;
  }
  TimePoint cutoff = wall_.Now() - options_.debounce - options_.orphan_age;
  for (store::InboxRow& row : *pending) {
    if (row.received_at > cutoff) continue;
    {
      std::lock_guard lock(mu_);
      if (queues_.count(row.conversation) != 0) continue;  // already scheduled here
    }
    metrics_.Add("atende_orphans_scheduled_total");
    Enqueue(std::move(row));
  }
}

Result<bool> Dispatcher::SentByAPerson(const std::string& conversation,
                                       const std::vector<channel::InboundMessage>& own) {
  auto outbound = store_.ReadOutbox(conversation);
  if (!outbound.ok()) return outbound.error();
  bool person = false;
  for (const channel::InboundMessage& m : own) {
    const store::OutboxRow* match = nullptr;
    for (const store::OutboxRow& row : *outbound) {
      if (row.state == store::DeliveryState::kFailed) continue;
      if (!row.provider_message_id.empty() && row.provider_message_id == m.provider_message_id) {
        match = &row;
        break;
      }
      // Its echo may arrive before the send's answer is recorded, or after a crash cut it: the
      // same words (Evolution writes a menu as its body followed by the numbered options).
      auto content = DecodeContent(row.payload, row.attachment);
      std::string body = content.ok() ? BodyOf(*content) : "";
      if (!body.empty() && m.text.starts_with(body) &&
          (row.provider_message_id.empty() || row.provider_message_id == m.provider_message_id)) {
        match = &row;
        break;
      }
    }
    if (match != nullptr && match->state == store::DeliveryState::kPending &&
        match->sending_since) {  // a send cut by a crash did reach the phone: settle it
      auto settled = store_.UpdateDelivery(m.provider_message_id, store::DeliveryState::kSent, "",
                                           match->idempotency_key);
      if (!settled.ok()) return settled.error();
    }
    // Without words (media) an echo cannot be told from a person's message: not proof of one.
    if (match == nullptr && !m.text.empty()) person = true;
  }
  return person;
}

Status Dispatcher::RunBatch(const std::string& conversation,
                            const std::vector<store::InboxRow>& rows) {
  const Tenant* tenant = tenants_(rows.front().tenant);
  store::TurnCommit commit;
  commit.conversation = conversation;
  commit.at = wall_.Now();
  for (const store::InboxRow& row : rows) commit.consumed_inbox.push_back(row.id);
  if (tenant == nullptr) {
    spdlog::warn("dispatcher: tenant '{}' is no longer configured; {} messages set aside",
                 rows.front().tenant, rows.size());
    auto committed = store_.CommitTurn(commit);
    if (!committed.ok()) return committed.error();
    return {};
  }

  // Decode; consecutive texts join into one turn. Messages from the business number apart.
  std::vector<channel::InboundMessage> messages;
  std::vector<channel::InboundMessage> own;
  for (const store::InboxRow& row : rows) {
    auto decoded = DecodeInbound(row.payload);
    if (!decoded.ok() || !decoded->from) {
      spdlog::warn("dispatcher: inbox row {} unreadable, set aside", row.id);
      continue;
    }
    (decoded->from_me ? own : messages).push_back(std::move(decoded).value());
  }
  if (messages.empty() && own.empty()) {
    auto committed = store_.CommitTurn(commit);
    return committed.ok() ? Status{} : Status(committed.error());
  }
  const Phone phone = *(messages.empty() ? own : messages).front().from;

  auto handoff = store_.FindHandoff(conversation);
  if (!handoff.ok()) return handoff.error();
  if (handoff->has_value()) {  // a person has it: keep the messages for them, say nothing
    metrics_.Add("atende_handoff_messages_total", "", static_cast<double>(messages.size()));
    auto committed = store_.CommitTurn(commit);
    return committed.ok() ? Status{} : Status(committed.error());
  }
  if (!own.empty()) {
    auto human = SentByAPerson(conversation, own);
    if (!human.ok()) return human.error();
    if (*human) {  // someone answered from the phone: the bot steps aside (Evolution stopBotFromMe)
      commit.handoff = store::HandoffRow{tenant->id, conversation, phone.e164().substr(1),
                                         "um atendente respondeu pelo celular", commit.at};
      metrics_.Add("atende_handoffs_total",
                   "tenant=\"" + tenant->id + R"(",reason="answered_on_phone")");
      spdlog::info("dispatcher: {} answered from the business phone; the bot steps aside",
                   phone.Masked());
      auto committed = store_.CommitTurn(commit);
      return committed.ok() ? Status{} : Status(committed.error());
    }
    if (messages.empty()) {  // only echoes of atende's own sends
      auto committed = store_.CommitTurn(commit);
      return committed.ok() ? Status{} : Status(committed.error());
    }
  }

  std::vector<agent::Inbound> turns;
  bool last_was_text = false;
  for (const channel::InboundMessage& m : messages) {
    if (JoinsWithText(m) && last_was_text) {
      turns.back().text += "\n" + m.text;
    } else {
      turns.push_back(ToAgentInbound(m));
    }
    last_was_text = JoinsWithText(m);
  }

  auto started = std::chrono::steady_clock::now();
  auto outcome = tenant->agent->RunTurns(phone, turns);
  if (!outcome.ok()) return outcome.error();
  auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  for (size_t i = 0; i < turns.size(); ++i)
    metrics_.Add("atende_turns_total", "tenant=\"" + tenant->id + "\"");
  metrics_.ObserveTurn(elapsed / static_cast<int64_t>(std::max<size_t>(1, turns.size())));

  commit.state_json = outcome->state_json;
  std::string recipient = phone.e164().substr(1);
  if (outcome->state_json && tenant->payment_poll.count() > 0) {
    auto state = agent::DecodeState(*outcome->state_json);
    if (state.ok() && state->identified() && !state->contract_id.empty()) {
      commit.watch = store::PaymentWatch{conversation,
                                         tenant->id,
                                         recipient,
                                         state->document ? state->document->value() : "",
                                         state->customer_id,
                                         state->contract_id,
                                         std::nullopt,
                                         false,
                                         false,
                                         commit.at,
                                         commit.at + options_.payment_watch,
                                         commit.at};
    }
  }
  const std::string& first_id = messages.front().provider_message_id;
  int n = 0;
  for (const agent::Outgoing& out : outcome->replies) {
    std::optional<channel::OutboundContent> content = ContentFor(out);
    if (!content) continue;
    commit.outbox.push_back(OutboxRowFor(tenant->id, conversation, recipient,
                                         tenant->id + ":" + first_id + "#" + std::to_string(n++),
                                         *content, commit.at));
  }
  if (!outcome->handoff_reason.empty()) {
    commit.handoff =
        store::HandoffRow{tenant->id, conversation, recipient, outcome->handoff_reason, commit.at};
    metrics_.Add("atende_handoffs_total", "tenant=\"" + tenant->id + "\"");
    spdlog::info("dispatcher: {} handed to a human ({})", phone.Masked(), outcome->handoff_reason);
  }
  auto committed = store_.CommitTurn(commit);
  if (!committed.ok()) return committed.error();
  metrics_.ObserveAttendance(tenant->id, conversation, commit.handoff.has_value(), commit.at);
  if (!commit.outbox.empty() && outbox_written_) outbox_written_();
  return {};
}

}  // namespace atende::server
