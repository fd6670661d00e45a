// ConversationState: everything the policy remembers about one subscriber's conversation between
// turns — where the conversation stands, who was identified and when, attempt counters, the menu on
// screen, the choice in progress. Plain data, copyable, persisted by the agent as it is.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/document.h"
#include "dialogue/actions.h"
#include "nlu/intents.h"

namespace atende::dialogue {

enum class Phase {
  kIdle,
  kAwaitingDocument,   // asked for the CPF/CNPJ
  kAwaitingBirthDate,  // second factor
  kChoosingContract,   // asked which address
  kChoosingInvoice,    // offered the other open invoices
  kConfirmingUnlock,   // offered the trust unlock, waiting for yes/no
  kAwaitingPromiseDate,
  kConfirmingPromise,
  kCheckingSupport,  // gave basic guidance, asked whether it solved it
  kHandoff,          // a human has the conversation; the bot stays silent
};

struct ConversationState {
  Phase phase = Phase::kIdle;
  std::optional<nlu::Intent>
      goal;  // what the subscriber asked for, resumed after identification / choice

  // Identification.
  std::optional<Document> document;  // the identified (or being identified) document
  std::string customer_id;           // set once identified
  std::string first_name;
  std::optional<TimePoint> identified_at;
  int failed_identifications = 0;
  int invalid_documents = 0;
  std::vector<std::string> documents_tried;  // normalised values, for the per-phone limit

  // The contract in focus and the menu on screen.
  std::string contract_id;
  std::vector<ListRow> menu;
  std::optional<Date> promise_date;
  int promise_date_attempts = 0;

  std::string support_complaint;  // the subscriber's own words, for the ticket
  int misunderstood = 0;          // consecutive turns the bot did not understand
  std::optional<TimePoint> last_activity;
  std::string handoff_reason;

  bool identified() const { return !customer_id.empty(); }
};

}  // namespace atende::dialogue
