// End-to-end with the real WhatsApp Cloud adapter: webhook payloads in the Cloud API's own shape
// (from the adapter's spec fixtures), signed with the app secret, over real HTTP; a capture server
// on 127.0.0.1 plays the Graph API send endpoint; the ERP simulator plays the ERP.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "channel/factory.h"
#include "channel/testing/cloud_webhook.h"
#include "erp/factory.h"
#include "erpsim/simulator.h"
#include "http/client.h"
#include "http/server.h"
#include "server/service.h"

namespace atende::server {
namespace {

using nlohmann::json;

constexpr const char* kPnid = "106540352242922";
constexpr const char* kAppSecret = "cloud-app-secret";

const nlu::IntentClassifier& Classifier() {
  static auto model = nlu::IntentClassifier::Load(ATENDE_NLU_MODEL);
  if (!model.ok()) std::abort();
  return **model;
}

// The Graph API's send endpoint: records every /messages body, answers with a fresh wamid.
class GraphCapture {
 public:
  GraphCapture() {
    http::ServerOptions options;
    auto server = http::Server::Start(options, [this](const http::Request& r) {
      std::lock_guard lock(mu_);
      if (r.path.ends_with("/media")) return http::Response::Json(200, R"({"id":"media-1"})");
      if (r.method == "DELETE") {
        deleted_.push_back(r.path.substr(r.path.rfind('/') + 1));
        return http::Response::Json(200, R"({"success":true})");
      }
      bodies_.push_back(json::parse(r.body, nullptr, false));
      return http::Response::Json(
          200, json({{"messaging_product", "whatsapp"},
                     {"messages", {{{"id", "wamid.OUT" + std::to_string(bodies_.size())}}}}})
                   .dump());
    });
    if (!server.ok()) std::abort();
    server_ = std::move(server).value();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  std::vector<json> bodies() {
    std::lock_guard lock(mu_);
    return bodies_;
  }
  std::vector<std::string> deleted() {  // media ids DELETEd
    std::lock_guard lock(mu_);
    return deleted_;
  }

 private:
  std::mutex mu_;
  std::vector<json> bodies_;
  std::vector<std::string> deleted_;
  std::unique_ptr<http::Server> server_;
};

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(ATENDE_SOURCE_DIR) + "/src/channel/whatsapp_cloud/testdata/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The spec's text fixture, from Maria's number, with a given id and body.
std::string TextWebhook(const std::string& id, const std::string& body) {
  json j = json::parse(Fixture("text.json"));
  json& value = j["entry"][0]["changes"][0]["value"];
  value["contacts"][0]["wa_id"] = "5519987654321";
  value["messages"][0]["from"] = "5519987654321";
  value["messages"][0]["id"] = id;
  value["messages"][0]["text"]["body"] = body;
  return j.dump();
}

class CloudApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string db = ::testing::TempDir() + "/cloud_" + std::to_string(::getpid()) + ".db";
    std::filesystem::remove(db);
    erpsim::SimulatorOptions sim;
    sim.flavor = "ixc";
    sim.data_path = std::string(ATENDE_SOURCE_DIR) + "/data/demo/isp.json";
    auto simulator = erpsim::Simulator::Start(sim);
    ASSERT_TRUE(simulator.ok()) << simulator.error().message;
    simulator_ = std::move(simulator).value();
    clock_ = FixedClock::AtLocalNoon(simulator_->dataset().today);
    auto opened = store::OpenSqliteStore(db);
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened).value();

    erp::ConnectorConfig connector;
    connector.flavor = "ixc";
    connector.base_url = simulator_->base_url();
    connector.token = "sim-token";
    auto erp = erp::MakeErp(connector, *clock_);
    ASSERT_TRUE(erp.ok());
    channel::ChannelConfig channel_config;
    channel_config.provider = "whatsapp";
    channel_config.whatsapp.graph_base_url = graph_.url();
    channel_config.whatsapp.phone_number_id = kPnid;
    channel_config.whatsapp.access_token = "token";
    channel_config.whatsapp.app_secret = kAppSecret;
    channel_config.whatsapp.verify_token = "verify";
    auto channel = channel::MakeChannel(channel_config, wall_);
    ASSERT_TRUE(channel.ok()) << channel.error().message;

    Tenant tenant;
    tenant.id = "fibra";
    tenant.provider = "whatsapp";
    tenant.channel_key = kPnid;
    tenant.verify_token = "verify";
    tenant.channel = std::shared_ptr<channel::Channel>(std::move(channel).value());
    dialogue::MessageCatalog messages;
    messages.SetBrand("Fibra Exemplo");
    tenant.agent = std::make_shared<TenantAgent>(
        "fibra", *store_, std::move(erp).value(), Classifier(),
        dialogue::Policy(dialogue::PolicyConfig{}, messages), *clock_, agent::Issuer{});
    ServiceOptions options;
    options.dispatcher.debounce = std::chrono::milliseconds(50);
    options.outbox.poll = std::chrono::milliseconds(20);
    options.outbox.media_sweep = std::chrono::milliseconds(20);
    std::vector<Tenant> tenants;
    tenants.push_back(std::move(tenant));
    auto service = Service::Start(options, *store_, std::move(tenants), wall_);
    ASSERT_TRUE(service.ok()) << service.error().message;
    service_ = std::move(service).value();
  }
  void TearDown() override {
    if (service_) service_->Stop();
    if (simulator_) simulator_->Stop();
  }

  int Post(const std::string& body, const std::string& signature) {
    http::ClientRequest request;
    request.method = http::Method::kPost;
    request.url = "http://127.0.0.1:" + std::to_string(service_->port()) + "/webhooks/whatsapp";
    request.body = body;
    request.headers = {{"Content-Type", "application/json"}, {"X-Hub-Signature-256", signature}};
    auto response = client_.Send(request);
    return response.ok() ? response->status : -1;
  }
  int PostSigned(const std::string& body) {
    return Post(body, "sha256=" + HmacSha256Hex(kAppSecret, body));
  }

  std::vector<json> Sent() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(60));
      if (service_->Idle()) break;
    }
    return graph_.bodies();
  }

  GraphCapture graph_;
  std::unique_ptr<erpsim::Simulator> simulator_;
  std::unique_ptr<FixedClock> clock_;
  SystemClock wall_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Service> service_;
  http::CurlHttpClient client_;
};

TEST_F(CloudApiTest, RealPayloadsDriveAnUnlockAndRepliesReachTheGraphApi) {
  EXPECT_EQ(PostSigned(TextWebhook("wamid.M1", "libera minha internet")), 200);
  auto first = Sent();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]["to"], "5519987654321");
  EXPECT_EQ(first[0]["messaging_product"], "whatsapp");
  EXPECT_NE(first[0].dump().find("CPF ou CNPJ"), std::string::npos) << first[0].dump();

  EXPECT_EQ(PostSigned(TextWebhook("wamid.M2", "529.982.247-25")), 200);
  EXPECT_EQ(PostSigned(TextWebhook("wamid.M2", "529.982.247-25")), 200);  // replay
  auto all = Sent();
  std::string dump;
  for (const json& b : all) dump += b.dump() + "\n";
  EXPECT_NE(dump.find("Liberei sua internet"), std::string::npos) << dump;
  int unlocks = 0;
  for (const auto& e : simulator_->events())
    unlocks += e.value("kind", "") == "trust_unlock" ? 1 : 0;
  EXPECT_EQ(unlocks, 1);

  // The status webhook of our first message, in the spec's shape.
  json status = json::parse(Fixture("status_sent.json"));
  json& st = status["entry"][0]["changes"][0]["value"]["statuses"][0];
  st["id"] = "wamid.OUT1";
  st["status"] = "read";
  EXPECT_EQ(PostSigned(status.dump()), 200);
  auto rows = store_->ReadOutbox("fibra/+5519987654321");
  ASSERT_FALSE(rows->empty());
  EXPECT_EQ((*rows)[0].provider_message_id, "wamid.OUT1");
  EXPECT_EQ((*rows)[0].state, store::DeliveryState::kRead);
}

TEST_F(CloudApiTest, TheBoletoPdfIsUploadedSentByIdAndDeletedOnceDelivered) {
  EXPECT_EQ(PostSigned(TextWebhook("wamid.B1", "manda a segunda via do boleto")), 200);
  Sent();
  EXPECT_EQ(PostSigned(TextWebhook("wamid.B2", "529.982.247-25")), 200);
  auto all = Sent();
  size_t document = all.size();
  std::string dump;
  for (size_t i = 0; i < all.size(); ++i) {
    dump += all[i].dump() + "\n";
    if (all[i].value("type", "") == "document") document = i;
  }
  ASSERT_LT(document, all.size()) << dump;
  EXPECT_EQ(all[document]["document"]["id"], "media-1");
  EXPECT_TRUE(graph_.deleted().empty()) << "deleted before it was delivered";

  json status = json::parse(Fixture("status_sent.json"));
  json& st = status["entry"][0]["changes"][0]["value"]["statuses"][0];
  st["id"] = "wamid.OUT" + std::to_string(document + 1);
  st["status"] = "delivered";
  EXPECT_EQ(PostSigned(status.dump()), 200);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (graph_.deleted().empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(graph_.deleted(), std::vector<std::string>{"media-1"});
  auto rows = store_->ReadOutbox("fibra/+5519987654321");
  ASSERT_TRUE(rows.ok());
  for (const auto& row : *rows) EXPECT_EQ(row.media_id, "") << row.idempotency_key;
}

// The spec's interactive fixtures, from `from`, answering what atende sent.
std::string InteractiveWebhook(const std::string& fixture, const std::string& from,
                               const std::string& id, const std::string& reply_id,
                               const std::string& title) {
  json j = json::parse(Fixture(fixture));
  json& value = j["entry"][0]["changes"][0]["value"];
  value["metadata"]["phone_number_id"] = kPnid;
  value["contacts"][0]["wa_id"] = from;
  json& m = value["messages"][0];
  m["from"] = from;
  m["id"] = id;
  json& reply = m["interactive"][m["interactive"]["type"].get<std::string>()];
  reply["id"] = reply_id;
  reply["title"] = title;
  return j.dump();
}

TEST_F(CloudApiTest, ListAndButtonRepliesFromTheSpecDriveTheConversation) {
  auto text = [](const std::string& from, const std::string& id, const std::string& body) {
    return channel::testing::CloudTextWebhook(kPnid, id, from, body);
  };
  auto dump_from = [](const std::vector<json>& all, size_t first) {
    std::string out;
    for (size_t i = first; i < all.size(); ++i) out += all[i].dump() + "\n";
    return out;
  };
  // Carlos has two addresses: the contract is picked from a list (row id and title come back).
  const std::string carlos = "5519987770011";
  EXPECT_EQ(PostSigned(text(carlos, "wamid.C1", "manda a segunda via")), 200);
  Sent();
  EXPECT_EQ(PostSigned(text(carlos, "wamid.C2", "590.316.728-40")), 200);
  auto all = Sent();
  ASSERT_FALSE(all.empty());
  const json list = all.back();
  ASSERT_EQ(list.value("type", ""), "interactive") << list.dump();
  ASSERT_EQ(list["interactive"]["type"], "list") << list.dump();
  const json& rows = list["interactive"]["action"]["sections"][0]["rows"];
  ASSERT_EQ(rows.size(), 2u) << list.dump();
  size_t pick = rows.size();
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].dump().find("loqueado") != std::string::npos) pick = i;
  }
  ASSERT_LT(pick, rows.size()) << rows.dump();
  size_t before = all.size();
  EXPECT_EQ(PostSigned(InteractiveWebhook("list_reply.json", carlos, "wamid.C3", rows[pick]["id"],
                                          rows[pick]["title"])),
            200);
  all = Sent();
  std::string bill = dump_from(all, before);
  EXPECT_NE(bill.find("bloqueada"), std::string::npos) << bill;  // the blocked address's bill
  EXPECT_NE(bill.find("\"type\":\"document\""), std::string::npos) << bill;

  // Maria is offered the unlock as reply buttons; tapping "Sim" comes back as a button reply.
  EXPECT_EQ(PostSigned(TextWebhook("wamid.M1", "manda a segunda via")), 200);
  Sent();
  before = Sent().size();
  EXPECT_EQ(PostSigned(TextWebhook("wamid.M2", "529.982.247-25")), 200);
  all = Sent();
  const json* offer = nullptr;
  for (size_t i = before; i < all.size(); ++i) {
    if (all[i].value("type", "") == "interactive" && all[i]["interactive"]["type"] == "button")
      offer = &all[i];
  }
  ASSERT_NE(offer, nullptr) << dump_from(all, before);
  const json yes = (*offer)["interactive"]["action"]["buttons"][0]["reply"];
  EXPECT_EQ(yes["title"], "Sim") << offer->dump();
  before = all.size();
  EXPECT_EQ(PostSigned(InteractiveWebhook("button_reply.json", "5519987654321", "wamid.M3",
                                          yes["id"], yes["title"])),
            200);
  all = Sent();
  EXPECT_NE(dump_from(all, before).find("Liberei sua internet"), std::string::npos)
      << dump_from(all, before);
  int unlocks = 0;
  for (const auto& e : simulator_->events()) unlocks += e.value("kind", "") == "trust_unlock";
  EXPECT_EQ(unlocks, 1);
}

TEST_F(CloudApiTest, WrongSignaturesAudioAndImagesAreHandled) {
  std::string body = TextWebhook("wamid.X", "oi");
  EXPECT_EQ(Post(body, "sha256=" + HmacSha256Hex("another-secret", body)), 401);
  EXPECT_EQ(Post(body, ""), 401);
  EXPECT_TRUE(Sent().empty());

  json audio = json::parse(Fixture("audio_voice.json"));
  json& value = audio["entry"][0]["changes"][0]["value"];
  value["metadata"]["phone_number_id"] = kPnid;
  value["messages"][0]["from"] = "5519987654321";
  EXPECT_EQ(PostSigned(audio.dump()), 200);
  auto replies = Sent();
  ASSERT_EQ(replies.size(), 1u);  // an audio gets an answer (the agent asks for text), not silence
  EXPECT_NE(replies[0].dump().find("áudio"), std::string::npos) << replies[0].dump();

  // A photo (a payment receipt, usually) is acknowledged, not ignored.
  json image = json::parse(Fixture("image.json"));
  json& image_value = image["entry"][0]["changes"][0]["value"];
  image_value["metadata"]["phone_number_id"] = kPnid;
  image_value["messages"][0]["from"] = "5519987654321";
  EXPECT_EQ(PostSigned(image.dump()), 200);
  replies = Sent();
  ASSERT_GE(replies.size(), 2u);
  EXPECT_NE(replies[1].dump().find("comprovante"), std::string::npos) << replies[1].dump();
}

}  // namespace
}  // namespace atende::server
