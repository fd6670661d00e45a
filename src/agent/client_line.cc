#include "agent/client_line.h"

namespace atende::agent {

std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  char unit = text.back();
  int64_t n = 0;
  for (char c : text.substr(0, text.size() - 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
    if (n > 100000) return std::nullopt;
  }
  switch (unit) {
    case 'd':
      return std::chrono::hours(24 * n);
    case 'h':
      return std::chrono::hours(n);
    case 'm':
      return std::chrono::minutes(n);
    case 's':
      return std::chrono::seconds(n);
    default:
      return std::nullopt;
  }
}

ClientLine ParseClientLine(std::string line) {
  ClientLine out;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (!line.starts_with("/")) {
    if (!line.empty()) out.inbound = Inbound{line, "", dialogue::Media::kNone};
    return out;
  }
  size_t space = line.find(' ');
  std::string action = line.substr(0, space);
  std::string argument = space == std::string::npos ? "" : line.substr(space + 1);
  if (action == "/button") {
    out.inbound = Inbound{argument, "", dialogue::Media::kNone};
  } else if (action == "/list") {
    out.inbound = Inbound{"", argument, dialogue::Media::kNone};
  } else if (action == "/image") {
    out.inbound = Inbound{"", "", dialogue::Media::kImage};
  } else if (action == "/document") {
    out.inbound = Inbound{"", "", dialogue::Media::kDocument};
  } else if (action == "/audio") {
    out.inbound = Inbound{"", "", dialogue::Media::kAudio};
  } else if (action == "/wait") {
    out.wait = ParseDuration(argument);
    if (!out.wait) out.error = "duração inválida: use por exemplo /wait 3d, /wait 2h, /wait 30m";
  } else {
    out.error = "ação desconhecida: " + action;
  }
  return out;
}

}  // namespace atende::agent
