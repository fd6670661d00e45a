// The HubSoft flavor against the golden sample of erpsim-data.md, through a real Simulator on
// loopback: the password grant, the status envelope, cliente with its services, financeiro,
// desbloqueio_confianca and atendimento.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "erpsim/flavor.h"
#include "erpsim/simulator.h"
#include "erpsim/testing/fetch.h"

namespace atende::erpsim {
namespace {

using nlohmann::json;
using testing::Fetch;
using testing::Reply;

const std::string kApi = "/api/v1/integracao/";

class HubsoftTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SimulatorOptions options;
    options.flavor = "hubsoft";
    options.data_path = testing::GoldenPath();
    auto started = Simulator::Start(options);
    ASSERT_TRUE(started.ok()) << started.error().message;
    sim_ = std::move(started).value();
    token_ = json::parse(TokenCall("sim-token").body).value("access_token", "");
  }
  Reply TokenCall(const std::string& secret) {
    json grant = {{"grant_type", "password"},
                  {"client_id", "3"},
                  {"client_secret", secret},
                  {"username", "teste@teste.com"},
                  {"password", "1234"}};
    return Fetch(sim_->port(), "POST", "/oauth/token", {{"Content-Type", "application/json"}},
                 grant.dump());
  }
  Reply Api(const std::string& method, const std::string& target, const std::string& body = "") {
    return Fetch(sim_->port(), method, kApi + target,
                 {{"Authorization", "Bearer " + token_}, {"Content-Type", "application/json"}},
                 body);
  }
  json Get(const std::string& target) { return json::parse(Api("GET", target).body); }
  std::unique_ptr<Simulator> sim_;
  std::string token_;
};

TEST_F(HubsoftTest, PasswordGrantAndBearer) {
  Reply ok = TokenCall("sim-token");
  json token = json::parse(ok.body);
  EXPECT_EQ(token["expires_in"], 2592000);
  EXPECT_FALSE(token["refresh_token"].get<std::string>().empty());
  Reply wrong = TokenCall("nope");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(json::parse(wrong.body)["error"], "invalid_credentials");
  std::string valid = token_;
  token_ = "";
  Reply anonymous = Api("GET", "cliente?busca=cpf_cnpj&termo_busca=52998224725");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(json::parse(anonymous.body)["message"], "Unauthenticated.");
  token_ = valid;
  EXPECT_EQ(Api("GET", "cliente?busca=cpf_cnpj&termo_busca=52998224725").status, 200);
}

TEST_F(HubsoftTest, ClienteWithItsServicesAndTheOfficialOddities) {
  json r = Get("cliente?busca=cpf_cnpj&termo_busca=52998224725&ultima_conexao=sim");
  EXPECT_EQ(r["status"], "success");
  ASSERT_EQ(r["clientes"].size(), 1u);
  const json& c = r["clientes"][0];
  EXPECT_EQ(c["id_cliente"], 1);
  EXPECT_EQ(c["data_nascmento"], "1985-03-02");
  EXPECT_EQ(c["telefone_primario"], "19987654321");
  const json& s = c["servicos"][0];
  EXPECT_EQ(s["id_cliente_servico"], 10);
  EXPECT_EQ(s["status_prefixo"], "suspenso_debito");
  EXPECT_EQ(s["ultima_conexao"]["conectado"], false);
  EXPECT_EQ(s["endereco_instalacao"]["uf"], "SÃO PAULO");
  EXPECT_EQ(s["endereco_instalacao"]["estado"], "SP");
  EXPECT_FALSE(
      Get("cliente?busca=cpf_cnpj&termo_busca=52998224725")["clientes"][0]["servicos"][0].contains(
          "ultima_conexao"));
  EXPECT_EQ(Get("cliente?busca=telefone&termo_busca=19987654321")["clientes"].size(), 1u);
  EXPECT_EQ(Get("cliente?busca=telefone&termo_busca=1987654321")["clientes"].size(), 0u);
  EXPECT_TRUE(Get("cliente?busca=cpf_cnpj&termo_busca=11144477735")["clientes"].empty());
  json missing = Get("cliente?busca=cpf_cnpj");
  EXPECT_EQ(missing["status"], "error");
  EXPECT_EQ(missing["errors"][0], "O campo termo_busca é obrigatório.");
  json invalid = Get("cliente?busca=mac_address&termo_busca=x");
  EXPECT_NE(invalid["msg"].get<std::string>().find("Valores aceitos"), std::string::npos);
}

TEST_F(HubsoftTest, FinanceiroPendingByDefaultAndPaidWhenAsked) {
  json pending = Get("cliente/financeiro?busca=id_cliente_servico&termo_busca=10");
  ASSERT_EQ(pending["faturas"].size(), 1u);
  const json& f = pending["faturas"][0];
  EXPECT_EQ(f["id_fatura"], 100);
  EXPECT_EQ(f["data_vencimento"], "10/11/2026");
  EXPECT_EQ(f["data_pagamento"], nullptr);
  EXPECT_EQ(f["valor"], 99.9);
  EXPECT_EQ(f["linha_digitavel"], "34191.23405 00000.001008 00000.567891 8 16260000009990");
  std::string pix = f["pix_copia_cola"];
  EXPECT_EQ(pix.substr(pix.size() - 4), "6FB3");
  EXPECT_EQ(f["empresa"]["documento"], "11222333000181");
  std::string link = f["link"];
  EXPECT_EQ(Fetch(sim_->port(), "GET", link.substr(sim_->base_url().size())).body.rfind("%PDF", 0),
            0u);
  json all = Get("cliente/financeiro?busca=id_cliente_servico&termo_busca=10&apenas_pendente=nao");
  ASSERT_EQ(all["faturas"].size(), 2u);
  EXPECT_EQ(all["faturas"][0]["data_pagamento"], "09/10/2026");
  json late = Get(
      "cliente/financeiro?busca=id_cliente_servico&termo_busca=10&apenas_pendente=nao&tipo_data="
      "data_vencimento&data_inicio=2026-11-01&data_fim=2026-12-31");
  EXPECT_EQ(late["faturas"].size(), 1u);
  EXPECT_EQ(Get("cliente/financeiro?busca=id_cliente_servico&termo_busca=10&limit=51")["status"],
            "error");
}

TEST_F(HubsoftTest, UnlockWithinTheMaximumDaysThenRefused) {
  json too_many = json::parse(Api("POST", "cliente/desbloqueio_confianca",
                                  R"({"id_cliente_servico":"10","dias_desbloqueio":"5"})")
                                  .body);
  EXPECT_EQ(too_many["status"], "error");
  json ok = json::parse(Api("POST", "cliente/desbloqueio_confianca",
                            R"({"id_cliente_servico":"10","dias_desbloqueio":"2"})")
                            .body);
  EXPECT_EQ(ok["status"], "success");
  EXPECT_EQ(ok["msg"], "Desbloqueio em confiança realizado com sucesso até a data 24/11/2026");
  EXPECT_EQ(sim_->events().at(0)["days"], 2);
  json again = json::parse(
      Api("POST", "cliente/desbloqueio_confianca", R"({"id_cliente_servico":"10"})").body);
  EXPECT_EQ(again["status"], "error");
  EXPECT_EQ(Get("cliente?busca=id_cliente_servico&termo_busca=10")["clientes"][0]["servicos"][0]
                                                                  ["status_prefixo"],
            "servico_habilitado");
}

TEST_F(HubsoftTest, AtendimentoNeedsNameAndPhone) {
  json missing = json::parse(
      Api("POST", "atendimento", R"({"id_cliente_servico":"10","descricao":"Sem sinal"})").body);
  EXPECT_EQ(missing["status"], "error");
  EXPECT_EQ(missing["errors"].size(), 2u);
  json ok = json::parse(Api("POST", "atendimento",
                            R"({"id_cliente_servico":"10","descricao":"Sem sinal",)"
                            R"("nome":"Maria","telefone":"19987654321","abrir_os":true})")
                            .body);
  EXPECT_EQ(ok["status"], "success");
  EXPECT_FALSE(ok["atendimento"]["protocolo"].get<std::string>().empty());
  EXPECT_EQ(ok["atendimento"]["ordens_servico"].size(), 1u);
  EXPECT_EQ(sim_->events().at(0)["kind"], "ticket");
  json lead = json::parse(Api("POST", "prospecto",
                              R"({"cep":"13010100","nome_razaosocial":"João Silva",)"
                              R"("cpf_cnpj":"11144477735"})")
                              .body);
  EXPECT_EQ(lead["msg"], "Prospecto adicionado com sucesso");
  json duplicate = json::parse(Api("POST", "prospecto",
                                   R"({"cep":"13010100","nome_razaosocial":"Outro",)"
                                   R"("cpf_cnpj":"11144477735"})")
                                   .body);
  EXPECT_EQ(duplicate["msg"], "O CPF/CNPJ já foi cadastrado antes no prospecto João Silva");
  EXPECT_FALSE(duplicate.contains("errors"));
}

}  // namespace
}  // namespace atende::erpsim
