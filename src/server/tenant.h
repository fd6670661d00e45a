// Tenant: one ISP served by this deployment — its channel (and the key that routes webhooks to it:
// the Cloud API phone_number_id or the Evolution instance), its agent (ERP, policies, messages),
// and its secrets. TenantAgent runs a batch of turns for one subscriber and hands back the new
// state instead of saving it, so the dispatcher commits state, replies and consumed inbox rows in
// one transaction (DESIGN invariant). Threading: TenantAgent is safe for concurrent use across
// conversations; one conversation at a time. Its ERP calls are metered (MeteredErp) once
// AttachMetrics is called.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "agent/agent.h"
#include "agent/audit_log.h"
#include "agent/durable_store.h"
#include "channel/channel.h"
#include "server/metered_erp.h"
#include "server/metrics.h"
#include "store/store.h"

namespace atende::server {

class TenantAgent {
 public:
  TenantAgent(std::string tenant_id, store::Store& store, std::unique_ptr<erp::Erp> erp,
              const nlu::IntentClassifier& classifier, dialogue::Policy policy, const Clock& clock,
              agent::Issuer issuer);
  TenantAgent(const TenantAgent&) = delete;
  TenantAgent& operator=(const TenantAgent&) = delete;

  struct Outcome {
    std::vector<agent::Outgoing> replies;
    std::optional<std::string> state_json;  // the new state to commit
    std::string handoff_reason;             // non-empty when the conversation went to a human
  };
  // Runs the turns in order. Nothing is saved: the caller commits the outcome.
  Result<Outcome> RunTurns(const Phone& phone, const std::vector<agent::Inbound>& turns);

  // ERP calls from now on are recorded in `metrics`, and its breaker state is exposed there
  // (MeteredErp). Idempotent; `metrics` must outlive this agent's calls and its scrapes.
  void AttachMetrics(Metrics& metrics) { erp_->Attach(metrics); }
  const MeteredErp& erp() const { return *erp_; }
  erp::Erp& erp() { return *erp_; }  // the payment poller's reads (metered like the agent's)
  const dialogue::MessageCatalog& messages() const { return policy_.messages(); }

 private:
  // The agent's ConversationStore: loads from the durable store (tenant-scoped keys), keeps saves
  // aside.
  class CapturingStore final : public agent::ConversationStore {
   public:
    CapturingStore(std::string prefix, store::Store& store)
        : prefix_(std::move(prefix)), store_(store) {}
    Result<dialogue::ConversationState> Load(const std::string& key) override;
    Status Save(const std::string& key, const dialogue::ConversationState& state) override;
    std::optional<dialogue::ConversationState> Take(const std::string& key);

   private:
    std::string prefix_;
    store::Store& store_;
    std::mutex mu_;
    std::map<std::string, dialogue::ConversationState> saved_;
  };

  std::unique_ptr<MeteredErp> erp_;
  dialogue::Policy policy_;
  CapturingStore conversations_;
  std::unique_ptr<agent::AuditLog> audit_;
  agent::Agent agent_;
};

// A message template the ISP had approved by Meta: what may be sent outside the 24-hour window.
struct ApprovedTemplate {
  std::string name;
  int parameters = 0;  // body parameters {{1}}..{{n}}
  std::string language = "pt_BR";
};

struct Tenant {
  std::string id;                // "fibra": prefixes conversation keys ("fibra/+5519987654321")
  std::string provider;          // "whatsapp" or "evolution"
  std::string channel_key;       // phone_number_id or instance
  std::string verify_token;      // Cloud API handshake
  std::string payments_secret;   // HMAC key of POST /webhooks/payments
  std::string payment_template;  // template sent outside the 24-hour window; empty: none configured
  std::string released_template;  // the same for "sua conexão foi liberada"
  // Sent when a reply missed the 24-hour window (no parameters): "write to us again to go on".
  std::string reopen_template;
  // Templates a person answering from the admin API may send outside the window (the two above are
  // added by the service).
  std::vector<ApprovedTemplate> templates;
  // How often the payment poller re-reads a watched conversation's contract; 0: never (the ERP or
  // bank posts to /webhooks/payments instead).
  std::chrono::milliseconds payment_poll{std::chrono::minutes(5)};
  std::shared_ptr<channel::Channel> channel;
  std::shared_ptr<TenantAgent> agent;

  std::string ConversationKey(const Phone& phone) const { return id + "/" + phone.e164(); }
};

}  // namespace atende::server
