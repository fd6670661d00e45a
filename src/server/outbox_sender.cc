#include "server/outbox_sender.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "server/outbound_content.h"

namespace atende::server {
namespace {

bool IsThrottle(const Error& e) {
  return e.detail.starts_with("130429") || e.detail.starts_with("131056") ||
         e.detail.starts_with("80007") || e.detail.starts_with("4 ") || e.detail == "4";
}

std::string Describe(const Error& e) {
  std::string text(ErrorKindName(e.kind));
  text += ": " + e.message;
  if (!e.detail.empty()) text += " [" + e.detail + "]";
  return text;
}

}  // namespace

OutboxSender::OutboxSender(store::Store& store, TenantLookup tenants, Metrics& metrics,
                           const Clock& wall, OutboxOptions options)
    : store_(store),
      tenants_(std::move(tenants)),
      metrics_(metrics),
      wall_(wall),
      options_(options) {}

OutboxSender::~OutboxSender() { Stop(); }

void OutboxSender::Start() {
  thread_ = std::thread([this] { Loop(); });
  for (int i = 0; i < std::max(1, options_.senders); ++i) workers_.emplace_back([this] { Work(); });
}

void OutboxSender::Notify() {
  {
    std::lock_guard lock(mu_);
    notified_ = true;
  }
  cv_.notify_one();
}

void OutboxSender::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  work_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (std::thread& t : workers_) t.join();
  workers_.clear();
}

void OutboxSender::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    notified_ = false;
    lock.unlock();
    int queued = HandOutDue();
    if (std::chrono::steady_clock::now() >= next_media_sweep_) {
      next_media_sweep_ = std::chrono::steady_clock::now() + options_.media_sweep;
      DeleteSpentMedia();
    }
    lock.lock();
    // With work out, a finishing worker wakes this loop; without, new rows or the poll do.
    cv_.wait_for(lock, queued > 0 ? options_.max_backoff : options_.poll,
                 [this] { return stopping_ || notified_; });
  }
}

int OutboxSender::HandOutDue() {
  {
    std::lock_guard lock(mu_);  // conversations finished before this search may go out again
    for (const std::string& c : finished_) held_.erase(c);
    finished_.clear();
  }
  auto due = store_.DueOutbox(wall_.Now(), 256);
  if (!due.ok()) {
    spdlog::error("outbox: {}", due.error().message);
    return 0;
  }
  std::vector<std::vector<store::OutboxRow>> groups;
  std::map<std::string, size_t> index;
  for (store::OutboxRow& row : *due) {
    auto [it, added] = index.try_emplace(row.conversation, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(std::move(row));
  }
  int queued = 0;
  {
    std::lock_guard lock(mu_);
    auto now = std::chrono::steady_clock::now();
    std::erase_if(elsewhere_, [&](const auto& entry) { return entry.second <= now; });
    for (auto& group : groups) {
      if (elsewhere_.count(group.front().conversation) != 0) continue;  // another process has it
      if (!held_.insert(group.front().conversation).second) continue;   // a worker has it
      work_.push_back(std::move(group));
      ++queued;
    }
  }
  if (queued > 0) work_cv_.notify_all();
  return queued;
}

void OutboxSender::Work() {
  std::unique_lock lock(mu_);
  while (true) {
    work_cv_.wait(lock, [this] { return stopping_ || !work_.empty(); });
    if (stopping_) return;  // queued rows stay pending in the store for the next start
    std::vector<store::OutboxRow> rows = std::move(work_.front());
    work_.pop_front();
    std::string conversation = rows.front().conversation;
    lock.unlock();
    SendConversation(std::move(rows));
    lock.lock();
    finished_.push_back(conversation);
    notified_ = true;
    cv_.notify_one();
  }
}

void OutboxSender::SendConversation(std::vector<store::OutboxRow> rows) {
  std::string conversation = rows.front().conversation;
  std::string lease = "send:" + conversation;
  if (!options_.instance.empty()) {
    TimePoint now = wall_.Now();
    auto taken = store_.AcquireLease(lease, options_.instance, now, now + options_.lease);
    if (!taken.ok() || !*taken) {  // another process is sending to it (or the store is down)
      std::lock_guard lock(mu_);
      elsewhere_[conversation] = std::chrono::steady_clock::now() + options_.busy_retry;
      return;
    }
    auto fresh = store_.DueOutboxOf(conversation, now);  // what is still unsent, now it is ours
    rows = fresh.ok() ? std::move(fresh).value() : std::vector<store::OutboxRow>{};
  }
  for (const store::OutboxRow& row : rows) {
    if (Deliver(row)) break;  // retried later: the conversation's later rows wait behind it
  }
  if (!options_.instance.empty()) {
    if (Status released = store_.ReleaseLease(lease, options_.instance); !released.ok())
      spdlog::warn("outbox: lease not released (it expires): {}", released.error().message);
  }
}

void OutboxSender::DeleteSpentMedia() {
  auto spent = store_.SpentMediaToDelete(32);
  if (!spent.ok()) {
    spdlog::error("outbox: {}", spent.error().message);
    return;
  }
  for (const store::SpentMedia& media : *spent) {
    const Tenant* tenant = tenants_(media.tenant);
    Status deleted = tenant != nullptr && tenant->channel
                         ? tenant->channel->DeleteMedia(media.media_id)
                         : Status{};
    if (!deleted.ok() && deleted.error().kind != ErrorKind::kNotFound) {
      spdlog::warn("outbox: uploaded media not deleted yet (will retry): {}",
                   deleted.error().message);
      continue;
    }
    metrics_.Add("atende_media_deleted_total");
    if (Status s = store_.MediaDeleted(media.outbox_id); !s.ok())
      spdlog::error("outbox: {}", s.error().message);
  }
}

void OutboxSender::InviteBack(const Tenant& tenant, const store::OutboxRow& row,
                              TimePoint last_inbound) {
  if (tenant.reopen_template.empty()) return;
  // Once per closed window: keyed by the subscriber's last message.
  std::string key =
      "reopen:" + row.conversation + ":" + std::to_string(last_inbound.time_since_epoch().count());
  store::TurnCommit commit;
  commit.conversation = row.conversation;
  commit.at = wall_.Now();
  commit.effect_key = key;
  commit.outbox.push_back(OutboxRowFor(row.tenant, row.conversation, row.recipient, key,
                                       channel::OutTemplate{tenant.reopen_template, "pt_BR", {}},
                                       commit.at));
  auto committed = store_.CommitTurn(commit);
  if (!committed.ok()) {
    spdlog::error("outbox: invitation template not queued: {}", committed.error().message);
    return;
  }
  if (*committed) metrics_.Add("atende_reopen_invitations_total", Labels({{"tenant", row.tenant}}));
}

void OutboxSender::HandOff(const store::OutboxRow& row, const std::string& why) {
  store::TurnCommit commit;
  commit.conversation = row.conversation;
  commit.at = wall_.Now();
  commit.handoff = store::HandoffRow{row.tenant, row.conversation, row.recipient,
                                     "o WhatsApp recusou a resposta (" + why + ")", commit.at};
  auto committed = store_.CommitTurn(commit);
  if (!committed.ok()) {
    spdlog::error("outbox: handoff after a refused send not recorded: {}",
                  committed.error().message);
    return;
  }
  metrics_.Add("atende_handoffs_total", "tenant=\"" + row.tenant + R"(",reason="send_refused")");
}

bool OutboxSender::Deliver(const store::OutboxRow& row) {
  const Tenant* tenant = tenants_(row.tenant);
  int attempts = row.attempts + 1;
  auto fail = [&](const std::string& why) {
    metrics_.Add("atende_messages_out_total", "result=\"failed\"");
    spdlog::warn("outbox: message {} failed for good: {}", row.idempotency_key, why);
    if (Status s = store_.MarkFailed(row.id, attempts, why); !s.ok())
      spdlog::error("outbox: {}", s.error().message);
    return false;
  };
  if (tenant == nullptr || !tenant->channel) return fail("tenant not configured");
  auto content = DecodeContent(row.payload, row.attachment);
  if (!content.ok()) return fail(content.error().message);
  if (!IsTemplate(*content) && tenant->provider == "whatsapp") {
    auto last = store_.LastInbound(row.conversation);
    if (last.ok() && (!last->has_value() || wall_.Now() - **last > options_.window)) {
      if (last->has_value()) InviteBack(*tenant, row, **last);
      return fail("outside the 24-hour window: only templates may be sent");
    }
  }
  TimePoint now = wall_.Now();
  if (row.sending_since) {  // the process stopped while this row was being sent
    bool can_settle = tenant->channel->EchoesIdempotencyKey() || tenant->channel->EchoesOwnSends();
    if (can_settle && now - *row.sending_since < options_.settle) {
      // Its status webhook echoing the key (Cloud API), or its own echo (Evolution), settles it if
      // the provider took it.
      if (Status s = store_.Defer(row.id, *row.sending_since + options_.settle); !s.ok())
        spdlog::error("outbox: {}", s.error().message);
      return true;
    }
    metrics_.Add("atende_messages_out_total", "result=\"resent_unsettled\"");
    spdlog::warn(
        "outbox: message {} was being sent when the service stopped and nothing settled "
        "it; sending it again",
        row.idempotency_key);
  }
  if (Status s = store_.MarkSending(row.id, attempts, now); !s.ok()) {
    spdlog::error("outbox: not sending {}: {}", row.idempotency_key, s.error().message);
    return true;
  }
  channel::OutboundMessage message{tenant->channel_key, row.recipient, *content,
                                   row.idempotency_key};
  auto send_started = std::chrono::steady_clock::now();
  auto sent = tenant->channel->Send(message);
  metrics_.Observe(
      "atende_send_seconds", Labels({{"tenant", row.tenant}}),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - send_started).count());
  if (sent.ok()) {
    metrics_.Add("atende_messages_out_total", "result=\"sent\"");
    if (Status s = store_.MarkSent(row.id, sent->provider_message_id, attempts, sent->media_id);
        !s.ok()) {
      spdlog::error("outbox: {}", s.error().message);
    }
    return false;
  }
  const Error& e = sent.error();
  switch (e.kind) {
    case ErrorKind::kRefused:
      if (!IsTemplate(*content)) HandOff(row, Describe(e));
      return fail(Describe(e));
    case ErrorKind::kInvalidInput:
    case ErrorKind::kBadAnswer:
      return fail(Describe(e));
    default:
      break;
  }
  if (attempts >= options_.max_attempts && e.kind != ErrorKind::kUnauthorized)
    return fail(Describe(e));
  std::chrono::milliseconds wait =
      options_.base_backoff * (int64_t{1} << std::min(attempts - 1, 20));
  if (IsThrottle(e)) wait = std::max(wait, options_.throttle_backoff);
  if (e.kind == ErrorKind::kUnauthorized) {
    wait = options_.max_backoff;
    spdlog::critical("outbox: tenant {} credentials refused by the provider; sending paused",
                     row.tenant);
  }
  wait = std::min(wait, options_.max_backoff);
  metrics_.Add("atende_messages_out_total", "result=\"retry\"");
  if (Status s = store_.MarkRetry(row.id, attempts, wall_.Now() + wait, Describe(e)); !s.ok()) {
    spdlog::error("outbox: {}", s.error().message);
  }
  return true;
}

}  // namespace atende::server
