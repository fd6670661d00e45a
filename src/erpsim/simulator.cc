// Simulator (simulator.h): dataset + flavor + http::Server, with latency and fault injection in
// front of the flavor's routes. The fault RNG is seeded from SimulatorOptions::seed, so a test run
// is repeatable.
#include "erpsim/simulator.h"

#include <mutex>
#include <random>

#include "erpsim/flavor.h"
#include "erpsim/generator.h"
#include "erpsim/sim_state.h"
#include "http/server.h"

namespace atende::erpsim {

struct Simulator::Impl {
  std::unique_ptr<SimState> state;
  std::unique_ptr<Flavor> flavor;
  std::unique_ptr<http::Server> server;
  std::mutex rng_mu;
  std::mt19937_64 rng;
};

namespace {

Result<std::unique_ptr<Flavor>> MakeFlavor(const std::string& name) {
  if (name == "ixc") return MakeIxcFlavor();
  if (name == "sgp") return MakeSgpFlavor();
  if (name == "mkauth") return MakeMkauthFlavor();
  if (name == "voalle") return MakeVoalleFlavor();
  if (name == "hubsoft") return MakeHubsoftFlavor();
  return Error::InvalidInput("unknown flavor '" + name +
                             "' (want ixc, sgp, mkauth, voalle or hubsoft)");
}

}  // namespace

Result<std::unique_ptr<Simulator>> Simulator::Start(const SimulatorOptions& options) {
  auto flavor = MakeFlavor(options.flavor);
  if (!flavor.ok()) return flavor.error();
  if (options.fail_rate < 0 || options.fail_rate > 1)
    return Error::InvalidInput("fail rate must be within 0..1");
  if (options.latency_ms < 0) return Error::InvalidInput("latency must not be negative");

  std::optional<Dataset> dataset;
  if (options.dataset) {
    dataset = *options.dataset;
    dataset->Reindex();
    if (Status valid = dataset->Validate(); !valid.ok()) return valid.error();
  } else if (options.generate > 0) {
    GeneratorOptions generator;
    generator.customers = options.generate;
    generator.seed = options.seed;
    if (options.today) generator.today = *options.today;
    dataset = Generate(generator);
  } else if (!options.data_path.empty()) {
    auto loaded = Dataset::Load(options.data_path);
    if (!loaded.ok()) return loaded.error();
    dataset = std::move(loaded).value();
  } else {
    return Error::InvalidInput("give a dataset (--data FILE) or --generate N");
  }

  auto impl = std::make_unique<Impl>();
  impl->flavor = std::move(flavor).value();
  SimulatorOptions kept = options;
  kept.dataset.reset();  // the served copy lives in SimState; do not hold a second one
  impl->state = std::make_unique<SimState>(std::move(*dataset), std::move(kept));
  impl->rng.seed(options.seed);
  if (!options.events_path.empty()) {
    if (Status opened = impl->state->events.Open(options.events_path); !opened.ok())
      return opened.error();
  }

  http::Router router;
  impl->flavor->Install(router, *impl->state);
  http::Handler routes = router.AsHandler();
  Impl* raw = impl.get();
  http::Handler handler = [raw, routes](const http::Request& request) {
    const SimulatorOptions& opts = raw->state->options;
    std::optional<FaultKind> fault;
    if (opts.fail_rate > 0) {
      std::lock_guard lock(raw->rng_mu);
      if (std::uniform_real_distribution<double>(0, 1)(raw->rng) < opts.fail_rate) {
        fault = static_cast<FaultKind>(std::uniform_int_distribution<int>(0, 2)(raw->rng));
      }
    }
    http::Response response;
    if (fault == FaultKind::kTimeout) {
      response = raw->flavor->Fault(FaultKind::kServerError, request);
      response.delay = std::chrono::milliseconds(opts.timeout_fault_ms);
    } else if (fault) {
      response = raw->flavor->Fault(*fault, request);
    } else {
      response = routes(request);
    }
    response.delay += std::chrono::milliseconds(opts.latency_ms);
    return response;
  };

  http::ServerOptions server_options;
  server_options.listen = options.listen;
  server_options.threads = options.worker_threads;
  server_options.server_name = "erpsim-" + options.flavor;
  server_options.body_limit = 8 << 20;
  auto server = http::Server::Start(server_options, std::move(handler));
  if (!server.ok()) return server.error();
  impl->server = std::move(server).value();
  {
    std::lock_guard lock(impl->state->mu);
    impl->state->base_url =
        "http://" + impl->server->host() + ":" + std::to_string(impl->server->port());
  }
  return std::unique_ptr<Simulator>(new Simulator(std::move(impl)));
}

Simulator::Simulator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Simulator::~Simulator() { Stop(); }

uint16_t Simulator::port() const { return impl_->server->port(); }

std::string Simulator::base_url() const {
  std::lock_guard lock(impl_->state->mu);
  return impl_->state->base_url;
}

void Simulator::Stop() {
  if (impl_ && impl_->server) impl_->server->Stop();
}

Dataset Simulator::dataset() const {
  std::lock_guard lock(impl_->state->mu);
  return impl_->state->dataset;
}

std::vector<nlohmann::json> Simulator::events() const { return impl_->state->events.Snapshot(); }

Status Simulator::Pay(int64_t invoice_id) {
  SimState& state = *impl_->state;
  std::lock_guard lock(state.mu);
  return state.Pay(impl_->flavor->name(), invoice_id, state.today);
}

}  // namespace atende::erpsim
