// The Voalle flavor against the golden sample of erpsim-data.md, through a real Simulator on
// loopback: the token call, the envelope, titles, paging, unlock and wrong credentials.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "br/late_fee.h"
#include "erpsim/flavor.h"
#include "erpsim/simulator.h"
#include "erpsim/testing/fetch.h"

namespace atende::erpsim {
namespace {

using nlohmann::json;
using testing::Fetch;
using testing::Reply;

const std::string kApi = "/external/integrations/thirdparty/";

class VoalleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SimulatorOptions options;
    options.flavor = "voalle";
    options.data_path = testing::GoldenPath();
    auto started = Simulator::Start(options);
    ASSERT_TRUE(started.ok()) << started.error().message;
    sim_ = std::move(started).value();
  }
  Reply TokenCall(const std::string& form) {
    return Fetch(sim_->port(), "POST", "/connect/token",
                 {{"Content-Type", "application/x-www-form-urlencoded"}}, form);
  }
  std::string Token() {
    Reply r = TokenCall(
        "grant_type=client_credentials&scope=syngw&client_id=qualquer&client_secret=sim-token&"
        "syndata=abc");
    return json::parse(r.body).value("access_token", "");
  }
  Reply Api(const std::string& method, const std::string& path, const std::string& body = "") {
    return Fetch(sim_->port(), method, kApi + path,
                 {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}},
                 body);
  }
  std::unique_ptr<Simulator> sim_;
  std::string token_;
};

TEST_F(VoalleTest, TokenNeedsTheSecretAndSyndataAndTheApiNeedsTheToken) {
  Reply ok = TokenCall(
      "grant_type=client_credentials&scope=syngw&client_id=x&client_secret=sim-token&syndata=s");
  ASSERT_EQ(ok.status, 200);
  json token = json::parse(ok.body);
  EXPECT_EQ(token["expires_in"], 3600);
  EXPECT_EQ(token["token_type"], "Bearer");
  EXPECT_EQ(token["scope"], "syngw");
  Reply wrong = TokenCall(
      "grant_type=client_credentials&scope=syngw&client_id=x&client_secret=nope&syndata=s");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(json::parse(wrong.body)["error"], "invalid_client");
  EXPECT_EQ(TokenCall("grant_type=client_credentials&client_id=x&client_secret=sim-token").status,
            400);  // without syndata
  Reply legacy = TokenCall(
      "grant_type=password&scope=syngw+synpaygw+offline_access&client_id=synauth&client_secret="
      "sim-token&username=u&password=p&syndata=s");
  std::string refresh = json::parse(legacy.body).value("refresh_token", "");
  ASSERT_FALSE(refresh.empty());
  EXPECT_EQ(TokenCall("grant_type=refresh_token&refresh_token=" + refresh).status, 200);
  EXPECT_EQ(Api("GET", "people/txid/52998224725").status, 401);  // no token yet
  token_ = token["access_token"];
  EXPECT_EQ(Api("GET", "people/txid/52998224725").status, 200);
  token_ += "x";
  Reply tampered = Api("GET", "people/txid/52998224725");
  EXPECT_EQ(tampered.status, 401);
  EXPECT_TRUE(tampered.body.empty());
}

TEST_F(VoalleTest, PersonAndTheNotFoundEnvelope) {
  token_ = Token();
  json maria = json::parse(Api("GET", "people/txid/52998224725").body);
  EXPECT_EQ(maria["success"], true);
  EXPECT_EQ(maria["response"]["id"], 1);
  EXPECT_EQ(maria["response"]["txId"], "52998224725");
  EXPECT_EQ(maria["response"]["cellPhone"], "19987654321");
  EXPECT_EQ(maria["response"]["birthDate"], "1985-03-02");
  EXPECT_EQ(maria["response"]["mainAddress"]["streetType"], "Rua");
  json none = json::parse(Api("GET", "people/txid/11144477735").body);
  EXPECT_EQ(none["success"], false);
  EXPECT_EQ(none["response"], nullptr);
  EXPECT_EQ(none["messages"][0]["message"], "Registro não encontrado.");
}

TEST_F(VoalleTest, ContractsArePagedAndOnlyActiveHidesTheBlockedOne) {
  token_ = Token();
  json all = json::parse(Api("POST", "contract/getpaged",
                             R"({"txId":"52998224725","txIdType":2,"contractNumber":"",)"
                             R"("onlyActiveContracts":false,"page":1,"pageSize":10})")
                             .body);
  ASSERT_EQ(all["response"]["data"].size(), 1u);
  EXPECT_EQ(all["response"]["data"][0]["contractNumber"], "CTR-10");
  EXPECT_EQ(all["response"]["data"][0]["status"], 6);
  EXPECT_EQ(all["response"]["totalRecords"], 1);
  EXPECT_EQ(all["response"]["totalPages"], 1);
  json active = json::parse(Api("POST", "contract/getpaged",
                                R"({"txId":"52998224725","onlyActiveContracts":true,"page":1})")
                                .body);
  EXPECT_TRUE(active["response"]["data"].empty());
}

TEST_F(VoalleTest, TitlesWithTheirStatusLinhaPixAndUpdatedAmount) {
  token_ = Token();
  json open = json::parse(Api("GET", "getopentitlesbytxid/52998224725").body);
  ASSERT_EQ(open["response"].size(), 1u);
  const json& t = open["response"][0];
  EXPECT_EQ(t["id"], 100);
  EXPECT_FALSE(t.contains("status"));  // only inside billet on this endpoint
  EXPECT_EQ(t["billet"]["status"], "Vencida");
  EXPECT_EQ(t["billet"]["typefulLine"], "34191.23405 00000.001008 00000.567891 8 16260000009990");
  EXPECT_EQ(t["billet"]["amount"]["value"], 99.9);
  std::string late = br::ComputeLateFee(Money::FromCents(9990), *Date::ParseIso("2026-11-10"),
                                        *Date::ParseIso("2026-11-22"))
                         .total.ToDecimal();
  late = json::parse(late).dump();                              // as a JSON number: "102.3"
  EXPECT_EQ(t["billet"]["amount"]["finalValue"].dump(), late);  // 2 % + 1 %/month pro rata
  json all = json::parse(Api("GET", "gettitlesbytxid/52998224725").body);
  ASSERT_EQ(all["response"].size(), 2u);
  EXPECT_EQ(all["response"][0]["status"], "Paga");
  EXPECT_EQ(all["response"][1]["status"], "Vencida");
  json billets = json::parse(Api("GET", "getcontractbillets/10").body);
  EXPECT_EQ(billets["response"][0]["id"], 100);
  Reply pdf = Api("GET", "GetBillet/100");
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.body.rfind("%PDF", 0), 0u);
  json link = json::parse(Api("GET", "GetBilletLink/100").body);
  EXPECT_EQ(Fetch(sim_->port(), "GET",
                  link["response"]["link"].get<std::string>().substr(sim_->base_url().size()))
                .body.rfind("%PDF", 0),
            0u);
  json pix = json::parse(Api("POST", "billings/registerpix?receivableId=100").body);
  std::string code = pix["response"]["qrCode"];
  EXPECT_EQ(code.substr(code.size() - 4), "6FB3");
  EXPECT_EQ(pix["response"]["totalAmount"].dump(), late);
}

TEST_F(VoalleTest, UnlockOnceThenRefusedAndEventsRecorded) {
  token_ = Token();
  json first = json::parse(Api("POST", "contracts/unlock/CTR-10", "{}").body);
  EXPECT_EQ(first["success"], true);
  EXPECT_EQ(first["response"], json::object());
  EXPECT_EQ(sim_->events().at(0)["kind"], "trust_unlock");
  json after = json::parse(
      Api("POST", "contract/getpaged", R"({"txId":"52998224725","onlyActiveContracts":false})")
          .body);
  EXPECT_EQ(after["response"]["data"][0]["status"], 1);
  json second = json::parse(Api("POST", "contracts/unlock/CTR-10", "{}").body);
  EXPECT_EQ(second["success"], false);
  EXPECT_NE(second["messages"][0]["message"].get<std::string>().find("bloqueado"),
            std::string::npos);
  json ticket = json::parse(Api("POST", "opensolicitation",
                                R"({"description":"Sem sinal","clientId":1,"contractId":10,)"
                                R"("contractServiceTagId":1,"close":false})")
                                .body);
  EXPECT_FALSE(ticket["response"]["protocol"].get<std::string>().empty());
  EXPECT_EQ(sim_->events().at(1)["kind"], "ticket");
  json wrong_client = json::parse(
      Api("POST", "opensolicitation", R"({"description":"x","clientId":2,"contractId":10})").body);
  EXPECT_EQ(wrong_client["success"], false);
}

TEST_F(VoalleTest, FaultsAreTheErpsEnvelopeA429WithRetryAfterOrA503) {
  sim_->Stop();
  SimulatorOptions options;
  options.flavor = "voalle";
  options.data_path = testing::GoldenPath();
  options.fail_rate = 1;
  options.timeout_fault_ms = 50;
  sim_ = Simulator::Start(options).value();
  int envelope = 0, limited = 0, unavailable = 0;
  for (int i = 0; i < 24; ++i) {
    Reply r = Fetch(sim_->port(), "GET", kApi + "people/txid/52998224725");
    if (r.status == 200) {
      EXPECT_EQ(json::parse(r.body)["success"], false);
      ++envelope;
    } else if (r.status == 429) {
      ++limited;
    } else {
      EXPECT_EQ(r.status, 503);
      ++unavailable;
    }
  }
  EXPECT_GT(envelope, 0);
  EXPECT_GT(limited, 0);
  EXPECT_GT(unavailable, 0);
}

}  // namespace
}  // namespace atende::erpsim
