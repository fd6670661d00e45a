// The `atende` command line: one binary, one subcommand per job (DESIGN.md "Command line").
#include <algorithm>
#include <iostream>

#include "app/command.h"

namespace atende::app {

std::vector<RegisteredCommand>& RegisteredCommands() {
  static std::vector<RegisteredCommand> commands;
  return commands;
}

CommandRegistration::CommandRegistration(const char* name, CommandInstaller install) {
  RegisteredCommands().push_back({name, install});
}

int Fail(const std::string& command, const std::string& reason, int code) {
  std::cerr << "atende " << command << ": " << reason << "\n";
  return code;
}

}  // namespace atende::app

int main(int argc, char** argv) {
  using atende::app::RegisteredCommands;
  CLI::App app{"atende — self-hosted customer-service agent for Brazilian ISPs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("atende 0.1.0"));
  int exit_code = 0;
  auto& commands = RegisteredCommands();
  std::sort(commands.begin(), commands.end(), [](auto& a, auto& b) { return a.name < b.name; });
  for (const auto& command : commands) command.install(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
