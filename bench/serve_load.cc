// serve_load: the service under load, over real HTTP on loopback.
//   BM_WebhookIngest — signed Cloud API text webhooks (unique ids) → signature check, parse,
//     durable inbox insert, 200. Reports messages/s and the acknowledgement latency p50/p99
//     (target ≥ 5,000/s, p99 < 20 ms). The dispatcher's debounce is set long so only ingest is
//     measured.
//   BM_WholeTurns — each message from a different subscriber ("oi"), through the dispatcher, the
//     agent (ERP simulator at 0 ms, real IXC connector) and the outbox to a capture Graph API
//     server; reports turns/s, and the ERP calls per turn counted by the service's MeteredErp (0
//     for "oi": the identification prompt comes before any ERP call).
//   BM_DebtInquiryTurns — turns that reach the ERP: dataset subscribers ask "quanto eu devo" from
//     their registered phone, then send their CPF/CNPJ (identification, contracts, invoices, the
//     debt answered); both turns counted (target ≥ 1,000 turns/s). Run with 1 and 8 outbox senders
//     against a Graph API stand-in answering at once and in 20 ms.
//   BM_MemoryPerConversation — opens N conversations (each a new subscriber saying "oi" and
//     getting the identification prompt; debounce 0; store on disk) and reports the resident
//     memory they added, (RSS after − RSS before) ÷ N, from /proc/self/statm after malloc_trim on
//     both sides. N is 20,000 (--conversations=N to change it); 200 in the ctest smoke run.
//   BM_AttendanceTracking — the memory Metrics::ObserveAttendance keeps per active conversation.
//   BM_MeteredErpCall — what MeteredErp adds to one ERP call (counter + histogram), over an ERP
//     that answers at once.
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string_view>
#include <thread>

#include "channel/factory.h"
#include "channel/testing/cloud_webhook.h"
#include "erp/factory.h"
#include "erp/testing/empty_erp.h"
#include "erpsim/simulator.h"
#include "http/client.h"
#include "http/server.h"
#include "server/metered_erp.h"
#include "server/service.h"

namespace atende::server {
namespace {

constexpr const char* kPnid = "106540352242922";
constexpr const char* kSecret = "bench-secret";

std::string Webhook(const std::string& id, const std::string& from, const std::string& text) {
  return channel::testing::CloudTextWebhook(kPnid, id, from, text);
}

struct Rig {
  std::unique_ptr<http::Server> graph;
  std::atomic<int> graph_messages{0};
  std::unique_ptr<erpsim::Simulator> simulator;
  std::unique_ptr<FixedClock> clock;
  SystemClock wall;
  std::unique_ptr<nlu::IntentClassifier> classifier;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<Service> service;

  // `graph_delay`: how long the Graph API stand-in takes to answer each send (the real one takes
  // tens to hundreds of milliseconds); `senders`: the outbox's worker threads.
  explicit Rig(std::chrono::milliseconds debounce, int senders = OutboxOptions{}.senders,
               std::chrono::milliseconds graph_delay = std::chrono::milliseconds(0)) {
    auto graph_server = http::Server::Start({}, [this, graph_delay](const http::Request&) {
      int n = ++graph_messages;
      auto response = http::Response::Json(
          200, R"({"messages":[{"id":"wamid.B)" + std::to_string(n) + R"("}]})");
      response.delay = graph_delay;
      return response;
    });
    graph = std::move(graph_server).value();
    erpsim::SimulatorOptions sim;
    sim.flavor = "ixc";
    sim.generate = 2000;
    simulator = std::move(erpsim::Simulator::Start(sim)).value();
    clock = FixedClock::AtLocalNoon(simulator->dataset().today);
    classifier = std::move(nlu::IntentClassifier::Load(ATENDE_NLU_MODEL)).value();
    std::string db = "/tmp/serve_load_" + std::to_string(::getpid()) + ".db";
    std::filesystem::remove(db);
    std::filesystem::remove(db + "-wal");
    store = std::move(store::OpenSqliteStore(db)).value();
    erp::ConnectorConfig connector;
    connector.flavor = "ixc";
    connector.base_url = simulator->base_url();
    connector.token = "sim-token";
    channel::ChannelConfig cc;
    cc.provider = "whatsapp";
    cc.whatsapp.graph_base_url = "http://127.0.0.1:" + std::to_string(graph->port());
    cc.whatsapp.phone_number_id = kPnid;
    cc.whatsapp.access_token = "t";
    cc.whatsapp.app_secret = kSecret;
    cc.whatsapp.verify_token = "v";
    Tenant tenant;
    tenant.id = "bench";
    tenant.provider = "whatsapp";
    tenant.channel_key = kPnid;
    tenant.channel =
        std::shared_ptr<channel::Channel>(std::move(channel::MakeChannel(cc, wall)).value());
    tenant.agent = std::make_shared<TenantAgent>(
        "bench", *store, std::move(erp::MakeErp(connector, *clock)).value(), *classifier,
        dialogue::Policy(dialogue::PolicyConfig{}, dialogue::MessageCatalog{}), *clock,
        agent::Issuer{});
    ServiceOptions options;
    options.http.threads = 2;
    options.dispatcher.debounce = debounce;
    options.dispatcher.workers = 4;
    options.outbox.poll = std::chrono::milliseconds(5);
    options.outbox.senders = senders;
    std::vector<Tenant> tenants;
    tenants.push_back(std::move(tenant));
    service = std::move(Service::Start(options, *store, std::move(tenants), wall)).value();
  }
  ~Rig() {
    service->Stop();
    simulator->Stop();
    graph->Stop();
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(service->port()) + "/webhooks/whatsapp";
  }
};

std::atomic<int64_t> g_sequence{0};

int Post(http::HttpClient& client, const std::string& url, const std::string& body) {
  http::ClientRequest request;
  request.method = http::Method::kPost;
  request.url = url;
  request.body = body;
  request.headers = {{"Content-Type", "application/json"},
                     {"X-Hub-Signature-256", "sha256=" + HmacSha256Hex(kSecret, body)}};
  auto response = client.Send(request);
  return response.ok() ? response->status : -1;
}

void BM_WebhookIngest(benchmark::State& state) {
  static Rig* rig = nullptr;
  static std::mutex mu;
  static std::vector<double> latencies;
  if (state.thread_index() == 0) {
    rig = new Rig(std::chrono::minutes(10));
    latencies.clear();
  }
  http::CurlHttpClient client;
  std::vector<double> mine;
  int failures = 0;
  for (auto _ : state) {
    state.PauseTiming();
    int64_t n = ++g_sequence;
    std::string body =
        Webhook("wamid.I" + std::to_string(n), "55199" + std::to_string(10000000 + n % 90000000),
                "quero a segunda via do boleto");
    state.ResumeTiming();
    auto start = std::chrono::steady_clock::now();
    failures += Post(client, rig->url(), body) == 200 ? 0 : 1;
    mine.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  {
    std::lock_guard lock(mu);
    latencies.insert(latencies.end(), mine.begin(), mine.end());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["failures"] = failures;
  if (state.thread_index() == 0) {
    // Other threads' latencies land after their loops; thread 0 waits briefly for them.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::lock_guard lock(mu);
    std::sort(latencies.begin(), latencies.end());
    if (!latencies.empty()) {
      state.counters["ack_p50_ms"] = latencies[latencies.size() / 2];
      state.counters["ack_p99_ms"] = latencies[latencies.size() * 99 / 100];
    }
    delete rig;
    rig = nullptr;
  }
}
BENCHMARK(BM_WebhookIngest)->Threads(4)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_WholeTurns(benchmark::State& state) {
  Rig rig(std::chrono::milliseconds(0));
  const auto customers = rig.simulator->dataset().customers;
  http::CurlHttpClient client;
  int64_t turns = 0;
  for (auto _ : state) {
    const int batch = 200;
    int before = rig.graph_messages.load();
    for (int i = 0; i < batch; ++i) {
      int64_t n = ++g_sequence;
      std::string phone = "5519" + std::to_string(900000000 + n % 99999999);
      Post(client, rig.url(), Webhook("wamid.T" + std::to_string(n), phone, "oi"));
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (rig.graph_messages.load() - before < batch &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    turns += batch;
  }
  state.SetItemsProcessed(turns);
  uint64_t erp_calls = rig.service->metrics().HistogramCount(
      "atende_erp_call_seconds", Labels({{"tenant", "bench"}, {"erp", "ixc"}}));
  state.counters["erp_calls_per_turn"] =
      static_cast<double>(erp_calls) / static_cast<double>(std::max<int64_t>(1, turns));
}
BENCHMARK(BM_WholeTurns)->UseRealTime()->Unit(benchmark::kMillisecond)->Iterations(3);

// Turns that reach the ERP: subscribers of the generated dataset ask "quanto eu devo" from their
// registered phone, then send their CPF/CNPJ — identification, contracts and invoices read from
// the simulator (0 ms) through the real IXC connector, the debt answered. Both turns counted.
void BM_DebtInquiryTurns(benchmark::State& state) {
  Rig rig(std::chrono::milliseconds(0), static_cast<int>(state.range(0)),
          std::chrono::milliseconds(state.range(1)));
  const auto customers = rig.simulator->dataset().customers;
  http::CurlHttpClient client;
  auto wait_idle = [&] {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!rig.service->Idle() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  };
  size_t next = 0;
  int64_t turns = 0;
  int sent_before = rig.graph_messages.load();
  for (auto _ : state) {
    std::vector<std::pair<std::string, std::string>> batch;  // phone, document
    while (batch.size() < 100) {
      const auto& c = customers[next++ % customers.size()];
      if (!c.phones.empty())
        batch.emplace_back(c.phones[0].e164().substr(1), c.document.Formatted());
    }
    for (const auto& [phone, document] : batch) {
      Post(client, rig.url(),
           Webhook("wamid.D" + std::to_string(++g_sequence), phone, "quanto eu devo"));
    }
    wait_idle();
    for (const auto& [phone, document] : batch)
      Post(client, rig.url(), Webhook("wamid.D" + std::to_string(++g_sequence), phone, document));
    wait_idle();
    turns += 2 * static_cast<int64_t>(batch.size());
  }
  state.SetItemsProcessed(turns);
  uint64_t erp_calls = rig.service->metrics().HistogramCount(
      "atende_erp_call_seconds", Labels({{"tenant", "bench"}, {"erp", "ixc"}}));
  state.counters["erp_calls_per_turn"] =
      static_cast<double>(erp_calls) / static_cast<double>(std::max<int64_t>(1, turns));
  state.counters["messages_per_turn"] =
      static_cast<double>(rig.graph_messages.load() - sent_before) /
      static_cast<double>(std::max<int64_t>(1, turns));
}
// Outbox senders 1 and 8, against a Graph API answering at once and in 20 ms.
BENCHMARK(BM_DebtInquiryTurns)
    ->ArgNames({"senders", "graph_ms"})
    ->Args({1, 0})
    ->Args({8, 0})
    ->Args({1, 20})
    ->Args({8, 20})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

// Resident set size in bytes (second field of /proc/self/statm, in pages), after returning freed
// heap to the system so that only what is still held counts.
double ResidentBytes() {
  malloc_trim(0);
  long pages = 0, resident = 0;
  if (FILE* statm = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(statm, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(statm);
  }
  return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

// Sends "oi" from `count` new subscribers and waits until each has its reply and the service is
// idle.
bool OpenConversations(Rig& rig, http::HttpClient& client, int64_t count) {
  int before = rig.graph_messages.load();
  for (int64_t i = 0; i < count; ++i) {
    int64_t n = ++g_sequence;
    std::string phone = "5519" + std::to_string(900000000 + n % 99999999);
    if (Post(client, rig.url(), Webhook("wamid.M" + std::to_string(n), phone, "oi")) != 200)
      return false;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while ((rig.graph_messages.load() - before < count || !rig.service->Idle()) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return rig.graph_messages.load() - before >= count;
}

void BM_MemoryPerConversation(benchmark::State& state) {
  const int64_t n = state.range(0);
  for (auto _ : state) {
    state.PauseTiming();
    Rig rig(std::chrono::milliseconds(0));
    http::CurlHttpClient client;
    // Warm up: threads, connections, caches and the classifier's first use are not per
    // conversation.
    if (!OpenConversations(rig, client, std::min<int64_t>(n, 500))) {
      state.SkipWithError("warm-up conversations were not answered");
      break;
    }
    double before = ResidentBytes();
    state.ResumeTiming();
    bool answered = OpenConversations(rig, client, n);
    state.PauseTiming();
    double after = ResidentBytes();
    if (!answered) {
      state.SkipWithError("not every conversation was answered within 5 minutes");
      break;
    }
    state.counters["conversations"] = static_cast<double>(n);
    state.counters["rss_before_MB"] = before / 1e6;
    state.counters["rss_after_MB"] = after / 1e6;
    state.counters["bytes_per_conversation"] = (after - before) / static_cast<double>(n);
    state.counters["conversations_per_s"] =
        benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsRate);
    state.ResumeTiming();
  }
}

void BM_AttendanceTracking(benchmark::State& state) {
  const int64_t n = state.range(0);
  for (auto _ : state) {
    state.PauseTiming();
    auto metrics = std::make_unique<Metrics>();
    TimePoint at = SystemClock().Now();
    double before = ResidentBytes();
    state.ResumeTiming();
    for (int64_t i = 0; i < n; ++i) {
      metrics->ObserveAttendance("fibra", "fibra/+55199" + std::to_string(10000000 + i), i % 5 == 0,
                                 at);
    }
    state.PauseTiming();
    double after = ResidentBytes();
    state.counters["bytes_per_conversation"] = (after - before) / static_cast<double>(n);
    metrics.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * n);
}

// An ERP that answers every call at once with an empty value.
class InstantErp final : public erp::testing::EmptyErp {
 public:
  std::string_view name() const override { return "instant"; }
};

void BM_MeteredErpCall(benchmark::State& state) {
  Metrics metrics;
  MeteredErp erp(std::make_unique<InstantErp>(), "fibra");
  if (state.range(0) != 0) erp.Attach(metrics);
  const Customer customer;
  for (auto _ : state) benchmark::DoNotOptimize(erp.ListContracts(customer));
}
BENCHMARK(BM_MeteredErpCall)->ArgName("metered")->Arg(0)->Arg(1);

}  // namespace
}  // namespace atende::server

// A custom main: the conversation count follows --conversations=N, or is small in the ctest smoke
// run (--benchmark_min_time below 0.1 s) so that run stays quick.
int main(int argc, char** argv) {
  int64_t conversations = 20000;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--conversations=")) {
      conversations = std::max<int64_t>(1, std::stoll(std::string(arg.substr(16))));
      continue;
    }
    if (arg.starts_with("--benchmark_min_time=") && std::stod(std::string(arg.substr(21))) < 0.1)
      conversations = std::min<int64_t>(conversations, 200);
    args.push_back(argv[i]);
  }
  int count = static_cast<int>(args.size());
  using atende::server::BM_AttendanceTracking;
  using atende::server::BM_MemoryPerConversation;
  benchmark::RegisterBenchmark("BM_MemoryPerConversation", BM_MemoryPerConversation)
      ->Arg(conversations)
      ->Iterations(1)
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_AttendanceTracking", BM_AttendanceTracking)
      ->Arg(conversations)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
