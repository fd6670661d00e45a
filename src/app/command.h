// How `atende` subcommands plug into the one binary. Each command lives in its own file
// (br_command.cc, erpsim_command.cc, …) and registers itself with a static CommandRegistration;
// main.cc knows none of them by name. A command's Install adds its CLI11 subcommand and callback;
// the callback reports the process exit code through `exit_code` (0 ok, 1 failure, 2 bad usage).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace atende::app {

using CommandInstaller = void (*)(CLI::App& root, int& exit_code);

struct CommandRegistration {
  CommandRegistration(const char* name, CommandInstaller install);
};

struct RegisteredCommand {
  std::string name;
  CommandInstaller install;
};
std::vector<RegisteredCommand>& RegisteredCommands();

// Prints "atende <command>: <reason>" to stderr as one line and returns `code` (for bad-input
// exits).
int Fail(const std::string& command, const std::string& reason, int code = 1);

}  // namespace atende::app
