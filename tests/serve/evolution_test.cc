// End-to-end with the real Evolution API adapter: the spec's messages.upsert payload for an
// instance, checked by its apikey, routed by the instance in the path; a capture server plays
// Evolution's /message/sendText.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "channel/factory.h"
#include "erp/factory.h"
#include "erpsim/simulator.h"
#include "http/client.h"
#include "http/server.h"
#include "server/service.h"

namespace atende::server {
namespace {

using nlohmann::json;
constexpr const char* kApikey = "B6D711FCDE4D4FD5936544120E713976";

std::string Upsert(const std::string& instance, const std::string& id, const std::string& text,
                   const std::string& apikey = kApikey, bool from_me = false) {
  std::ifstream in(std::string(ATENDE_SOURCE_DIR) + "/src/channel/evolution/testdata/text.json");
  std::stringstream raw;
  raw << in.rdbuf();
  json j = json::parse(raw.str());
  j["instance"] = instance;
  j["apikey"] = apikey;
  j["data"]["key"]["remoteJid"] = "5519987654321@s.whatsapp.net";
  j["data"]["key"]["id"] = id;
  j["data"]["message"]["conversation"] = text;
  j["data"]["key"]["fromMe"] = from_me;
  return j.dump();
}

TEST(EvolutionTest, InstanceWebhooksAreCheckedRoutedAndAnswered) {
  std::mutex mu;
  std::vector<std::pair<std::string, json>> sent;  // path, body
  auto evolution = http::Server::Start({}, [&](const http::Request& r) {
    std::lock_guard lock(mu);
    sent.emplace_back(r.path, json::parse(r.body, nullptr, false));
    return http::Response::Json(201, json({{"key",
                                            {{"remoteJid", "5519987654321@s.whatsapp.net"},
                                             {"fromMe", true},
                                             {"id", "BAE5" + std::to_string(sent.size())}}},
                                           {"status", "PENDING"}})
                                         .dump());
  });
  ASSERT_TRUE(evolution.ok());
  erpsim::SimulatorOptions sim;
  sim.flavor = "ixc";
  sim.data_path = std::string(ATENDE_SOURCE_DIR) + "/data/demo/isp.json";
  auto simulator = erpsim::Simulator::Start(sim);
  ASSERT_TRUE(simulator.ok());
  auto clock = FixedClock::AtLocalNoon((*simulator)->dataset().today);
  SystemClock wall;
  std::string db = ::testing::TempDir() + "/evolution_" + std::to_string(::getpid()) + ".db";
  std::filesystem::remove(db);
  auto store = store::OpenSqliteStore(db);
  ASSERT_TRUE(store.ok());
  static auto classifier = nlu::IntentClassifier::Load(ATENDE_NLU_MODEL);
  ASSERT_TRUE(classifier.ok());

  erp::ConnectorConfig connector;
  connector.flavor = "ixc";
  connector.base_url = (*simulator)->base_url();
  connector.token = "sim-token";
  channel::ChannelConfig cc;
  cc.provider = "evolution";
  cc.evolution.base_url = "http://127.0.0.1:" + std::to_string((*evolution)->port());
  cc.evolution.instance = "fibra-evo";
  cc.evolution.apikey = kApikey;
  auto channel = channel::MakeChannel(cc, wall);
  ASSERT_TRUE(channel.ok()) << channel.error().message;
  Tenant tenant;
  tenant.id = "fibra";
  tenant.provider = "evolution";
  tenant.channel_key = "fibra-evo";
  tenant.channel = std::shared_ptr<channel::Channel>(std::move(channel).value());
  tenant.agent = std::make_shared<TenantAgent>(
      "fibra", **store, std::move(erp::MakeErp(connector, *clock)).value(), **classifier,
      dialogue::Policy(dialogue::PolicyConfig{}, dialogue::MessageCatalog{}), *clock,
      agent::Issuer{});
  ServiceOptions options;
  options.dispatcher.debounce = std::chrono::milliseconds(50);
  options.outbox.poll = std::chrono::milliseconds(20);
  std::vector<Tenant> tenants;
  tenants.push_back(std::move(tenant));
  auto service = Service::Start(options, **store, std::move(tenants), wall);
  ASSERT_TRUE(service.ok()) << service.error().message;

  http::CurlHttpClient client;
  auto post = [&](const std::string& path, const std::string& body) {
    http::ClientRequest request;
    request.method = http::Method::kPost;
    request.url = "http://127.0.0.1:" + std::to_string((*service)->port()) + path;
    request.body = body;
    request.headers = {{"Content-Type", "application/json"}};
    auto response = client.Send(request);
    return response.ok() ? response->status : -1;
  };
  EXPECT_EQ(post("/webhooks/evolution/other", Upsert("other", "A0", "oi")), 404);
  EXPECT_EQ(post("/webhooks/evolution/fibra-evo", Upsert("fibra-evo", "A1", "oi", "wrong-key")),
            401);
  EXPECT_EQ(post("/webhooks/evolution/fibra-evo", "{not json"), 401);  // no apikey can be read
  EXPECT_EQ(post("/webhooks/evolution/fibra-evo/messages-upsert",
                 Upsert("fibra-evo", "A2", "libera minha internet")),
            200);
  auto settle = [&] {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline && !(*service)->Idle()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  };
  auto sent_count = [&] {
    std::lock_guard lock(mu);
    return sent.size();
  };
  settle();
  {
    std::lock_guard lock(mu);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].first, "/message/sendText/fibra-evo");
    EXPECT_EQ(sent[0].second["number"], "5519987654321");
    EXPECT_NE(sent[0].second.dump().find("CPF ou CNPJ"), std::string::npos)
        << sent[0].second.dump();
  }
  // Evolution reports atende's own send back (fromMe, the key id it answered): not a person.
  std::string own_text = sent[0].second.value("text", "");
  EXPECT_EQ(post("/webhooks/evolution/fibra-evo",
                 Upsert("fibra-evo", "BAE51", own_text, kApikey, /*from_me=*/true)),
            200);
  settle();
  EXPECT_TRUE((*store)->ActiveHandoffs()->empty());
  // Someone answers from the phone: the bot steps aside and keeps quiet.
  EXPECT_EQ(post("/webhooks/evolution/fibra-evo",
                 Upsert("fibra-evo", "3EB0HUMAN", "Oi Maria, aqui é a Ana. Já vou ver isso.",
                        kApikey, /*from_me=*/true)),
            200);
  settle();
  auto handoffs = (*store)->ActiveHandoffs();
  ASSERT_EQ(handoffs->size(), 1u);
  EXPECT_EQ((*handoffs)[0].reason, "um atendente respondeu pelo celular");
  EXPECT_EQ(post("/webhooks/evolution/fibra-evo", Upsert("fibra-evo", "A3", "529.982.247-25")),
            200);
  settle();
  EXPECT_EQ(sent_count(), 1u) << "the bot spoke after a person took over";
  (*service)->Stop();
  (*simulator)->Stop();
  (*evolution)->Stop();
}

}  // namespace
}  // namespace atende::server
