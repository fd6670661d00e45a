// `atende erpsim`: the ERP simulator (cli-contract.md). Loads or generates the dataset, prints
// exactly one line "listening on http://127.0.0.1:PORT" (flushed), serves until SIGINT/SIGTERM,
// exits 0. A dataset that does not load exits 1 naming the record and the field.
#include <signal.h>

#include <fstream>
#include <iostream>

#include "app/command.h"
#include "erpsim/generator.h"
#include "erpsim/simulator.h"

namespace atende::app {
namespace {

struct ErpsimArgs {
  erpsim::SimulatorOptions options;
  std::string today;
  std::string write_data;
};

int Run(const ErpsimArgs& args) {
  erpsim::SimulatorOptions options = args.options;
  if (!args.today.empty()) {
    auto today = Date::ParseIso(args.today);
    if (!today.ok()) return Fail("erpsim", "--today: want YYYY-MM-DD, got '" + args.today + "'", 2);
    options.today = *today;
  }
  if (options.data_path.empty() && options.generate <= 0) {
    return Fail("erpsim", "give --data FILE.json or --generate N", 2);
  }
  if (!args.write_data.empty()) {  // write the (generated or loaded) dataset and stop
    Result<erpsim::Dataset> dataset = Error::Internal("unset");
    if (options.generate > 0) {
      erpsim::GeneratorOptions generator;
      generator.customers = options.generate;
      generator.seed = options.seed;
      if (options.today) generator.today = *options.today;
      dataset = erpsim::Generate(generator);
    } else {
      dataset = erpsim::Dataset::Load(options.data_path);
    }
    if (!dataset.ok()) return Fail("erpsim", dataset.error().message);
    std::ofstream out(args.write_data, std::ios::binary);
    out << dataset->ToJson() << "\n";
    if (!out) return Fail("erpsim", "cannot write " + args.write_data);
    return 0;
  }

  // Block the stop signals in every thread (the server's threads inherit the mask); this thread
  // waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto simulator = erpsim::Simulator::Start(options);
  if (!simulator.ok()) return Fail("erpsim", simulator.error().message);
  std::cout << "listening on " << (*simulator)->base_url() << std::endl;
  int received = 0;
  sigwait(&stop_signals, &received);
  (*simulator)->Stop();
  return 0;
}

void Install(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<ErpsimArgs>();
  CLI::App* cmd = root.add_subcommand(
      "erpsim", "Simulate an ISP's ERP (IXC, SGP, MK-Auth, Voalle, HubSoft) over HTTP on loopback");
  cmd->add_option("--flavor", args->options.flavor,
                  "ERP wire format: ixc, sgp, mkauth, voalle or hubsoft")
      ->required()
      ->check(CLI::IsMember({"ixc", "sgp", "mkauth", "voalle", "hubsoft"}));
  auto* data = cmd->add_option("--data", args->options.data_path, "dataset JSON (erpsim-data.md)");
  auto* generate =
      cmd->add_option("--generate", args->options.generate, "generate N subscribers instead")
          ->check(CLI::PositiveNumber);
  data->excludes(generate);
  cmd->add_option("--seed", args->options.seed, "seed of --generate (default 1)");
  cmd->add_option("--listen", args->options.listen, "host:port to listen on (default 127.0.0.1:0)");
  cmd->add_option("--token", args->options.token,
                  "the credential the simulated ERP accepts (default sim-token)");
  cmd->add_option("--today", args->today, "overrides the dataset's today (YYYY-MM-DD)");
  cmd->add_option("--events", args->options.events_path,
                  "append one JSON line per mutation to this file");
  cmd->add_option("--latency-ms", args->options.latency_ms, "add N ms to every response")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--fail-rate", args->options.fail_rate,
                  "answer a fraction P (0..1) with the ERP's error shapes")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--threads", args->options.worker_threads, "worker threads (default 2)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--write-data", args->write_data,
                  "write the dataset as JSON to FILE and exit (no server)");
  cmd->callback([args, &exit_code] { exit_code = Run(*args); });
}

const CommandRegistration kRegistration("erpsim", &Install);

}  // namespace
}  // namespace atende::app
