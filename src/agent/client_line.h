// ClientLine: one line a scripted or human subscriber types to `atende chat`
// (specs/cli-contract.md): a message, or a client action — /button TITLE, /list ID, /image PATH,
// /document PATH, /audio PATH, /wait DURATION.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "agent/agent.h"

namespace atende::agent {

struct ClientLine {
  std::optional<Inbound> inbound;  // a turn to run (absent for /wait and empty lines)
  std::optional<std::chrono::milliseconds> wait;  // /wait: advance the clock by this much
  std::string error;  // an unknown action or a malformed duration (pt-BR)
};

ClientLine ParseClientLine(std::string line);
// "3d", "2h", "30m", "45s" → milliseconds; nullopt when malformed.
std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text);

}  // namespace atende::agent
