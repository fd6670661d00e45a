// Simulator-level behaviour: options, events file, fault injection (repeatable), latency, timeouts.
#include "erpsim/simulator.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "erpsim/flavor.h"
#include "erpsim/testing/fetch.h"

namespace atende::erpsim {
namespace {

using nlohmann::json;
using testing::Fetch;
using testing::Reply;

SimulatorOptions Options(const std::string& flavor) {
  SimulatorOptions options;
  options.flavor = flavor;
  options.data_path = testing::GoldenPath();
  return options;
}

std::vector<std::pair<std::string, std::string>> IxcHeaders() {
  return {{"Authorization", "Basic " + Base64Encode("1:sim-token")}, {"ixcsoft", "listar"}};
}
const char* kClienteQuery = R"({"qtype":"cliente.id","query":"1","oper":"="})";

TEST(Simulator, RefusesUnknownFlavorsAndMissingData) {
  SimulatorOptions options = Options("oracle");
  EXPECT_EQ(Simulator::Start(options).error().kind, ErrorKind::kInvalidInput);
  options = Options("totvs");
  EXPECT_NE(Simulator::Start(options).error().message.find("voalle or hubsoft"), std::string::npos);
  options = Options("ixc");
  options.data_path = "/nonexistent.json";
  EXPECT_FALSE(Simulator::Start(options).ok());
  options = Options("ixc");
  options.fail_rate = 1.5;
  EXPECT_FALSE(Simulator::Start(options).ok());
}

TEST(Simulator, GeneratesAndOverridesToday) {
  SimulatorOptions options = Options("sgp");
  options.data_path.clear();
  options.generate = 50;
  options.seed = 9;
  options.today = *Date::FromYmd(2026, 12, 1);
  auto sim = Simulator::Start(options);
  ASSERT_TRUE(sim.ok()) << sim.error().message;
  EXPECT_EQ((*sim)->dataset().customers.size(), 50u);
  EXPECT_EQ((*sim)->base_url(), "http://127.0.0.1:" + std::to_string((*sim)->port()));
  (*sim)->Stop();
  (*sim)->Stop();  // idempotent
}

TEST(Simulator, AppendsEventsToTheFileAsJsonLines) {
  std::string path = ::testing::TempDir() + "erpsim_events.jsonl";
  std::remove(path.c_str());
  SimulatorOptions options = Options("ixc");
  options.events_path = path;
  auto sim = Simulator::Start(options);
  ASSERT_TRUE(sim.ok());
  Fetch((*sim)->port(), "POST", "/webservice/v1/desbloqueio_confianca",
        {{"Authorization", "Basic " + Base64Encode("1:sim-token")}}, R"({"id":"10"})");
  std::ifstream in(path);  // flushed at once, readable while the simulator runs
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  json event = json::parse(line);
  EXPECT_EQ(line.rfind(R"({"at":"2026-11-22T)", 0), 0u) << line;
  EXPECT_EQ(event["erp"], "ixc");
  EXPECT_EQ(event["kind"], "trust_unlock");
  EXPECT_EQ(event["contract_id"], 10);
  EXPECT_EQ(event["days"], 3);
}

TEST(Simulator, FailRateOneAnswersOnlyTheErpsFailureShapes) {
  SimulatorOptions options = Options("ixc");
  options.fail_rate = 1;
  options.timeout_fault_ms = 400;
  auto sim = Simulator::Start(options);
  ASSERT_TRUE(sim.ok());
  int red_200 = 0, gateway_504 = 0, withheld = 0;
  for (int i = 0; i < 24; ++i) {
    auto start = std::chrono::steady_clock::now();
    Reply r = Fetch((*sim)->port(), "POST", "/webservice/v1/cliente", IxcHeaders(), kClienteQuery);
    auto took = std::chrono::steady_clock::now() - start;
    ASSERT_NE(r.body.find("Ocorreu um erro ao processar"), std::string::npos) << r.body;
    if (took >= std::chrono::milliseconds(380)) {
      ++withheld;
    } else if (r.status == 200) {
      ++red_200;
    } else {
      EXPECT_EQ(r.status, 504);
      ++gateway_504;
    }
  }
  EXPECT_GT(red_200, 0);
  EXPECT_GT(gateway_504, 0);
  EXPECT_GT(withheld, 0);
}

TEST(Simulator, TimeoutFaultOutlastsAClientTimeout) {
  SimulatorOptions options = Options("sgp");
  options.fail_rate = 1;
  options.seed = 1;
  auto sim = Simulator::Start(options);
  ASSERT_TRUE(sim.ok());
  bool saw_timeout = false;
  for (int i = 0; i < 12 && !saw_timeout; ++i) {
    Reply r = Fetch((*sim)->port(), "POST", "/api/ura/consultacliente/", {},
                    "token=sim-token&app=a&cpfcnpj=1", std::chrono::milliseconds(300));
    if (r.timed_out) saw_timeout = true;
  }
  EXPECT_TRUE(saw_timeout);
  auto start = std::chrono::steady_clock::now();
  (*sim)->Stop();  // withheld responses do not hold up a stop
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

std::vector<int> FaultSequence(uint64_t seed) {
  SimulatorOptions options = Options("mkauth");
  options.fail_rate = 0.5;
  options.seed = seed;
  options.timeout_fault_ms = 50;
  auto sim = Simulator::Start(options);
  std::vector<int> statuses;
  for (int i = 0; i < 30; ++i) {
    Reply r = Fetch((*sim)->port(), "GET", "/api/",
                    {{"Authorization", "Basic " + Base64Encode("a:sim-token")}});
    statuses.push_back(r.body.find("Fatal error") != std::string::npos ? -r.status : r.status);
  }
  return statuses;
}

TEST(Simulator, FaultInjectionIsRepeatableFromTheSeed) {
  auto first = FaultSequence(21);
  EXPECT_EQ(first, FaultSequence(21));
  EXPECT_NE(first, FaultSequence(22));
  int faults =
      static_cast<int>(std::count_if(first.begin(), first.end(), [](int s) { return s < 0; }));
  EXPECT_GT(faults, 5);
  EXPECT_LT(faults, 25);
}

TEST(Simulator, LatencyIsAddedToEveryResponse) {
  SimulatorOptions options = Options("ixc");
  options.latency_ms = 150;
  auto sim = Simulator::Start(options);
  ASSERT_TRUE(sim.ok());
  auto start = std::chrono::steady_clock::now();
  Reply r = Fetch((*sim)->port(), "POST", "/webservice/v1/cliente", IxcHeaders(), kClienteQuery);
  EXPECT_EQ(r.status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
}

TEST(Simulator, APaymentReleasesABlockedContractOnceNothingOverdueIsLeft) {
  SimulatorOptions options;
  options.flavor = "ixc";
  options.data_path = std::string(ATENDE_SOURCE_DIR) + "/data/demo/isp.json";
  auto sim = Simulator::Start(options);
  ASSERT_TRUE(sim.ok()) << sim.error().message;
  Dataset data = (*sim)->dataset();
  // A contract blocked for debt and its open invoices, oldest first.
  const Contract* blocked = nullptr;
  for (const Contract& c : data.contracts) {
    if (c.status == ContractStatus::kBlocked && blocked == nullptr) blocked = &c;
  }
  ASSERT_NE(blocked, nullptr) << "the demo dataset has a blocked subscriber";
  std::vector<const Invoice*> open;
  for (const Invoice* i : data.InvoicesOf(blocked->id)) {
    if (i->status == InvoiceStatus::kOpen && i->due_date < data.today) open.push_back(i);
  }
  ASSERT_FALSE(open.empty());
  for (size_t k = 0; k < open.size(); ++k) {
    ASSERT_TRUE((*sim)->Pay(open[k]->id).ok());
    Dataset now = (*sim)->dataset();
    bool last = k + 1 == open.size();
    EXPECT_EQ(now.FindContract(blocked->id)->status,
              last ? ContractStatus::kActive : ContractStatus::kBlocked);
    EXPECT_EQ(now.FindInvoice(open[k]->id)->paid_date, data.today);
    json event = (*sim)->events().back();
    EXPECT_EQ(event["kind"], "payment");
    EXPECT_EQ(event["invoice_id"], open[k]->id);
    EXPECT_EQ(event.value("released", false), last);
  }
  EXPECT_EQ((*sim)->Pay(open[0]->id).error().kind, ErrorKind::kRefused);
  EXPECT_EQ((*sim)->Pay(99999999).error().kind, ErrorKind::kNotFound);
  (*sim)->Stop();
}

}  // namespace
}  // namespace atende::erpsim
