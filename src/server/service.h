// Service: `atende serve` without the configuration file — the HTTP routes (WhatsApp Cloud and
// Evolution webhooks, payment notifications, the admin API, /metrics, /healthz, /readyz) on
// http::Server, and the inbox → dispatcher → outbox pipeline behind them. A webhook is answered 200
// only after its messages are in the inbox; a provider message id seen before is dropped.
// A payment poller (PaymentWatcher) tells subscribers about payments and releases their ERP does
// not push. docs/serve.md documents the routes. Threading: handlers run on the server's threads;
// Stop() is idempotent (server, then dispatcher, payment poller and sender).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/server.h"
#include "server/dispatcher.h"
#include "server/metrics.h"
#include "server/notifier.h"
#include "server/outbox_sender.h"
#include "server/payment_watcher.h"
#include "server/tenant.h"

namespace atende::server {

struct ServiceOptions {
  // Non-empty: this process's name among several `atende serve` sharing one database
  // (PostgreSQL): conversations, sends and payment checks are then taken under leases.
  std::string instance;
  http::ServerOptions http;
  DispatcherOptions dispatcher;
  OutboxOptions outbox;
  PaymentWatchOptions payments;
  std::vector<std::string>
      admin_tokens;  // bearer tokens of the /api/ routes; none: the admin API is closed
};

class Service {
 public:
  static Result<std::unique_ptr<Service>> Start(ServiceOptions options, store::Store& store,
                                                std::vector<Tenant> tenants, const Clock& wall);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  void Stop();
  uint16_t port() const;
  Metrics& metrics() { return metrics_; }
  // Nothing queued in the dispatcher and no outbox row pending (tests wait for this).
  bool Idle();
  // The router itself, for in-process callers (benchmarks).
  http::Response Handle(const http::Request& request);

 private:
  Service(ServiceOptions options, store::Store& store, std::vector<Tenant> tenants,
          const Clock& wall);
  const Tenant* FindTenant(const std::string& id) const;
  const Tenant* FindByChannelKey(const std::string& provider, const std::string& key) const;

  http::Response Handshake(const http::Request& request);
  // Runs a webhook handler and records its time in atende_webhook_seconds.
  http::Response Timed(const char* provider, const std::function<http::Response()>& handle);
  http::Response CloudWebhook(const http::Request& request);
  http::Response EvolutionWebhook(const http::Request& request);
  // Stores the events of a verified webhook; `verified`: the tenants whose credentials verified it.
  http::Response Ingest(const http::Request& request, const std::vector<const Tenant*>& verified,
                        const std::string& provider);
  http::Response PaymentWebhook(const http::Request& request);
  http::Response Admin(const http::Request& request);
  http::Response AdminReply(const Tenant& tenant, const Phone& phone, const http::Request& request);
  http::Response AdminRelease(const Tenant& tenant, const Phone& phone);
  http::Response AdminTakeover(const Tenant& tenant, const Phone& phone,
                               const http::Request& request);
  http::Response AdminMessages(const Tenant& tenant, const Phone& phone);

  ServiceOptions options_;
  store::Store& store_;
  std::vector<Tenant> tenants_;
  const Clock& wall_;
  Metrics metrics_;
  OutboxSender sender_;
  Notifier notifier_;
  PaymentWatcher watcher_;
  Dispatcher dispatcher_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
};

// HMAC-SHA256 of `body` with `key`, lowercase hex (the Cloud API's and our payment webhook's
// signature).
std::string HmacSha256Hex(std::string_view key, std::string_view body);

}  // namespace atende::server
