// OutboxSender: delivers outbox rows through their tenant's Channel, oldest first, and records the
// outcome. Retries with exponential backoff (kUnavailable, kTimeout; the throughput errors
// 130429/131056 wait at least `throttle_backoff`); a conversation's later messages wait behind a
// retried one, so order holds. kRefused and kInvalidInput fail the row for good; kUnauthorized
// (credentials) keeps it and waits the longest backoff. Outside the 24-hour window only templates
// go out (whatsapp-cloud.md §9): other content fails without a call, and the tenant's invitation
// template (reopen_template), if it has one, asks the subscriber to write again. A refused reply
// hands the conversation to a human (the subscriber must be reached another way). Exactly once
// across crashes: each send is recorded as in flight first. A row found in flight (the process died
// mid-send) is, on a provider that echoes the idempotency key in its statuses (Cloud API
// biz_opaque_callback_data) or echoes atende's own sends (Evolution fromMe), held for `settle` so
// that echo can settle it; only if none comes is it sent again. Uploaded media is deleted once its
// message is delivered, read or failed. Threading: one sender thread; Notify is safe from any
// thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "server/metrics.h"
#include "server/tenant.h"
#include "store/store.h"

namespace atende::server {

struct OutboxOptions {
  std::chrono::milliseconds base_backoff{1000};
  std::chrono::milliseconds max_backoff{std::chrono::minutes(5)};
  std::chrono::milliseconds throttle_backoff{std::chrono::seconds(5)};
  int max_attempts = 10;
  std::chrono::milliseconds poll{500};  // how often due rows are looked for without a Notify
  std::chrono::hours window{24};
  // How long a send interrupted by a crash waits for its status webhook before it is sent again.
  std::chrono::milliseconds settle{std::chrono::seconds(60)};
  std::chrono::milliseconds media_sweep{std::chrono::seconds(10)};  // delivered media deletion
  int senders = 8;  // conversations sent to at the same time (provider round trips overlap)
  // Non-empty: this process's name among several sharing one database. A conversation's rows are
  // then sent under its lease and re-read under it; one another process holds waits busy_retry.
  std::string instance;
  std::chrono::milliseconds lease{60000};
  std::chrono::milliseconds busy_retry{250};
};

class OutboxSender {
 public:
  using TenantLookup = std::function<const Tenant*(const std::string& tenant_id)>;
  OutboxSender(store::Store& store, TenantLookup tenants, Metrics& metrics, const Clock& wall,
               OutboxOptions options);
  ~OutboxSender();
  OutboxSender(const OutboxSender&) = delete;
  OutboxSender& operator=(const OutboxSender&) = delete;

  void Start();
  void Notify();
  void Stop();

 private:
  void Loop();
  void Work();
  // Delivers one conversation's rows in order (under its lease when processes share the database).
  void SendConversation(std::vector<store::OutboxRow> rows);
  // Reads the due rows and queues those of conversations no worker holds. Returns how many
  // conversations were queued.
  int HandOutDue();
  bool Deliver(const store::OutboxRow& row);  // true: the row stays pending (retry later)
  void HandOff(const store::OutboxRow& row, const std::string& why);
  // A reply that missed the 24-hour window: the tenant's approved invitation template asks the
  // subscriber to write again (once per closed window), so the conversation can go on.
  void InviteBack(const Tenant& tenant, const store::OutboxRow& row, TimePoint last_inbound);
  void DeleteSpentMedia();

  store::Store& store_;
  TenantLookup tenants_;
  Metrics& metrics_;
  const Clock& wall_;
  OutboxOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;       // the finder: new rows, or a worker done
  std::condition_variable work_cv_;  // the workers: a conversation queued
  bool notified_ = false;
  bool stopping_ = false;
  std::set<std::string> held_;         // conversations queued or being sent by a worker
  std::vector<std::string> finished_;  // released from held_ when the next search begins
  std::deque<std::vector<store::OutboxRow>> work_;  // one conversation's due rows, oldest first
  // Conversations another process is sending to, and until when not to try them.
  std::map<std::string, std::chrono::steady_clock::time_point> elsewhere_;
  std::chrono::steady_clock::time_point next_media_sweep_{};
  std::thread thread_;
  std::vector<std::thread> workers_;
};

}  // namespace atende::server
