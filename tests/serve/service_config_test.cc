// The `atende serve` configuration: the documented example loads, and every missing secret or bad
// key stops the start with a message naming it.
#include "app/service_config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

namespace atende::app {
namespace {

EnvLookup Env(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

const std::map<std::string, std::string> kAll = {
    {"ATENDE_ADMIN_TOKEN", "adm"},   {"FIBRA_ERP_TOKEN", "erp"},
    {"FIBRA_WA_ACCESS_TOKEN", "wa"}, {"FIBRA_WA_APP_SECRET", "secret"},
    {"FIBRA_WA_VERIFY_TOKEN", "vt"}, {"FIBRA_PAYMENTS_SECRET", "pay"}};

TEST(ServiceConfigTest, TheDocumentedExampleLoads) {
  auto config =
      LoadServiceConfig(std::string(ATENDE_SOURCE_DIR) + "/config/atende.example.toml", Env(kAll));
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->listen, "0.0.0.0:8080");
  EXPECT_EQ(config->debounce, std::chrono::milliseconds(2000));
  EXPECT_EQ(config->admin_tokens, std::vector<std::string>{"adm"});
  ASSERT_EQ(config->tenants.size(), 1u);
  const TenantConfig& t = config->tenants[0];
  EXPECT_EQ(t.id, "fibra");
  EXPECT_EQ(t.erp.flavor, "ixc");
  EXPECT_EQ(t.erp.token, "erp");
  EXPECT_EQ(t.channel.provider, "whatsapp");
  EXPECT_EQ(t.channel.whatsapp.app_secret, "secret");
  EXPECT_EQ(t.payments_secret, "pay");
  EXPECT_EQ(t.payment_template, "pagamento_recebido");
  EXPECT_EQ(t.released_template, "conexao_liberada");
  EXPECT_EQ(t.reopen_template, "retomar_conversa");
  ASSERT_EQ(t.templates.size(), 1u);
  EXPECT_EQ(t.templates[0].name, "retomar_atendimento");
  EXPECT_EQ(t.templates[0].parameters, 1);
  EXPECT_EQ(t.payment_poll, std::chrono::minutes(5));
  EXPECT_EQ(config->payment_watch, std::chrono::hours(24 * 5));
  EXPECT_EQ(config->outbox_settle, std::chrono::seconds(60));
  EXPECT_EQ(config->outbox_senders, 8);
}

TEST(ServiceConfigTest, EveryServeKeyIsRead) {
  auto config = ParseServiceConfig(
      "[serve]\noutbox_senders = 3\noutbox_settle_ms = 1500\ninstance = \"auto\"\n"
      "payment_watch_days = 2\ndebounce_ms = 700\n"
      "[[tenant]]\nid = \"x\"\n[tenant.erp]\nflavor = \"ixc\"\nbase_url = \"http://e\"\n"
      "token_env = \"FIBRA_ERP_TOKEN\"\n[tenant.whatsapp]\nphone_number_id = \"1\"\n"
      "access_token_env = \"FIBRA_WA_ACCESS_TOKEN\"\napp_secret_env = \"FIBRA_WA_APP_SECRET\"\n"
      "verify_token_env = \"FIBRA_WA_VERIFY_TOKEN\"\n[tenant.payments]\npoll_s = 0\n",
      "t.toml", "/tmp", Env(kAll));
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->outbox_senders, 3);
  EXPECT_EQ(config->outbox_settle, std::chrono::milliseconds(1500));
  EXPECT_EQ(config->instance, "auto");
  EXPECT_EQ(config->payment_watch, std::chrono::hours(48));
  EXPECT_EQ(config->debounce, std::chrono::milliseconds(700));
  EXPECT_EQ(config->tenants[0].payment_poll, std::chrono::milliseconds(0));
}

TEST(ServiceConfigTest, AMissingSecretNamesTheKeyAndTheVariable) {
  auto env = kAll;
  env.erase("FIBRA_WA_APP_SECRET");
  auto config =
      LoadServiceConfig(std::string(ATENDE_SOURCE_DIR) + "/config/atende.example.toml", Env(env));
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().message.find("app_secret_env"), std::string::npos)
      << config.error().message;
  EXPECT_NE(config.error().message.find("FIBRA_WA_APP_SECRET"), std::string::npos)
      << config.error().message;
}

TEST(ServiceConfigTest, TyposAndMissingPiecesAreErrors) {
  auto parse = [](const std::string& text) {
    return ParseServiceConfig(text, "t.toml", "/tmp", Env(kAll));
  };
  auto typo = parse("[serve]\nlisten_addr = \"x\"\n");
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.error().message.find("listen_addr"), std::string::npos);
  auto none = parse("[serve]\nlisten = \"127.0.0.1:1\"\n");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("[[tenant]]"), std::string::npos);
  auto both = parse(
      "[[tenant]]\nid = \"a\"\n[tenant.erp]\nflavor = \"ixc\"\nbase_url = \"http://x\"\ntoken_env "
      "= "
      "\"FIBRA_ERP_TOKEN\"\n");
  ASSERT_FALSE(both.ok());
  EXPECT_NE(both.error().message.find("exactly one of"), std::string::npos) << both.error().message;
  auto debounce = parse("[serve]\ndebounce_ms = -1\n");
  ASSERT_FALSE(debounce.ok());
  EXPECT_NE(debounce.error().message.find("debounce_ms"), std::string::npos);
}

TEST(ServiceConfigTest, ASqliteFileIsRelativeToTheConfigAPostgresUriIsKeptAsWritten) {
  std::ifstream in(std::string(ATENDE_SOURCE_DIR) + "/config/atende.example.toml");
  std::stringstream example;
  example << in.rdbuf();
  auto with_database = [&](const std::string& database) {
    std::string text = example.str();
    size_t at = text.find("database = \"atende.db\"");
    EXPECT_NE(at, std::string::npos);
    text.replace(at, std::string("database = \"atende.db\"").size(),
                 "database = \"" + database + "\"");
    return ParseServiceConfig(text, "t.toml", "/etc/atende", Env(kAll));
  };
  auto file = with_database("atende.db");
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(file->database, "/etc/atende/atende.db");
  auto absolute = with_database("/var/lib/atende/atende.db");
  ASSERT_TRUE(absolute.ok()) << absolute.error().message;
  EXPECT_EQ(absolute->database, "/var/lib/atende/atende.db");
  for (const std::string url :
       {"postgresql://atende:pw@db:5432/atende", "postgres://atende@db/atende",
        "host=db dbname=atende user=atende"}) {
    auto pg = with_database(url);
    ASSERT_TRUE(pg.ok()) << pg.error().message;
    EXPECT_EQ(pg->database, url);
  }
}

TEST(ServiceConfigTest, SpeechForEveryTenantOrOneAndVoalleHubsoftCredentials) {
  const std::string base = R"(
[speech]
base_url = "http://127.0.0.1:8081/"
api_key_env = "SPEECH_KEY"
max_seconds = 90

[[tenant]]
id = "a"
[tenant.erp]
flavor = "voalle"
base_url = "https://erp.a:45715"
token_env = "A_SECRET"
syndata_env = "A_SYNDATA"
[tenant.evolution]
base_url = "http://evo:8080"
instance = "a"
apikey_env = "A_SECRET"

[[tenant]]
id = "b"
[tenant.erp]
flavor = "hubsoft"
base_url = "https://b.hubsoft.com.br"
token_env = "A_SECRET"
username = "api@b.com.br"
password_env = "B_PASSWORD"
[tenant.evolution]
base_url = "http://evo:8080"
instance = "b"
apikey_env = "A_SECRET"
[tenant.speech]
model = "Systran/faster-whisper-small"
timeout_ms = 5000
)";
  auto env =
      Env({{"SPEECH_KEY", "sk"}, {"A_SECRET", "s"}, {"A_SYNDATA", "syn"}, {"B_PASSWORD", "pw"}});
  auto config = ParseServiceConfig(base, "t.toml", "/etc", env);
  ASSERT_TRUE(config.ok()) << config.error().message;
  ASSERT_TRUE(config->speech.has_value());
  EXPECT_EQ(config->speech->api_key, "sk");
  const TenantConfig& a = config->tenants[0];
  const TenantConfig& b = config->tenants[1];
  EXPECT_EQ(a.erp.syndata, "syn");
  EXPECT_EQ(b.erp.username, "api@b.com.br");
  EXPECT_EQ(b.erp.password, "pw");
  ASSERT_TRUE(a.speech && b.speech);
  EXPECT_EQ(a.speech->model, "whisper-1");  // [speech] as it is
  EXPECT_EQ(a.speech->max_seconds, 90);
  EXPECT_EQ(b.speech->model, "Systran/faster-whisper-small");  // its own, key by key
  EXPECT_EQ(b.speech->max_seconds, 90);
  EXPECT_EQ(b.speech->base_url, "http://127.0.0.1:8081/");
  EXPECT_EQ(b.speech->timeout, std::chrono::milliseconds(5000));

  auto unset = ParseServiceConfig(base, "t.toml", "/etc", Env({{"A_SECRET", "s"}}));
  ASSERT_FALSE(unset.ok());
  EXPECT_NE(unset.error().message.find("SPEECH_KEY"), std::string::npos) << unset.error().message;
  std::string typo = base;
  typo.replace(typo.find("max_seconds = 90"), 16, "max_second = 90");
  EXPECT_NE(ParseServiceConfig(typo, "t.toml", "/etc", env).error().message.find("max_second"),
            std::string::npos);
  std::string no_url = base;
  const std::string url_line = "base_url = \"http://127.0.0.1:8081/\"\n";
  no_url.replace(no_url.find(url_line), url_line.size(), "");
  EXPECT_NE(ParseServiceConfig(no_url, "t.toml", "/etc", env).error().message.find("base_url"),
            std::string::npos);
}

}  // namespace
}  // namespace atende::app
