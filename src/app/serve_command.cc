// `atende serve --config FILE`: the long-running service. Loads the TOML configuration (secrets
// from the environment variables it names; a missing one stops the start with the key and the
// variable named), opens the store, builds each tenant's ERP, channel and agent, starts the HTTP
// service, prints exactly one line "listening on http://HOST:PORT" (flushed), serves until
// SIGINT/SIGTERM and exits 0.
#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <iostream>

#include "app/command.h"
#include "app/service_config.h"
#include "channel/factory.h"
#include "erp/factory.h"
#include "server/service.h"
#include "store/open_store.h"
#include "store/store.h"

namespace atende::app {
namespace {

struct ServeArgs {
  std::string config;
  std::string listen;
  std::string today;
};

int Run(const ServeArgs& args) {
  // stdout carries only the listening line (cli-contract.md); logs go to stderr.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("atende"));
  spdlog::set_pattern(R"(ts=%Y-%m-%dT%H:%M:%S.%e%z level=%l msg="%v")");
  auto config =
      LoadServiceConfig(args.config, [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        return value == nullptr ? std::nullopt : std::optional<std::string>(value);
      });
  if (!config.ok()) return Fail("serve", config.error().message, 2);
  if (!args.listen.empty()) config->listen = args.listen;

  std::unique_ptr<Clock> clock;
  if (!args.today.empty()) {
    auto today = Date::ParseIso(args.today);
    if (!today.ok()) return Fail("serve", "--today: want YYYY-MM-DD, got '" + args.today + "'", 2);
    clock = FixedClock::AtLocalNoon(*today);
  } else {
    clock = std::make_unique<SystemClock>();
  }
  SystemClock wall;

  auto classifier = nlu::IntentClassifier::Load(nlu::DefaultModelPath());
  if (!classifier.ok()) return Fail("serve", classifier.error().message);
  auto database = store::OpenStore(config->database);
  if (!database.ok()) return Fail("serve", "[serve] database: " + database.error().message, 2);

  std::vector<server::Tenant> tenants;
  for (TenantConfig& t : config->tenants) {
    auto erp = erp::MakeErp(t.erp, *clock);
    if (!erp.ok()) return Fail("serve", "[[tenant]] '" + t.id + "' erp: " + erp.error().message, 2);
    auto channel = channel::MakeChannel(t.channel, wall);
    if (!channel.ok())
      return Fail("serve", "[[tenant]] '" + t.id + "' channel: " + channel.error().message, 2);
    server::Tenant tenant;
    tenant.id = t.id;
    tenant.provider = t.channel.provider;
    tenant.channel_key = t.channel.provider == "whatsapp" ? t.channel.whatsapp.phone_number_id
                                                          : t.channel.evolution.instance;
    tenant.verify_token = t.channel.whatsapp.verify_token;
    tenant.payments_secret = t.payments_secret;
    tenant.payment_template = t.payment_template;
    tenant.released_template = t.released_template;
    tenant.reopen_template = t.reopen_template;
    tenant.payment_poll = t.payment_poll;
    for (const auto& spec : t.templates)
      tenant.templates.push_back({spec.name, spec.parameters, spec.language});
    tenant.channel = std::shared_ptr<channel::Channel>(std::move(channel).value());
    tenant.agent = std::make_shared<server::TenantAgent>(
        t.id, **database, std::move(erp).value(), **classifier,
        dialogue::Policy(t.agent.policy, t.agent.messages), *clock,
        agent::Issuer{t.agent.policy.beneficiary_name, t.agent.policy.beneficiary_document,
                      t.agent.policy.late_fee});
    tenants.push_back(std::move(tenant));
  }

  server::ServiceOptions options;
  options.http.listen = config->listen;
  options.http.threads = config->threads;
  options.http.body_limit = config->body_limit;
  options.dispatcher.workers = config->workers;
  options.dispatcher.debounce = config->debounce;
  options.outbox.settle = config->outbox_settle;
  options.outbox.senders = config->outbox_senders;
  options.instance = config->instance;
  if (options.instance == "auto") {  // unique among the processes sharing the database
    std::array<char, 256> host{};
    ::gethostname(host.data(), host.size() - 1);
    options.instance = std::string(host.data()) + ":" + std::to_string(::getpid());
  }
  options.admin_tokens = config->admin_tokens;
  options.dispatcher.payment_watch = config->payment_watch;

  // Block the stop signals in every thread (the service's threads inherit the mask); this one waits
  // for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  size_t tenant_count = tenants.size();
  auto service = server::Service::Start(options, **database, std::move(tenants), wall);
  if (!service.ok()) return Fail("serve", service.error().message);
  std::string host = config->listen.substr(0, config->listen.rfind(':'));
  std::cout << "listening on http://" << host << ":" << (*service)->port() << std::endl;
  spdlog::info("serving {} tenant(s), database {}", tenant_count,
               store::DatabaseForLog(config->database));
  int received = 0;
  sigwait(&stop_signals, &received);
  spdlog::info("stopping (signal {})", received);
  (*service)->Stop();
  return 0;
}

void Install(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = root.add_subcommand(
      "serve", "Run the WhatsApp service (webhooks, dispatcher, outbox, admin API)");
  cmd->add_option("--config", args->config,
                  "TOML configuration ([serve], [[tenant]]; config/atende.example.toml)")
      ->required();
  cmd->add_option("--listen", args->listen, "host:port, overrides [serve] listen");
  cmd->add_option("--today", args->today, "Fix the agent's date (YYYY-MM-DD), for demos and tests");
  cmd->callback([args, &exit_code] { exit_code = Run(*args); });
}

const CommandRegistration kRegistration("serve", &Install);

}  // namespace
}  // namespace atende::app
