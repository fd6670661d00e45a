// ERP simulator figures: generating and loading a 100 000-subscriber ISP (the "under 5 s, under 1
// GB" target of `atende erpsim`, also per flavor until it listens), and one IXC customer lookup by
// CPF over loopback against that dataset.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "erpsim/flavor.h"
#include "erpsim/generator.h"
#include "erpsim/simulator.h"
#include "erpsim/testing/fetch.h"

namespace atende::erpsim {
namespace {

double MaxRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void BM_Generate(benchmark::State& state) {
  GeneratorOptions options;
  options.customers = static_cast<int>(state.range(0));
  size_t invoices = 0;
  for (auto _ : state) {
    Dataset d = Generate(options);
    invoices = d.invoices.size();
    benchmark::DoNotOptimize(d);
  }
  state.counters["invoices"] = static_cast<double>(invoices);
  state.counters["max_rss_mb"] = MaxRssMb();
}
BENCHMARK(BM_Generate)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_LoadJson(benchmark::State& state) {
  GeneratorOptions options;
  options.customers = static_cast<int>(state.range(0));
  std::string text = Generate(options).ToJson();
  for (auto _ : state) {
    auto loaded = Dataset::FromJson(text);
    if (!loaded.ok()) state.SkipWithError(loaded.error().message.c_str());
    benchmark::DoNotOptimize(loaded);
  }
  state.counters["json_mb"] = static_cast<double>(text.size()) / (1024.0 * 1024.0);
  state.counters["max_rss_mb"] = MaxRssMb();
}
BENCHMARK(BM_LoadJson)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(1);

// `atende erpsim --generate 100000` until it listens, per flavor: generation, indexing and the
// flavor's routes (the contract's "< 5 s").
void BM_ReadyWithGenerated(benchmark::State& state, std::string flavor) {
  for (auto _ : state) {
    SimulatorOptions options;
    options.flavor = flavor;
    options.generate = 100000;
    auto sim = Simulator::Start(options);
    if (!sim.ok()) state.SkipWithError(sim.error().message.c_str());
    benchmark::DoNotOptimize(sim);
  }
  state.counters["max_rss_mb"] = MaxRssMb();
}
BENCHMARK_CAPTURE(BM_ReadyWithGenerated, ixc, std::string("ixc"))
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK_CAPTURE(BM_ReadyWithGenerated, voalle, std::string("voalle"))
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK_CAPTURE(BM_ReadyWithGenerated, hubsoft, std::string("hubsoft"))
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

void BM_IxcLookupByCpf(benchmark::State& state) {
  SimulatorOptions options;
  options.flavor = "ixc";
  options.generate = 100000;
  auto sim = Simulator::Start(options);
  if (!sim.ok()) {
    state.SkipWithError(sim.error().message.c_str());
    return;
  }
  std::string cpf = (*sim)->dataset().customers[4242].document.Formatted();
  std::string body =
      R"({"qtype":"cliente.cnpj_cpf","query":")" + cpf + R"(","oper":"=","page":"1","rp":"5"})";
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Authorization", "Basic " + Base64Encode("1:sim-token")}, {"ixcsoft", "listar"}};
  for (auto _ : state) {
    auto reply = testing::Fetch((*sim)->port(), "POST", "/webservice/v1/cliente", headers, body);
    if (reply.status != 200) state.SkipWithError("lookup failed");
    benchmark::DoNotOptimize(reply);
  }
}
BENCHMARK(BM_IxcLookupByCpf)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace atende::erpsim

BENCHMARK_MAIN();
