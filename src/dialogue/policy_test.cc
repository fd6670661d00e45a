// Every flow of the policy, run turn by turn against an in-memory world that answers the policy's
// requests the way the agent would, with the real intent model the build trained.
#include "dialogue/policy.h"

#include <gtest/gtest.h>

#include <map>

namespace atende::dialogue {
namespace {

Date D(std::string_view iso) { return *Date::ParseIso(iso); }
const Date kToday = D("2026-11-22");
constexpr const char* kPix =
    "00020126520014br.gov.bcb.pix0130financeiro@fibraexemplo.com.br520400005303986540599."
    "905802BR5925FIBRA "
    "EXEMPLO TELECOM LTD6008CAMPINAS62100506FAT10063046FB3";
constexpr const char* kLinha = "34191234050000000100800000567891816260000009990";

const nlu::IntentClassifier& Classifier() {
  static auto model = nlu::IntentClassifier::Load(ATENDE_NLU_MODEL);
  if (!model.ok()) std::abort();
  return **model;
}

struct World {
  std::vector<Customer> customers;
  std::vector<Contract> contracts;
  std::map<std::string, std::vector<Invoice>> invoices;
  History history;
  UnlockOutcome unlock{true, 2, std::nullopt, "U-1", UnlockRefusal::kNone};
  bool erp_down = false;
  int unlocks = 0, promises = 0, tickets = 0;
  std::optional<Date> promised;
};

Customer Maria() {
  Customer c;
  c.erp_id = "1";
  c.document = *Document::Parse("52998224725");
  c.name = "Maria Aparecida da Silva";
  c.birth_date = D("1985-03-02");
  c.phones.push_back({*Phone::Parse("+5519987654321"), "(19) 98765-4321", "celular"});
  c.address = {"Rua das Flores", "120", "", "Centro", "Campinas", "SP", "13010100"};
  return c;
}

Contract ContractOf(std::string id, ContractStatus status, std::string street = "Rua das Flores") {
  Contract c;
  c.erp_id = std::move(id);
  c.customer_erp_id = "1";
  c.plan_name = "Fibra 500 Mega";
  c.status = status;
  c.address = Address{std::move(street), "120", "", "Centro", "Campinas", "SP", "13010100"};
  return c;
}

Invoice InvoiceOf(std::string id, std::string_view due, int64_t cents) {
  Invoice i;
  i.erp_id = std::move(id);
  i.due_date = D(due);
  i.amount = Money::FromCents(cents);
  i.overdue = i.due_date < kToday;
  return i;
}

class Chat {
 public:
  explicit Chat(World& world, std::string phone = "+5519987654321")
      : world_(world), phone_(*Phone::Parse(phone)), policy_(PolicyConfig{}, Messages()) {}

  static MessageCatalog Messages() {
    MessageCatalog m;
    m.SetBrand("Fibra Exemplo");
    return m;
  }

  // Sends one message; returns the replies as text lines ("[handoff] …", "[buttons] …", "[document]
  // …").
  std::vector<std::string> Say(std::string text, std::string list_id = "", bool forwarded = false) {
    Turn turn;
    turn.forwarded = forwarded;
    turn.text = std::move(text);
    turn.list_id = std::move(list_id);
    turn.phone = phone_;
    turn.today = today_;
    turn.at = now_;
    turn.intent = Classifier().Classify(turn.text);
    Facts facts;
    Decision d;
    for (int pass = 0; pass < 20; ++pass) {
      d = policy_.Decide(state_, turn, facts);
      if (!d.request) break;
      Resolve(*d.request, facts);
    }
    EXPECT_FALSE(d.request.has_value()) << "the policy kept asking";
    state_ = d.state;
    for (const AuditEntry& a : d.audit) audit_.push_back(a.action + ": " + a.outcome);
    std::vector<std::string> out;
    for (const Reply& r : d.replies) out.push_back(Render(r));
    return out;
  }

  void Advance(std::chrono::minutes by) { now_ += by; }
  void Restore(const ConversationState& state) { state_ = state; }
  const ConversationState& state() const { return state_; }
  const std::vector<std::string>& audit() const { return audit_; }

 private:
  static std::string Render(const Reply& r) {
    if (auto* t = std::get_if<TextReply>(&r)) return t->text;
    if (auto* b = std::get_if<ButtonsReply>(&r)) {
      std::string s = "[buttons] " + b->text + " |";
      for (const auto& title : b->buttons) s += " " + title + " |";
      return s;
    }
    if (auto* l = std::get_if<ListReply>(&r)) {
      std::string s = "[list] " + l->text + " |";
      for (const auto& row : l->rows) s += " " + row.id + "=" + row.title + " |";
      return s;
    }
    if (auto* doc = std::get_if<DocumentReply>(&r)) return "[document] " + doc->filename;
    return "[handoff] " + std::get<HandoffReply>(r).reason;
  }

  template <typename T>
  void Down(Fact<T>& f) {
    f.failed = true;
    f.failure = "unavailable";
  }

  void Resolve(const Request& request, Facts& facts) {
    if (auto* r = std::get_if<NeedCustomers>(&request)) {
      if (world_.erp_down) return Down(facts.customers);
      std::vector<Customer> found;
      for (const Customer& c : world_.customers) {
        if (c.document && *c.document == r->document) found.push_back(c);
      }
      facts.customers.value = found;
    } else if (std::holds_alternative<NeedContracts>(request)) {
      if (world_.erp_down) return Down(facts.contracts);
      facts.contracts.value = world_.contracts;
    } else if (auto* r2 = std::get_if<NeedInvoices>(&request)) {
      facts.invoices[r2->contract_id].value = world_.invoices[r2->contract_id];
    } else if (auto* r3 = std::get_if<NeedCodes>(&request)) {
      facts.codes[r3->invoice_id].value =
          BillCodes{r3->invoice_id, kLinha, kPix, "%PDF-1.4 fake", "", ""};
    } else if (auto* r4 = std::get_if<NeedHistory>(&request)) {
      facts.history[r4->contract_id].value = world_.history;
    } else if (std::holds_alternative<DoTrustUnlock>(request)) {
      ++world_.unlocks;
      facts.unlock.value = world_.unlock;
    } else if (auto* r5 = std::get_if<DoPromise>(&request)) {
      ++world_.promises;
      world_.promised = r5->date;
      facts.promise.value = PromiseOutcome{true, false, "P-7"};
    } else if (std::holds_alternative<DoTicket>(request)) {
      ++world_.tickets;
      facts.ticket.value = TicketOutcome{"T-9"};
    }
  }

  World& world_;
  Phone phone_;
  Policy policy_;
  ConversationState state_;
  Date today_ = kToday;
  TimePoint now_ = FixedClock::AtLocalNoon(kToday)->Now();
  std::vector<std::string> audit_;
};

std::string All(const std::vector<std::string>& replies) {
  std::string s;
  for (const auto& r : replies) s += r + "\n";
  return s;
}

bool Has(const std::vector<std::string>& replies, std::string_view needle) {
  return All(replies).find(needle) != std::string::npos;
}

World Blocked() {
  World w;
  w.customers = {Maria()};
  w.contracts = {ContractOf("10", ContractStatus::kBlocked)};
  w.invoices["10"] = {InvoiceOf("100", "2026-11-10", 9990)};
  return w;
}

TEST(PolicyTest, AsksForTheDocumentAndRevealsNothingBefore) {
  World w = Blocked();
  Chat chat(w);
  auto replies = chat.Say("manda a segunda via");
  EXPECT_TRUE(Has(replies, "CPF ou CNPJ")) << All(replies);
  EXPECT_FALSE(Has(replies, "99,90"));
  EXPECT_FALSE(Has(replies, "Maria"));
}

TEST(PolicyTest, IdentifiesByPhoneAndSendsTheBill) {
  World w = Blocked();
  Chat chat(w);
  chat.Say("manda a segunda via");
  auto replies = chat.Say("529.982.247-25");
  EXPECT_TRUE(Has(replies, "Obrigado, Maria")) << All(replies);
  EXPECT_TRUE(Has(replies, kPix));
  EXPECT_TRUE(Has(replies, kLinha));
  EXPECT_TRUE(Has(replies, "[document] boleto-100.pdf"));
  EXPECT_TRUE(Has(replies, "bloqueada"));
  // Overdue with no updated amount from the ERP: the estimate is labelled as such (99,90 + 2 % + 12
  // days).
  EXPECT_TRUE(Has(replies, "valor estimado até hoje com multa e juros: R$ 102,30")) << All(replies);
  // Eligible: the unlock is offered, not performed.
  EXPECT_TRUE(Has(replies, "[buttons] Posso liberar sua internet"));
  EXPECT_EQ(w.unlocks, 0);
  auto yes = chat.Say("sim");
  EXPECT_EQ(w.unlocks, 1);
  EXPECT_TRUE(Has(yes, "Liberei sua internet em confiança até 24/11/2026")) << All(yes);
  EXPECT_NE(std::find(chat.audit().begin(), chat.audit().end(), "trust_unlock: granted"),
            chat.audit().end());
}

TEST(PolicyTest, AForwardedDocumentOrBirthDateIsNotProofOfIdentity) {
  World w = Blocked();
  Chat chat(w);
  chat.Say("manda a segunda via");
  auto forwarded = chat.Say("CPF do titular: 529.982.247-25", "", /*forwarded=*/true);
  EXPECT_TRUE(Has(forwarded, "mensagem encaminhada")) << All(forwarded);
  EXPECT_FALSE(Has(forwarded, "Maria"));
  EXPECT_FALSE(chat.state().identified());
  auto typed = chat.Say("529.982.247-25");
  EXPECT_TRUE(Has(typed, "Obrigado, Maria")) << All(typed);

  Chat other(w, "+5511911112222");  // not Maria's phone: the birth date is asked
  other.Say("quanto eu devo");
  other.Say("529.982.247-25");
  auto birth = other.Say("02/03/1985", "", /*forwarded=*/true);
  EXPECT_TRUE(Has(birth, "mensagem encaminhada")) << All(birth);
  EXPECT_FALSE(other.state().identified());
  EXPECT_TRUE(Has(other.Say("02/03/1985"), "Obrigado, Maria"));
}

TEST(PolicyTest, UnknownDocumentAndWrongBirthDateGetIdenticalReplies) {
  World w = Blocked();
  Chat stranger(w, "+5511911112222");
  stranger.Say("quanto eu devo");
  auto unknown_ask = stranger.Say("111.444.777-35");  // valid CPF, not a customer
  auto unknown_fail = stranger.Say("01/01/1990");

  Chat impostor(w, "+5511911112222");
  impostor.Say("quanto eu devo");
  auto known_ask = impostor.Say("529.982.247-25");  // a customer, but another phone
  auto known_fail = impostor.Say("01/01/1990");

  EXPECT_EQ(unknown_ask, known_ask);
  EXPECT_EQ(unknown_fail, known_fail);
  EXPECT_TRUE(Has(known_fail, "Não consegui confirmar seus dados")) << All(known_fail);
  EXPECT_FALSE(Has(known_fail, "Maria"));
}

TEST(PolicyTest, BirthDateIsTheSecondFactor) {
  World w = Blocked();
  Chat chat(w, "+5511911112222");
  chat.Say("quanto eu devo");
  EXPECT_TRUE(Has(chat.Say("52998224725"), "data de nascimento"));
  auto replies = chat.Say("02/03/1985");
  EXPECT_TRUE(Has(replies, "Obrigado, Maria")) << All(replies);
  EXPECT_TRUE(Has(replies, "R$ 99,90"));
}

TEST(PolicyTest, ThreeFailedIdentificationsHandOff) {
  World w = Blocked();
  Chat chat(w, "+5511911112222");
  chat.Say("segunda via");
  for (int i = 0; i < 2; ++i) {
    chat.Say("529.982.247-25");
    EXPECT_FALSE(Has(chat.Say("10/10/1990"), "[handoff]"));
  }
  chat.Say("529.982.247-25");
  EXPECT_TRUE(Has(chat.Say("10/10/1990"), "[handoff]"));
  EXPECT_EQ(chat.state().phase, Phase::kHandoff);
  EXPECT_TRUE(chat.Say("oi").empty());  // a person has the conversation now
}

TEST(PolicyTest, InvalidCpfGetsASecondChanceThenTheHumanRoute) {
  World w = Blocked();
  Chat chat(w);
  chat.Say("segunda via");
  EXPECT_TRUE(Has(chat.Say("529.982.247-24"), "não parece válido"));
  EXPECT_TRUE(Has(chat.Say("123"), "Falar com atendente"));
  EXPECT_TRUE(Has(chat.Say("12345678900"), "[handoff]"));
}

TEST(PolicyTest, LimitsDistinctDocumentsPerPhone) {
  World w = Blocked();
  Chat chat(w, "+5511911112222");
  chat.Say("segunda via");
  for (const char* cpf : {"39053344705", "11144477735", "62710524520"}) {
    chat.Say(cpf);
    chat.Say("01/01/1990");
  }
  // The three failures already locked this phone out.
  EXPECT_EQ(chat.state().phase, Phase::kHandoff);
}

TEST(PolicyTest, HandoffAtAnyMomentEvenBeforeIdentification) {
  World w = Blocked();
  Chat chat(w);
  auto replies = chat.Say("quero falar com um atendente");
  EXPECT_TRUE(Has(replies, "[handoff] pedido do assinante")) << All(replies);
}

TEST(PolicyTest, SeveralContractsAskWhichAddress) {
  World w = Blocked();
  w.contracts.push_back(ContractOf("11", ContractStatus::kActive, "Avenida Brasil Escritorio"));
  w.invoices["11"] = {};
  Chat chat(w);
  chat.Say("quanto devo?");
  auto replies = chat.Say("529.982.247-25");
  EXPECT_TRUE(Has(replies, "[list] Encontrei mais de um endereço")) << All(replies);
  auto chosen = chat.Say("a do escritorio");
  EXPECT_TRUE(Has(chosen, "Está tudo em dia em Avenida Brasil")) << All(chosen);
  // The address in focus stays for the rest of the conversation.
  EXPECT_TRUE(Has(chat.Say("manda a segunda via"), "tudo em dia em Avenida Brasil"));
}

TEST(PolicyTest, SeveralInvoicesAreListedOldestFirstWithTheTotal) {
  World w = Blocked();
  w.contracts = {ContractOf("10", ContractStatus::kActive)};
  w.invoices["10"] = {InvoiceOf("101", "2026-12-10", 9990), InvoiceOf("100", "2026-11-10", 9990)};
  w.invoices["10"][1].updated_amount = Money::FromCents(10240);
  Chat chat(w);
  chat.Say("quanto eu devo");
  auto replies = chat.Say("529.982.247-25");
  std::string all = All(replies);
  EXPECT_LT(all.find("10/11/2026"), all.find("10/12/2026")) << all;
  EXPECT_TRUE(Has(replies, "total de R$ 202,30")) << all;
  EXPECT_TRUE(Has(replies, "valor atualizado até hoje: R$ 102,40"));
  EXPECT_TRUE(
      Has(replies,
          "[buttons] Como prefere pagar? | Pagar com PIX | Boleto (PDF) | Falar com atendente |"));
  auto pix = chat.Say("Pagar com PIX");
  EXPECT_TRUE(Has(pix, kPix)) << All(pix);
  EXPECT_TRUE(Has(pix, "[list] Quer os códigos de outra fatura?"));
  auto second = chat.Say("", "inv:101");
  EXPECT_TRUE(Has(second, "10/12/2026")) << All(second);
}

TEST(PolicyTest, UnlockRules) {
  {
    World w = Blocked();
    w.history.last_trust_unlock = D("2026-11-05");
    Chat chat(w);
    chat.Say("libera minha internet");
    auto replies = chat.Say("529.982.247-25");
    EXPECT_TRUE(Has(replies, "já foi usado nos últimos 30 dias")) << All(replies);
    EXPECT_TRUE(Has(replies, "Pagar com PIX"));
    EXPECT_EQ(w.unlocks, 0);
  }
  {
    World w = Blocked();
    w.invoices["10"] = {InvoiceOf("90", "2026-10-10", 9990)};
    Chat chat(w);
    chat.Say("desbloqueio de confiança");
    auto replies = chat.Say("529.982.247-25");
    EXPECT_TRUE(Has(replies, "mais de 15 dias de atraso")) << All(replies);
    EXPECT_TRUE(Has(replies, "[handoff]"));
    EXPECT_EQ(w.unlocks, 0);
  }
  {
    World w = Blocked();
    for (int m = 1; m <= 6; ++m) {
      Date due = *Date::FromYmd(2026, m, 10);
      w.history.records.push_back({due, due.AddDays(m % 2 == 0 ? 20 : 1), false});
    }
    Chat chat(w);
    chat.Say("libera a net");
    auto replies = chat.Say("529.982.247-25");
    EXPECT_TRUE(Has(replies, "não consigo liberar em confiança")) << All(replies);
    EXPECT_EQ(w.unlocks, 0);
  }
  {
    World w = Blocked();
    Chat chat(w);
    chat.Say("libera minha internet");
    auto replies = chat.Say("529.982.247-25");
    EXPECT_EQ(w.unlocks, 1) << All(replies);  // asked for explicitly: no extra confirmation
    EXPECT_TRUE(Has(replies, "Liberei"));
  }
  {
    World w = Blocked();
    w.unlock = UnlockOutcome{false, std::nullopt, std::nullopt, "", UnlockRefusal::kLimitReached};
    Chat chat(w);
    chat.Say("libera minha internet");
    auto replies = chat.Say("529.982.247-25");
    EXPECT_TRUE(Has(replies, "limite de desbloqueios")) << All(replies);
    EXPECT_NE(
        std::find(chat.audit().begin(), chat.audit().end(), "trust_unlock: refused: limit reached"),
        chat.audit().end());
  }
}

TEST(PolicyTest, AConfirmationReplayedAfterTheUnlockDoesNotUnlockAgain) {
  World w = Blocked();
  Chat chat(w);
  chat.Say("manda a segunda via");
  chat.Say("529.982.247-25");  // the unlock is offered
  ConversationState offered = chat.state();
  EXPECT_EQ(offered.phase, Phase::kConfirmingUnlock);
  chat.Say("sim");
  EXPECT_EQ(w.unlocks, 1);
  // The ERP now shows the contract released; the same "sim" arrives again (a crash before the turn
  // was committed replays it from the state that offered the unlock).
  w.contracts[0].status = ContractStatus::kTrustUnlocked;
  Chat replay(w);
  replay.Restore(offered);
  auto replies = replay.Say("sim");
  EXPECT_EQ(w.unlocks, 1) << All(replies);
  EXPECT_TRUE(Has(replies, "já está liberada")) << All(replies);
}

TEST(PolicyTest, ActiveContractIsNotUnlocked) {
  World w = Blocked();
  w.contracts = {ContractOf("10", ContractStatus::kActive)};
  Chat chat(w);
  chat.Say("libera minha internet");
  auto replies = chat.Say("529.982.247-25");
  EXPECT_TRUE(Has(replies, "não está bloqueada")) << All(replies);
  EXPECT_EQ(w.unlocks, 0);
}

TEST(PolicyTest, PromiseToPayWithTheDateConfirmedBack) {
  World w = Blocked();
  Chat chat(w);
  chat.Say("529.982.247-25");
  auto ask = chat.Say("vou pagar sexta");
  EXPECT_TRUE(Has(ask, "sexta-feira, 27/11/2026")) << All(ask);
  EXPECT_EQ(w.promises, 0);
  auto done = chat.Say("Sim");
  EXPECT_EQ(w.promises, 1);
  EXPECT_EQ(w.promised, D("2026-11-27"));
  EXPECT_TRUE(Has(done, "Promessa registrada para sexta-feira, 27/11/2026")) << All(done);
  EXPECT_TRUE(Has(done, "P-7"));
}

TEST(PolicyTest, PromiseTooFarAsksForAnotherDate) {
  World w = Blocked();
  Chat chat(w);
  chat.Say("529.982.247-25");
  auto replies = chat.Say("só consigo pagar dia 20");
  EXPECT_TRUE(Has(replies, "até 02/12/2026")) << All(replies);
  auto ok = chat.Say("dia 30");
  EXPECT_TRUE(Has(ok, "30/11/2026")) << All(ok);
  EXPECT_EQ(w.promises, 0);
}

TEST(PolicyTest, PaymentClaimNeverClaimsWhatTheErpHasNotSeen) {
  World w = Blocked();
  Chat chat(w);
  chat.Say("529.982.247-25");
  auto replies = chat.Say("já paguei e continua bloqueado");
  EXPECT_TRUE(Has(replies, "Ainda não consta o pagamento")) << All(replies);
  EXPECT_TRUE(Has(replies, "3 dias úteis"));
  EXPECT_FALSE(Has(replies, "Obrigado pelo pagamento"));
  EXPECT_TRUE(Has(replies, "posso liberar"));

  World paid = Blocked();
  paid.invoices["10"] = {};
  Chat chat2(paid);
  chat2.Say("529.982.247-25");
  EXPECT_TRUE(Has(chat2.Say("ja paguei"), "Obrigado pelo pagamento"));
}

TEST(PolicyTest, SupportSwitchesToBillingWhenBlockedAndOpensATicketOtherwise) {
  World w = Blocked();
  Chat chat(w);
  chat.Say("529.982.247-25");
  auto blocked = chat.Say("estou sem internet");
  EXPECT_TRUE(Has(blocked, "bloqueada por pendência financeira")) << All(blocked);
  EXPECT_TRUE(Has(blocked, kPix));

  World ok = Blocked();
  ok.contracts = {ContractOf("10", ContractStatus::kActive)};
  ok.contracts[0].online = OnlineState::kOffline;
  Chat chat2(ok);
  chat2.Say("529.982.247-25");
  auto guidance = chat2.Say("minha internet caiu");
  EXPECT_TRUE(Has(guidance, "desconectado")) << All(guidance);
  EXPECT_TRUE(Has(guidance, "Resolveu?"));
  auto ticket = chat2.Say("Não");
  EXPECT_EQ(ok.tickets, 1);
  EXPECT_TRUE(Has(ticket, "T-9")) << All(ticket);
}

TEST(PolicyTest, ErpFailureApologisesAndHandsOff) {
  World w = Blocked();
  w.erp_down = true;
  Chat chat(w);
  chat.Say("segunda via");
  auto replies = chat.Say("529.982.247-25");
  EXPECT_TRUE(Has(replies, "sistema está instável")) << All(replies);
  EXPECT_TRUE(Has(replies, "[handoff]"));
}

TEST(PolicyTest, IdentificationExpiresWhenIdle) {
  World w = Blocked();
  Chat chat(w);
  chat.Say("529.982.247-25");
  EXPECT_TRUE(chat.state().identified());
  chat.Advance(std::chrono::minutes(31));
  auto replies = chat.Say("manda a segunda via");
  EXPECT_TRUE(Has(replies, "confirmar seus dados novamente")) << All(replies);
  EXPECT_FALSE(Has(replies, kPix));
}

TEST(PolicyTest, SmallTalkAndCancellation) {
  World w = Blocked();
  Chat chat(w);
  EXPECT_TRUE(Has(chat.Say("oi, boa tarde"), "assistente virtual da Fibra Exemplo"));
  EXPECT_TRUE(Has(chat.Say("qual a previsão do tempo?"), "só consigo ajudar"));
  EXPECT_TRUE(Has(chat.Say("obrigado, tchau"), "Até mais"));
  EXPECT_TRUE(Has(chat.Say("quero cancelar minha internet"), "[handoff] pedido de cancelamento"));
}

TEST(PolicyTest, MisunderstandingAsksThenHandsOff) {
  World w = Blocked();
  Chat chat(w);
  auto first = chat.Say("xpto qwe zzz");
  EXPECT_TRUE(Has(first, "não entendi")) << All(first);
  auto second = chat.Say("blargh fnord");
  EXPECT_TRUE(Has(second, "[handoff]")) << All(second);
}

TEST(MessageCatalogTest, OverridesKnownKeysOnly) {
  MessageCatalog m;
  m.SetBrand("NetVale");
  EXPECT_NE(m.Get("greeting").find("NetVale"), std::string::npos);
  EXPECT_TRUE(m.Override("goodbye", "Tchau da {empresa}!").ok());
  EXPECT_EQ(m.Get("goodbye"), "Tchau da NetVale!");
  EXPECT_FALSE(m.Override("no_such_key", "x").ok());
  for (const std::string& key : m.Keys()) EXPECT_FALSE(m.Raw(key).empty()) << key;
}

}  // namespace
}  // namespace atende::dialogue
