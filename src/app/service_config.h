// ServiceConfig: the `atende serve` configuration — the [serve] table (listen address, threads,
// database, debounce, admin tokens) and one [[tenant]] table per ISP (ERP, WhatsApp Cloud or
// Evolution channel, payment webhook secret and template, optional per-tenant agent file). Secrets
// are never written in the file: the file names environment variables (`*_env` keys) and loading
// fails with a message naming the key and the variable when one is unset.
// config/atende.example.toml documents every key.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/agent_config.h"
#include "channel/factory.h"
#include "core/result.h"
#include "erp/connector_config.h"
#include "speech/speech_config.h"

namespace atende::app {

struct TenantConfig {
  std::string id;
  erp::ConnectorConfig erp;
  channel::ChannelConfig channel;
  std::string payments_secret;    // empty: the payment webhook refuses this tenant
  std::string payment_template;   // template name used outside the 24-hour window
  std::string released_template;  // the same for "sua conexão foi liberada"
  std::string reopen_template;    // invites the subscriber back when a reply missed the window
  struct Template {
    std::string name;
    int parameters = 0;
    std::string language = "pt_BR";
  };
  std::vector<Template> templates;  // [[tenant.templates]]: approved, for people answering
  std::chrono::milliseconds payment_poll{std::chrono::minutes(5)};  // 0: no payment poller
  AgentConfig agent;  // the file's [isp]/[policy]/[messages], or the tenant's own agent_config file
  // Voice notes: [tenant.speech] over the file's [speech]; absent when neither is configured (then
  // a voice note is answered as media the bot cannot read).
  std::optional<speech::SpeechConfig> speech;
};

struct ServiceConfig {
  std::string listen = "127.0.0.1:8080";
  int threads = 2;
  int workers = 4;
  std::string database = "atende.db";
  std::chrono::milliseconds debounce{2000};
  // How long a send interrupted by a crash waits for its status webhook before it is sent again.
  std::chrono::milliseconds outbox_settle{60000};
  int outbox_senders = 8;  // conversations sent to at the same time
  // Non-empty: this process's name among several sharing the database ("auto": host and pid).
  std::string instance;
  size_t body_limit = 1 << 20;
  std::vector<std::string> admin_tokens;
  std::chrono::hours payment_watch{24 * 5};    // how long a conversation's payments are watched
  std::optional<speech::SpeechConfig> speech;  // [speech]: every tenant's, unless it has its own
  std::vector<TenantConfig> tenants;
};

// `env` reads an environment variable (std::getenv in production; tests pass a map).
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
Result<ServiceConfig> LoadServiceConfig(const std::string& path, const EnvLookup& env);
Result<ServiceConfig> ParseServiceConfig(const std::string& toml_text,
                                         const std::string& source_name,
                                         const std::string& base_dir, const EnvLookup& env);

}  // namespace atende::app
