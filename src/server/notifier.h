// Notifier: messages atende sends on its own rather than in answer to a turn — "recebemos seu
// pagamento", "sua conexão foi liberada" — each queued through the outbox at most once (an effect
// key per fact, shared by the payment webhook and the payment poller). Inside the 24-hour window
// they go as text; outside it, on the Cloud API, only as the tenant's approved template, or not at
// all (whatsapp-cloud.md §9). Threading: safe from any thread.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/phone.h"
#include "server/tenant.h"
#include "store/store.h"

namespace atende::server {

struct Notice {
  std::string effect_key;     // "payment:fibra:1234": the same key is never queued twice
  std::string text;           // inside the window (or on Evolution, which has none)
  std::string template_name;  // outside it; empty: nothing may be sent
  std::vector<std::string> template_parameters;
};

enum class NoticeOutcome { kQueued, kDuplicate, kOutsideWindow };

class Notifier {
 public:
  Notifier(store::Store& store, const Clock& wall, std::chrono::hours window,
           std::function<void()> outbox_written);

  // Queues `notice` for `phone`; `watch` (optional) is committed in the same transaction.
  Result<NoticeOutcome> Send(const Tenant& tenant, const Phone& phone, const Notice& notice,
                             std::optional<store::PaymentWatch> watch = std::nullopt);

 private:
  store::Store& store_;
  const Clock& wall_;
  std::chrono::hours window_;
  std::function<void()> outbox_written_;
};

}  // namespace atende::server
