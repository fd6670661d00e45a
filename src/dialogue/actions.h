// Actions: what one decision of the policy asks for. Replies go to the subscriber (text, buttons,
// list, document, handoff); Needs ask the agent for a fact (facts.h) and make it decide again;
// Effects change the ERP (trust unlock, promise, ticket) and are performed once, with their outcome
// coming back as a fact; audit entries record every action that touches money or service.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/date.h"
#include "core/document.h"

namespace atende::dialogue {

struct TextReply {
  std::string text;
};

struct ButtonsReply {  // WhatsApp reply buttons: at most 3, titles at most 20 characters
  std::string text;
  std::vector<std::string> buttons;
};

struct ListRow {
  std::string id;
  std::string title;        // at most 24 characters
  std::string description;  // at most 72 characters
  std::string keywords;     // not sent: the full words a subscriber may use to pick this row
};

struct ListReply {  // WhatsApp list: at most 10 rows
  std::string text;
  std::string button = "Escolher";
  std::vector<ListRow> rows;
};

struct DocumentReply {
  std::string filename;
  std::string mime = "application/pdf";
  std::string invoice_id;  // the bytes are in Facts::codes[invoice_id].pdf_bytes
  std::string caption;
};

struct HandoffReply {
  std::string reason;  // for the human agent's queue (pt-BR, no document numbers)
};

using Reply = std::variant<TextReply, ButtonsReply, ListReply, DocumentReply, HandoffReply>;

// Needs (facts to fetch).
struct NeedCustomers {
  Document document;
};
struct NeedContracts {};
struct NeedInvoices {
  std::string contract_id;
};
struct NeedCodes {
  std::string contract_id;
  std::string invoice_id;
  bool fetch_pdf = true;
};
struct NeedHistory {
  std::string contract_id;
};

// Effects (ERP changes).
struct DoTrustUnlock {
  std::string contract_id;
  std::optional<int> days;
};
struct DoPromise {
  std::string contract_id;
  Date date;
};
struct DoTicket {
  std::string contract_id;
  std::string subject;
  std::string text;
};

using Request = std::variant<NeedCustomers, NeedContracts, NeedInvoices, NeedCodes, NeedHistory,
                             DoTrustUnlock, DoPromise, DoTicket>;

struct AuditEntry {
  std::string action;   // "trust_unlock", "promise", "ticket", "identification"
  std::string outcome;  // "granted", "refused: limit_reached", "failed", …
  std::string contract_id;
  std::string detail;  // masked: never a raw document, phone or birth date
};

}  // namespace atende::dialogue
