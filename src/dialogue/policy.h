// Policy: the conversation's decisions as a pure function. Decide(start, turn, facts) replays the
// whole turn from the state the conversation had when the turn began, with every fact gathered so
// far. When it needs something from the ERP it returns a Request (and nothing else counts); the
// agent fulfils it, adds the fact and calls Decide again with the same start state. When nothing is
// missing it returns the new state, the replies and the audit entries. Because a request's outcome
// is a fact on the next pass, an effect (trust unlock, promise, ticket) is asked for at most once
// per turn. No I/O, no clock, no globals: every flow is a unit test.
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "br/late_fee.h"
#include "dialogue/actions.h"
#include "dialogue/facts.h"
#include "dialogue/messages.h"
#include "dialogue/state.h"
#include "dialogue/turn.h"
#include "dialogue/unlock_rules.h"

namespace atende::dialogue {

struct PolicyConfig {
  int max_failed_identifications = 3;  // then a handoff
  int max_documents_per_phone = 3;     // distinct documents one WhatsApp number may try
  std::chrono::minutes identification_idle{30};
  UnlockRules unlock;
  int promise_max_days = 10;         // a promise may be at most this many days ahead
  br::LateFeePolicy late_fee;        // only where the ERP gives no updated amount, and labelled so
  std::string beneficiary_name;      // shown next to every code (anti-fraud); empty: the brand
  std::string beneficiary_document;  // the ISP's CNPJ, formatted when shown
};

struct Decision {
  ConversationState state;
  std::vector<Reply> replies;
  std::optional<Request>
      request;  // set: fulfil it and decide again; replies and state are not final
  std::vector<AuditEntry> audit;
};

class Policy {
 public:
  Policy(PolicyConfig config, MessageCatalog messages)
      : config_(std::move(config)), messages_(std::move(messages)) {}

  Decision Decide(const ConversationState& start, const Turn& turn, const Facts& facts) const;

  const PolicyConfig& config() const { return config_; }
  const MessageCatalog& messages() const { return messages_; }

 private:
  PolicyConfig config_;
  MessageCatalog messages_;
};

}  // namespace atende::dialogue
