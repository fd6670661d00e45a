// The MK-Auth flavor against the golden sample of erpsim-data.md, through a real Simulator on
// loopback.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "erpsim/flavor.h"
#include "erpsim/simulator.h"
#include "erpsim/testing/fetch.h"

namespace atende::erpsim {
namespace {

using nlohmann::json;
using testing::Fetch;
using testing::Reply;

class MkauthTest : public ::testing::Test {
 protected:
  void Start(int ttl = 600) {
    SimulatorOptions options;
    options.flavor = "mkauth";
    options.data_path = testing::GoldenPath();
    options.jwt_ttl_seconds = ttl;
    auto started = Simulator::Start(options);
    ASSERT_TRUE(started.ok()) << started.error().message;
    sim_ = std::move(started).value();
  }
  void SetUp() override { Start(); }
  std::string Token(const std::string& secret = "sim-token") {
    Reply r = Fetch(sim_->port(), "GET", "/api/",
                    {{"Authorization", "Basic " + Base64Encode("Client_Id_abc:" + secret)}});
    return r.status == 200 ? r.body : "";
  }
  Reply Get(const std::string& path, const std::string& token) {
    return Fetch(sim_->port(), "GET", path, {{"Authorization", "Bearer " + token}});
  }
  std::unique_ptr<Simulator> sim_;
};

TEST_F(MkauthTest, TokenIsABareHs512JwtValid600Seconds) {
  Reply r = Fetch(sim_->port(), "GET", "/api/",
                  {{"Authorization", "Basic " + Base64Encode("id:sim-token")}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type.rfind("text/plain", 0), 0u);
  std::string jwt = r.body;
  ASSERT_EQ(std::count(jwt.begin(), jwt.end(), '.'), 2);
  json header = json::parse(*Base64Decode(jwt.substr(0, jwt.find('.'))));
  EXPECT_EQ(header["alg"], "HS512");
  size_t a = jwt.find('.'), b = jwt.rfind('.');
  json payload = json::parse(*Base64Decode(jwt.substr(a + 1, b - a - 1)));
  EXPECT_EQ(payload["exp"].get<int64_t>() - payload["iat"].get<int64_t>(), 600);
  EXPECT_EQ(payload["usuario"].get<std::string>().size(), 40u);
  EXPECT_EQ(Token("wrong"), "");
  EXPECT_EQ(Get("/api/cliente/show/maria10", "").status, 401);
  EXPECT_EQ(Get("/api/cliente/show/maria10", jwt + "x").status, 401);
  EXPECT_EQ(Get("/api/cliente/show/maria10", jwt).status, 200);
}

TEST_F(MkauthTest, ExpiredTokenIsRefused) {
  sim_->Stop();
  Start(1);
  std::string jwt = Token();
  EXPECT_EQ(Get("/api/cliente/show/maria10", jwt).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  EXPECT_EQ(Get("/api/cliente/show/maria10", jwt).status, 401);
}

TEST_F(MkauthTest, ListarShowAndNull) {
  std::string jwt = Token();
  json list = json::parse(Get("/api/cliente/listar/cpf_cnpj=52998224725", jwt).body);
  EXPECT_EQ(list["total_registros"], 1);
  const json& c = list["clientes"][0];
  EXPECT_EQ(c["login"], "maria10");
  EXPECT_EQ(c["bloqueado"], "sim");
  EXPECT_EQ(c["cli_ativado"], "s");
  EXPECT_EQ(c["observacao"], "nao");
  std::string uuid = c["uuid_cliente"];
  json flat = json::parse(Get("/api/cliente/show/maria10", jwt).body);
  EXPECT_EQ(flat["uuid_cliente"], uuid);
  json wrapped = json::parse(Get("/api/cliente/show/52998224725", jwt).body);
  EXPECT_EQ(wrapped["dados_cliente"]["uuid_cliente"], uuid);
  EXPECT_TRUE(wrapped["dados_cliente"]["titulos"].is_object());
  EXPECT_EQ(wrapped["dados_cliente"]["titulos"]["titulo"], "100");
  EXPECT_EQ(Get("/api/cliente/show/ninguem", jwt).body, "NULL");
  EXPECT_EQ(Get("/api/cliente/listar/cpf_cnpj=11144477735", jwt).body, "NULL");
  json by_phone = json::parse(Get("/api/cliente/listar/celular=19987654321", jwt).body);
  EXPECT_EQ(by_phone["total_registros"], 1);
}

TEST_F(MkauthTest, OpenTitlesWithCapitalTotal) {
  std::string jwt = Token();
  json out = json::parse(Get("/api/titulo/aberto/maria10", jwt).body);
  EXPECT_EQ(out["Total"], 1);
  const json& t = out["titulos"][0];
  EXPECT_EQ(t["status"], "vencido");
  EXPECT_EQ(t["valor"], "99.90");
  EXPECT_EQ(t["datavenc"], "2026-11-10 00:00:00");
  EXPECT_EQ(t["linhadig"], "34191.23405 00000.001008 00000.567891 8 16260000009990");
  EXPECT_TRUE(t["url"].is_null());
  json same = json::parse(Get("/api/titulo/aberto/52998224725", jwt).body);
  EXPECT_EQ(same["Total"], 1);
  json shown = json::parse(Get("/api/titulo/show/" + t["uuid_lanc"].get<std::string>(), jwt).body);
  std::string pix = shown["pix"];
  EXPECT_EQ(pix.substr(pix.size() - 4), "6FB3");
  Reply page = Fetch(sim_->port(), "GET", "/boleto/21boleto.php?titulo=100");
  EXPECT_NE(page.body.find("34191.23405"), std::string::npos);
  EXPECT_EQ(json::parse(Get("/api/titulo/aberto/ninguem", jwt).body)["Total"], 0);
}

TEST_F(MkauthTest, DesbloqueioByUuidMutatesAndIsRefusedTheSecondTime) {
  std::string jwt = Token();
  std::string uuid = json::parse(Get("/api/cliente/show/maria10", jwt).body)["uuid_cliente"];
  json first = json::parse(Get("/api/cliente/desbloqueio/" + uuid, jwt).body);
  EXPECT_EQ(first["status"], "success");
  json after = json::parse(Get("/api/cliente/show/maria10", jwt).body);
  EXPECT_EQ(after["bloqueado"], "nao");
  EXPECT_EQ(after["observacao"], "sim");
  EXPECT_EQ(after["rem_obs"], "2026-11-25 23:59:59");
  EXPECT_EQ(sim_->events().at(0)["kind"], "trust_unlock");
  json second = json::parse(Get("/api/cliente/desbloqueio/" + uuid, jwt).body);
  EXPECT_EQ(second["status"], "error");
  EXPECT_EQ(Get("/api/cliente/desbloqueio/C11E0000-0000-4000-8000-000000000999", jwt).body, "NULL");
}

TEST_F(MkauthTest, ChamadoAndInserir) {
  std::string jwt = Token();
  Reply r =
      Fetch(sim_->port(), "POST", "/api/chamado/inserir",
            {{"Authorization", "Bearer " + jwt}, {"Content-Type", "application/json"}},
            R"({"login":"maria10","assunto":"Sem conexão","prioridade":"normal","msg":"Caiu"})");
  EXPECT_EQ(json::parse(r.body)["status"], "sucesso");
  EXPECT_EQ(sim_->events().at(0)["kind"], "ticket");
  r = Fetch(
      sim_->port(), "POST", "/api/cliente/inserir",
      {{"Authorization", "Bearer " + jwt}, {"Content-Type", "application/json"}},
      R"({"nome":"João Silva","Login":"joao.silva","senha":"x","cpf":"11144477735","celular":"19999990000"})");
  json created = json::parse(r.body);
  EXPECT_EQ(created["status"], "sucesso");
  EXPECT_FALSE(created.contains("id"));
  EXPECT_EQ(json::parse(Get("/api/cliente/show/joao.silva", jwt).body)["nome"], "João Silva");
  EXPECT_EQ(sim_->events().at(1)["kind"], "customer_created");
  EXPECT_EQ(sim_->events().at(2)["kind"], "contract_created");
}

}  // namespace
}  // namespace atende::erpsim
