// End-to-end: signed webhooks over real HTTP into `Service`, the ERP simulator (demo ISP, IXC wire
// format) as the ERP, the real agent and NLU model, SQLite as the store, and a FakeChannel
// capturing what goes out.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "erp/factory.h"
#include "erpsim/simulator.h"
#include "fake_channel.h"
#include "http/client.h"
#include "server/outbound_content.h"
#include "server/service.h"
#include "store/open_store.h"
#include "store/testing/scratch_schema.h"

namespace atende::server {
namespace {

using fakes::FakeChannel;
using fakes::Render;
using nlohmann::json;

constexpr const char* kMaria = "+5519987654321";
constexpr const char* kSecret = "app-secret";
constexpr const char* kPaymentsSecret = "pay-secret";
constexpr const char* kAdminToken = "admin-token";

const nlu::IntentClassifier& Classifier() {
  static auto model = nlu::IntentClassifier::Load(ATENDE_NLU_MODEL);
  if (!model.ok()) std::abort();
  return **model;
}

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_path_ = ::testing::TempDir() + "/serve_" + std::to_string(::getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db";
    std::filesystem::remove(db_path_);
    erpsim::SimulatorOptions sim;
    sim.flavor = "ixc";
    sim.data_path = std::string(ATENDE_SOURCE_DIR) + "/data/demo/isp.json";
    auto simulator = erpsim::Simulator::Start(sim);
    ASSERT_TRUE(simulator.ok()) << simulator.error().message;
    simulator_ = std::move(simulator).value();
    clock_ = FixedClock::AtLocalNoon(simulator_->dataset().today);
    channel_ = std::make_shared<FakeChannel>(kSecret);
    options_.http.listen = "127.0.0.1:0";
    options_.http.body_limit = 64 * 1024;
    options_.dispatcher.debounce = std::chrono::milliseconds(50);
    options_.outbox.base_backoff = std::chrono::milliseconds(20);
    options_.outbox.throttle_backoff = std::chrono::milliseconds(50);
    options_.outbox.poll = std::chrono::milliseconds(20);
    options_.payments.tick = std::chrono::milliseconds(20);
    options_.admin_tokens = {kAdminToken};
  }

  void TearDown() override {
    if (service_) service_->Stop();
    service_.reset();
    store_.reset();
    if (simulator_) simulator_->Stop();
  }

  void StartService() {
    auto opened = store::OpenStore(database_.empty() ? db_path_ : database_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    erp::ConnectorConfig connector;
    connector.flavor = "ixc";
    connector.base_url = simulator_->base_url();
    connector.token = "sim-token";
    connector.timeout = erp_timeout_;
    auto erp = erp::MakeErp(connector, *clock_);
    ASSERT_TRUE(erp.ok()) << erp.error().message;
    dialogue::MessageCatalog messages;
    messages.SetBrand("Fibra Exemplo");
    Tenant tenant;
    tenant.id = "fibra";
    tenant.provider = "whatsapp";
    tenant.channel_key = "PNID-1";
    tenant.verify_token = "verify-me";
    tenant.payments_secret = kPaymentsSecret;
    tenant.payment_template = "pagamento_recebido";
    tenant.payment_poll = payment_poll_;
    tenant.reopen_template = reopen_template_;
    tenant.channel = channel_;
    tenant.agent = std::make_shared<TenantAgent>(
        "fibra", *store_, std::move(erp).value(), Classifier(),
        dialogue::Policy(dialogue::PolicyConfig{}, messages), *clock_, agent::Issuer{});
    std::vector<Tenant> tenants;
    tenants.push_back(std::move(tenant));
    if (other_channel_) {  // a second ISP on the same deployment, with its own Meta app
      auto other_erp = erp::MakeErp(connector, *clock_);
      ASSERT_TRUE(other_erp.ok());
      Tenant other;
      other.id = "outra";
      other.provider = "whatsapp";
      other.channel_key = "PNID-2";
      other.channel = other_channel_;
      other.agent = std::make_shared<TenantAgent>(
          "outra", *store_, std::move(other_erp).value(), Classifier(),
          dialogue::Policy(dialogue::PolicyConfig{}, messages), *clock_, agent::Issuer{});
      tenants.push_back(std::move(other));
    }
    auto service = Service::Start(options_, *store_, std::move(tenants), wall_);
    ASSERT_TRUE(service.ok()) << service.error().message;
    service_ = std::move(service).value();
  }

  void StopService() {
    service_->Stop();
    service_.reset();
    store_.reset();
  }

  http::ClientResponse Send(http::Method method, const std::string& path, const std::string& body,
                            http::HeaderList headers = {}) {
    http::ClientRequest request;
    request.method = method;
    request.url = "http://127.0.0.1:" + std::to_string(service_->port()) + path;
    request.body = body;
    request.headers = std::move(headers);
    auto response = client_.Send(request);
    EXPECT_TRUE(response.ok()) << response.error().message;
    return response.ok() ? *response : http::ClientResponse{};
  }

  http::ClientResponse Webhook(const json& body) {
    std::string raw = body.dump();
    return Send(http::Method::kPost, "/webhooks/whatsapp", raw,
                {{"Content-Type", "application/json"}, {"X-Test-Signature", channel_->Sign(raw)}});
  }

  http::ClientResponse Text(const std::string& id, const std::string& text,
                            const std::string& from = kMaria) {
    return Webhook(
        {{"messages",
          {{{"to", "PNID-1"}, {"id", id}, {"from", from}, {"type", "text"}, {"text", text}}}}});
  }

  // Waits until the service is idle (nothing queued, nothing due) and returns everything sent so
  // far.
  std::vector<std::string> Sent() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(60));
      if (service_->Idle()) break;
    }
    std::vector<std::string> out;
    for (const auto& m : channel_->sent()) out.push_back(Render(m.content));
    return out;
  }

  void RunTwoProcessesOnOneDatabase();

  static bool Contains(const std::vector<std::string>& replies, const std::string& text) {
    for (const auto& r : replies) {
      if (r.find(text) != std::string::npos) return true;
    }
    return false;
  }

  static std::string Join(const std::vector<std::string>& replies) {
    std::string all;
    for (const auto& r : replies) all += "  " + r + "\n";
    return all;
  }

  int Events(const std::string& kind) {
    int n = 0;
    for (const auto& e : simulator_->events()) n += e.value("kind", "") == kind ? 1 : 0;
    return n;
  }

  std::string db_path_;
  std::string database_;  // set before StartService: a PostgreSQL conninfo instead of db_path_
  std::unique_ptr<erpsim::Simulator> simulator_;
  std::unique_ptr<FixedClock> clock_;
  SystemClock wall_;
  std::shared_ptr<FakeChannel> channel_;
  std::shared_ptr<FakeChannel> other_channel_;  // set before StartService: a second tenant
  std::chrono::milliseconds payment_poll_{std::chrono::minutes(5)};
  std::chrono::milliseconds erp_timeout_{10000};
  std::string reopen_template_;
  ServiceOptions options_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Service> service_;
  http::CurlHttpClient client_;
};

TEST_F(ServeTest, HandshakeEchoesTheChallengeOnlyForTheVerifyToken) {
  StartService();
  auto ok = Send(
      http::Method::kGet,
      "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=verify-me",
      "");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "1158201444");
  auto wrong = Send(
      http::Method::kGet,
      "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=nope", "");
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(Send(http::Method::kGet, "/healthz", "").status, 200);
  EXPECT_EQ(Send(http::Method::kGet, "/readyz", "").status, 200);
}

TEST_F(ServeTest, MariaIsUnlockedOverWebhooksExactlyOnce) {
  StartService();
  EXPECT_EQ(Text("wamid.1", "libera minha internet").status, 200);
  auto first = Sent();
  ASSERT_TRUE(Contains(first, "CPF ou CNPJ")) << Join(first);
  EXPECT_EQ(Text("wamid.2", "529.982.247-25").status, 200);
  EXPECT_EQ(Text("wamid.2", "529.982.247-25").status, 200);  // the provider redelivers: stored once
  auto all = Sent();
  EXPECT_TRUE(Contains(all, "Obrigado, Maria")) << Join(all);
  EXPECT_TRUE(Contains(all, "Liberei sua internet em confiança")) << Join(all);
  EXPECT_EQ(Events("trust_unlock"), 1);
  EXPECT_EQ(service_->metrics().Value("atende_messages_duplicate_total"), 1);
  for (const auto& m : channel_->sent()) EXPECT_EQ(m.to, "5519987654321");

  auto metrics = Send(http::Method::kGet, "/metrics", "");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("atende_messages_in_total{tenant=\"fibra\"} 2"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("atende_turn_seconds_count 2"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("atende_outbox_depth 0"), std::string::npos);
}

TEST_F(ServeTest, SplitMessagesJoinIntoOneTurn) {
  options_.dispatcher.debounce = std::chrono::milliseconds(400);
  StartService();
  EXPECT_EQ(Text("wamid.a", "oi").status, 200);
  EXPECT_EQ(Text("wamid.b", "libera minha internet").status, 200);
  auto replies = Sent();
  EXPECT_TRUE(Contains(replies, "CPF ou CNPJ")) << Join(replies);
  EXPECT_EQ(service_->metrics().Value("atende_turns_total", "tenant=\"fibra\""), 1);
}

TEST_F(ServeTest, BadSignaturesMalformedAndHugeBodiesAreRejected) {
  StartService();
  std::string raw =
      json({{"messages", {{{"to", "PNID-1"}, {"id", "x"}, {"from", kMaria}, {"text", "oi"}}}}})
          .dump();
  EXPECT_EQ(
      Send(http::Method::kPost, "/webhooks/whatsapp", raw, {{"X-Test-Signature", "00"}}).status,
      401);
  EXPECT_EQ(Send(http::Method::kPost, "/webhooks/whatsapp", raw).status, 401);
  std::string broken = "{\"messages\": [";
  EXPECT_EQ(Send(http::Method::kPost, "/webhooks/whatsapp", broken,
                 {{"X-Test-Signature", channel_->Sign(broken)}})
                .status,
            400);
  std::string huge = "{\"pad\":\"" + std::string(100 * 1024, 'a') + "\"}";
  EXPECT_EQ(Send(http::Method::kPost, "/webhooks/whatsapp", huge,
                 {{"X-Test-Signature", channel_->Sign(huge)}})
                .status,
            413);
  EXPECT_TRUE(Sent().empty());
  EXPECT_TRUE(store_->PendingInbox(10)->empty());
  EXPECT_EQ(service_->metrics().Value("atende_webhooks_rejected_total", "reason=\"signature\""), 2);
  EXPECT_EQ(Send(http::Method::kGet, "/healthz", "").status, 200);  // still serving
}

TEST_F(ServeTest, ThrottledSendsAreRetriedInOrderAndRefusedOnesAreNot) {
  StartService();
  channel_->FailNext(Error{ErrorKind::kUnavailable, "throttled", "130429 Rate limit hit"});
  channel_->FailNext(Error{ErrorKind::kTimeout, "no answer", ""});
  EXPECT_EQ(Text("wamid.1", "libera minha internet").status, 200);
  auto replies = Sent();
  ASSERT_EQ(replies.size(), 1u) << Join(replies);
  EXPECT_EQ(channel_->send_calls(), 3u);
  EXPECT_TRUE(store_->ActiveHandoffs()->empty());
  auto rows = store_->ReadOutbox("fibra/+5519987654321");
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].attempts, 3);
  EXPECT_EQ((*rows)[0].state, store::DeliveryState::kSent);

  channel_->FailNext(Error{ErrorKind::kRefused, "outside the window", "131047"});
  EXPECT_EQ(Text("wamid.2", "529.982.247-25").status, 200);
  Sent();
  rows = store_->ReadOutbox("fibra/+5519987654321");
  ASSERT_GE(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].state, store::DeliveryState::kFailed);
  EXPECT_EQ((*rows)[1].attempts, 1);
  // The subscriber did not get the answer: a person has to reach them.
  auto handoffs = store_->ActiveHandoffs();
  ASSERT_EQ(handoffs->size(), 1u);
  EXPECT_NE((*handoffs)[0].reason.find("131047"), std::string::npos) << (*handoffs)[0].reason;
}

TEST_F(ServeTest, ThePaymentPollerTellsEachPaymentOnceAndThenTheRelease) {
  payment_poll_ = std::chrono::milliseconds(50);
  StartService();
  const std::string joao = "+5519991234567";  // blocked; his trust unlock is used up
  EXPECT_EQ(Text("wamid.j1", "manda a segunda via", joao).status, 200);
  Sent();
  EXPECT_EQ(Text("wamid.j2", "318.457.260-90", joao).status, 200);
  auto before = Sent();
  EXPECT_TRUE(Contains(before, "PIX")) << Join(before);
  auto count = [&](const std::string& text) {
    int n = 0;
    for (const auto& m : channel_->sent()) n += Render(m.content).find(text) != std::string::npos;
    return n;
  };
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the poller's first reading
  EXPECT_EQ(count("Recebemos seu pagamento"), 0) << "nothing was paid yet";

  // The bank pays every overdue bill of his contract: the ERP releases it.
  erpsim::Dataset data = simulator_->dataset();
  std::vector<int64_t> paid;
  for (const auto* customer : data.FindCustomersByDocument("31845726090")) {
    for (const auto* contract : data.ContractsOf(customer->id)) {
      for (const auto* invoice : data.InvoicesOf(contract->id)) {
        if (invoice->status == erpsim::InvoiceStatus::kOpen && invoice->due_date < data.today)
          paid.push_back(invoice->id);
      }
    }
  }
  ASSERT_FALSE(paid.empty());
  for (int64_t id : paid) ASSERT_TRUE(simulator_->Pay(id).ok());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (count("Sua conexão foi liberada") == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // several more polls
  EXPECT_EQ(count("Recebemos seu pagamento"), static_cast<int>(paid.size()));
  EXPECT_EQ(count("Sua conexão foi liberada"), 1);
  for (const auto& m : channel_->sent()) EXPECT_EQ(m.to, "5519991234567");
  EXPECT_TRUE(store_->DueWatches(wall_.Now() + std::chrono::hours(24), 10)->empty())
      << "the watch ends once nothing is left to wait for";

  // The gateway's webhook for the same invoice afterwards: already told.
  std::string body = json({{"tenant", "fibra"},
                           {"invoice_id", std::to_string(paid.front())},
                           {"amount", "99.90"},
                           {"phone", joao}})
                         .dump();
  auto response = Send(http::Method::kPost, "/webhooks/payments", body,
                       {{"X-Atende-Signature", "sha256=" + HmacSha256Hex(kPaymentsSecret, body)}});
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("duplicate"), std::string::npos) << response.body;
}

TEST_F(ServeTest, WhenTheErpIsDownTheSubscriberGetsAPoliteAnswerAndAPerson) {
  erp_timeout_ = std::chrono::milliseconds(1000);  // a stopped server may also just not answer
  StartService();
  EXPECT_EQ(Text("wamid.1", "manda a segunda via").status, 200);
  Sent();
  simulator_->Stop();  // the ERP goes away mid-conversation
  EXPECT_EQ(Text("wamid.2", "529.982.247-25").status, 200);
  auto replies = Sent();
  EXPECT_TRUE(Contains(replies, "sistema está instável")) << Join(replies);
  EXPECT_FALSE(Contains(replies, "Maria")) << Join(replies);
  auto handoffs = store_->ActiveHandoffs();
  ASSERT_EQ(handoffs->size(), 1u);
  EXPECT_GE(service_->metrics().Value("atende_handoffs_total", "tenant=\"fibra\""), 1);
  // The service itself is fine: it still acknowledges and stores what arrives.
  EXPECT_EQ(Text("wamid.3", "alô?").status, 200);
  EXPECT_EQ(store_->ReadInbox("fibra/+5519987654321", 10)->size(), 3u);
}

// Two `atende serve` processes on one database: process A holds its messages 3 s (a long
// debounce, or a process about to die); process B, on its own connections to the same database,
// takes over what A leaves, and both send from one outbox.
void ServeTest::RunTwoProcessesOnOneDatabase() {
  options_.instance = "a";
  options_.dispatcher.debounce = std::chrono::seconds(3);
  channel_->SetSendDelay(std::chrono::milliseconds(30));  // both outboxes see sends in flight
  StartService();
  auto opened = store::OpenStore(database_.empty() ? db_path_ : database_);
  ASSERT_TRUE(opened.ok());
  std::unique_ptr<store::Store> store_b = std::move(opened).value();
  erp::ConnectorConfig connector;
  connector.flavor = "ixc";
  connector.base_url = simulator_->base_url();
  connector.token = "sim-token";
  Tenant tenant;
  tenant.id = "fibra";
  tenant.provider = "whatsapp";
  tenant.channel_key = "PNID-1";
  tenant.channel = channel_;
  tenant.agent = std::make_shared<TenantAgent>(
      "fibra", *store_b, std::move(erp::MakeErp(connector, *clock_)).value(), Classifier(),
      dialogue::Policy(dialogue::PolicyConfig{}, dialogue::MessageCatalog{}), *clock_,
      agent::Issuer{});
  ServiceOptions options_b = options_;
  options_b.instance = "b";
  options_b.dispatcher.debounce = std::chrono::milliseconds(50);
  options_b.dispatcher.orphan_age = std::chrono::milliseconds(300);
  options_b.dispatcher.orphan_scan = std::chrono::milliseconds(100);
  std::vector<Tenant> tenants;
  tenants.push_back(std::move(tenant));
  auto service_b = Service::Start(options_b, *store_b, std::move(tenants), wall_);
  ASSERT_TRUE(service_b.ok()) << service_b.error().message;

  constexpr int kSubscribers = 20;
  auto phone = [](int i) { return "+55119800000" + std::to_string(10 + i); };
  for (int i = 0; i < kSubscribers; ++i) {
    json body = {{"messages",
                  {{{"to", "PNID-1"},
                    {"id", "wamid.two" + std::to_string(i)},
                    {"from", phone(i)},
                    {"type", "text"},
                    {"text", "oi"}}}}};
    std::string raw = body.dump();
    http::ClientRequest request;
    request.method = http::Method::kPost;
    request.url =
        "http://127.0.0.1:" + std::to_string(i % 2 == 0 ? service_->port() : (*service_b)->port()) +
        "/webhooks/whatsapp";
    request.body = raw;
    request.headers = {{"X-Test-Signature", channel_->Sign(raw)}};
    auto response = client_.Send(request);
    ASSERT_TRUE(response.ok() && response->status == 200);
  }
  // Past A's debounce, so A tries its rows too; then until both are idle.
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while ((!service_->Idle() || !(*service_b)->Idle()) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::map<std::string, int> replies;
  for (const auto& m : channel_->sent()) ++replies[m.to];
  ASSERT_EQ(replies.size(), static_cast<size_t>(kSubscribers));
  for (const auto& [to, count] : replies) EXPECT_EQ(count, 1) << to << " answered twice";
  EXPECT_EQ(channel_->sent().size(), static_cast<size_t>(kSubscribers));
  EXPECT_GE((*service_b)->metrics().Value("atende_orphans_scheduled_total"), kSubscribers / 2)
      << "B did not take over A's held messages";
  // One turn per message: A found its held messages answered and ran no turn of its own for them.
  double turns = service_->metrics().Value("atende_turns_total", R"(tenant="fibra")") +
                 (*service_b)->metrics().Value("atende_turns_total", R"(tenant="fibra")");
  EXPECT_EQ(turns, kSubscribers);
  EXPECT_TRUE(store_->PendingInbox(100)->empty());
  (*service_b)->Stop();
}

TEST_F(ServeTest, TwoProcessesOnOneSqliteDatabaseAnswerEachMessageOnce) {
  RunTwoProcessesOnOneDatabase();
}

TEST_F(ServeTest, TwoProcessesOnOnePostgresDatabaseAnswerEachMessageOnce) {
  std::string why_not;
  auto schema = store::testing::ScratchSchema::Create(&why_not);
  if (!schema) GTEST_SKIP() << why_not;
  database_ = schema->conninfo();
  RunTwoProcessesOnOneDatabase();
  TearDown();  // the services go before their schema
}

TEST_F(ServeTest, AnAppSecretOnlyAdmitsEventsForItsOwnNumbers) {
  other_channel_ = std::make_shared<FakeChannel>("other-secret");
  StartService();
  json for_other = {{"messages",
                     {{{"to", "PNID-2"},
                       {"id", "wamid.x1"},
                       {"from", kMaria},
                       {"type", "text"},
                       {"text", "oi"}}}}};
  EXPECT_EQ(Webhook(for_other).status, 200);  // signed with fibra's app secret
  EXPECT_TRUE(store_->ReadInbox("outra/+5519987654321", 10)->empty());
  EXPECT_EQ(service_->metrics().Value("atende_webhooks_rejected_total", "reason=\"other_tenant\""),
            1);
  std::string raw = for_other.dump();
  EXPECT_EQ(Send(http::Method::kPost, "/webhooks/whatsapp", raw,
                 {{"X-Test-Signature", other_channel_->Sign(raw)}})
                .status,
            200);
  EXPECT_EQ(store_->ReadInbox("outra/+5519987654321", 10)->size(), 1u);
}

// The crash between the provider's 200 and our record of it, replayed: a row left in flight.
int64_t LeaveInFlight(const std::string& db_path, const std::string& key, const std::string& text,
                      TimePoint at) {
  auto store = store::OpenSqliteStore(db_path);
  if (!store.ok()) return 0;
  store::TurnCommit commit;
  commit.conversation = "fibra/+5519987654321";
  commit.at = at;
  store::OutboxRow row;
  row.tenant = "fibra";
  row.conversation = commit.conversation;
  row.recipient = "5519987654321";
  row.idempotency_key = key;
  row.payload = EncodeContent(channel::OutText{text}, row.attachment);
  row.next_attempt_at = at;
  commit.outbox.push_back(row);
  if (!(*store)->CommitTurn(commit).ok()) return 0;
  auto rows = (*store)->ReadOutbox(commit.conversation);
  for (const auto& r : *rows) {
    if (r.idempotency_key == key) return (*store)->MarkSending(r.id, 1, at).ok() ? r.id : 0;
  }
  return 0;
}

TEST_F(ServeTest, ASendInterruptedByACrashIsSettledByItsEchoedStatusNotRepeated) {
  channel_->SetEchoesIdempotencyKey(true);
  options_.outbox.settle = std::chrono::seconds(60);
  StartService();
  EXPECT_EQ(Text("wamid.1", "oi").status, 200);  // opens the 24-hour window
  size_t before = Sent().size();
  StopService();
  ASSERT_NE(LeaveInFlight(db_path_, "fibra:wamid.crash#0", "resposta em voo", wall_.Now()), 0);

  StartService();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(channel_->sent().size(), before) << "sent again instead of waiting for its status";
  EXPECT_FALSE(service_->Idle());  // held, not forgotten
  EXPECT_EQ(Webhook({{"statuses",
                      {{{"id", "wamid.took-it"},
                        {"status", "sent"},
                        {"callback_data", "fibra:wamid.crash#0"}}}}})
                .status,
            200);
  auto rows = store_->ReadOutbox("fibra/+5519987654321");
  ASSERT_TRUE(rows.ok());
  const store::OutboxRow& row = rows->back();
  EXPECT_EQ(row.idempotency_key, "fibra:wamid.crash#0");
  EXPECT_EQ(row.state, store::DeliveryState::kSent);
  EXPECT_EQ(row.provider_message_id, "wamid.took-it");
  EXPECT_FALSE(row.sending_since.has_value());
  EXPECT_EQ(Sent().size(), before);
  EXPECT_TRUE(service_->Idle());
}

TEST_F(ServeTest, OnEvolutionAnInterruptedSendIsSettledByItsOwnEcho) {
  channel_->SetEchoesOwnSends(true);
  options_.outbox.settle = std::chrono::seconds(60);
  StartService();
  EXPECT_EQ(Text("wamid.1", "oi").status, 200);
  size_t before = Sent().size();
  StopService();
  ASSERT_NE(LeaveInFlight(db_path_, "fibra:wamid.cut#0", "resposta cortada", wall_.Now()), 0);

  StartService();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(channel_->sent().size(), before) << "sent again instead of waiting for its echo";
  EXPECT_EQ(Webhook({{"messages",
                      {{{"to", "PNID-1"},
                        {"id", "EVO-ECHO-1"},
                        {"from", kMaria},
                        {"text", "resposta cortada"},
                        {"from_me", true}}}}})
                .status,
            200);
  EXPECT_EQ(Sent().size(), before);
  auto rows = store_->ReadOutbox("fibra/+5519987654321");
  EXPECT_EQ(rows->back().state, store::DeliveryState::kSent);
  EXPECT_EQ(rows->back().provider_message_id, "EVO-ECHO-1");
  EXPECT_TRUE(store_->ActiveHandoffs()->empty()) << "its own echo is not a person";
}

TEST_F(ServeTest, AReplyThatMissedTheWindowInvitesTheSubscriberBackOnce) {
  reopen_template_ = "retomar_conversa";
  {  // A day ago Maria wrote; two replies were left unsent (a long provider outage).
    auto store = store::OpenSqliteStore(db_path_);
    ASSERT_TRUE(store.ok());
    TimePoint then = wall_.Now() - std::chrono::hours(25);
    ASSERT_TRUE(
        (*store)->AppendInbox({0, "fibra", "fibra/+5519987654321", "wamid.old", "{}", then}).ok());
    store::TurnCommit commit;
    commit.conversation = "fibra/+5519987654321";
    commit.at = then;
    for (const char* text : {"resposta atrasada 1", "resposta atrasada 2"}) {
      commit.outbox.push_back(OutboxRowFor("fibra", commit.conversation, "5519987654321",
                                           std::string("fibra:wamid.old#") + text,
                                           channel::OutText{text}, then));
    }
    ASSERT_TRUE(*(*store)->CommitTurn(commit));
  }
  StartService();
  auto sent = Sent();
  ASSERT_EQ(sent.size(), 1u) << Join(sent);
  EXPECT_EQ(sent[0], "[template] retomar_conversa");
  auto rows = store_->ReadOutbox("fibra/+5519987654321");
  int failed = 0;
  for (const auto& row : *rows) failed += row.state == store::DeliveryState::kFailed;
  EXPECT_EQ(failed, 2);
}

TEST_F(ServeTest, ASendInterruptedByACrashIsRepeatedWhenNoStatusSettlesIt) {
  channel_->SetEchoesIdempotencyKey(true);
  options_.outbox.settle = std::chrono::milliseconds(200);
  StartService();
  EXPECT_EQ(Text("wamid.1", "oi").status, 200);
  size_t before = Sent().size();
  StopService();
  ASSERT_NE(LeaveInFlight(db_path_, "fibra:wamid.lost#0", "resposta perdida", wall_.Now()), 0);

  StartService();
  auto after = Sent();
  ASSERT_EQ(after.size(), before + 1) << Join(after);
  EXPECT_EQ(after.back(), "resposta perdida");
  auto rows = store_->ReadOutbox("fibra/+5519987654321");
  EXPECT_EQ(rows->back().attempts, 2);
  EXPECT_EQ(rows->back().state, store::DeliveryState::kSent);
}

TEST_F(ServeTest, StatusWebhooksMoveDeliveryForward) {
  StartService();
  EXPECT_EQ(Text("wamid.1", "oi").status, 200);
  ASSERT_FALSE(Sent().empty());
  EXPECT_EQ(Webhook({{"statuses", {{{"id", "out-1"}, {"status", "read"}}}}}).status, 200);
  EXPECT_EQ(Webhook({{"statuses", {{{"id", "out-1"}, {"status", "delivered"}}}}}).status, 200);
  auto rows = store_->ReadOutbox("fibra/+5519987654321");
  ASSERT_FALSE(rows->empty());
  EXPECT_EQ((*rows)[0].state, store::DeliveryState::kRead);
  // Three webhooks timed, and every send.
  EXPECT_EQ(service_->metrics().HistogramCount("atende_webhook_seconds", R"(provider="whatsapp")"),
            3u);
  EXPECT_EQ(service_->metrics().HistogramCount("atende_send_seconds", R"(tenant="fibra")"),
            channel_->send_calls());
  EXPECT_NE(service_->metrics().Render().find("atende_send_seconds_bucket"), std::string::npos);
}

TEST_F(ServeTest, HandoffIsSilentUntilTheAgentReturnsTheConversation) {
  StartService();
  EXPECT_EQ(Text("wamid.1", "quero falar com um atendente").status, 200);
  auto before = Sent();
  ASSERT_EQ(store_->ActiveHandoffs()->size(), 1u) << Join(before);
  EXPECT_EQ(Text("wamid.2", "alô? tem alguém aí?").status, 200);
  EXPECT_EQ(Sent().size(), before.size());  // the bot stays silent
  EXPECT_EQ(service_->metrics().Value("atende_handoff_messages_total"), 1);

  http::HeaderList auth = {{"Authorization", std::string("Bearer ") + kAdminToken}};
  EXPECT_EQ(Send(http::Method::kGet, "/api/handoffs", "").status, 401);
  auto list = Send(http::Method::kGet, "/api/handoffs", "", auth);
  ASSERT_EQ(list.status, 200);
  json handoffs = json::parse(list.body)["handoffs"];
  ASSERT_EQ(handoffs.size(), 1u);
  EXPECT_EQ(handoffs[0]["phone"], kMaria);

  auto history =
      Send(http::Method::kGet, "/api/conversations/fibra/5519987654321/messages", "", auth);
  ASSERT_EQ(history.status, 200);
  json messages = json::parse(history.body);
  EXPECT_TRUE(messages["in_handoff"].get<bool>());
  ASSERT_EQ(messages["inbound"].size(), 2u);
  EXPECT_EQ(messages["inbound"][1]["text"], "alô? tem alguém aí?");  // what the person must read

  auto reply = Send(http::Method::kPost, "/api/conversations/fibra/5519987654321/reply",
                    R"({"text":"Olá, aqui é a Ana do suporte.","id":"r1"})", auth);
  EXPECT_EQ(reply.status, 202);
  EXPECT_EQ(Send(http::Method::kPost, "/api/conversations/fibra/5519987654321/reply",
                 R"({"text":"Olá, aqui é a Ana do suporte.","id":"r1"})", auth)
                .status,
            200);  // the same id twice is one message
  auto after = Sent();
  EXPECT_EQ(after.size(), before.size() + 1);
  EXPECT_EQ(after.back(), "Olá, aqui é a Ana do suporte.");

  EXPECT_EQ(
      Send(http::Method::kPost, "/api/conversations/fibra/5519987654321/release", "", auth).status,
      200);
  EXPECT_EQ(
      Send(http::Method::kPost, "/api/conversations/fibra/5519987654321/release", "", auth).status,
      404);
  EXPECT_TRUE(store_->ActiveHandoffs()->empty());
  EXPECT_EQ(Text("wamid.3", "libera minha internet").status, 200);
  auto resumed = Sent();
  EXPECT_TRUE(Contains(resumed, "CPF ou CNPJ")) << Join(resumed);
}

TEST_F(ServeTest, APersonCanTakeAConversationOverAtAnyMoment) {
  StartService();
  http::HeaderList auth = {{"Authorization", std::string("Bearer ") + kAdminToken}};
  EXPECT_EQ(Text("wamid.1", "manda a segunda via").status, 200);
  size_t before = Sent().size();
  const std::string base = "/api/conversations/fibra/5519987654321/";
  EXPECT_EQ(Send(http::Method::kPost, base + "takeover", "{\"reason\": 7}", auth).status, 400);
  auto taken = Send(http::Method::kPost, base + "takeover",
                    R"({"reason":"cliente pediu no telefone da loja"})", auth);
  EXPECT_EQ(taken.status, 200);
  EXPECT_NE(taken.body.find("taken"), std::string::npos);
  EXPECT_NE(Send(http::Method::kPost, base + "takeover", "", auth).body.find("already"),
            std::string::npos);
  auto handoffs = store_->ActiveHandoffs();
  ASSERT_EQ(handoffs->size(), 1u);
  EXPECT_EQ((*handoffs)[0].reason, "cliente pediu no telefone da loja");
  EXPECT_EQ(Text("wamid.2", "529.982.247-25").status, 200);
  EXPECT_EQ(Sent().size(), before) << "the bot spoke during a takeover";
  EXPECT_EQ(Send(http::Method::kPost, base + "release", "", auth).status, 200);
}

TEST_F(ServeTest, OutsideTheWindowAPersonMaySendOnlyAnApprovedTemplate) {
  StartService();
  http::HeaderList auth = {{"Authorization", std::string("Bearer ") + kAdminToken}};
  const std::string base = "/api/conversations/fibra/5519900000001/";  // never wrote to us
  auto history = Send(http::Method::kGet, base + "messages", "", auth);
  ASSERT_EQ(history.status, 200);
  json messages = json::parse(history.body);
  EXPECT_FALSE(messages["window"]["open"].get<bool>());
  ASSERT_EQ(messages["templates"].size(), 1u);  // the fixture's payment template
  EXPECT_EQ(messages["templates"][0]["name"], "pagamento_recebido");
  EXPECT_EQ(messages["templates"][0]["parameters"], 2);

  auto text = Send(http::Method::kPost, base + "reply", R"({"text":"Oi, tudo bem?"})", auth);
  EXPECT_EQ(text.status, 409);
  EXPECT_NE(text.body.find("pagamento_recebido"), std::string::npos) << text.body;
  EXPECT_EQ(Send(http::Method::kPost, base + "reply", R"({"template":"promocao"})", auth).status,
            400);
  EXPECT_EQ(Send(http::Method::kPost, base + "reply",
                 R"({"template":"pagamento_recebido","parameters":["R$ 1,00"]})", auth)
                .status,
            400);  // two parameters
  EXPECT_EQ(Send(http::Method::kPost, base + "reply",
                 R"({"template":"pagamento_recebido","parameters":["R$ 89,90","INV-77"]})", auth)
                .status,
            202);
  auto sent = Sent();
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent.back(), "[template] pagamento_recebido");

  EXPECT_EQ(Text("wamid.w1", "oi", "+5519900000001").status, 200);  // the window opens
  Sent();
  messages = json::parse(Send(http::Method::kGet, base + "messages", "", auth).body);
  EXPECT_TRUE(messages["window"]["open"].get<bool>());
  EXPECT_TRUE(messages["window"].contains("closes_at"));
  EXPECT_EQ(Send(http::Method::kPost, base + "reply", R"({"text":"Oi, tudo bem?"})", auth).status,
            202);
}

TEST_F(ServeTest, PaymentIsNotifiedOnceAndOnlyWhenSigned) {
  StartService();
  EXPECT_EQ(Text("wamid.1", "oi").status, 200);  // opens the 24-hour window
  size_t before = Sent().size();
  std::string event = json({{"tenant", "fibra"},
                            {"event_id", "evt-1"},
                            {"invoice_id", "INV-77"},
                            {"contract_id", "10"},
                            {"amount", "89.90"},
                            {"paid_at", "2026-11-22T10:00:00-03:00"},
                            {"phone", kMaria}})
                          .dump();
  std::string signature = "sha256=" + HmacSha256Hex(kPaymentsSecret, event);
  EXPECT_EQ(
      Send(http::Method::kPost, "/webhooks/payments", event, {{"X-Atende-Signature", "sha256=00"}})
          .status,
      401);
  auto first =
      Send(http::Method::kPost, "/webhooks/payments", event, {{"X-Atende-Signature", signature}});
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(json::parse(first.body)["status"], "notified");
  auto again =
      Send(http::Method::kPost, "/webhooks/payments", event, {{"X-Atende-Signature", signature}});
  EXPECT_EQ(json::parse(again.body)["status"], "duplicate");
  auto sent = Sent();
  ASSERT_EQ(sent.size(), before + 1) << Join(sent);
  EXPECT_NE(sent.back().find("Recebemos seu pagamento de R$ 89,90"), std::string::npos)
      << sent.back();
}

TEST_F(ServeTest, PaymentOutsideTheWindowGoesAsTheTemplate) {
  StartService();
  std::string event =
      json({{"tenant", "fibra"}, {"invoice_id", "INV-78"}, {"amount", "120.00"}, {"phone", kMaria}})
          .dump();
  auto r = Send(http::Method::kPost, "/webhooks/payments", event,
                {{"X-Atende-Signature", "sha256=" + HmacSha256Hex(kPaymentsSecret, event)}});
  EXPECT_EQ(r.status, 200);
  auto sent = Sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0], "[template] pagamento_recebido");
}

TEST_F(ServeTest, AcceptedMessagesSurviveARestartAndAreAnsweredOnce) {
  options_.dispatcher.debounce = std::chrono::seconds(30);  // nothing is handled before the stop
  StartService();
  EXPECT_EQ(Text("wamid.1", "libera minha internet").status, 200);
  StopService();
  EXPECT_TRUE(channel_->sent().empty());
  options_.dispatcher.debounce = std::chrono::milliseconds(50);
  StartService();
  auto replies = Sent();
  EXPECT_EQ(replies.size(), 1u) << Join(replies);
  EXPECT_TRUE(Contains(replies, "CPF ou CNPJ")) << Join(replies);
  StopService();
  StartService();  // and a further restart sends nothing again
  EXPECT_EQ(Sent().size(), 1u);
}

}  // namespace
}  // namespace atende::server
