#include "server/outbox_sender.h"

#include <spdlog/spdlog.h>

#include <algorithm>

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
  if (thread_.joinable()) thread_.join();
}

void OutboxSender::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    notified_ = false;
    lock.unlock();
    int tried = SendDue();
    lock.lock();
    if (tried == 0) cv_.wait_for(lock, options_.poll, [this] { return stopping_ || notified_; });
  }
}

int OutboxSender::SendDue() {
  auto due = store_.DueOutbox(wall_.Now(), 64);
  if (!due.ok()) {
    spdlog::error("outbox: {}", due.error().message);
    return 0;
  }
  std::vector<std::string>
      held;  // conversations with a row retried in this pass: their later rows wait
  int tried = 0;
  for (const store::OutboxRow& row : *due) {
    if (std::find(held.begin(), held.end(), row.conversation) != held.end()) continue;
    if (Deliver(row)) held.push_back(row.conversation);
    ++tried;
  }
  return tried;
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
      return fail("outside the 24-hour window: only templates may be sent");
    }
  }
  channel::OutboundMessage message{tenant->channel_key, row.recipient, *content,
                                   row.idempotency_key};
  auto sent = tenant->channel->Send(message);
  if (sent.ok()) {
    metrics_.Add("atende_messages_out_total", "result=\"sent\"");
    if (Status s = store_.MarkSent(row.id, sent->provider_message_id, attempts); !s.ok()) {
      spdlog::error("outbox: {}", s.error().message);
    }
    return false;
  }
  const Error& e = sent.error();
  switch (e.kind) {
    case ErrorKind::kRefused:
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
