// Dispatcher: takes stored inbox rows to the agent. One conversation at a time, in arrival order;
// different conversations in parallel on a pool of worker threads. A short debounce (default 2 s
// after the last message) joins a subscriber's split texts into one turn. Each batch commits the
// new state, the replies (as outbox rows), the consumed inbox rows and any handoff in one
// transaction; a failed batch is retried later and nothing is lost. During a handoff the bot stays
// silent and the messages stay stored for the human. A message from the business number that
// atende did not send (Evolution: someone answering from the phone) hands the conversation over.
// Threading: Enqueue is safe from any thread (the webhook handlers).
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

struct DispatcherOptions {
  int workers = 2;
  std::chrono::milliseconds debounce{2000};
  std::chrono::milliseconds retry_after{
      5000};  // a batch that failed (store error) is tried again after this
  // A turn with an identified subscriber and a contract in focus leaves a payment watch for this
  // long (server/payment_watcher.h), when the tenant polls.
  std::chrono::hours payment_watch{24 * 5};
  // Non-empty: this process's name among several sharing one database (PostgreSQL). Each batch
  // then leases its conversation and answers all of it still unanswered; rows another process left
  // (older than debounce + orphan_age) are scanned for every orphan_scan.
  std::string instance;
  std::chrono::milliseconds lease{60000};
  std::chrono::milliseconds busy_retry{250};
  std::chrono::milliseconds orphan_age{2000};
  std::chrono::milliseconds orphan_scan{2000};
};

class Dispatcher {
 public:
  using TenantLookup = std::function<const Tenant*(const std::string& tenant_id)>;
  Dispatcher(store::Store& store, TenantLookup tenants, Metrics& metrics, const Clock& wall,
             DispatcherOptions options, std::function<void()> outbox_written);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Loads every unconsumed inbox row (a restart picks up where the last run stopped) and starts the
  // workers.
  Status Start();
  void Enqueue(store::InboxRow row);
  void Stop();
  // True when nothing is queued or running (tests).
  bool Idle() const;

 private:
  using SteadyTime = std::chrono::steady_clock::time_point;
  struct Queue {
    std::deque<store::InboxRow> rows;
    SteadyTime ready_at;
    bool busy = false;
  };
  void Work();
  void Process(const std::string& conversation, std::vector<store::InboxRow> rows);
  Status LeasedBatch(const std::string& conversation, const std::vector<store::InboxRow>& rows);
  void ScanForOrphans();
  Status RunBatch(const std::string& conversation, const std::vector<store::InboxRow>& rows);
  // Whether any of these messages from the business number was written by a person rather than
  // sent by atende (matched by provider id, or by its words while the send's answer is unknown).
  Result<bool> SentByAPerson(const std::string& conversation,
                             const std::vector<channel::InboundMessage>& own);

  store::Store& store_;
  TenantLookup tenants_;
  Metrics& metrics_;
  const Clock& wall_;
  DispatcherOptions options_;
  std::function<void()> outbox_written_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Queue> queues_;
  // Conversations with rows that no worker holds, by the time their debounce ends: a worker takes
  // the first, so finding work costs O(log n) however many conversations are waiting.
  std::set<std::pair<SteadyTime, std::string>> ready_;
  int busy_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::condition_variable scan_cv_;  // the orphan scanner's (Stop)
  std::thread scanner_;              // only with an instance name
};

}  // namespace atende::server
