#include "app/service_config.h"

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/open_store.h"

namespace atende::app {
namespace {

struct Reader {
  const toml::table& table;
  std::string where;  // "[serve]", "[[tenant]] 'fibra' [tenant.erp]"
  const EnvLookup& env;

  Status Known(std::initializer_list<std::string_view> keys) const {
    for (const auto& [key, value] : table) {
      bool ok = false;
      for (std::string_view k : keys) ok = ok || k == key.str();
      if (!ok) return Error::InvalidInput(where + " unknown key '" + std::string(key.str()) + "'");
    }
    return {};
  }
  Status Text(const char* key, std::string& target, bool required = false) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      return required ? Status(Error::InvalidInput(where + " " + key + " is required")) : Status{};
    }
    auto v = node->value<std::string>();
    if (!v) return Error::InvalidInput(where + " " + key + " must be a string");
    target = *v;
    return {};
  }
  Status Int(const char* key, int64_t min, int64_t max, int64_t& target) const {
    const toml::node* node = table.get(key);
    if (node == nullptr) return {};
    auto v = node->value<int64_t>();
    if (!v || *v < min || *v > max) {
      return Error::InvalidInput(where + " " + key + " must be a whole number from " +
                                 std::to_string(min) + " to " + std::to_string(max));
    }
    target = *v;
    return {};
  }
  // `key` holds the NAME of an environment variable; its value is the secret.
  Status Secret(const char* key, std::string& target, bool required) const {
    std::string name;
    if (Status s = Text(key, name, required); !s.ok()) return s;
    if (name.empty()) return {};
    std::optional<std::string> value = env(name);
    if (!value || value->empty()) {
      return Error::InvalidInput(where + " " + key + " names the environment variable " + name +
                                 ", which is not set");
    }
    target = *value;
    return {};
  }
};

std::string ReadFile(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// [speech] or [tenant.speech]: `base` holds what is inherited ([speech] for a tenant).
Result<speech::SpeechConfig> ParseSpeech(const toml::table& table, const std::string& where,
                                         speech::SpeechConfig base, const EnvLookup& env) {
  Reader r{table, where, env};
  int64_t timeout = base.timeout.count(), max_seconds = base.max_seconds;
  for (Status s :
       {r.Known({"base_url", "model", "api_key_env", "timeout_ms", "max_seconds"}),
        r.Text("base_url", base.base_url, base.base_url.empty()), r.Text("model", base.model),
        r.Secret("api_key_env", base.api_key, false), r.Int("timeout_ms", 100, 600000, timeout),
        r.Int("max_seconds", 1, 3600, max_seconds)}) {
    if (!s.ok()) return s.error();
  }
  if (base.base_url.rfind("http://", 0) != 0 && base.base_url.rfind("https://", 0) != 0)
    return Error::InvalidInput(where + " base_url must start with http:// or https://");
  if (base.model.empty()) return Error::InvalidInput(where + " model must not be empty");
  base.timeout = std::chrono::milliseconds(timeout);
  base.max_seconds = static_cast<int>(max_seconds);
  return base;
}

Result<TenantConfig> ParseTenant(const toml::table& t, size_t index, const AgentConfig& defaults,
                                 const std::optional<speech::SpeechConfig>& speech_defaults,
                                 const std::string& base_dir, const EnvLookup& env) {
  TenantConfig tenant;
  Reader r{t, "[[tenant]] #" + std::to_string(index + 1), env};
  if (Status s = r.Known({"id", "agent_config", "erp", "whatsapp", "evolution", "payments",
                          "templates", "speech"});
      !s.ok()) {
    return s.error();
  }
  if (Status s = r.Text("id", tenant.id, true); !s.ok()) return s.error();
  if (tenant.id.empty() || tenant.id.find('/') != std::string::npos) {
    return Error::InvalidInput(r.where + " id must be a non-empty name without '/'");
  }
  std::string prefix = "[[tenant]] '" + tenant.id + "' ";
  tenant.agent = defaults;
  std::string agent_file;
  if (Status s = r.Text("agent_config", agent_file); !s.ok()) return s.error();
  if (!agent_file.empty()) {
    std::filesystem::path path(agent_file);
    if (path.is_relative()) path = std::filesystem::path(base_dir) / path;
    auto loaded = LoadAgentConfig(path.string());
    if (!loaded.ok())
      return Error::InvalidInput(prefix + "agent_config: " + loaded.error().message);
    tenant.agent = std::move(loaded).value();
  }

  const toml::table* erp = t["erp"].as_table();
  if (erp == nullptr) return Error::InvalidInput(prefix + "needs an [tenant.erp] table");
  Reader e{*erp, prefix + "[tenant.erp]", env};
  if (Status s =
          e.Known({"flavor", "base_url", "user", "token_env", "timeout_ms", "tls_ca_file",
                   "tls_pinned_pubkey", "auth_url", "syndata_env", "username", "password_env"});
      !s.ok()) {
    return s.error();
  }
  int64_t timeout = tenant.erp.timeout.count();
  for (Status s :
       {e.Text("flavor", tenant.erp.flavor, true), e.Text("base_url", tenant.erp.base_url, true),
        e.Text("user", tenant.erp.user), e.Secret("token_env", tenant.erp.token, true),
        e.Int("timeout_ms", 100, 120000, timeout), e.Text("tls_ca_file", tenant.erp.tls_ca_file),
        e.Text("tls_pinned_pubkey", tenant.erp.tls_pinned_pubkey),
        e.Text("auth_url", tenant.erp.auth_url), e.Secret("syndata_env", tenant.erp.syndata, false),
        e.Text("username", tenant.erp.username),
        e.Secret("password_env", tenant.erp.password, false)}) {
    if (!s.ok()) return s.error();
  }
  tenant.erp.timeout = std::chrono::milliseconds(timeout);

  const toml::table* wa = t["whatsapp"].as_table();
  const toml::table* evo = t["evolution"].as_table();
  if ((wa == nullptr) == (evo == nullptr)) {
    return Error::InvalidInput(prefix +
                               "needs exactly one of [tenant.whatsapp] or [tenant.evolution]");
  }
  if (wa != nullptr) {
    tenant.channel.provider = "whatsapp";
    auto& c = tenant.channel.whatsapp;
    Reader w{*wa, prefix + "[tenant.whatsapp]", env};
    for (Status s :
         {w.Known({"phone_number_id", "access_token_env", "app_secret_env", "verify_token_env",
                   "graph_base_url", "api_version", "reopen_template"}),
          w.Text("reopen_template", tenant.reopen_template),
          w.Text("phone_number_id", c.phone_number_id, true),
          w.Secret("access_token_env", c.access_token, true),
          w.Secret("app_secret_env", c.app_secret, true),
          w.Secret("verify_token_env", c.verify_token, true),
          w.Text("graph_base_url", c.graph_base_url), w.Text("api_version", c.api_version)}) {
      if (!s.ok()) return s.error();
    }
  } else {
    tenant.channel.provider = "evolution";
    auto& c = tenant.channel.evolution;
    Reader v{*evo, prefix + "[tenant.evolution]", env};
    for (Status s :
         {v.Known({"base_url", "instance", "apikey_env", "jwt_key_env"}),
          v.Text("base_url", c.base_url, true), v.Text("instance", c.instance, true),
          v.Secret("apikey_env", c.apikey, true), v.Secret("jwt_key_env", c.jwt_key, false)}) {
      if (!s.ok()) return s.error();
    }
  }
  if (const toml::table* pay = t["payments"].as_table()) {
    Reader p{*pay, prefix + "[tenant.payments]", env};
    int64_t poll = tenant.payment_poll.count() / 1000;
    for (Status s :
         {p.Known({"secret_env", "template", "released_template", "poll_s"}),
          p.Secret("secret_env", tenant.payments_secret, false),
          p.Text("template", tenant.payment_template),
          p.Text("released_template", tenant.released_template), p.Int("poll_s", 0, 86400, poll)}) {
      if (!s.ok()) return s.error();
    }
    tenant.payment_poll = std::chrono::seconds(poll);
  }
  tenant.speech = speech_defaults;
  if (const toml::table* voice = t["speech"].as_table()) {
    auto parsed = ParseSpeech(*voice, prefix + "[tenant.speech]",
                              speech_defaults.value_or(speech::SpeechConfig{}), env);
    if (!parsed.ok()) return parsed.error();
    tenant.speech = std::move(parsed).value();
  }
  if (const toml::node* list = t.get("templates")) {
    const toml::array* templates = list->as_array();
    if (templates == nullptr)
      return Error::InvalidInput(prefix + "templates must be [[tenant.templates]]");
    for (size_t i = 0; i < templates->size(); ++i) {
      const toml::table* one = (*templates)[i].as_table();
      std::string where = prefix + "[[tenant.templates]] #" + std::to_string(i + 1);
      if (one == nullptr) return Error::InvalidInput(where + " must be a table");
      Reader m{*one, where, env};
      TenantConfig::Template spec;
      int64_t parameters = 0;
      for (Status s : {m.Known({"name", "parameters", "language"}), m.Text("name", spec.name, true),
                       m.Int("parameters", 0, 20, parameters), m.Text("language", spec.language)}) {
        if (!s.ok()) return s.error();
      }
      spec.parameters = static_cast<int>(parameters);
      tenant.templates.push_back(std::move(spec));
    }
  }
  return tenant;
}

}  // namespace

Result<ServiceConfig> ParseServiceConfig(const std::string& toml_text,
                                         const std::string& source_name,
                                         const std::string& base_dir, const EnvLookup& env) {
  auto agent_defaults = ParseAgentConfig(toml_text, source_name);
  if (!agent_defaults.ok()) return agent_defaults.error();
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    return Error::InvalidInput(source_name + ": " + std::string(e.description()));
  }
  for (const auto& [key, value] : root) {
    std::string_view k = key.str();
    if (k != "serve" && k != "tenant" && k != "isp" && k != "policy" && k != "messages" &&
        k != "speech") {
      return Error::InvalidInput(source_name + ": unknown table [" + std::string(k) + "]");
    }
  }
  ServiceConfig config;
  if (const toml::table* serve = root["serve"].as_table()) {
    Reader r{*serve, "[serve]", env};
    int64_t threads = config.threads, workers = config.workers, debounce = config.debounce.count();
    int64_t settle = config.outbox_settle.count();
    int64_t senders = config.outbox_senders;
    int64_t watch_days = config.payment_watch.count() / 24;
    int64_t body_kb = static_cast<int64_t>(config.body_limit / 1024);
    for (Status s :
         {r.Known({"listen", "threads", "workers", "database", "debounce_ms", "outbox_settle_ms",
                   "outbox_senders", "instance", "body_limit_kb", "admin_token_env",
                   "payment_watch_days"}),
          r.Text("listen", config.listen), r.Int("threads", 1, 64, threads),
          r.Int("workers", 1, 256, workers), r.Text("database", config.database),
          r.Int("debounce_ms", 0, 60000, debounce), r.Int("outbox_settle_ms", 0, 3600000, settle),
          r.Int("outbox_senders", 1, 64, senders), r.Text("instance", config.instance),
          r.Int("body_limit_kb", 1, 65536, body_kb),
          r.Int("payment_watch_days", 1, 60, watch_days)}) {
      if (!s.ok()) return s.error();
    }
    std::string admin;
    if (Status s = r.Secret("admin_token_env", admin, false); !s.ok()) return s.error();
    if (!admin.empty()) config.admin_tokens.push_back(admin);
    config.payment_watch = std::chrono::hours(24 * watch_days);
    config.threads = static_cast<int>(threads);
    config.workers = static_cast<int>(workers);
    config.debounce = std::chrono::milliseconds(debounce);
    config.outbox_settle = std::chrono::milliseconds(settle);
    config.outbox_senders = static_cast<int>(senders);
    config.body_limit = static_cast<size_t>(body_kb) * 1024;
    // A PostgreSQL URI or conninfo is not a path: only a SQLite file is relative to this file.
    if (!store::IsPostgresDatabase(config.database) &&
        std::filesystem::path(config.database).is_relative()) {
      config.database = (std::filesystem::path(base_dir) / config.database).string();
    }
  }
  if (const toml::table* voice = root["speech"].as_table()) {
    auto parsed = ParseSpeech(*voice, "[speech]", speech::SpeechConfig{}, env);
    if (!parsed.ok()) return parsed.error();
    config.speech = std::move(parsed).value();
  }
  const toml::array* tenants = root["tenant"].as_array();
  if (tenants == nullptr || tenants->empty()) {
    return Error::InvalidInput(source_name + ": at least one [[tenant]] is required");
  }
  for (size_t i = 0; i < tenants->size(); ++i) {
    const toml::table* t = (*tenants)[i].as_table();
    if (t == nullptr)
      return Error::InvalidInput(source_name + ": [[tenant]] #" + std::to_string(i + 1));
    auto tenant = ParseTenant(*t, i, *agent_defaults, config.speech, base_dir, env);
    if (!tenant.ok()) return tenant.error();
    for (const TenantConfig& other : config.tenants) {
      if (other.id == tenant->id)
        return Error::InvalidInput("[[tenant]] '" + tenant->id + "' is defined twice");
    }
    config.tenants.push_back(std::move(tenant).value());
  }
  return config;
}

Result<ServiceConfig> LoadServiceConfig(const std::string& path, const EnvLookup& env) {
  bool ok = false;
  std::string text = ReadFile(path, ok);
  if (!ok) return Error::InvalidInput("cannot read the configuration " + path);
  std::string base_dir = std::filesystem::absolute(path).parent_path().string();
  return ParseServiceConfig(text, path, base_dir, env);
}

}  // namespace atende::app
