// PaymentWatcher: the payment poller, for ERPs that do not push payments. A conversation about a
// bill, a debt, an unlock or a promise leaves a PaymentWatch (store/store.h); every tenant's
// `payment_poll` the watcher re-reads that contract through the tenant's ERP. An invoice that was
// open and is now paid gets "recebemos seu pagamento" (catalogue key payment_received, effect key
// payment:{tenant}:{invoice} — the same as the payment webhook's, so the subscriber hears it
// once); a contract that was blocked or reduced for debt and reads active again gets
// service_released. The watch ends when nothing it waited for is left, or when it expires
// (DispatcherOptions::payment_watch after the conversation's last turn).
// ERP failures only postpone the check. Threading: one thread; CheckDue may be called directly
// (tests).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "server/metrics.h"
#include "server/notifier.h"
#include "server/tenant.h"
#include "store/store.h"

namespace atende::server {

struct PaymentWatchOptions {
  std::chrono::milliseconds tick{1000};  // how often due watches are looked for
  // Non-empty: this process's name among several sharing one database; a watch is checked under
  // its lease, so one process reads the ERP for it.
  std::string instance;
  std::chrono::milliseconds lease{60000};
};

class PaymentWatcher {
 public:
  using TenantLookup = std::function<const Tenant*(const std::string& tenant_id)>;
  PaymentWatcher(store::Store& store, TenantLookup tenants, Notifier& notifier, Metrics& metrics,
                 const Clock& wall, PaymentWatchOptions options);
  ~PaymentWatcher();
  PaymentWatcher(const PaymentWatcher&) = delete;
  PaymentWatcher& operator=(const PaymentWatcher&) = delete;

  void Start();
  void Stop();
  // Checks every watch due now, once. Returns how many were checked.
  int CheckDue();

 private:
  void Loop();
  void Check(const Tenant& tenant, store::PaymentWatch watch);

  store::Store& store_;
  TenantLookup tenants_;
  Notifier& notifier_;
  Metrics& metrics_;
  const Clock& wall_;
  PaymentWatchOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace atende::server
