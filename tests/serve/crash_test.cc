// Crash test: the real `atende serve` binary under a steady stream of signed Cloud webhooks is
// killed with SIGKILL — at the moment the Graph API has taken a reply but not yet answered — and
// restarted on the same port; the sender retries every webhook until it gets a 200 (as Meta does).
// The Graph API stand-in posts a "sent" status for each message it takes, echoing
// biz_opaque_callback_data, as Meta does. Every accepted message must be answered exactly once
// (none lost; the reply in flight at the kill is settled by its status, not sent again), and
// Maria's trust unlock performed exactly once (the simulator's events).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>
#include <tuple>

#include "channel/testing/cloud_webhook.h"
#include "erpsim/simulator.h"
#include "http/client.h"
#include "http/server.h"
#include "server/service.h"

namespace atende::server {
namespace {

using nlohmann::json;
constexpr const char* kPnid = "106540352242922";
constexpr const char* kSecret = "crash-secret";

std::string Webhook(const std::string& id, const std::string& from, const std::string& text) {
  return channel::testing::CloudTextWebhook(kPnid, id, from, text);
}

class Child {
 public:
  // Starts `atende serve` and waits for its listening line.
  bool Start(const std::vector<std::string>& args) {
    int fds[2];
    if (pipe(fds) != 0) return false;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      std::vector<char*> argv;
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(fds[1]);
    FILE* out = fdopen(fds[0], "r");
    char line[256] = {0};
    bool ok =
        fgets(line, sizeof line, out) != nullptr && std::string(line).starts_with("listening on ");
    fclose(out);
    return ok;
  }
  void Kill() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  void Terminate() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  ~Child() { Kill(); }

 private:
  pid_t pid_ = -1;
};

TEST(CrashTest, KilledMidStreamEveryAcceptedMessageIsAnsweredOnce) {
  // The Graph API: counts what each subscriber receives, and queues the "sent" status webhook.
  std::mutex mu;
  std::condition_variable statuses_cv;
  std::deque<std::string> statuses;
  bool finished = false;
  std::map<std::string, int> received;
  std::atomic<int> total{0};
  constexpr int kKillAtSend = 40;
  std::atomic<bool> mid_send{false};
  auto graph = http::Server::Start({}, [&](const http::Request& r) {
    json body = json::parse(r.body, nullptr, false);
    int n = ++total;
    std::string id = "wamid.C" + std::to_string(n);
    if (!body.is_discarded()) {
      std::lock_guard lock(mu);
      std::string to = body.value("to", "");
      ++received[to];
      statuses.push_back(channel::testing::CloudStatusWebhook(
          kPnid, id, "sent", to, body.value("biz_opaque_callback_data", "")));
    }
    statuses_cv.notify_one();
    auto response = http::Response::Json(200, R"({"messages":[{"id":")" + id + R"("}]})");
    if (n == kKillAtSend) {  // taken, but the answer is held back: the kill lands mid-send
      response.delay = std::chrono::seconds(2);
      mid_send = true;
    }
    return response;
  });
  ASSERT_TRUE(graph.ok());
  erpsim::SimulatorOptions sim;
  sim.flavor = "ixc";
  sim.data_path = std::string(ATENDE_SOURCE_DIR) + "/data/demo/isp.json";
  auto simulator = erpsim::Simulator::Start(sim);
  ASSERT_TRUE(simulator.ok());

  std::string dir = ::testing::TempDir() + "/crash_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/atende.toml")
      << "[serve]\ndatabase = \"atende.db\"\ndebounce_ms = 20\nworkers = 2\noutbox_settle_ms = "
         "3000\n"
      << "[[tenant]]\nid = \"crash\"\n[tenant.erp]\nflavor = \"ixc\"\nbase_url = \""
      << (*simulator)->base_url() << "\"\ntoken_env = \"CRASH_ERP_TOKEN\"\n"
      << "[tenant.whatsapp]\nphone_number_id = \"" << kPnid
      << "\"\naccess_token_env = \"CRASH_WA_TOKEN\"\napp_secret_env = "
         "\"CRASH_WA_SECRET\"\nverify_token_env = \"CRASH_WA_TOKEN\"\n"
      << "graph_base_url = \"http://127.0.0.1:" << (*graph)->port() << "\"\n";
  // (outbox_settle_ms is in [serve] below.)
  setenv("CRASH_ERP_TOKEN", "sim-token", 1);
  setenv("CRASH_WA_TOKEN", "token", 1);
  setenv("CRASH_WA_SECRET", kSecret, 1);

  // A free port, reused across the restart.
  int port = 0;
  {
    auto probe =
        http::Server::Start({}, [](const http::Request&) { return http::Response::Text(200, ""); });
    ASSERT_TRUE(probe.ok());
    port = (*probe)->port();
    (*probe)->Stop();
  }
  std::string listen = "127.0.0.1:" + std::to_string(port);
  std::vector<std::string> args = {
      ATENDE_BINARY, "serve", "--config", dir + "/atende.toml",
      "--listen",    listen,  "--today",  (*simulator)->dataset().today.ToIso()};
  Child child;
  ASSERT_TRUE(child.Start(args));

  // Meta's side: every webhook is retried until the service answers 200.
  auto post = [&](http::HttpClient& client, const std::string& body) {
    for (int attempt = 0; attempt < 400; ++attempt) {
      http::ClientRequest request;
      request.method = http::Method::kPost;
      request.url = "http://" + listen + "/webhooks/whatsapp";
      request.body = body;
      request.headers = {{"X-Hub-Signature-256", "sha256=" + HmacSha256Hex(kSecret, body)}};
      auto response = client.Send(request);
      if (response.ok() && response->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  };
  http::CurlClientOptions client_options;
  client_options.max_retries = 0;
  client_options.total_timeout = std::chrono::milliseconds(2000);
  std::thread status_poster([&] {
    http::CurlHttpClient client(client_options);
    std::unique_lock lock(mu);
    while (true) {
      statuses_cv.wait(lock, [&] { return finished || !statuses.empty(); });
      if (statuses.empty()) return;
      std::string body = std::move(statuses.front());
      statuses.pop_front();
      lock.unlock();
      post(client, body);
      lock.lock();
    }
  });

  constexpr int kSubscribers = 150;
  std::thread sender([&] {
    http::CurlHttpClient client(client_options);
    post(client, Webhook("wamid.maria1", "5519987654321", "libera minha internet"));
    for (int i = 0; i < kSubscribers; ++i) {
      post(client,
           Webhook("wamid.s" + std::to_string(i), "55119" + std::to_string(80000000 + i), "oi"));
      if (i == kSubscribers / 3)
        post(client, Webhook("wamid.maria2", "5519987654321", "529.982.247-25"));
    }
  });
  while (!mid_send.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  child.Kill();
  ASSERT_TRUE(child.Start(args));
  sender.join();

  // Wait until every subscriber has been answered and nothing more arrives.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int last = -1;
  http::CurlHttpClient metrics_client(client_options);
  auto outbox_empty = [&] {  // nothing held back (a send waiting to be settled counts as pending)
    http::ClientRequest request;
    request.url = "http://" + listen + "/metrics";
    auto response = metrics_client.Send(request);
    static const std::regex kEmpty("\natende_outbox_depth(\\{\\})? 0(\\.0*)?\n");
    return response.ok() && std::regex_search(response->body, kEmpty);
  };
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    size_t answered;
    {
      std::lock_guard lock(mu);
      answered = received.size();
    }
    if (answered >= kSubscribers + 1 && total.load() == last && outbox_empty()) break;
    last = total.load();
  }
  child.Terminate();
  {
    std::lock_guard lock(mu);
    finished = true;
  }
  statuses_cv.notify_one();
  status_poster.join();

  std::map<int, int> histogram;  // replies per "oi" subscriber → how many subscribers
  {
    std::lock_guard lock(mu);
    for (int i = 0; i < kSubscribers; ++i)
      ++histogram[received["55119" + std::to_string(80000000 + i)]];
  }
  // The most common count is what one "oi" gets. Nobody may get fewer (a lost message) and nobody
  // more (a reply in flight at the kill — taken by the provider, not yet marked sent — must be
  // settled by its echoed status instead of being sent again).
  int base = 0, most = 0;
  for (const auto& [count, subscribers] : histogram) {
    if (subscribers > most) std::tie(base, most) = std::tie(count, subscribers);
  }
  EXPECT_GE(base, 1);
  EXPECT_EQ(histogram.begin()->first, base) << "a message was lost: " << json(histogram).dump();
  EXPECT_EQ(histogram.rbegin()->first, base)
      << "a reply was sent twice: " << json(histogram).dump();
  int unlocks = 0;
  for (const auto& e : (*simulator)->events())
    unlocks += e.value("kind", "") == "trust_unlock" ? 1 : 0;
  EXPECT_EQ(unlocks, 1);
  (*simulator)->Stop();
  (*graph)->Stop();
}

}  // namespace
}  // namespace atende::server
