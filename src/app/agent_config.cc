#include "app/agent_config.h"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace atende::app {
namespace {

// Reads an integer key into `target` when present; checks the range.
Status ReadInt(const toml::table& table, const std::string& section, const char* key, int min,
               int max, int& target) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return {};
  std::optional<int64_t> v = node->value<int64_t>();
  if (!v || *v < min || *v > max) {
    return Error::InvalidInput("[" + section + "] " + key + " must be a whole number from " +
                               std::to_string(min) + " to " + std::to_string(max));
  }
  target = static_cast<int>(*v);
  return {};
}

Status CheckKnown(const toml::table& table, const std::string& section,
                  std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : table) {
    bool ok = false;
    for (std::string_view k : known) ok = ok || k == key.str();
    if (!ok)
      return Error::InvalidInput("[" + section + "] unknown key '" + std::string(key.str()) + "'");
  }
  return {};
}

}  // namespace

Result<AgentConfig> ParseAgentConfig(const std::string& toml_text, const std::string& source_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << source_name << ":" << e.source().begin.line << ": " << e.description();
    return Error::InvalidInput(where.str());
  }
  AgentConfig config;
  if (const toml::table* isp = root["isp"].as_table()) {
    if (Status s = CheckKnown(*isp, "isp", {"brand", "name", "document"}); !s.ok())
      return s.error();
    if (auto brand = (*isp)["brand"].value<std::string>()) config.messages.SetBrand(*brand);
    if (auto name = (*isp)["name"].value<std::string>()) config.policy.beneficiary_name = *name;
    if (auto document = (*isp)["document"].value<std::string>()) {
      config.policy.beneficiary_document = *document;
    }
  }
  if (const toml::table* policy = root["policy"].as_table()) {
    dialogue::PolicyConfig& p = config.policy;
    int idle = static_cast<int>(p.identification_idle.count());
    if (Status s = CheckKnown(
            *policy, "policy",
            {"max_failed_identifications", "max_documents_per_phone", "identification_idle_minutes",
             "unlock_hours", "unlock_min_days_between", "unlock_max_days_late", "risky_window",
             "risky_late_payments", "late_tolerance_days", "promise_max_days", "fine_bp",
             "monthly_interest_bp"});
        !s.ok()) {
      return s.error();
    }
    for (Status s :
         {ReadInt(*policy, "policy", "max_failed_identifications", 1, 10,
                  p.max_failed_identifications),
          ReadInt(*policy, "policy", "max_documents_per_phone", 1, 10, p.max_documents_per_phone),
          ReadInt(*policy, "policy", "identification_idle_minutes", 1, 1440, idle),
          ReadInt(*policy, "policy", "unlock_hours", 1, 240, p.unlock.hours),
          ReadInt(*policy, "policy", "unlock_min_days_between", 0, 365, p.unlock.min_days_between),
          ReadInt(*policy, "policy", "unlock_max_days_late", 0, 365, p.unlock.max_days_late),
          ReadInt(*policy, "policy", "risky_window", 1, 36, p.unlock.risky_window),
          ReadInt(*policy, "policy", "risky_late_payments", 1, 36, p.unlock.risky_late_payments),
          ReadInt(*policy, "policy", "late_tolerance_days", 0, 60, p.unlock.late_tolerance_days),
          ReadInt(*policy, "policy", "promise_max_days", 1, 60, p.promise_max_days),
          ReadInt(*policy, "policy", "fine_bp", 0, 200, p.late_fee.fine_bp),
          ReadInt(*policy, "policy", "monthly_interest_bp", 0, 1000,
                  p.late_fee.monthly_interest_bp)}) {
      if (!s.ok()) return s.error();
    }
    p.identification_idle = std::chrono::minutes(idle);
  }
  if (const toml::table* messages = root["messages"].as_table()) {
    for (const auto& [key, value] : *messages) {
      std::optional<std::string> text = value.value<std::string>();
      if (!text)
        return Error::InvalidInput("[messages] " + std::string(key.str()) + " must be a string");
      if (Status s = config.messages.Override(std::string(key.str()), *text); !s.ok()) {
        return Error::InvalidInput("[messages] unknown message '" + std::string(key.str()) + "'");
      }
    }
  }
  return config;
}

Result<AgentConfig> LoadAgentConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error::NotFound("cannot read the configuration " + path);
  std::stringstream text;
  text << in.rdbuf();
  return ParseAgentConfig(text.str(), path);
}

}  // namespace atende::app
