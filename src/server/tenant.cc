#include "server/tenant.h"

#include "agent/state_codec.h"

namespace atende::server {

Result<dialogue::ConversationState> TenantAgent::CapturingStore::Load(const std::string& key) {
  {
    std::lock_guard lock(mu_);
    if (auto it = saved_.find(key); it != saved_.end()) return it->second;
  }
  auto stored = store_.LoadConversation(prefix_ + key);
  if (!stored.ok()) return stored.error();
  if (!stored->has_value()) return dialogue::ConversationState{};
  return agent::DecodeState(**stored);
}

Status TenantAgent::CapturingStore::Save(const std::string& key,
                                         const dialogue::ConversationState& state) {
  std::lock_guard lock(mu_);
  saved_[key] = state;
  return {};
}

std::optional<dialogue::ConversationState> TenantAgent::CapturingStore::Take(
    const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = saved_.find(key);
  if (it == saved_.end()) return std::nullopt;
  dialogue::ConversationState state = std::move(it->second);
  saved_.erase(it);
  return state;
}

TenantAgent::TenantAgent(std::string tenant_id, store::Store& store, std::unique_ptr<erp::Erp> erp,
                         const nlu::IntentClassifier& classifier, dialogue::Policy policy,
                         const Clock& clock, agent::Issuer issuer)
    : erp_(std::make_unique<MeteredErp>(std::move(erp), tenant_id)),
      policy_(std::move(policy)),
      conversations_(tenant_id + "/", store),
      audit_(std::make_unique<agent::DurableAuditLog>(store)),
      agent_(*erp_, classifier, policy_, clock, conversations_, *audit_) {
  agent_.SetIssuer(std::move(issuer));
}

Result<TenantAgent::Outcome> TenantAgent::RunTurns(const Phone& phone,
                                                   const std::vector<agent::Inbound>& turns) {
  Outcome outcome;
  for (const agent::Inbound& inbound : turns) {
    auto replies = agent_.HandleTurn(phone, inbound);
    if (!replies.ok()) {
      conversations_.Take(phone.e164());  // nothing of a failed batch is kept
      return replies.error();
    }
    for (agent::Outgoing& out : *replies) {
      if (const auto* handoff = std::get_if<dialogue::HandoffReply>(&out.reply)) {
        outcome.handoff_reason = handoff->reason;
      }
      outcome.replies.push_back(std::move(out));
    }
  }
  if (auto state = conversations_.Take(phone.e164()))
    outcome.state_json = agent::EncodeState(*state);
  return outcome;
}

}  // namespace atende::server
