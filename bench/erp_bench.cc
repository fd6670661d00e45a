// ERP benchmarks (issue 3): what the simulator serves on loopback, what a connector costs per call
// on top of the wire (parse + map, measured by replaying recorded simulator responses through a
// fake transport), for a customer lookup and for a page of 500 invoices, and how fast calls fail
// once the circuit breaker is open. Run: build-*/bench/erp_bench  (figures in the erp report; the
// ctest smoke run only checks it works).
#include <benchmark/benchmark.h>

#include <map>
#include <mutex>

#include "erp/factory.h"
#include "erp/guarded_erp.h"
#include "erpsim/simulator.h"

namespace atende {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kBigContract = 20;

// The golden dataset of erpsim-data.md plus a second subscriber whose contract has 500 open
// invoices.
erpsim::Dataset BenchDataset() {
  std::string path = std::string(ATENDE_SOURCE_DIR) + "/tests/erp_conformance/golden.json";
  erpsim::Dataset d = erpsim::Dataset::Load(path).value();
  erpsim::Customer c;
  c.id = 2;
  c.name = "João Pereira Santos";
  c.document = Document::Parse("11144477735").value();
  c.birth_date = Date::ParseIso("1979-08-14").value();
  c.phones = {Phone::Parse("+5511912345678").value()};
  c.email = "joao@example.com";
  c.address = {"Avenida Brasil", "1500", "apto 12", "Jardim", "Campinas", "SP", "13010200"};
  d.AddCustomer(c);
  erpsim::Contract k;
  k.id = kBigContract;
  k.customer_id = 2;
  k.plan_id = 1;
  k.status = erpsim::ContractStatus::kActive;
  k.online = true;
  d.AddContract(k);
  Date first = Date::ParseIso("2026-01-05").value();
  for (int i = 0; i < 500; ++i) {
    erpsim::Invoice inv;
    inv.id = 1000 + i;
    inv.contract_id = kBigContract;
    inv.due_date = first.AddDays(i);
    inv.amount = Money::FromCents(9990 + i);
    inv.status = erpsim::InvoiceStatus::kOpen;
    d.AddInvoice(inv);
  }
  d.Reindex();
  return d;
}

// Forwards to a real client and keeps every answer, keyed by request, for replay.
class RecordingClient final : public http::HttpClient {
 public:
  explicit RecordingClient(std::shared_ptr<http::HttpClient> inner) : inner_(std::move(inner)) {}
  Result<http::ClientResponse> Send(const http::ClientRequest& r) override {
    auto resp = inner_->Send(r);
    std::lock_guard lock(mu_);
    if (resp.ok()) answers_[Key(r)] = *resp;
    requests_.push_back(r);
    return resp;
  }
  static std::string Key(const http::ClientRequest& r) {
    return std::string(http::MethodName(r.method)) + " " + r.url + "\n" + r.body;
  }
  std::map<std::string, http::ClientResponse> answers_;
  std::vector<http::ClientRequest> requests_;

 private:
  std::shared_ptr<http::HttpClient> inner_;
  std::mutex mu_;
};

class ReplayClient final : public http::HttpClient {
 public:
  explicit ReplayClient(std::map<std::string, http::ClientResponse> answers)
      : answers_(std::move(answers)) {}
  Result<http::ClientResponse> Send(const http::ClientRequest& r) override {
    auto it = answers_.find(RecordingClient::Key(r));
    if (it == answers_.end()) return Error::Internal("not recorded: " + r.url);
    return it->second;
  }

 private:
  std::map<std::string, http::ClientResponse> answers_;
};

struct Env {
  std::unique_ptr<FixedClock> clock = FixedClock::AtLocalNoon(Date::ParseIso("2026-11-22").value());
  std::unique_ptr<erpsim::Simulator> sim;
  std::shared_ptr<http::CurlHttpClient> curl = std::make_shared<http::CurlHttpClient>();
  erp::ConnectorConfig config;
  Customer maria, joao;
  Contract big;
  std::vector<http::ClientRequest> lookup_requests;  // the wire calls of one lookup (no token call)
  std::map<std::string, http::ClientResponse> lookup_answers, page_answers;
  size_t page_bytes = 0;  // wire bytes of the 500-invoice listing
};

Env& EnvFor(const std::string& flavor) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Env>> envs;
  std::lock_guard lock(mu);
  auto& slot = envs[flavor];
  if (slot) return *slot;
  slot = std::make_unique<Env>();
  Env& e = *slot;
  erpsim::SimulatorOptions o;
  o.flavor = flavor;
  o.dataset = BenchDataset();
  o.worker_threads = 1;
  e.sim = erpsim::Simulator::Start(o).value();
  e.config.flavor = flavor;
  e.config.base_url = e.sim->base_url();
  e.config.token = "sim-token";

  auto rec = std::make_shared<RecordingClient>(e.curl);
  auto connector = erp::MakeConnector(e.config, *e.clock, rec).value();
  e.maria =
      connector->FindCustomersByDocument(Document::Parse("52998224725").value()).value().at(0);
  for (const auto& r : rec->requests_) {
    bool token_call = r.url.ends_with("/api/") || r.url.ends_with("/connect/token") ||
                      r.url.ends_with("/oauth/token");
    if (!token_call) e.lookup_requests.push_back(r);
  }
  e.lookup_answers = rec->answers_;
  e.joao = connector->FindCustomersByDocument(Document::Parse("11144477735").value()).value().at(0);
  e.big = connector->ListContracts(e.joao).value().at(0);
  rec->answers_.clear();
  auto page = connector->ListInvoices(e.big, erp::InvoiceFilter::kOpen).value();
  if (page.size() != 500) std::abort();
  e.page_answers = rec->answers_;
  for (const auto& [k, v] : rec->answers_) e.page_bytes += v.body.size();
  // The token calls (MK-Auth, Voalle, HubSoft) are in the lookup's recording.
  for (const auto& [k, v] : e.lookup_answers) e.page_answers.emplace(k, v);
  return e;
}

// Requests per second the simulator answers on loopback: the raw calls of one customer lookup.
void BM_SimulatorServesLookup(benchmark::State& state, std::string flavor) {
  Env& e = EnvFor(flavor);
  size_t i = 0;
  for (auto _ : state) {
    auto r = e.curl->Send(e.lookup_requests[i++ % e.lookup_requests.size()]);
    if (!r.ok() || r->status != 200) state.SkipWithError("simulator request failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetLabel("requests");
}

// A whole customer lookup through the real connector, libcurl and the simulator.
void BM_LookupOverLoopback(benchmark::State& state, std::string flavor) {
  Env& e = EnvFor(flavor);
  auto erp = erp::MakeErp(e.config, *e.clock, e.curl).value();
  Document doc = Document::Parse("52998224725").value();
  for (auto _ : state) {
    auto r = erp->FindCustomersByDocument(doc);
    if (!r.ok()) state.SkipWithError(r.error().ToString().c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

// Connector overhead of a lookup: the recorded wire answers replayed, so only request building,
// parsing and mapping (plus code validation) are measured.
void BM_ConnectorLookupOverhead(benchmark::State& state, std::string flavor) {
  Env& e = EnvFor(flavor);
  auto erp =
      erp::MakeConnector(e.config, *e.clock, std::make_shared<ReplayClient>(e.lookup_answers))
          .value();
  Document doc = Document::Parse("52998224725").value();
  for (auto _ : state) {
    auto r = erp->FindCustomersByDocument(doc);
    if (!r.ok()) state.SkipWithError(r.error().ToString().c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

// Connector overhead of one page of 500 open invoices (linha and PIX of each validated).
void BM_ConnectorInvoicePage500(benchmark::State& state, std::string flavor) {
  Env& e = EnvFor(flavor);
  auto erp = erp::MakeConnector(e.config, *e.clock, std::make_shared<ReplayClient>(e.page_answers))
                 .value();
  for (auto _ : state) {
    auto r = erp->ListInvoices(e.big, erp::InvoiceFilter::kOpen);
    if (!r.ok() || r->size() != 500) state.SkipWithError("page of 500 not read");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 500);
  state.counters["page_kB"] = static_cast<double>(e.page_bytes) / 1024;
  state.SetLabel("invoices");
}

// With fail_rate 1 and the breaker open: the cost of a failed call.
void BM_FailFastBreakerOpen(benchmark::State& state, std::string flavor) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<erpsim::Simulator>> dead;
  auto clock = FixedClock::AtLocalNoon(Date::ParseIso("2026-11-22").value());
  std::string base;
  {
    std::lock_guard lock(mu);
    auto& sim = dead[flavor];
    if (!sim) {
      erpsim::SimulatorOptions o;
      o.flavor = flavor;
      o.data_path = std::string(ATENDE_SOURCE_DIR) + "/tests/erp_conformance/golden.json";
      o.fail_rate = 1;
      o.timeout_fault_ms = 300;
      o.worker_threads = 1;
      sim = erpsim::Simulator::Start(o).value();
    }
    base = sim->base_url();
  }
  erp::ConnectorConfig c;
  c.flavor = flavor;
  c.base_url = base;
  c.token = "sim-token";
  c.timeout = 200ms;
  c.guard.breaker = {3, 60000ms};
  http::CurlClientOptions ho;
  ho.total_timeout = 200ms;
  ho.max_retries = 0;
  auto erp = erp::MakeErp(c, *clock, std::make_shared<http::CurlHttpClient>(ho)).value();
  Document doc = Document::Parse("52998224725").value();
  auto opening_start = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) benchmark::DoNotOptimize(erp->FindCustomersByDocument(doc));
  double opening_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - opening_start)
          .count();
  for (auto _ : state) {
    auto r = erp->FindCustomersByDocument(doc);
    if (r.ok()) state.SkipWithError("a call succeeded against fail_rate 1");
    benchmark::DoNotOptimize(r);
  }
  state.counters["ms_to_open_breaker"] = opening_ms;
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

#define ERP_BENCH(fn)                                     \
  BENCHMARK_CAPTURE(fn, ixc, "ixc")->UseRealTime();       \
  BENCHMARK_CAPTURE(fn, sgp, "sgp")->UseRealTime();       \
  BENCHMARK_CAPTURE(fn, mkauth, "mkauth")->UseRealTime(); \
  BENCHMARK_CAPTURE(fn, voalle, "voalle")->UseRealTime(); \
  BENCHMARK_CAPTURE(fn, hubsoft, "hubsoft")->UseRealTime()

ERP_BENCH(BM_SimulatorServesLookup);
ERP_BENCH(BM_LookupOverLoopback);
ERP_BENCH(BM_ConnectorLookupOverhead);
ERP_BENCH(BM_ConnectorInvoicePage500);
ERP_BENCH(BM_FailFastBreakerOpen);

}  // namespace
}  // namespace atende

BENCHMARK_MAIN();
