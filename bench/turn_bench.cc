// Whole-turn latency of the agent (issue 4: p99 under 2 ms excluding the ERP's own time). The ERP
// is the simulator in-process at 0 ms latency, reached through the real IXC connector over loopback
// HTTP, so the figure includes classification, the policy, the connector's HTTP and parsing, and
// the state store. A policy-only benchmark (facts in memory) shows the share of the pure decision.
// Percentiles are reported as counters.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "agent/agent.h"
#include "erp/factory.h"
#include "erpsim/simulator.h"

namespace atende {
namespace {

const char* kGolden = ATENDE_SOURCE_DIR "/src/erpsim/testdata/golden.json";

// Percentiles of the whole turn and of the turn less the time inside ERP calls (the agent's own
// work).
void ReportPercentiles(benchmark::State& state, std::vector<double>& total,
                       std::vector<double>& own) {
  if (total.empty()) return;
  auto pct = [](std::vector<double>& v, double q) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
  };
  state.counters["p50_us"] = pct(total, 0.50);
  state.counters["p99_us"] = pct(total, 0.99);
  state.counters["own_p50_us"] = pct(own, 0.50);
  state.counters["own_p99_us"] = pct(own, 0.99);
}

// Forwards to the real connector and adds up the time spent inside ERP calls (HTTP round trip, the
// simulator's work and the connector's parsing), so the agent's own share of a turn can be reported
// beside the total.
class TimedErp final : public erp::Erp {
 public:
  explicit TimedErp(std::unique_ptr<erp::Erp> inner) : inner_(std::move(inner)) {}

 private:
  template <typename F>
  auto Time(F&& call) {
    auto t0 = std::chrono::steady_clock::now();
    auto result = call();
    micros_ +=
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    return result;
  }

 public:
  double TakeMicros() { return std::exchange(micros_, 0.0); }

  std::string_view name() const override { return inner_->name(); }
  erp::Capabilities capabilities() const override { return inner_->capabilities(); }
  Result<std::vector<Customer>> FindCustomersByDocument(const Document& d) override {
    return Time([&] { return inner_->FindCustomersByDocument(d); });
  }
  Result<std::vector<Customer>> FindCustomersByPhone(const Phone& p) override {
    return Time([&] { return inner_->FindCustomersByPhone(p); });
  }
  Result<std::vector<Contract>> ListContracts(const Customer& c) override {
    return Time([&] { return inner_->ListContracts(c); });
  }
  Result<std::vector<Invoice>> ListInvoices(const Contract& c, erp::InvoiceFilter f) override {
    return Time([&] { return inner_->ListInvoices(c, f); });
  }
  Result<erp::PaymentDocuments> GetPaymentDocuments(const Contract& c, const Invoice& i,
                                                    bool pdf) override {
    return Time([&] { return inner_->GetPaymentDocuments(c, i, pdf); });
  }
  Result<erp::TrustUnlockResult> TrustUnlock(const Contract& c,
                                             const erp::TrustUnlockRequest& r) override {
    return Time([&] { return inner_->TrustUnlock(c, r); });
  }
  Result<erp::PromiseResult> PromiseToPay(const Contract& c, Date d) override {
    return Time([&] { return inner_->PromiseToPay(c, d); });
  }
  Result<erp::TicketResult> OpenTicket(const erp::TicketRequest& r) override {
    return Time([&] { return inner_->OpenTicket(r); });
  }
  Result<erp::PaymentHistory> GetPaymentHistory(const Contract& c) override {
    return Time([&] { return inner_->GetPaymentHistory(c); });
  }

 private:
  std::unique_ptr<erp::Erp> inner_;
  double micros_ = 0;
};

struct Fixture {
  std::unique_ptr<erpsim::Simulator> simulator;
  std::unique_ptr<FixedClock> clock;
  std::unique_ptr<TimedErp> erp;
  std::unique_ptr<nlu::IntentClassifier> classifier;
  std::unique_ptr<dialogue::Policy> policy;
  agent::MemoryConversationStore store;
  agent::MemoryAuditLog audit;
  std::unique_ptr<agent::Agent> agent;
  Phone phone = *Phone::Parse("+5519987654321");

  explicit Fixture(const std::string& flavor) {
    erpsim::SimulatorOptions sim;
    sim.flavor = flavor;
    sim.data_path = kGolden;
    simulator = std::move(erpsim::Simulator::Start(sim)).value();
    clock = FixedClock::AtLocalNoon(simulator->dataset().today);
    erp::ConnectorConfig config;
    config.flavor = flavor;
    config.base_url = simulator->base_url();
    config.token = "sim-token";
    erp = std::make_unique<TimedErp>(std::move(erp::MakeErp(config, *clock)).value());
    classifier = std::move(nlu::IntentClassifier::Load(ATENDE_NLU_MODEL)).value();
    policy =
        std::make_unique<dialogue::Policy>(dialogue::PolicyConfig{}, dialogue::MessageCatalog{});
    agent = std::make_unique<agent::Agent>(*erp, *classifier, *policy, *clock, store, audit);
  }
};

// Times `message` from an identified subscriber (Maria of the golden dataset), the identification
// restored before every turn so each iteration does the same ERP reads.
void IdentifiedTurns(benchmark::State& state, const std::string& flavor, const std::string& message,
                     size_t min_replies) {
  Fixture f(flavor);
  (void)f.agent->HandleTurn(f.phone, {"529.982.247-25", "", dialogue::Media::kNone});
  auto identified = *f.store.Load(f.phone.e164());
  f.erp->TakeMicros();
  std::vector<double> micros, own;
  for (auto _ : state) {
    (void)f.store.Save(f.phone.e164(), identified);
    auto t0 = std::chrono::steady_clock::now();
    auto replies = f.agent->HandleTurn(f.phone, {message, "", dialogue::Media::kNone});
    double elapsed =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    micros.push_back(elapsed);
    own.push_back(elapsed - f.erp->TakeMicros());
    if (!replies.ok() || replies->size() < min_replies) state.SkipWithError("unexpected reply");
    benchmark::DoNotOptimize(replies);
  }
  ReportPercentiles(state, micros, own);
  f.simulator->Stop();
}

// An identified subscriber asks how much she owes: contracts and invoices are read from the ERP.
void BM_TurnDebtInquiry(benchmark::State& state, const std::string& flavor) {
  IdentifiedTurns(state, flavor, "quanto eu devo?", 2);
}

// The duplicate bill: contracts, invoices and the payment documents (the IXC PDF included).
void BM_TurnDuplicateBill(benchmark::State& state, const std::string& flavor) {
  IdentifiedTurns(state, flavor, "manda a segunda via", 4);
}

// A greeting: no ERP call at all — classification, policy and store only.
void BM_TurnGreeting(benchmark::State& state) {
  Fixture f("ixc");
  std::vector<double> micros, own;
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    auto replies = f.agent->HandleTurn(f.phone, {"oi, boa tarde", "", dialogue::Media::kNone});
    double elapsed =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    micros.push_back(elapsed);
    own.push_back(elapsed - f.erp->TakeMicros());
    benchmark::DoNotOptimize(replies);
  }
  ReportPercentiles(state, micros, own);
  f.simulator->Stop();
}

BENCHMARK_CAPTURE(BM_TurnDebtInquiry, ixc, std::string("ixc"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_TurnDebtInquiry, sgp, std::string("sgp"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_TurnDebtInquiry, mkauth, std::string("mkauth"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_TurnDuplicateBill, ixc, std::string("ixc"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_TurnDuplicateBill, sgp, std::string("sgp"))->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TurnGreeting)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace atende

BENCHMARK_MAIN();
