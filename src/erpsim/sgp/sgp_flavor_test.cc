// The SGP flavor against the golden sample of erpsim-data.md, through a real Simulator on loopback.
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

class SgpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SimulatorOptions options;
    options.flavor = "sgp";
    options.data_path = testing::GoldenPath();
    auto started = Simulator::Start(options);
    ASSERT_TRUE(started.ok()) << started.error().message;
    sim_ = std::move(started).value();
  }
  Reply Form(const std::string& path, const std::string& fields,
             const std::string& token = "sim-token") {
    return Fetch(sim_->port(), "POST", path,
                 {{"Content-Type", "application/x-www-form-urlencoded"}},
                 "token=" + token + "&app=atende&" + fields);
  }
  json FormJson(const std::string& path, const std::string& fields) {
    Reply r = Form(path, fields);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.content_type, "application/json");
    return json::parse(r.body);
  }
  std::unique_ptr<Simulator> sim_;
};

TEST_F(SgpTest, BadCredentialsGetTheHtmlLoginPage) {
  Reply r = Form("/api/ura/consultacliente/", "cpfcnpj=52998224725", "wrong");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("<form"), std::string::npos);
  r = Fetch(sim_->port(), "POST", "/api/ura/consultacliente/", {},
            "cpfcnpj=52998224725&token=sim-token");
  EXPECT_EQ(r.status, 401);  // app missing
  r = Fetch(sim_->port(), "POST", "/api/ura/consultacliente/?token=sim-token&app=x", {},
            "cpfcnpj=52998224725");
  EXPECT_EQ(r.status, 200);  // token+app in the query string
  r = Fetch(sim_->port(), "POST", "/api/ura/consultacliente/",
            {{"Content-Type", "application/json"}},
            R"({"token":"sim-token","app":"x","cpfcnpj":"52998224725","status_all":1})");
  EXPECT_EQ(json::parse(r.body)["contratos"].size(), 1u);  // JSON body
}

TEST_F(SgpTest, PathWithoutTrailingSlashIsRedirected) {
  Reply r = Form("/api/ura/consultacliente", "cpfcnpj=52998224725");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.location, "/api/ura/consultacliente/");
}

TEST_F(SgpTest, ConsultaClienteHidesSuspendedContractsUnlessStatusAll) {
  json hidden = FormJson("/api/ura/consultacliente/", "cpfcnpj=52998224725");
  EXPECT_EQ(hidden["msg"], "Nada encontrado");
  EXPECT_TRUE(hidden["contratos"].empty());
  json shown = FormJson("/api/ura/consultacliente/", "cpfcnpj=529.982.247-25&status_all=1");
  EXPECT_EQ(shown["msg"], "Contrato(s) Localizado(s)");
  const json& c = shown["contratos"][0];
  EXPECT_EQ(c["contratoId"], 10);
  EXPECT_EQ(c["clienteId"], 1);
  EXPECT_EQ(c["cpfCnpj"], "529.982.247-25");
  EXPECT_EQ(c["contratoStatus"], 4);
  EXPECT_EQ(c["contratoStatusDisplay"], "Suspenso");
  EXPECT_FALSE(c["motivo_status"].get<std::string>().empty());
  EXPECT_EQ(c["contratoTitulosAReceber"], 1);
  EXPECT_EQ(c["contratoValorAberto"], 99.9);
  EXPECT_EQ(c["telefones"][0]["contato"], "(19) 98765-4321");
  EXPECT_TRUE(c.contains("servico_senha"));
  EXPECT_TRUE(c.contains("contratoCentralSenha"));
}

TEST_F(SgpTest, ClientesByPhoneCarriesBirthDate) {
  json out = FormJson("/api/ura/clientes/", "telefone=19987654321&status_all=1");
  EXPECT_EQ(out["paginacao"]["total"], 1);
  const json& c = out["clientes"][0];
  EXPECT_EQ(c["dataNascimento"], "1985-03-02");
  EXPECT_EQ(c["cpfcnpj"], "529.982.247-25");
  EXPECT_EQ(c["contratos"][0]["id"], 10);
}

TEST_F(SgpTest, CentralTitulosWithCorrectedValue) {
  json out = FormJson("/api/central/titulos/", "contrato=10");
  EXPECT_EQ(out["paginacao"]["total"], 2);
  const json& open = out["faturas"][1];
  EXPECT_EQ(open["id"], 100);
  EXPECT_EQ(open["statusid"], 1);
  EXPECT_EQ(open["status"], "Aberto");
  EXPECT_EQ(open["valor"], 99.9);
  EXPECT_EQ(open["valorcorrigido"], 102.3);  // 2 % fine + 12 days of 1 %/month
  EXPECT_EQ(open["linhadigitavel"], "34191234050000000100800000567891816260000009990");
  EXPECT_EQ(out["faturas"][0]["statusid"], 2);
  json only_open = FormJson("/api/central/titulos/", "contrato=10&status=1");
  EXPECT_EQ(only_open["faturas"].size(), 1u);
  json ura = FormJson("/api/ura/titulos/", "cpfcnpj=52998224725&status=abertos");
  EXPECT_EQ(ura["titulos"][0]["diasAtraso"], 12);
  EXPECT_EQ(ura["titulos"][0]["status"], "aberto");
}

TEST_F(SgpTest, Fatura2ViaOpensAnOccurrenceUnlessAskedNotTo) {
  json quiet = FormJson("/api/ura/fatura2via/", "contrato=10&nao_gerar_os=1");
  EXPECT_EQ(quiet["status"], 1);
  EXPECT_TRUE(sim_->events().empty());
  const json& link = quiet["links"][0];
  EXPECT_EQ(link["id"], "100");
  EXPECT_EQ(link["vencimento_original"], "2026-11-10");
  EXPECT_EQ(link["vencimento"], "2026-11-22");
  std::string pix = link["codigopix"];
  EXPECT_EQ(pix.substr(pix.size() - 4), "6FB3");
  // The link is public: no credentials, PDF bytes.
  std::string url = link["link"];
  Reply pdf = Fetch(sim_->port(), "GET", url.substr(url.find("/boleto/")));
  EXPECT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.rfind("%PDF", 0), 0u);
  json noisy = FormJson("/api/ura/fatura2via/", "contrato=10");
  EXPECT_FALSE(noisy["protocolo"].get<std::string>().empty());
  EXPECT_EQ(sim_->events().at(0)["kind"], "ticket");
  json nothing = FormJson("/api/ura/fatura2via/", "contrato=77");
  EXPECT_EQ(nothing["status"], 0);
  EXPECT_TRUE(nothing["links"].empty());
}

TEST_F(SgpTest, PixEndpoint) {
  json out = FormJson("/api/ura/pagamento/pix/100", "contrato=10");
  EXPECT_EQ(out["status"], 1);
  EXPECT_EQ(out["msg"], "Dados do Pix");
  EXPECT_EQ(out["pix"].get<std::string>().substr(0, 6), "000201");
}

TEST_F(SgpTest, LiberacaoPromessaGrantsOnceThenRefuses) {
  json granted = FormJson("/api/ura/liberacaopromessa/", "contrato=10&data_promessa=2026-11-25");
  EXPECT_EQ(granted["status"], 1);
  EXPECT_EQ(granted["liberado"], true);
  EXPECT_EQ(granted["liberado_dias"], 3);
  EXPECT_EQ(granted["data_promessa"], "2026-11-25");
  auto events = sim_->events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["kind"], "trust_unlock");
  EXPECT_EQ(events[1]["kind"], "promise");
  EXPECT_EQ(events[1]["promised_date"], "2026-11-25");
  // The contract now reads active (1) by default.
  json visible = FormJson("/api/ura/consultacliente/", "cpfcnpj=52998224725");
  EXPECT_EQ(visible["contratos"][0]["contratoStatus"], 1);
  json refused = FormJson("/api/ura/liberacaopromessa/", "contrato=10");
  EXPECT_EQ(refused["status"], 2);
  EXPECT_EQ(refused["liberado"], false);
}

TEST_F(SgpTest, VerificaAcessoAndChamado) {
  json access = FormJson("/api/ura/verificaacesso/", "contrato=10");
  EXPECT_EQ(access["status"], 2);
  EXPECT_EQ(access["msg"], "Serviço Offline");
  Reply r = Fetch(
      sim_->port(), "POST", "/api/ura/chamado/", {{"Content-Type", "application/json"}},
      R"({"app":"atende","token":"sim-token","contrato":10,"ocorrenciatipo":5,"conteudo":"Sem sinal"})");
  json ticket = json::parse(r.body);
  EXPECT_EQ(ticket["status"], 1);
  EXPECT_EQ(ticket["contratoId"], 10);
  EXPECT_FALSE(ticket["protocolo"].get<std::string>().empty());
  EXPECT_EQ(sim_->events().at(0)["text"], "Sem sinal");
}

TEST_F(SgpTest, PreCadastroCreatesACustomer) {
  json out =
      FormJson("/api/precadastro/F", "nome=Jo%C3%A3o+Silva&logradouro=Rua+A&cpfcnpj=11144477735");
  EXPECT_EQ(out["status"], 1);
  EXPECT_EQ(out["id"], 2);
  EXPECT_EQ(sim_->events().at(0)["kind"], "customer_created");
  EXPECT_EQ(sim_->dataset().FindCustomer(2)->name, "João Silva");
}

}  // namespace
}  // namespace atende::erpsim
