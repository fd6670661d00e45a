// The IXC flavor against the golden sample of erpsim-data.md, through a real Simulator on loopback.
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

class IxcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SimulatorOptions options;
    options.flavor = "ixc";
    options.data_path = testing::GoldenPath();
    auto started = Simulator::Start(options);
    ASSERT_TRUE(started.ok()) << started.error().message;
    sim_ = std::move(started).value();
  }

  Reply Call(const std::string& method, const std::string& table, const json& body, bool listar,
             const std::string& auth = "Basic " + Base64Encode("1:sim-token")) {
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Content-Type", "application/json"}};
    if (!auth.empty()) headers.emplace_back("Authorization", auth);
    if (listar) headers.emplace_back("ixcsoft", "listar");
    return Fetch(sim_->port(), method, "/webservice/v1/" + table, headers, body.dump());
  }
  json List(const std::string& table, const json& body) {
    Reply r = Call("POST", table, body, true);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "text/x-json; charset=utf-8");
    return json::parse(r.body);
  }

  std::unique_ptr<Simulator> sim_;
};

TEST_F(IxcTest, AuthenticationFailuresUseIxcStatuses) {
  json q = {{"qtype", "cliente.id"}, {"query", "1"}, {"oper", "="}};
  EXPECT_EQ(Call("POST", "cliente", q, true, "").status, 401);
  EXPECT_EQ(Call("POST", "cliente", q, true, "Bearer sim-token").status, 400);
  EXPECT_EQ(Call("POST", "cliente", q, true, "Basic " + Base64Encode("1:wrong")).status, 401);
  EXPECT_EQ(Call("POST", "cliente", q, true, "Basic " + Base64Encode("105:sim-token")).status,
            200);  // any user
}

TEST_F(IxcTest, ClienteByFormattedCpfWithNumericTotalAndAllStrings) {
  json out = List("cliente", {{"qtype", "cliente.cnpj_cpf"},
                              {"query", "529.982.247-25"},
                              {"oper", "="},
                              {"page", "1"},
                              {"rp", "5"},
                              {"sortname", "cliente.id"},
                              {"sortorder", "asc"}});
  EXPECT_EQ(out["page"], "1");
  EXPECT_EQ(out["total"], 1);  // a number for cliente
  const json& row = out["registros"][0];
  EXPECT_EQ(row["id"], "1");
  EXPECT_EQ(row["cnpj_cpf"], "529.982.247-25");
  EXPECT_EQ(row["razao"], "Maria Aparecida da Silva");
  EXPECT_EQ(row["data_nascimento"], "1985-03-02");
  EXPECT_EQ(row["telefone_celular"], "(19) 98765-4321");
  EXPECT_EQ(row["cep"], "13010-100");
  EXPECT_TRUE(row.contains("senha"));
  for (auto& [key, value] : row.items()) EXPECT_TRUE(value.is_string()) << key;
  // The stored value is formatted: a digits-only query finds nothing, and the empty reply keeps the
  // shape.
  json none =
      List("cliente", {{"qtype", "cliente.cnpj_cpf"}, {"query", "52998224725"}, {"oper", "="}});
  EXPECT_EQ(none["total"], 0);
  EXPECT_TRUE(none["registros"].empty());
}

TEST_F(IxcTest, PhoneSearchWithLikeOperator) {
  json out = List("cliente",
                  {{"qtype", "cliente.telefone_celular"}, {"query", "8765-4321"}, {"oper", "L"}});
  EXPECT_EQ(out["total"], 1);
}

TEST_F(IxcTest, FnAreceberRowCarriesTheGoldenCodes) {
  json out = List(
      "fn_areceber",
      {{"qtype", "fn_areceber.id_cliente"},
       {"query", "1"},
       {"oper", "="},
       {"rp", "200000"},
       {"sortname", "fn_areceber.data_vencimento"},
       {"sortorder", "asc"},
       {"grid_param",
        R"([{"TB":"fn_areceber.liberado", "OP" : "=", "P" : "S"}, {"TB":"fn_areceber.status", "OP" : "!=", "P" : "C"},{"TB":"fn_areceber.status", "OP" : "!=", "P" : "R"}])"}});
  EXPECT_EQ(out["total"], "1");  // a string outside cliente
  ASSERT_EQ(out["registros"].size(), 1u);
  const json& row = out["registros"][0];
  EXPECT_EQ(row["id"], "100");
  EXPECT_EQ(row["status"], "A");
  EXPECT_EQ(row["valor"], "99.90");
  EXPECT_EQ(row["data_vencimento"], "2026-11-10");
  EXPECT_EQ(row["linha_digitavel"], "34191234050000000100800000567891816260000009990");
  EXPECT_EQ(row["nn_boleto"].get<std::string>().size(), 44u);
  EXPECT_EQ(row["pix_txid"], "FAT100");
  json all = List("fn_areceber", {{"qtype", "fn_areceber.id_contrato"},
                                  {"query", "10"},
                                  {"oper", "="},
                                  {"sortname", "fn_areceber.data_vencimento"},
                                  {"sortorder", "desc"}});
  ASSERT_EQ(all["registros"].size(), 2u);
  EXPECT_EQ(all["registros"][0]["id"], "100");
  EXPECT_EQ(all["registros"][1]["status"], "R");
  json by_date =
      List("fn_areceber",
           {{"qtype", "fn_areceber.data_vencimento"}, {"query", "01/11/2026"}, {"oper", ">="}});
  EXPECT_EQ(by_date["total"], "1");
}

TEST_F(IxcTest, ContractRendersBlockedStatus) {
  json out = List("cliente_contrato",
                  {{"qtype", "cliente_contrato.id_cliente"}, {"query", "1"}, {"oper", "="}});
  const json& row = out["registros"][0];
  EXPECT_EQ(row["id"], "10");
  EXPECT_EQ(row["status"], "A");
  EXPECT_TRUE(row["status_internet"] == "CA" || row["status_internet"] == "FA");
  EXPECT_EQ(row["desbloqueio_confianca_ativo"], "N");
  EXPECT_EQ(row["dt_ult_des_bloq_conf"], "2026-10-05");
  EXPECT_EQ(row["contrato"], "Fibra 500 Mega");
  json rad =
      List("radusuarios", {{"qtype", "radusuarios.id_contrato"}, {"query", "10"}, {"oper", "="}});
  EXPECT_EQ(rad["registros"][0]["online"], "N");
}

TEST_F(IxcTest, BadQueriesGetTheRedDivWithStatus200AndListingNeedsTheHeader) {
  Reply r = Call("POST", "cliente", {{"qtype", "cnpj_cpf"}, {"query", "1"}, {"oper", "="}}, true);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Ocorreu um erro ao processar. Contate o suporte IXC Soft."),
            std::string::npos);
  r = Call("POST", "cliente", {{"qtype", "cliente.nao_existe"}, {"query", "1"}}, true);
  EXPECT_NE(r.body.find("background:#FF0000"), std::string::npos);
  EXPECT_EQ(Call("GET", "cliente", {{"qtype", "cliente.id"}, {"query", "1"}}, false).status, 404);
  EXPECT_EQ(
      Call("GET", "cliente", {{"qtype", "cliente.id"}, {"query", "1"}, {"oper", "="}}, true).status,
      200);
  r = Call("POST", "rad", json::object(), false);
  EXPECT_EQ(r.body,
            R"({"type":"error","message":"Recurso rad n\u00e3o est\u00e1 dispon\u00edvel!"})");
}

TEST_F(IxcTest, TrustUnlockCodesAndMutation) {
  Reply r = Call("POST", "desbloqueio_confianca", {{"id", "10"}}, false);
  json out = json::parse(r.body);
  EXPECT_EQ(out["tipo"], "sucesso");
  EXPECT_EQ(sim_->dataset().FindContract(10)->status, ContractStatus::kTrustUnlocked);
  auto events = sim_->events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["kind"], "trust_unlock");
  EXPECT_EQ(events[0]["erp"], "ixc");
  EXPECT_EQ(events[0]["contract_id"], 10);
  EXPECT_EQ(events[0]["at"].get<std::string>().substr(0, 11), "2026-11-22T");
  // Later reads see it; a second unlock is refused as already active; the body is ASCII-escaped.
  json contract =
      List("cliente_contrato", {{"qtype", "cliente_contrato.id"}, {"query", "10"}, {"oper", "="}});
  EXPECT_EQ(contract["registros"][0]["desbloqueio_confianca_ativo"], "S");
  EXPECT_EQ(contract["registros"][0]["status_internet"], "A");
  r = Call("POST", "desbloqueio_confianca", {{"id", 10}}, false);
  EXPECT_EQ(r.body.find("\xc3"), std::string::npos);
  out = json::parse(r.body);
  EXPECT_EQ(out["tipo"], "erro");
  EXPECT_EQ(out["codigo"], "107");
  EXPECT_EQ(out["mensagem"],
            "O contrato j\xc3\xa1 encontra-se ativo, n\xc3\xa3o \xc3\xa9 necess\xc3\xa1rio "
            "utilizar o desbloqueio "
            "de confian\xc3\xa7"
            "a.");
  out = json::parse(Call("POST", "desbloqueio_confianca", {{"id", "999"}}, false).body);
  EXPECT_EQ(out["codigo"], "106");
  EXPECT_EQ(out["mensagem"], "ID de contrato inexistente na base de dados.");
}

TEST(IxcRules, RecentUnlockGives113AndCanceledGives109) {
  auto dataset = *Dataset::Load(testing::GoldenPath());
  dataset.contracts[0].trust_unlocks = {dataset.today.AddDays(-10)};
  Contract canceled = dataset.contracts[0];
  canceled.id = 11;
  canceled.status = ContractStatus::kCanceled;
  dataset.contracts.push_back(canceled);
  SimulatorOptions options;
  options.flavor = "ixc";
  options.dataset = dataset;
  auto sim = Simulator::Start(options);
  ASSERT_TRUE(sim.ok()) << sim.error().message;
  auto call = [&](const char* id) {
    return json::parse(Fetch((*sim)->port(), "POST", "/webservice/v1/desbloqueio_confianca",
                             {{"Authorization", "Basic " + Base64Encode("1:sim-token")}},
                             json{{"id", id}}.dump())
                           .body);
  };
  json limit = call("10");
  EXPECT_EQ(limit["codigo"], "113");
  EXPECT_NE(limit["mensagem"].get<std::string>().find("contrato 10"), std::string::npos);
  EXPECT_EQ(call("11")["codigo"], "109");
  EXPECT_TRUE((*sim)->events().empty());
}

TEST_F(IxcTest, GetBoletoAndGetPix) {
  Reply r = Call("POST", "get_boleto",
                 {{"boletos", "100"},
                  {"juro", "S"},
                  {"multa", "S"},
                  {"atualiza_boleto", "S"},
                  {"tipo_boleto", "arquivo"},
                  {"base64", "S"}},
                 false);
  EXPECT_EQ(r.status, 200);
  auto pdf = Base64Decode(r.body);
  ASSERT_TRUE(pdf.has_value());
  EXPECT_EQ(pdf->rfind("%PDF", 0), 0u);
  r = Call("GET", "get_boleto", {{"boletos", "100"}, {"tipo_boleto", "arquivo"}, {"base64", "N"}},
           true);
  EXPECT_EQ(r.body.rfind("%PDF", 0), 0u);
  r = Call("POST", "get_boleto", {{"boletos", "100"}, {"tipo_boleto", "mail"}}, false);
  EXPECT_EQ(r.body, R"({"registros":[{"sucesso":true}]})");

  json pix = json::parse(Call("POST", "get_pix", {{"id_areceber", "100"}}, false).body);
  EXPECT_EQ(pix["type"], "success");
  std::string code = pix["pix"]["dadosPix"]["pixCopiaECola"];
  EXPECT_EQ(code.substr(code.size() - 4), "6FB3");
  EXPECT_TRUE(pix["pix"]["dadosPix"]["revisao"].is_number());
  EXPECT_EQ(pix["pix"]["dadosPix"]["valor"]["original"], "99.90");
  json none =
      json::parse(Call("POST", "get_pix", {{"id_areceber", "99"}}, false).body);  // paid: no PIX
  EXPECT_EQ(none["pix"]["dadosPix"]["expiracaoPix"], "31/12/1969 21:00:00");
  EXPECT_FALSE(none["pix"]["dadosPix"].contains("pixCopiaECola"));
}

TEST_F(IxcTest, TicketInsertNeedsMenssagemAndLogsAnEvent) {
  json ticket = {{"tipo", "C"},
                 {"id_cliente", "1"},
                 {"id_assunto", "1"},
                 {"titulo", "Sem conexão"},
                 {"id_ticket_setor", "1"},
                 {"prioridade", "B"},
                 {"mensagem", "typo"},
                 {"su_status", "N"},
                 {"id_contrato", "10"}};
  json refused = json::parse(Call("POST", "su_ticket", ticket, false).body);
  EXPECT_EQ(refused["type"], "error");
  ticket["menssagem"] = "Cliente sem internet desde ontem";
  json ok = json::parse(Call("POST", "su_ticket", ticket, false).body);
  EXPECT_EQ(ok["type"], "success");
  EXPECT_EQ(ok["id"], "1");
  auto events = sim_->events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["kind"], "ticket");
  EXPECT_EQ(events[0]["contract_id"], 10);
  EXPECT_EQ(events[0]["subject"], "Sem conexão");
  json listed =
      List("su_ticket", {{"qtype", "su_ticket.id_cliente"}, {"query", "1"}, {"oper", "="}});
  EXPECT_EQ(listed["total"], "1");
}

TEST_F(IxcTest, ClienteInsertCreatesACustomer) {
  json body = {{"ativo", "S"},
               {"tipo_pessoa", "F"},
               {"razao", "João Gonçalves"},
               {"cnpj_cpf", "111.444.777-35"},
               {"cep", "13010-200"},
               {"endereco", "Rua A"},
               {"numero", "1"},
               {"bairro", "Centro"},
               {"cidade", "3535"},
               {"uf", "35"},
               {"telefone_celular", "(19) 99999-0000"}};
  json out = json::parse(Call("POST", "cliente", body, false).body);
  EXPECT_EQ(out["type"], "success");
  EXPECT_EQ(out["id"], "2");
  Reply r = Call("POST", "cliente",
                 {{"qtype", "cliente.cnpj_cpf"}, {"query", "111.444.777-35"}, {"oper", "="}}, true);
  EXPECT_NE(r.body.find("JO\\u00e3O") == std::string::npos ? r.body.find("Jo\\u00e3o") : 0,
            std::string::npos);
  EXPECT_EQ(sim_->events().at(0)["kind"], "customer_created");
}

}  // namespace
}  // namespace atende::erpsim
