// Agent: runs one turn of a conversation. It loads the state, classifies the message, and lets the
// pure policy (dialogue/policy.h) decide; each request the policy makes is carried out through the
// Erp port and its outcome added to the facts, until the policy answers. Then the new state is
// saved, the audit entries written, and the replies returned (documents with their PDF bytes). An
// ERP failure never escapes as an error: the policy turns it into an apology and a handoff. Errors
// returned are the agent's own (state store failures). Threading: one turn per conversation at a
// time (the caller serialises a conversation's turns); different conversations may run concurrently
// if the Erp, store and audit log are thread-safe (they are).
#pragma once

#include <string>
#include <vector>

#include "agent/audit_log.h"
#include "agent/conversation_store.h"
#include "core/clock.h"
#include "dialogue/policy.h"
#include "erp/erp.h"
#include "nlu/intent_classifier.h"

namespace atende::agent {

struct Inbound {
  std::string text;     // text, or the title of a tapped button
  std::string list_id;  // a picked list row
  dialogue::Media media = dialogue::Media::kNone;
  bool forwarded = false;  // WhatsApp marked it forwarded (whatsapp-cloud.md §5)
};

// The ISP as the beneficiary of its boletos: with it, the agent renders the boleto PDF itself when
// an ERP gives a linha digitável but no PDF (docs/boleto_pdf.h). Empty name: no fallback PDF.
struct Issuer {
  std::string name;      // "Fibra Exemplo Telecom LTDA"
  std::string document;  // CNPJ
  br::LateFeePolicy fees;
};

struct Outgoing {
  dialogue::Reply reply;
  std::string document_bytes;  // the PDF of a DocumentReply
};

class Agent {
 public:
  Agent(erp::Erp& erp, const nlu::IntentClassifier& classifier, const dialogue::Policy& policy,
        const Clock& clock, ConversationStore& store, AuditLog& audit)
      : erp_(erp),
        classifier_(classifier),
        policy_(policy),
        clock_(clock),
        store_(store),
        audit_(audit) {}

  Result<std::vector<Outgoing>> HandleTurn(const Phone& phone, const Inbound& inbound);
  void SetIssuer(Issuer issuer) { issuer_ = std::move(issuer); }

 private:
  struct TurnContext;
  void Fulfil(const dialogue::Request& request, const dialogue::ConversationState& state,
              const Phone& phone, TurnContext& context);

  erp::Erp& erp_;
  const nlu::IntentClassifier& classifier_;
  const dialogue::Policy& policy_;
  const Clock& clock_;
  ConversationStore& store_;
  AuditLog& audit_;
  Issuer issuer_;
};

}  // namespace atende::agent
