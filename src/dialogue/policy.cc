#include "dialogue/policy.h"

#include <algorithm>

#include "br/document_check.h"
#include "dialogue/bill_text.h"
#include "nlu/entities.h"

namespace atende::dialogue {
namespace {

using nlu::Intent;

constexpr const char* kYes = "Sim";
constexpr const char* kNo = "Não";
constexpr const char* kHuman = "Falar com atendente";
constexpr const char* kPayPix = "Pagar com PIX";
constexpr const char* kPayPdf = "Boleto (PDF)";

// Button titles the bot itself offers, mapped back to what they mean when tapped (a tap arrives as
// its title).
std::optional<Intent> IntentOfButton(std::string_view title) {
  struct Entry {
    std::string_view title;
    Intent intent;
  };
  static constexpr Entry kButtons[] = {
      {"Segunda via", Intent::kSegundaVia},
      {kPayPix, Intent::kSegundaVia},
      {kPayPdf, Intent::kSegundaVia},
      {"Consultar débitos", Intent::kConsultaDebito},
      {"Desbloqueio", Intent::kDesbloqueio},
      {"Liberar internet", Intent::kDesbloqueio},
      {"Já paguei", Intent::kInformarPagamento},
      {"Promessa de pagamento", Intent::kPromessaPagamento},
      {"Suporte técnico", Intent::kSuporteTecnico},
      {kHuman, Intent::kFalarAtendente},
  };
  for (const Entry& e : kButtons) {
    if (e.title == title) return e.intent;
  }
  return std::nullopt;
}

std::string_view ButtonOfIntent(Intent intent) {
  switch (intent) {
    case Intent::kSegundaVia:
      return "Segunda via";
    case Intent::kConsultaDebito:
      return "Consultar débitos";
    case Intent::kDesbloqueio:
      return "Desbloqueio";
    case Intent::kInformarPagamento:
      return "Já paguei";
    case Intent::kPromessaPagamento:
      return "Promessa de pagamento";
    case Intent::kSuporteTecnico:
      return "Suporte técnico";
    default:
      return {};
  }
}

bool NeedsIdentity(Intent intent) {
  switch (intent) {
    case Intent::kSegundaVia:
    case Intent::kConsultaDebito:
    case Intent::kInformarPagamento:
    case Intent::kDesbloqueio:
    case Intent::kPromessaPagamento:
    case Intent::kSuporteTecnico:
      return true;
    default:
      return false;
  }
}

enum class Step { kDone, kNeed };

// One pass over a turn. Holds the decision being built; each flow returns kNeed after setting a
// request.
class TurnRun {
 public:
  TurnRun(const PolicyConfig& config, const MessageCatalog& messages,
          const ConversationState& start, const Turn& turn, const Facts& facts)
      : config_(config), msg_(messages), turn_(turn), facts_(facts) {
    d_.state = start;
  }

  Decision Run() {
    Step step = Top();
    if (step == Step::kNeed) {
      d_.replies.clear();
      d_.audit.clear();
    } else {
      d_.state.last_activity = turn_.at;
    }
    return std::move(d_);
  }

 private:
  ConversationState& s() { return d_.state; }

  void Say(std::string text) { d_.replies.emplace_back(TextReply{std::move(text)}); }
  void Buttons(std::string text, std::vector<std::string> buttons) {
    d_.replies.emplace_back(ButtonsReply{std::move(text), std::move(buttons)});
  }
  Step Need(Request request) {
    d_.request = std::move(request);
    return Step::kNeed;
  }
  Step Handoff(std::string_view key, std::string reason) {
    Say(msg_.Get(key));
    d_.replies.emplace_back(HandoffReply{reason});
    s().phase = Phase::kHandoff;
    s().handoff_reason = std::move(reason);
    s().goal.reset();
    return Step::kDone;
  }
  Step ErpDown(const std::string& failure) {
    d_.audit.push_back({"erp", "failed", s().contract_id, failure});
    return Handoff("erp_unavailable", "ERP indisponível");
  }

  Intent TurnIntent() const {
    if (auto tapped = IntentOfButton(turn_.text)) return *tapped;
    return turn_.intent.intent;
  }
  bool Confident() const {
    return IntentOfButton(turn_.text).has_value() || turn_.intent.confident;
  }

  // ---- the top of a turn
  // ------------------------------------------------------------------------------
  Step Top() {
    if (s().phase == Phase::kHandoff) return Step::kDone;  // a person has the conversation
    ExpireIdentification();
    if (turn_.media == Media::kAudio || (turn_.media == Media::kOther && turn_.text.empty())) {
      Say(msg_.Get("media_unsupported"));
      return Step::kDone;
    }
    if (turn_.media == Media::kImage || turn_.media == Media::kDocument) {
      Say(msg_.Get("receipt_received"));
      return Goal(Intent::kInformarPagamento);
    }
    if (Confident() && TurnIntent() == Intent::kFalarAtendente) {
      return Handoff("handoff_requested", "pedido do assinante");
    }
    // A forwarded CPF/CNPJ or birth date proves nothing about who is writing: ask for it typed.
    if (turn_.forwarded && !s().identified() &&
        (s().phase == Phase::kAwaitingBirthDate || !nlu::FindDocuments(turn_.text).empty())) {
      Say(msg_.Get("forwarded_identity"));
      if (s().phase == Phase::kIdle) s().phase = Phase::kAwaitingDocument;
      return Step::kDone;
    }
    switch (s().phase) {
      case Phase::kAwaitingDocument:
        return OnAwaitingDocument();
      case Phase::kAwaitingBirthDate:
        return OnAwaitingBirthDate();
      case Phase::kChoosingContract:
        return OnChoosingContract();
      case Phase::kChoosingInvoice:
        return OnChoosingInvoice();
      case Phase::kConfirmingUnlock:
        return OnConfirming(&TurnRun::DoUnlock, "unlock_declined_by_user");
      case Phase::kAwaitingPromiseDate:
        return OnAwaitingPromiseDate();
      case Phase::kConfirmingPromise:
        return OnConfirming(&TurnRun::DoPromiseNow, "promise_declined_by_user");
      case Phase::kCheckingSupport:
        return OnCheckingSupport();
      case Phase::kIdle:
      case Phase::kHandoff:
        break;
    }
    return Route();
  }

  void ExpireIdentification() {
    if (!s().identified() || !s().last_activity) return;
    if (turn_.at - *s().last_activity <= config_.identification_idle) return;
    s().customer_id.clear();
    s().first_name.clear();
    s().document.reset();
    s().identified_at.reset();
    s().contract_id.clear();
    s().phase = Phase::kIdle;
    s().menu.clear();
    expired_ = true;
  }

  // A new request in the subscriber's words.
  Step Route() {
    // A document typed out of the blue starts an identification.
    if (!s().identified() && !nlu::FindDocuments(turn_.text).empty() &&
        (!Confident() || !NeedsIdentity(TurnIntent()))) {
      return Goal(std::nullopt);
    }
    if (!Confident()) return NotUnderstood();
    s().misunderstood = 0;
    Intent intent = TurnIntent();
    switch (intent) {
      case Intent::kSaudacao:
        Buttons(msg_.Get("greeting"), {"Segunda via", "Desbloqueio", kHuman});
        s().phase = Phase::kIdle;
        return Step::kDone;
      case Intent::kDespedida:
        Say(msg_.Get("goodbye"));
        s().phase = Phase::kIdle;
        s().goal.reset();
        return Step::kDone;
      case Intent::kForaEscopo:
        Say(msg_.Get("out_of_scope"));
        return Step::kDone;
      case Intent::kAfirmar:
      case Intent::kNegar:
        return NotUnderstood();
      case Intent::kCancelar:
        return Handoff("handoff_cancel", "pedido de cancelamento (retenção)");
      case Intent::kContratar:
        return Handoff("handoff_commercial", "novo cliente / contratação");
      case Intent::kAlterarContrato:
        return Handoff("handoff_commercial", "alteração de contrato");
      case Intent::kFalarAtendente:
        return Handoff("handoff_requested", "pedido do assinante");
      default:
        if (intent == Intent::kSuporteTecnico) s().support_complaint = turn_.text;
        return Goal(intent);
    }
  }

  Step NotUnderstood() {
    if (++s().misunderstood >= 2)
      return Handoff("not_understood_again", "o assistente não entendeu o pedido");
    std::vector<std::string> buttons;
    for (const nlu::IntentScore& score : turn_.intent.ranked) {
      std::string_view title = ButtonOfIntent(score.intent);
      if (!title.empty() && buttons.size() < 2) buttons.emplace_back(title);
    }
    if (buttons.empty()) buttons = {"Segunda via", "Desbloqueio"};
    buttons.emplace_back(kHuman);
    Buttons(msg_.Get("not_understood"), std::move(buttons));
    return Step::kDone;
  }

  // Pursue a goal: identify first when needed, then the flow.
  Step Goal(std::optional<Intent> goal) {
    if (goal) s().goal = goal;
    if (!s().identified()) {
      std::vector<Document> documents = nlu::FindDocuments(turn_.text);
      if (!documents.empty()) return OnDocument(documents.front());
      if (expired_) Say(msg_.Get("session_expired"));
      Say(msg_.Get("ask_document"));
      s().phase = Phase::kAwaitingDocument;
      return Step::kDone;
    }
    return Resume();
  }

  Step Resume() {
    if (!s().goal) {
      Buttons(msg_.Get("greeting"), {"Segunda via", "Desbloqueio", kHuman});
      s().phase = Phase::kIdle;
      return Step::kDone;
    }
    s().phase = Phase::kIdle;
    switch (*s().goal) {
      case Intent::kSegundaVia:
        return BillFlow(/*send_codes=*/true);
      case Intent::kConsultaDebito:
        return BillFlow(/*send_codes=*/false);
      case Intent::kDesbloqueio:
        return UnlockFlow(/*asked=*/true);
      case Intent::kPromessaPagamento:
        return PromiseFlow(turn_.text);
      case Intent::kInformarPagamento:
        return PaymentClaimFlow();
      case Intent::kSuporteTecnico:
        return SupportFlow();
      default:
        return NotUnderstood();
    }
  }

  // ---- identification
  // ---------------------------------------------------------------------------------
  Step OnAwaitingDocument() {
    std::vector<Document> documents = nlu::FindDocuments(turn_.text);
    if (!documents.empty()) return OnDocument(documents.front());
    bool has_digits = std::any_of(turn_.text.begin(), turn_.text.end(),
                                  [](char c) { return c >= '0' && c <= '9'; });
    if (!has_digits && Confident() && TurnIntent() != Intent::kAfirmar &&
        TurnIntent() != Intent::kNegar) {
      s().phase = Phase::kIdle;
      return Route();
    }
    return InvalidDocument();
  }

  Step InvalidDocument() {
    ++s().invalid_documents;
    s().phase = Phase::kAwaitingDocument;
    if (s().invalid_documents >= 3)
      return Handoff("identify_locked", "não conseguiu informar um CPF/CNPJ válido");
    if (s().invalid_documents == 2) {
      Buttons(msg_.Get("invalid_document_again"), {kHuman});
    } else {
      Say(msg_.Get("invalid_document"));
    }
    return Step::kDone;
  }

  Step OnDocument(const Document& shaped) {
    Result<Document> valid = br::ParseDocument(shaped.value());
    if (!valid.ok()) return InvalidDocument();
    const std::string& value = valid->value();
    auto& tried = s().documents_tried;
    if (std::find(tried.begin(), tried.end(), value) == tried.end()) {
      if (static_cast<int>(tried.size()) >= config_.max_documents_per_phone) {
        d_.audit.push_back({"identification", "refused: too many documents", "", valid->Masked()});
        return Handoff("too_many_documents", "muitos documentos tentados pelo mesmo número");
      }
      tried.push_back(value);
    }
    s().document = *valid;
    if (!facts_.customers.known()) return Need(NeedCustomers{*valid});
    if (facts_.customers.failed) return ErpDown(facts_.customers.failure);
    for (const Customer& c : *facts_.customers.value) {
      if (turn_.phone && c.HasPhone(*turn_.phone)) return Identified(c, "telefone cadastrado");
    }
    // Not found, or found with another phone: the same question either way, so nothing is revealed.
    Say(msg_.Get("ask_birth_date"));
    s().phase = Phase::kAwaitingBirthDate;
    return Step::kDone;
  }

  Step OnAwaitingBirthDate() {
    std::optional<Date> birth = nlu::FindBirthDate(turn_.text, turn_.today);
    if (!birth) {
      if (Confident() && NeedsIdentity(TurnIntent()) == false && TurnIntent() != Intent::kAfirmar &&
          TurnIntent() != Intent::kNegar && TurnIntent() != Intent::kForaEscopo) {
        s().phase = Phase::kIdle;
        return Route();
      }
      Say(msg_.Get("invalid_birth_date"));
      return Step::kDone;
    }
    if (!s().document) {
      s().phase = Phase::kAwaitingDocument;
      Say(msg_.Get("ask_document"));
      return Step::kDone;
    }
    if (!facts_.customers.known()) return Need(NeedCustomers{*s().document});
    if (facts_.customers.failed) return ErpDown(facts_.customers.failure);
    for (const Customer& c : *facts_.customers.value) {
      if (c.birth_date && *c.birth_date == *birth) return Identified(c, "data de nascimento");
    }
    ++s().failed_identifications;
    d_.audit.push_back({"identification", "failed", "", s().document->Masked()});
    s().document.reset();
    if (s().failed_identifications >= config_.max_failed_identifications) {
      return Handoff("identify_locked", "identificação não confirmada");
    }
    Say(msg_.Get("identify_failed"));
    Say(msg_.Get("ask_document"));
    s().phase = Phase::kAwaitingDocument;
    return Step::kDone;
  }

  Step Identified(const Customer& customer, const char* how) {
    s().customer_id = customer.erp_id;
    std::string name = customer.name;
    s().first_name = name.substr(0, name.find(' '));
    s().identified_at = turn_.at;
    s().failed_identifications = 0;
    s().invalid_documents = 0;
    d_.audit.push_back({"identification", std::string("ok: ") + how, "",
                        s().document ? s().document->Masked() : ""});
    Say(msg_.Get("identified", {{"nome", s().first_name}}));
    return Resume();
  }

  // ---- contract in focus
  // ---------------------------------------------------------------------------- Sets `contract` to
  // the contract in focus, asking which one when there are several. kDone without a contract means
  // the question (or a handoff) was the answer.
  Step RequireContract(const Contract*& contract, bool prefer_blocked = false) {
    contract = nullptr;
    if (!facts_.contracts.known()) return Need(NeedContracts{});
    if (facts_.contracts.failed) return ErpDown(facts_.contracts.failure);
    std::vector<const Contract*> live;
    for (const Contract& c : *facts_.contracts.value) {
      if (c.status != ContractStatus::kCanceled) live.push_back(&c);
    }
    if (live.empty()) {
      Handoff("no_contracts", "sem contrato ativo");
      return Step::kDone;
    }
    for (const Contract* c : live) {
      if (c->erp_id == s().contract_id) {
        contract = c;
        return Step::kDone;
      }
    }
    if (prefer_blocked) {
      std::vector<const Contract*> blocked;
      for (const Contract* c : live) {
        if (c->BlockedForDebt() || c->status == ContractStatus::kTrustUnlocked)
          blocked.push_back(c);
      }
      if (blocked.size() == 1) live = blocked;
    }
    if (live.size() == 1) {
      contract = live.front();
      s().contract_id = contract->erp_id;
      return Step::kDone;
    }
    std::vector<ListRow> rows;
    for (const Contract* c : live) {
      if (rows.size() == 10) break;
      rows.push_back({c->erp_id, Shorten(AddressOf(*c), 24),
                      Shorten(c->plan_name + " — " + StatusWords(c->status), 72),
                      AddressOf(*c) + " " + c->plan_name});
    }
    s().menu = rows;
    s().phase = Phase::kChoosingContract;
    d_.replies.emplace_back(ListReply{msg_.Get("choose_contract"), "Endereços", rows});
    return Step::kDone;
  }

  Step OnChoosingContract() {
    std::optional<std::string> chosen = ChosenRow();
    if (!chosen) {
      if (Confident() && TurnIntent() != Intent::kAfirmar && TurnIntent() != Intent::kNegar) {
        s().phase = Phase::kIdle;
        return Route();
      }
      d_.replies.emplace_back(ListReply{msg_.Get("choose_contract"), "Endereços", s().menu});
      return Step::kDone;
    }
    s().contract_id = *chosen;
    s().menu.clear();
    return Resume();
  }

  std::optional<std::string> ChosenRow() const {
    const auto& menu = d_.state.menu;
    for (const ListRow& row : menu) {
      if (!turn_.list_id.empty() && row.id == turn_.list_id) return row.id;
    }
    std::vector<std::string> titles;
    for (const ListRow& row : menu)
      titles.push_back(row.keywords.empty() ? row.title : row.keywords);
    if (auto index = nlu::FindChoice(turn_.text, titles)) return menu[*index].id;
    return std::nullopt;
  }

  // ---- bills
  // ------------------------------------------------------------------------------------------
  // The fact under `key`, or nullptr with `step` set: a Need for it, or the ERP-down handoff when
  // the ERP failed.
  template <typename T>
  const T* Known(const std::map<std::string, Fact<T>>& facts, const std::string& key, Request need,
                 Step& step) {
    auto it = facts.find(key);
    if (it == facts.end() || !it->second.known()) {
      step = Need(std::move(need));
      return nullptr;
    }
    if (it->second.failed) {
      step = ErpDown(it->second.failure);
      return nullptr;
    }
    step = Step::kDone;
    return &*it->second.value;
  }

  // The contract's open invoices, oldest first.
  const std::vector<Invoice>* OpenInvoices(const Contract& c, Step& step) {
    const std::vector<Invoice>* all =
        Known(facts_.invoices, c.erp_id, NeedInvoices{c.erp_id}, step);
    if (all == nullptr) return nullptr;
    sorted_ = *all;
    std::erase_if(sorted_, [](const Invoice& i) { return !i.open(); });
    std::sort(sorted_.begin(), sorted_.end(),
              [](const Invoice& a, const Invoice& b) { return a.due_date < b.due_date; });
    return &sorted_;
  }

  Step BillFlow(bool send_codes) {
    const Contract* c = nullptr;
    if (Step st = RequireContract(c); st == Step::kNeed || c == nullptr) return st;
    Step st = Step::kDone;
    const std::vector<Invoice>* open = OpenInvoices(*c, st);
    if (open == nullptr) return st;
    if (open->empty()) {
      Say(msg_.Get("all_paid", {{"endereco", Where(*c)}}));
      return Step::kDone;
    }
    if (c->status == ContractStatus::kBlocked) Say(msg_.Get("blocked_notice"));
    if (c->status == ContractStatus::kReduced) Say(msg_.Get("reduced_notice"));
    BillText text(msg_, config_.late_fee, turn_.today);
    if (open->size() > 1) {
      Say(text.List(*open, Where(*c)));
    } else {
      Say(text.Summary(open->front()));
    }
    if (!send_codes) {
      Buttons(msg_.Get("pay_options"), {kPayPix, kPayPdf, kHuman});
      s().goal = Intent::kSegundaVia;
      return Step::kDone;
    }
    if (Step sent = SendCodes(*c, open->front());
        sent == Step::kNeed || s().phase == Phase::kHandoff)
      return sent;
    // A blocked subscriber is offered the unlock first; otherwise the other open invoices.
    if (c->BlockedForDebt()) {
      if (Step offered = OfferUnlock(*c, *open); offered == Step::kNeed) return offered;
      if (s().phase == Phase::kConfirmingUnlock) return Step::kDone;
    }
    if (open->size() > 1) {
      std::vector<ListRow> rows;
      for (size_t i = 1; i < open->size() && rows.size() < 10; ++i) {
        const Invoice& inv = (*open)[i];
        rows.push_back({"inv:" + inv.erp_id, "Vencimento " + inv.due_date.ToBr(),
                        inv.AmountDue().ToDisplay(),
                        inv.due_date.ToBr() + " " + inv.due_date.ToBrShort()});
      }
      s().menu = rows;
      s().phase = Phase::kChoosingInvoice;
      d_.replies.emplace_back(ListReply{msg_.Get("other_invoices"), "Faturas", rows});
    }
    return Step::kDone;
  }

  // The payment codes of one invoice, each in a message of its own, easy to copy.
  Step SendCodes(const Contract& c, const Invoice& invoice) {
    Step step = Step::kDone;
    const BillCodes* found =
        Known(facts_.codes, invoice.erp_id, NeedCodes{c.erp_id, invoice.erp_id, true}, step);
    if (found == nullptr) return step;
    const BillCodes& codes = *found;
    bool any = false;
    if (!codes.pix_copia_e_cola.empty()) {
      Say(msg_.Get("pix_intro"));
      Say(codes.pix_copia_e_cola);
      any = true;
    }
    if (!codes.linha_digitavel.empty()) {
      Say(msg_.Get("linha_intro", {{"banco", BankOf(codes.linha_digitavel)}}));
      Say(codes.linha_digitavel);
      any = true;
    }
    if (!codes.pdf_bytes.empty()) {
      d_.replies.emplace_back(
          DocumentReply{"boleto-" + invoice.erp_id + ".pdf", "application/pdf", invoice.erp_id,
                        msg_.Get("pdf_caption", {{"vencimento", invoice.due_date.ToBr()}})});
      any = true;
    } else if (!codes.pdf_url.empty()) {
      Say(msg_.Get("pdf_link", {{"link", codes.pdf_url}}));
      any = true;
    }
    if (!codes.payment_link.empty()) {
      Say(msg_.Get("payment_link", {{"link", codes.payment_link}}));
      any = true;
    }
    if (!any) {
      d_.audit.push_back({"bill", "no codes", c.erp_id, "invoice " + invoice.erp_id});
      return Handoff("no_codes", "fatura sem código de pagamento");
    }
    Result<Document> cnpj = Document::Parse(config_.beneficiary_document);
    if (!config_.beneficiary_name.empty() && cnpj.ok()) {
      Say(msg_.Get("beneficiary_full",
                   {{"beneficiario", config_.beneficiary_name}, {"cnpj", cnpj->Formatted()}}));
    } else {
      Say(msg_.Get("beneficiary"));
    }
    return Step::kDone;
  }

  Step OnChoosingInvoice() {
    std::optional<std::string> chosen = ChosenRow();
    if (!chosen) {
      s().phase = Phase::kIdle;
      s().menu.clear();
      return Route();
    }
    std::string invoice_id = chosen->substr(4);  // "inv:<id>"
    const Contract* c = nullptr;
    if (Step st = RequireContract(c); st == Step::kNeed || c == nullptr) return st;
    Step st = Step::kDone;
    const std::vector<Invoice>* open = OpenInvoices(*c, st);
    if (open == nullptr) return st;
    for (const Invoice& inv : *open) {
      if (inv.erp_id == invoice_id) {
        s().phase = Phase::kIdle;
        s().menu.clear();
        Say(BillText(msg_, config_.late_fee, turn_.today).Summary(inv));
        return SendCodes(*c, inv);
      }
    }
    s().phase = Phase::kIdle;
    s().menu.clear();
    Say(msg_.Get("all_paid", {{"endereco", Where(*c)}}));
    return Step::kDone;
  }

  // ---- trust unlock
  // -----------------------------------------------------------------------------------
  const History* HistoryOf(const Contract& c, Step& step) {
    return Known(facts_.history, c.erp_id, NeedHistory{c.erp_id}, step);
  }

  // After a bill or a payment claim on a blocked contract: offer the unlock when the rules allow
  // it.
  Step OfferUnlock(const Contract& c, const std::vector<Invoice>& open) {
    Step st = Step::kDone;
    const History* history = HistoryOf(c, st);
    if (history == nullptr) return st;
    if (CheckUnlock(config_.unlock, turn_.today, open, *history, c.last_trust_unlock) !=
        UnlockVerdict::kEligible) {
      return Step::kDone;
    }
    Buttons(msg_.Get("offer_unlock", {{"horas", std::to_string(config_.unlock.hours)}}),
            {kYes, kNo});
    s().phase = Phase::kConfirmingUnlock;
    s().goal = Intent::kDesbloqueio;
    return Step::kDone;
  }

  Step UnlockFlow(bool asked) {
    const Contract* c = nullptr;
    if (Step st = RequireContract(c, /*prefer_blocked=*/true); st == Step::kNeed || c == nullptr)
      return st;
    if (c->status == ContractStatus::kTrustUnlocked) {
      Say(msg_.Get("unlock_already_active", {{"ate", ""}}));
      return Step::kDone;
    }
    if (!c->BlockedForDebt()) {
      if (c->status == ContractStatus::kSuspended || c->status == ContractStatus::kPending) {
        return Handoff("unlock_refused_inactive",
                       "desbloqueio pedido para contrato suspenso ou pendente");
      }
      Say(msg_.Get("unlock_not_blocked", {{"endereco", Where(*c)}}));
      return Step::kDone;
    }
    Step st = Step::kDone;
    const std::vector<Invoice>* open = OpenInvoices(*c, st);
    if (open == nullptr) return st;
    const History* history = HistoryOf(*c, st);
    if (history == nullptr) return st;
    switch (CheckUnlock(config_.unlock, turn_.today, *open, *history, c->last_trust_unlock)) {
      case UnlockVerdict::kTooLate:
        d_.audit.push_back({"trust_unlock", "refused: too late", c->erp_id, ""});
        Say(msg_.Get("unlock_too_late", {{"dias", std::to_string(config_.unlock.max_days_late)}}));
        d_.replies.emplace_back(HandoffReply{"desbloqueio: fatura com atraso acima do limite"});
        s().phase = Phase::kHandoff;
        s().handoff_reason = "desbloqueio: fatura com atraso acima do limite";
        return Step::kDone;
      case UnlockVerdict::kUsedRecently:
        d_.audit.push_back({"trust_unlock", "refused: used recently", c->erp_id, ""});
        Say(msg_.Get("unlock_used_recently",
                     {{"dias", std::to_string(config_.unlock.min_days_between)}}));
        return OfferPix(*open);
      case UnlockVerdict::kRisky:
        d_.audit.push_back({"trust_unlock", "refused: risky history", c->erp_id, ""});
        Buttons(msg_.Get("unlock_risky"), {kPayPix, kHuman});
        s().goal = Intent::kSegundaVia;
        return Step::kDone;
      case UnlockVerdict::kEligible:
        break;
    }
    (void)asked;
    return DoUnlock();
  }

  Step OfferPix(const std::vector<Invoice>& open) {
    if (open.empty()) return Step::kDone;
    Buttons(msg_.Get("pay_options"), {kPayPix, kPayPdf, kHuman});
    s().goal = Intent::kSegundaVia;
    return Step::kDone;
  }

  Step DoUnlock() {
    const Contract* c = nullptr;
    if (Step st = RequireContract(c, true); st == Step::kNeed || c == nullptr) return st;
    // The contract was just read from the ERP: a turn replayed after a crash, or a "sim" typed
    // twice, finds it already released and never asks for a second unlock.
    if (!facts_.unlock.known() && !c->BlockedForDebt()) {
      s().phase = Phase::kIdle;
      s().goal.reset();
      if (c->status == ContractStatus::kTrustUnlocked) {
        Say(msg_.Get("unlock_already_active", {{"ate", ""}}));
      } else {
        Say(msg_.Get("unlock_not_blocked", {{"endereco", Where(*c)}}));
      }
      return Step::kDone;
    }
    if (!facts_.unlock.known()) return Need(DoTrustUnlock{c->erp_id, config_.unlock.hours / 24});
    s().phase = Phase::kIdle;
    s().goal.reset();
    if (facts_.unlock.failed) {
      d_.audit.push_back({"trust_unlock", "failed", c->erp_id, facts_.unlock.failure});
      return Handoff("erp_unavailable", "desbloqueio: ERP indisponível");
    }
    const UnlockOutcome& outcome = *facts_.unlock.value;
    if (outcome.granted) {
      Date until = outcome.until.value_or(
          turn_.today.AddDays(outcome.days.value_or(config_.unlock.hours / 24)));
      d_.audit.push_back({"trust_unlock", "granted", c->erp_id,
                          "até " + until.ToIso() +
                              (outcome.protocol.empty() ? "" : ", protocolo " + outcome.protocol)});
      Say(msg_.Get("unlock_granted", {{"ate", until.ToBr()}}));
      return Step::kDone;
    }
    switch (outcome.refusal) {
      case UnlockRefusal::kAlreadyActive:
        d_.audit.push_back({"trust_unlock", "refused: already active", c->erp_id, ""});
        Say(msg_.Get("unlock_already_active", {{"ate", ""}}));
        return Step::kDone;
      case UnlockRefusal::kLimitReached:
        d_.audit.push_back({"trust_unlock", "refused: limit reached", c->erp_id, ""});
        Say(msg_.Get("unlock_refused_limit"));
        Buttons(msg_.Get("pay_options"), {kPayPix, kPayPdf, kHuman});
        s().goal = Intent::kSegundaVia;
        return Step::kDone;
      default:
        d_.audit.push_back({"trust_unlock", "refused: other", c->erp_id, ""});
        return Handoff("unlock_refused_inactive", "desbloqueio recusado pelo ERP");
    }
  }

  Step OnConfirming(Step (TurnRun::*on_yes)(), const char* declined_key) {
    nlu::YesNo answer = nlu::FindYesNo(turn_.text);
    if (answer == nlu::YesNo::kYes) return (this->*on_yes)();
    s().phase = Phase::kIdle;
    if (answer == nlu::YesNo::kNo) {
      s().goal.reset();
      s().promise_date.reset();
      Say(msg_.Get(declined_key));
      return Step::kDone;
    }
    return Route();
  }

  // ---- promise to pay
  // ---------------------------------------------------------------------------------
  Step PromiseFlow(const std::string& text) {
    const Contract* c = nullptr;
    if (Step st = RequireContract(c); st == Step::kNeed || c == nullptr) return st;
    Step st = Step::kDone;
    const std::vector<Invoice>* open = OpenInvoices(*c, st);
    if (open == nullptr) return st;
    if (open->empty()) {
      Say(msg_.Get("all_paid", {{"endereco", Where(*c)}}));
      s().goal.reset();
      return Step::kDone;
    }
    std::optional<Date> date = nlu::FindDate(text, turn_.today);
    if (!date) {
      Say(msg_.Get("ask_promise_date"));
      s().phase = Phase::kAwaitingPromiseDate;
      return Step::kDone;
    }
    Date limit = turn_.today.AddDays(config_.promise_max_days);
    if (*date < turn_.today) {
      Say(msg_.Get("promise_in_past"));
      s().phase = Phase::kAwaitingPromiseDate;
      return Step::kDone;
    }
    if (*date > limit) {
      Say(msg_.Get("promise_too_far", {{"limite", limit.ToBr()}}));
      s().phase = Phase::kAwaitingPromiseDate;
      return Step::kDone;
    }
    s().promise_date = *date;
    Buttons(msg_.Get("confirm_promise", {{"data", WeekdayAndDate(*date)}}), {kYes, kNo});
    s().phase = Phase::kConfirmingPromise;
    return Step::kDone;
  }

  Step OnAwaitingPromiseDate() {
    if (nlu::FindDate(turn_.text, turn_.today) || !Confident() ||
        TurnIntent() == Intent::kPromessaPagamento) {
      if (++s().promise_date_attempts > 3)
        return Handoff("handoff_requested", "promessa: data não entendida");
      return PromiseFlow(turn_.text);
    }
    s().phase = Phase::kIdle;
    return Route();
  }

  Step DoPromiseNow() {
    const Contract* c = nullptr;
    if (Step st = RequireContract(c); st == Step::kNeed || c == nullptr) return st;
    if (!s().promise_date) return PromiseFlow(turn_.text);
    Date date = *s().promise_date;
    if (!facts_.promise.known()) return Need(DoPromise{c->erp_id, date});
    s().phase = Phase::kIdle;
    s().goal.reset();
    s().promise_date.reset();
    s().promise_date_attempts = 0;
    if (facts_.promise.failed || !facts_.promise.value->accepted) {
      d_.audit.push_back(
          {"promise", "failed", c->erp_id, date.ToIso() + " " + facts_.promise.failure});
      return Handoff("erp_unavailable", "promessa de pagamento não registrada");
    }
    const PromiseOutcome& outcome = *facts_.promise.value;
    d_.audit.push_back(
        {"promise", outcome.registered_as_ticket ? "registered as ticket" : "registered", c->erp_id,
         date.ToIso() + (outcome.protocol.empty() ? "" : ", protocolo " + outcome.protocol)});
    Say(msg_.Get("promise_registered",
                 {{"data", WeekdayAndDate(date)},
                  {"protocolo", outcome.protocol.empty() ? "-" : outcome.protocol}}));
    if (c->BlockedForDebt()) {
      Step st = Step::kDone;
      const std::vector<Invoice>* open = OpenInvoices(*c, st);
      if (open == nullptr) return st;
      return OfferUnlock(*c, *open);
    }
    return Step::kDone;
  }

  // ---- "já paguei"
  // --------------------------------------------------------------------------------------
  Step PaymentClaimFlow() {
    const Contract* c = nullptr;
    if (Step st = RequireContract(c, true); st == Step::kNeed || c == nullptr) return st;
    Step st = Step::kDone;
    const std::vector<Invoice>* open = OpenInvoices(*c, st);
    if (open == nullptr) return st;
    s().goal.reset();
    if (open->empty()) {
      Say(msg_.Get("payment_confirmed", {{"endereco", Where(*c)}}));
      if (c->BlockedForDebt()) Say(msg_.Get("payment_confirmed_blocked"));
      return Step::kDone;
    }
    Say(msg_.Get("payment_not_seen", {{"vencimento", open->front().due_date.ToBr()}}));
    if (!c->BlockedForDebt()) return Step::kDone;
    const History* history = HistoryOf(*c, st);
    if (history == nullptr) return st;
    if (CheckUnlock(config_.unlock, turn_.today, *open, *history, c->last_trust_unlock) ==
        UnlockVerdict::kEligible) {
      Buttons(msg_.Get("payment_not_seen_unlock"), {kYes, kNo});
      s().phase = Phase::kConfirmingUnlock;
      s().goal = Intent::kDesbloqueio;
    }
    return Step::kDone;
  }

  // ---- technical support
  // ------------------------------------------------------------------------------
  Step SupportFlow() {
    const Contract* c = nullptr;
    if (Step st = RequireContract(c); st == Step::kNeed || c == nullptr) return st;
    if (c->BlockedForDebt()) {
      Say(msg_.Get("support_blocked"));
      s().goal = Intent::kSegundaVia;
      return BillFlow(true);
    }
    if (c->online == OnlineState::kOffline) Say(msg_.Get("support_offline"));
    if (c->online == OnlineState::kOnline) Say(msg_.Get("support_online"));
    Buttons(msg_.Get("support_guidance"), {kYes, kNo});
    s().phase = Phase::kCheckingSupport;
    return Step::kDone;
  }

  Step OnCheckingSupport() {
    nlu::YesNo answer = nlu::FindYesNo(turn_.text);
    if (answer == nlu::YesNo::kUnknown && Confident() && TurnIntent() != Intent::kSuporteTecnico) {
      s().phase = Phase::kIdle;
      return Route();
    }
    if (answer == nlu::YesNo::kYes) {
      s().phase = Phase::kIdle;
      s().goal.reset();
      Say(msg_.Get("support_solved"));
      return Step::kDone;
    }
    const Contract* c = nullptr;
    if (Step st = RequireContract(c); st == Step::kNeed || c == nullptr) return st;
    std::string complaint = s().support_complaint.empty() ? "Sem conexão" : s().support_complaint;
    if (!facts_.ticket.known()) {
      return Need(DoTicket{c->erp_id, "Suporte técnico pelo WhatsApp",
                           "Assinante relata: \"" + complaint +
                               "\". Orientação básica (reiniciar equipamentos) não "
                               "resolveu. Conexão: " +
                               std::string(OnlineStateName(c->online)) + "."});
    }
    s().phase = Phase::kIdle;
    s().goal.reset();
    if (facts_.ticket.failed) {
      d_.audit.push_back({"ticket", "failed", c->erp_id, facts_.ticket.failure});
      return Handoff("erp_unavailable", "suporte: chamado não aberto");
    }
    d_.audit.push_back(
        {"ticket", "opened", c->erp_id, "protocolo " + facts_.ticket.value->protocol});
    Say(msg_.Get("ticket_opened", {{"protocolo", facts_.ticket.value->protocol}}));
    return Step::kDone;
  }

  // ---- small helpers
  // -----------------------------------------------------------------------------------
  static std::string Shorten(const std::string& text, size_t max) {
    if (text.size() <= max) return text;
    size_t cut = max - 1;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
      --cut;  // keep UTF-8 whole
    return text.substr(0, cut) + "…";
  }
  static std::string AddressOf(const Contract& c) {
    if (c.address && !c.address->empty()) return c.address->OneLine();
    return c.plan_name.empty() ? "Contrato " + c.erp_id : c.plan_name;
  }
  std::string Where(const Contract& c) const {
    if (facts_.contracts.value && facts_.contracts.value->size() > 1) return " em " + AddressOf(c);
    return "";
  }
  static std::string StatusWords(ContractStatus status) {
    switch (status) {
      case ContractStatus::kActive:
        return "ativo";
      case ContractStatus::kBlocked:
        return "bloqueado";
      case ContractStatus::kReduced:
        return "velocidade reduzida";
      case ContractStatus::kSuspended:
        return "suspenso";
      case ContractStatus::kTrustUnlocked:
        return "liberado em confiança";
      case ContractStatus::kPending:
        return "aguardando instalação";
      default:
        return "";
    }
  }
  static std::string BankOf(const std::string& linha) {
    std::string digits;
    for (char ch : linha) {
      if (ch >= '0' && ch <= '9') digits += ch;
    }
    if (digits.size() >= 3 && digits[0] != '8') return "banco " + digits.substr(0, 3);
    return "convênio";
  }
  static std::string WeekdayAndDate(Date d) {
    static const char* kDays[] = {"domingo",      "segunda-feira", "terça-feira", "quarta-feira",
                                  "quinta-feira", "sexta-feira",   "sábado"};
    return std::string(kDays[static_cast<int>(d.weekday())]) + ", " + d.ToBr();
  }

  const PolicyConfig& config_;
  const MessageCatalog& msg_;
  const Turn& turn_;
  const Facts& facts_;
  Decision d_;
  std::vector<Invoice> sorted_;
  bool expired_ = false;
};

}  // namespace

Decision Policy::Decide(const ConversationState& start, const Turn& turn,
                        const Facts& facts) const {
  return TurnRun(config_, messages_, start, turn, facts).Run();
}

}  // namespace atende::dialogue
