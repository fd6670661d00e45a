// Plays every tests/conversations/*.conv script (format: README.md beside this file) against each
// simulator flavor, through the real connectors, the agent and the trained intent model,
// in-process.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "agent/agent.h"
#include "agent/client_line.h"
#include "erp/factory.h"
#include "erpsim/simulator.h"

namespace atende {
namespace {

namespace fs = std::filesystem;
const std::string kDir = std::string(ATENDE_SOURCE_DIR) + "/tests/conversations";

struct Expectation {
  enum Kind { kContains, kAbsent, kCount } kind;
  std::string text;
};

struct Step {
  std::string line;
  int line_number = 0;
  std::vector<Expectation> expect;
};

struct Script {
  std::string name;
  std::string dataset = "demo";
  std::string phone;
  std::string today;
  double fail_rate = 0;
  std::vector<std::string> flavors = {"ixc", "sgp", "mkauth", "voalle", "hubsoft"};
  std::vector<Step> steps;
  std::vector<std::pair<std::string, int>> events;
};

std::string Trim(std::string s) {
  size_t a = s.find_first_not_of(" \t");
  size_t b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::string StripComment(const std::string& s) {
  size_t hash = s.find("  #");
  return hash == std::string::npos ? s : s.substr(0, hash);
}

Script Load(const fs::path& path) {
  Script script;
  script.name = path.stem().string();
  std::ifstream in(path);
  std::string raw;
  int number = 0;
  while (std::getline(in, raw)) {
    ++number;
    std::string line = Trim(StripComment(raw));
    if (line.empty() || line[0] == '#') continue;
    auto value = [&](size_t n) { return Trim(line.substr(n)); };
    if (line.starts_with("dataset:")) {
      script.dataset = value(8);
    } else if (line.starts_with("phone:")) {
      script.phone = value(6);
    } else if (line.starts_with("today:")) {
      script.today = value(6);
    } else if (line.starts_with("fail_rate:")) {
      script.fail_rate = std::stod(value(10));
    } else if (line.starts_with("flavors:")) {
      std::istringstream words(value(8));
      script.flavors.clear();
      for (std::string w; words >> w;) script.flavors.push_back(w);
    } else if (line.starts_with("events:")) {
      std::istringstream words(value(7));
      std::string kind;
      int count = 0;
      words >> kind >> count;
      script.events.emplace_back(kind, count);
    } else if (line.starts_with(">")) {
      script.steps.push_back({value(1), number, {}});
    } else if (line.starts_with("!<") && !script.steps.empty()) {
      script.steps.back().expect.push_back({Expectation::kAbsent, value(2)});
    } else if (line.starts_with("<=") && !script.steps.empty()) {
      script.steps.back().expect.push_back({Expectation::kCount, value(2)});
    } else if (line.starts_with("<") && !script.steps.empty()) {
      script.steps.back().expect.push_back({Expectation::kContains, value(1)});
    } else {
      ADD_FAILURE() << path << ":" << number << ": cannot read '" << line << "'";
    }
  }
  return script;
}

std::string Render(const agent::Outgoing& out) {
  const dialogue::Reply& r = out.reply;
  if (auto* t = std::get_if<dialogue::TextReply>(&r)) return t->text;
  if (auto* b = std::get_if<dialogue::ButtonsReply>(&r)) {
    std::string s = "[buttons] " + b->text + " |";
    for (const auto& title : b->buttons) s += " " + title + " |";
    return s;
  }
  if (auto* l = std::get_if<dialogue::ListReply>(&r)) {
    std::string s = "[list] " + l->text + " |";
    for (const auto& row : l->rows) s += " " + row.id + "=" + row.title + " |";
    return s;
  }
  if (auto* d = std::get_if<dialogue::DocumentReply>(&r)) {
    EXPECT_TRUE(out.document_bytes.starts_with("%PDF")) << d->filename << " is not a PDF";
    return "[document] " + d->filename;
  }
  return "[handoff] " + std::get<dialogue::HandoffReply>(r).reason;
}

const nlu::IntentClassifier& Classifier() {
  static auto model = nlu::IntentClassifier::Load(ATENDE_NLU_MODEL);
  if (!model.ok()) std::abort();
  return **model;
}

void Play(const Script& script, const std::string& flavor) {
  SCOPED_TRACE(script.name + " [" + flavor + "]");
  erpsim::SimulatorOptions sim;
  sim.flavor = flavor;
  sim.data_path = script.dataset == "golden"
                      ? std::string(ATENDE_SOURCE_DIR) + "/src/erpsim/testdata/golden.json"
                      : std::string(ATENDE_SOURCE_DIR) + "/data/" + script.dataset + "/isp.json";
  if (!script.today.empty()) sim.today = *Date::ParseIso(script.today);
  sim.fail_rate = script.fail_rate;
  sim.timeout_fault_ms = 1500;  // a "timeout" fault outlasts the connector's timeout below
  auto simulator = erpsim::Simulator::Start(sim);
  ASSERT_TRUE(simulator.ok()) << simulator.error().message;
  Date today = sim.today.value_or((*simulator)->dataset().today);
  auto clock = FixedClock::AtLocalNoon(today);
  erp::ConnectorConfig connector;
  connector.flavor = flavor;
  connector.base_url = (*simulator)->base_url();
  connector.token = "sim-token";
  connector.timeout = std::chrono::milliseconds(1000);
  auto erp = erp::MakeErp(connector, *clock);
  ASSERT_TRUE(erp.ok()) << erp.error().message;
  dialogue::MessageCatalog messages;
  messages.SetBrand("Fibra Exemplo");
  dialogue::Policy policy(dialogue::PolicyConfig{}, messages);
  agent::MemoryConversationStore store;
  agent::MemoryAuditLog audit;
  agent::Agent agent(**erp, Classifier(), policy, *clock, store, audit);
  Result<Phone> phone = Phone::Parse(script.phone);
  ASSERT_TRUE(phone.ok()) << "phone: " << script.phone;

  for (const Step& step : script.steps) {
    agent::ClientLine client = agent::ParseClientLine(step.line);
    ASSERT_TRUE(client.error.empty()) << "line " << step.line_number << ": " << client.error;
    if (client.wait) clock->Advance(*client.wait);
    std::vector<std::string> replies;
    if (client.inbound) {
      auto out = agent.HandleTurn(*phone, *client.inbound);
      ASSERT_TRUE(out.ok()) << out.error().message;
      for (const agent::Outgoing& o : *out) replies.push_back(Render(o));
    }
    std::string all;
    for (const auto& r : replies) all += "    " + r + "\n";
    size_t cursor = 0;  // '<' lines match in order
    for (const Expectation& e : step.expect) {
      if (e.kind == Expectation::kCount) {
        EXPECT_EQ(std::to_string(replies.size()), e.text)
            << "line " << step.line_number << " '" << step.line << "' got:\n"
            << all;
        continue;
      }
      bool found = false;
      size_t at = cursor;
      for (size_t i = e.kind == Expectation::kAbsent ? 0 : cursor; i < replies.size() && !found;
           ++i) {
        if (replies[i].find(e.text) != std::string::npos) {
          found = true;
          at = i;
        }
      }
      if (e.kind == Expectation::kAbsent) {
        EXPECT_FALSE(found) << "line " << step.line_number << " '" << step.line << "': '" << e.text
                            << "' must not appear; got:\n"
                            << all;
      } else {
        EXPECT_TRUE(found) << "line " << step.line_number << " '" << step.line << "': expected '"
                           << e.text << "' (in order); got:\n"
                           << all;
        if (found) cursor = at;
      }
    }
  }
  std::vector<nlohmann::json> events = (*simulator)->events();
  for (const auto& [kind, count] : script.events) {
    int seen = 0;
    for (const auto& e : events) seen += e.value("kind", "") == kind ? 1 : 0;
    EXPECT_EQ(seen, count) << "events of kind " << kind;
  }
  (*simulator)->Stop();
}

std::vector<fs::path> Scripts() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(kDir)) {
    if (entry.path().extension() == ".conv") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class ConversationTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(ConversationTest, PlaysOnEveryFlavor) {
  Script script = Load(GetParam());
  ASSERT_FALSE(script.steps.empty()) << "no turns in " << GetParam();
  for (const std::string& flavor : script.flavors) Play(script, flavor);
}

INSTANTIATE_TEST_SUITE_P(Scripts, ConversationTest, ::testing::ValuesIn(Scripts()),
                         [](const auto& test_info) {
                           std::string name = test_info.param.stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace atende
