// `atende chat`: a conversation with the agent in the terminal, exactly as specs/cli-contract.md
// fixes it — stdin one subscriber message a line, replies for people or as JSON lines, client
// actions (/button, /list, /image, /document, /audio, /wait). `--demo` runs the ERP simulator
// in-process on the bundled demo ISP and talks to it through the real IXC connector. ERP failures
// never make it exit non-zero.
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "agent/agent.h"
#include "agent/client_line.h"
#include "agent/durable_store.h"
#include "app/agent_config.h"
#include "app/command.h"
#include "app/data_files.h"
#include "erp/factory.h"
#include "erpsim/simulator.h"

namespace atende::app {
namespace {

struct ChatOptions {
  bool demo = false;
  std::string erp;
  std::string erp_url;
  std::string erp_token = "sim-token";
  std::string phone;
  std::string today;
  bool jsonl = false;
  bool echo = false;
  std::string config;
  std::string store;
};

class Printer {
 public:
  explicit Printer(bool jsonl) : jsonl_(jsonl) {}

  void Print(const agent::Outgoing& out) {
    std::visit([&](const auto& r) { PrintReply(r, out.document_bytes); }, out.reply);
  }
  void TurnEnd() {
    if (jsonl_) std::cout << R"({"type":"turn_end"})" << '\n';
    std::cout.flush();
  }
  void Echo(const std::string& line) {
    if (!jsonl_) std::cout << "\n\033[1mvocê> " << line << "\033[0m\n";
  }
  void Note(const std::string& text) {
    if (!jsonl_) std::cout << "  (" << text << ")\n";
  }

 private:
  void Emit(const nlohmann::ordered_json& j) {
    std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  }

  void PrintReply(const dialogue::TextReply& r, const std::string&) {
    if (jsonl_) return Emit({{"type", "text"}, {"text", r.text}});
    std::cout << "atende> " << r.text << '\n';
  }
  void PrintReply(const dialogue::ButtonsReply& r, const std::string&) {
    if (jsonl_) return Emit({{"type", "buttons"}, {"text", r.text}, {"buttons", r.buttons}});
    std::cout << "atende> " << r.text << '\n' << "        ";
    for (const std::string& b : r.buttons) std::cout << "[ " << b << " ] ";
    std::cout << "   (responda com /button TÍTULO)\n";
  }
  void PrintReply(const dialogue::ListReply& r, const std::string&) {
    if (jsonl_) {
      nlohmann::ordered_json rows = nlohmann::ordered_json::array();
      for (const dialogue::ListRow& row : r.rows)
        rows.push_back({{"id", row.id}, {"title", row.title}});
      return Emit({{"type", "list"}, {"text", r.text}, {"rows", rows}});
    }
    std::cout << "atende> " << r.text << '\n';
    int n = 0;
    for (const dialogue::ListRow& row : r.rows) {
      std::cout << "        " << ++n << ". " << row.title;
      if (!row.description.empty()) std::cout << " — " << row.description;
      std::cout << "   (/list " << row.id << ")\n";
    }
  }
  void PrintReply(const dialogue::DocumentReply& r, const std::string& bytes) {
    if (jsonl_) {
      return Emit({{"type", "document"},
                   {"filename", r.filename},
                   {"mime", r.mime},
                   {"bytes", bytes.size()},
                   {"caption", r.caption}});
    }
    std::cout << "atende> 📄 " << r.filename << " (" << bytes.size() << " bytes) — " << r.caption
              << '\n';
  }
  void PrintReply(const dialogue::HandoffReply& r, const std::string&) {
    if (jsonl_) return Emit({{"type", "handoff"}, {"reason", r.reason}});
    std::cout << "        ➜ conversa transferida para um atendente (" << r.reason << ")\n";
  }

  bool jsonl_;
};

int RunChat(const ChatOptions& o) {
  AgentConfig config;
  if (!o.config.empty()) {
    auto loaded = LoadAgentConfig(o.config);
    if (!loaded.ok()) return Fail("chat", loaded.error().message, 2);
    config = std::move(loaded).value();
  }
  std::optional<Date> today;
  if (!o.today.empty()) {
    auto parsed = Date::ParseIso(o.today);
    if (!parsed.ok()) return Fail("chat", "--today: " + parsed.error().message, 2);
    today = *parsed;
  }

  std::unique_ptr<erpsim::Simulator> simulator;
  erp::ConnectorConfig connector;
  std::string phone_text = o.phone;
  if (o.demo) {
    std::optional<std::string> dataset = FindDataFile("demo/isp.json");
    if (!dataset)
      return Fail("chat",
                  "the demo dataset data/demo/isp.json was not found (set ATENDE_DATA_DIR)");
    erpsim::SimulatorOptions sim;
    sim.flavor = "ixc";
    sim.data_path = *dataset;
    sim.token = o.erp_token;
    sim.today = today;
    auto started = erpsim::Simulator::Start(sim);
    if (!started.ok()) return Fail("chat", "demo simulator: " + started.error().message);
    simulator = std::move(started).value();
    erpsim::Dataset data = simulator->dataset();
    if (!today) today = data.today;
    if (config.messages.brand() == "sua provedora" && !data.isp.name.empty())
      config.messages.SetBrand(data.isp.name);
    if (config.policy.beneficiary_name.empty()) {
      config.policy.beneficiary_name = data.isp.name;
      config.policy.beneficiary_document = data.isp.document;
    }
    if (phone_text.empty() && !data.customers.empty() && !data.customers.front().phones.empty()) {
      phone_text = data.customers.front().phones.front().e164();
    }
    connector.flavor = "ixc";
    connector.base_url = simulator->base_url();
  } else {
    if (o.erp.empty() || o.erp_url.empty())
      return Fail("chat", "use --demo, or --erp with --erp-url", 2);
    connector.flavor = o.erp;
    connector.base_url = o.erp_url;
  }
  connector.token = o.erp_token;
  if (phone_text.empty()) return Fail("chat", "--phone is required", 2);
  Result<Phone> phone = Phone::Parse(phone_text);
  if (!phone.ok()) return Fail("chat", "--phone: " + phone.error().message, 2);

  std::unique_ptr<FixedClock> clock =
      today ? FixedClock::AtLocalNoon(*today) : std::make_unique<FixedClock>(SystemClock().Now());
  auto erp = erp::MakeErp(connector, *clock);
  if (!erp.ok()) return Fail("chat", erp.error().message, 2);
  auto classifier = nlu::IntentClassifier::Load(nlu::DefaultModelPath());
  if (!classifier.ok()) return Fail("chat", classifier.error().message);

  dialogue::Policy policy(config.policy, config.messages);
  // Without --store everything lives in memory and nothing is left behind (cli-contract.md).
  std::unique_ptr<store::Store> database;
  std::unique_ptr<agent::ConversationStore> conversations;
  std::unique_ptr<agent::AuditLog> audit;
  if (!o.store.empty()) {
    auto opened = store::OpenSqliteStore(o.store);
    if (!opened.ok()) return Fail("chat", "--store: " + opened.error().message, 2);
    database = std::move(opened).value();
    conversations = std::make_unique<agent::DurableConversationStore>(*database);
    audit = std::make_unique<agent::DurableAuditLog>(*database);
  } else {
    conversations = std::make_unique<agent::MemoryConversationStore>();
    audit = std::make_unique<agent::MemoryAuditLog>();
  }
  agent::Agent agent(**erp, **classifier, policy, *clock, *conversations, *audit);
  agent.SetIssuer(
      {config.policy.beneficiary_name, config.policy.beneficiary_document, config.policy.late_fee});
  Printer printer(o.jsonl);

  const bool prompt = !o.jsonl && isatty(STDIN_FILENO) != 0;  // a person at a terminal
  std::string line;
  while ((prompt ? std::cout << "você> " << std::flush : std::cout) &&
         std::getline(std::cin, line)) {
    if (o.echo) printer.Echo(line);
    agent::ClientLine client = agent::ParseClientLine(line);
    if (!client.error.empty()) printer.Note(client.error);
    if (client.wait) clock->Advance(*client.wait);
    if (client.inbound) {
      auto replies = agent.HandleTurn(*phone, *client.inbound);
      if (replies.ok()) {
        for (const agent::Outgoing& out : *replies) printer.Print(out);
      } else {
        printer.Note("erro interno: " + replies.error().message);
      }
    }
    printer.TurnEnd();
  }
  if (simulator) simulator->Stop();
  return 0;
}

void Install(CLI::App& root, int& exit_code) {
  auto o = std::make_shared<ChatOptions>();
  CLI::App* chat = root.add_subcommand(
      "chat", "Talk to the agent in the terminal (one message a line on stdin)");
  chat->add_flag("--demo", o->demo,
                 "Run the ERP simulator in-process on the bundled demo ISP (IXC connector)");
  chat->add_option("--erp", o->erp, "ERP flavor: ixc, sgp, mkauth, voalle, hubsoft");
  chat->add_option("--erp-url", o->erp_url, "Base URL of the ERP (or of `atende erpsim`)");
  chat->add_option("--erp-token", o->erp_token, "ERP credential (default sim-token)");
  chat->add_option("--phone", o->phone, "The subscriber's WhatsApp number, +55DDDNNNNNNNN");
  chat->add_option("--today", o->today, "Fix the clock to this date (YYYY-MM-DD)");
  chat->add_flag("--jsonl", o->jsonl, "Machine-readable replies, one JSON object a line");
  chat->add_flag("--echo", o->echo, "Print each input line before its replies (scripted demos)");
  chat->add_option("--config", o->config, "TOML configuration: policies and messages");
  chat->add_option("--store", o->store, "Keep conversation state in this database between runs");
  chat->callback([o, &exit_code] { exit_code = RunChat(*o); });
}

const CommandRegistration kRegistration("chat", &Install);

}  // namespace
}  // namespace atende::app
