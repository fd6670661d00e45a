#include "agent/agent.h"

#include <type_traits>

#include "br/boleto.h"
#include "docs/boleto_pdf.h"
#include "docs/late_fee_text.h"

namespace atende::agent {
namespace {

constexpr int kMaxPasses = 24;  // a turn needs at most a handful of facts; more means a policy bug

template <typename T>
void Fill(dialogue::Fact<T>& fact, const Error& error) {
  fact.failed = true;
  fact.failure = error.ToString() + (error.detail.empty() ? "" : " [" + error.detail + "]");
}

dialogue::UnlockRefusal MapRefusal(erp::Refusal refusal) {
  switch (refusal) {
    case erp::Refusal::kNone:
      return dialogue::UnlockRefusal::kNone;
    case erp::Refusal::kAlreadyActive:
      return dialogue::UnlockRefusal::kAlreadyActive;
    case erp::Refusal::kLimitReached:
      return dialogue::UnlockRefusal::kLimitReached;
    case erp::Refusal::kContractInactive:
      return dialogue::UnlockRefusal::kContractInactive;
    default:
      return dialogue::UnlockRefusal::kOther;
  }
}

// The boleto PDF for an invoice whose ERP gave only the linha: every figure on the page comes from
// the linha itself (decoded and checked), so the PDF cannot disagree with the code the subscriber
// pays.
std::string FallbackPdf(const Issuer& issuer, const Customer* customer, const Invoice& invoice,
                        const std::string& linha, Date today) {
  if (issuer.name.empty() || customer == nullptr) return {};
  Result<br::Boleto> boleto = br::DecodeBoleto(linha, invoice.due_date);
  if (!boleto.ok()) return {};
  docs::BoletoPdfData data;
  data.bank_code = boleto->bank;
  data.beneficiary_name = issuer.name;
  data.beneficiary_document = issuer.document;
  data.payer_name = customer->name;
  data.payer_document = customer->document ? customer->document->Masked() : "";
  data.payer_address = customer->address.OneLine();
  data.document_number = invoice.document_number.empty() ? invoice.erp_id : invoice.document_number;
  data.our_number = invoice.erp_id;
  data.issue_date = invoice.issue_date.value_or(today);
  data.due_date = boleto->due_date.value_or(invoice.due_date);
  data.amount = boleto->amount;
  data.fine_instruction = docs::FineInstruction(boleto->amount, issuer.fees.fine_bp);
  data.interest_instruction =
      docs::InterestInstruction(boleto->amount, issuer.fees.monthly_interest_bp);
  data.barcode = boleto->barcode;
  data.linha_digitavel = boleto->linha;
  Result<std::string> pdf = docs::RenderBoletoPdf(data);
  return pdf.ok() ? std::move(pdf).value() : std::string();
}

}  // namespace

struct Agent::TurnContext {
  dialogue::Facts facts;
  std::optional<Customer> customer;  // the identified customer's record, fetched once per turn
  std::map<std::string, std::string> pdf_by_invoice;
};

Result<std::vector<Outgoing>> Agent::HandleTurn(const Phone& phone, const Inbound& inbound) {
  Result<dialogue::ConversationState> loaded = store_.Load(phone.e164());
  if (!loaded.ok()) return loaded.error();
  const dialogue::ConversationState start = std::move(loaded).value();

  dialogue::Turn turn;
  turn.text = inbound.text;
  turn.list_id = inbound.list_id;
  turn.media = inbound.media;
  turn.forwarded = inbound.forwarded;
  turn.phone = phone;
  turn.at = clock_.Now();
  turn.today = clock_.Today();
  turn.intent = classifier_.Classify(inbound.text);

  TurnContext context;
  erp::Capabilities abilities = erp_.capabilities();
  context.facts.abilities = {abilities.promise_to_pay, abilities.online_status};
  dialogue::Decision decision;
  for (int pass = 0;; ++pass) {
    decision = policy_.Decide(start, turn, context.facts);
    if (!decision.request) break;
    if (pass == kMaxPasses) {
      decision.replies = {dialogue::TextReply{policy_.messages().Get("erp_unavailable")},
                          dialogue::HandoffReply{"falha interna do assistente"}};
      decision.state.phase = dialogue::Phase::kHandoff;
      decision.audit.push_back({"agent", "failed", "", "too many requests in one turn"});
      break;
    }
    Fulfil(*decision.request, decision.state, phone, context);
  }

  for (const dialogue::AuditEntry& entry : decision.audit) {
    audit_.Record({turn.at, phone.Masked(), std::string(erp_.name()), entry});
  }
  if (Status saved = store_.Save(phone.e164(), decision.state); !saved.ok()) return saved.error();

  std::vector<Outgoing> out;
  for (dialogue::Reply& reply : decision.replies) {
    Outgoing message{std::move(reply), {}};
    if (auto* document = std::get_if<dialogue::DocumentReply>(&message.reply)) {
      message.document_bytes = context.pdf_by_invoice[document->invoice_id];
    }
    out.push_back(std::move(message));
  }
  return out;
}

void Agent::Fulfil(const dialogue::Request& request, const dialogue::ConversationState& state,
                   const Phone& phone, TurnContext& context) {
  dialogue::Facts& facts = context.facts;
  auto contract_by_id = [&](const std::string& id) -> const Contract* {
    if (!facts.contracts.value) return nullptr;
    for (const Contract& c : *facts.contracts.value) {
      if (c.erp_id == id) return &c;
    }
    return nullptr;
  };
  auto missing = [](auto& fact, const std::string& what) {
    fact.failed = true;
    fact.failure = "internal: " + what + " not in the facts";
  };

  std::visit(
      [&](const auto& r) {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, dialogue::NeedCustomers>) {
          auto found = erp_.FindCustomersByDocument(r.document);
          if (found.ok()) {
            facts.customers.value = std::move(found).value();
          } else {
            Fill(facts.customers, found.error());
          }
        } else if constexpr (std::is_same_v<R, dialogue::NeedContracts>) {
          // On the identification turn the customer's record is already among the facts.
          if (!context.customer && facts.customers.value) {
            for (const Customer& c : *facts.customers.value) {
              if (c.erp_id == state.customer_id) context.customer = c;
            }
          }
          if (!context.customer) {
            if (!state.document) return missing(facts.contracts, "document");
            auto found = erp_.FindCustomersByDocument(*state.document);
            if (!found.ok()) return Fill(facts.contracts, found.error());
            for (Customer& c : *found) {
              if (c.erp_id == state.customer_id) context.customer = std::move(c);
            }
            if (!context.customer) return missing(facts.contracts, "identified customer");
          }
          auto contracts = erp_.ListContracts(*context.customer);
          if (!contracts.ok()) return Fill(facts.contracts, contracts.error());
          for (Contract& c : *contracts) {
            if (!c.address || c.address->empty()) c.address = context.customer->address;
          }
          facts.contracts.value = std::move(contracts).value();
        } else if constexpr (std::is_same_v<R, dialogue::NeedInvoices>) {
          auto& fact = facts.invoices[r.contract_id];
          const Contract* c = contract_by_id(r.contract_id);
          if (c == nullptr) return missing(fact, "contract");
          auto invoices = erp_.ListInvoices(*c, erp::InvoiceFilter::kOpen);
          if (!invoices.ok()) return Fill(fact, invoices.error());
          fact.value = std::move(invoices).value();
        } else if constexpr (std::is_same_v<R, dialogue::NeedCodes>) {
          auto& fact = facts.codes[r.invoice_id];
          const Contract* c = contract_by_id(r.contract_id);
          const Invoice* invoice = nullptr;
          if (auto it = facts.invoices.find(r.contract_id);
              it != facts.invoices.end() && it->second.value) {
            for (const Invoice& i : *it->second.value) {
              if (i.erp_id == r.invoice_id) invoice = &i;
            }
          }
          if (c == nullptr || invoice == nullptr) return missing(fact, "invoice");
          auto docs = erp_.GetPaymentDocuments(*c, *invoice, r.fetch_pdf);
          if (!docs.ok()) return Fill(fact, docs.error());
          dialogue::BillCodes codes;
          codes.invoice_id = r.invoice_id;
          codes.linha_digitavel = docs->linha_digitavel;
          codes.pix_copia_e_cola = docs->pix_copia_e_cola;
          codes.pdf_bytes = docs->pdf_bytes;
          if (codes.pdf_bytes.empty() && !docs->linha_digitavel.empty()) {
            codes.pdf_bytes = FallbackPdf(issuer_, context.customer ? &*context.customer : nullptr,
                                          *invoice, docs->linha_digitavel, clock_.Today());
          }
          codes.pdf_url = docs->pdf_url;
          codes.payment_link = docs->payment_link;
          context.pdf_by_invoice[r.invoice_id] = codes.pdf_bytes;
          fact.value = std::move(codes);
        } else if constexpr (std::is_same_v<R, dialogue::NeedHistory>) {
          auto& fact = facts.history[r.contract_id];
          const Contract* c = contract_by_id(r.contract_id);
          if (c == nullptr) return missing(fact, "contract");
          auto history = erp_.GetPaymentHistory(*c);
          if (!history.ok()) return Fill(fact, history.error());
          dialogue::History h;
          h.last_trust_unlock = history->last_trust_unlock;
          for (const erp::PaymentRecord& p : history->records) {
            h.records.push_back({p.due_date, p.paid_date, p.status == InvoiceStatus::kOpen});
          }
          fact.value = std::move(h);
        } else if constexpr (std::is_same_v<R, dialogue::DoTrustUnlock>) {
          const Contract* c = contract_by_id(r.contract_id);
          if (c == nullptr) return missing(facts.unlock, "contract");
          auto result = erp_.TrustUnlock(*c, erp::TrustUnlockRequest{r.days});
          if (!result.ok()) return Fill(facts.unlock, result.error());
          facts.unlock.value =
              dialogue::UnlockOutcome{result->granted, result->days, result->until,
                                      result->protocol, MapRefusal(result->refusal)};
        } else if constexpr (std::is_same_v<R, dialogue::DoPromise>) {
          const Contract* c = contract_by_id(r.contract_id);
          if (c == nullptr) return missing(facts.promise, "contract");
          if (erp_.capabilities().promise_to_pay) {
            auto result = erp_.PromiseToPay(*c, r.date);
            if (!result.ok()) return Fill(facts.promise, result.error());
            facts.promise.value =
                dialogue::PromiseOutcome{result->accepted, false, result->protocol};
            return;
          }
          // No promise API: the promise reaches the ISP's staff as a ticket.
          erp::TicketRequest ticket{
              c->customer_erp_id, c->erp_id, "Promessa de pagamento",
              "O assinante prometeu pagar em " + r.date.ToBr() + " (registrado pelo WhatsApp).",
              phone};
          auto result = erp_.OpenTicket(ticket);
          if (!result.ok()) return Fill(facts.promise, result.error());
          facts.promise.value = dialogue::PromiseOutcome{true, true, result->protocol};
        } else if constexpr (std::is_same_v<R, dialogue::DoTicket>) {
          const Contract* c = contract_by_id(r.contract_id);
          if (c == nullptr) return missing(facts.ticket, "contract");
          auto result = erp_.OpenTicket({c->customer_erp_id, c->erp_id, r.subject, r.text, phone});
          if (!result.ok()) return Fill(facts.ticket, result.error());
          facts.ticket.value = dialogue::TicketOutcome{result->protocol};
        }
      },
      request);
}

}  // namespace atende::agent
