// `atende version`: prints the version (also `atende --version`).
#include <iostream>

#include "app/command.h"

namespace atende::app {
namespace {

void Install(CLI::App& root, int& /*exit_code*/) {
  CLI::App* cmd = root.add_subcommand("version", "Print the atende version");
  cmd->callback([] { std::cout << "atende 0.1.0\n"; });
}

const CommandRegistration kRegistration("version", &Install);

}  // namespace
}  // namespace atende::app
