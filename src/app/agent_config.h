// AgentConfig: the policies and messages of one ISP's agent, from the [isp], [policy] and
// [messages] tables of the TOML configuration (config/atende.example.toml documents every key).
// Anything not given keeps its built-in default; an unknown key or a value out of range is an error
// naming it, so a typo never passes silently.
#pragma once

#include <string>

#include "core/result.h"
#include "dialogue/messages.h"
#include "dialogue/policy.h"

namespace atende::app {

struct AgentConfig {
  dialogue::PolicyConfig policy;
  dialogue::MessageCatalog messages;  // [isp] name and document land in policy.beneficiary_*
};

Result<AgentConfig> LoadAgentConfig(const std::string& path);
Result<AgentConfig> ParseAgentConfig(const std::string& toml_text, const std::string& source_name);

}  // namespace atende::app
