// HubSoft connector against the official example responses of specs/erp-hubsoft.md (testdata/),
// via a fake transport: the password-grant token, "status":"error" with HTTP 200, the "suscess"
// spelling, paging by due date, 401 and 429.
#include "erp/hubsoft/hubsoft_erp.h"

#include <gtest/gtest.h>

#include "erp/testing/fake_http.h"

namespace atende::erp::hubsoft {
namespace {

using http::Method;
using namespace std::chrono_literals;
using testing::FakeHttpClient;
using testing::ReadFixture;
using Json = nlohmann::json;

std::string Fx(const std::string& name) { return ReadFixture("hubsoft", name); }
Json FxJson(const std::string& name) { return Json::parse(Fx(name)); }
std::string Api(const std::string& path) { return "/api/v1/integracao/" + path; }

std::string QueryOf(const http::ClientRequest& r) {
  size_t q = r.url.find('?');
  return q == std::string::npos ? "" : r.url.substr(q + 1);
}

class HubsoftErpTest : public ::testing::Test {
 protected:
  HubsoftErpTest()
      : clock_(FixedClock::AtLocalNoon(Date::ParseIso("2018-11-16").value())),
        http_(std::make_shared<FakeHttpClient>()),
        erp_(Config(), http_, *clock_) {
    http_->On(Method::kPost, "/oauth/token", 200, Fx("token.json"));
  }
  static ConnectorConfig Config() {
    ConnectorConfig c;
    c.flavor = "hubsoft";
    c.base_url = "https://isp.hubsoft.com.br";
    c.user = "3";
    c.token = "ONe7Ns48Y30tB";
    c.username = "teste@teste.com";
    c.password = "1234";
    return c;
  }
  Contract Service11201() {
    Contract k;
    k.erp_id = k.unlock_key = "11201";
    k.customer_erp_id = "11201";
    k.status = ContractStatus::kBlocked;
    return k;
  }
  std::unique_ptr<FixedClock> clock_;
  std::shared_ptr<FakeHttpClient> http_;
  HubsoftErp erp_;
};

TEST(HubsoftWire, StatusPrefixes) {
  EXPECT_EQ(MapStatusPrefix("servico_habilitado"), ContractStatus::kActive);
  EXPECT_EQ(MapStatusPrefix("suspenso_debito"), ContractStatus::kBlocked);
  EXPECT_EQ(MapStatusPrefix("suspenso_parcialmente"), ContractStatus::kReduced);
  EXPECT_EQ(MapStatusPrefix("suspenso_pedido_cliente"), ContractStatus::kSuspended);
  EXPECT_EQ(MapStatusPrefix("cancelado"), ContractStatus::kCanceled);
  EXPECT_EQ(MapStatusPrefix("inativo"), ContractStatus::kCanceled);
  EXPECT_EQ(MapStatusPrefix("aguardando_instalacao"), ContractStatus::kPending);
  EXPECT_EQ(MapStatusPrefix("agendado_para_instalacao"), ContractStatus::kPending);
  EXPECT_EQ(MapStatusPrefix("aguardando_migracao"), ContractStatus::kUnknown);
  EXPECT_EQ(MapStatusPrefix("franquia_excedida"), ContractStatus::kUnknown);
}

TEST(HubsoftWire, TheOfficialCustomerExample) {
  Json cliente = FxJson("cliente.json")["clientes"][0];
  Customer c = MapCliente(cliente);
  EXPECT_EQ(c.erp_id, "11201");
  EXPECT_EQ(c.alt_ids.at("codigo_cliente"), "421");
  EXPECT_EQ(c.raw_document, "10682083681");
  // The vendor's sample CPF fails its check digits: an ERP record is kept as stored (§3.1).
  ASSERT_TRUE(c.document.has_value());
  EXPECT_EQ(c.document->value(), "10682083681");
  EXPECT_EQ(c.name, "GUILHERME SILVA");
  ASSERT_EQ(c.phones.size(), 1u);  // primário and secundário are the same number
  EXPECT_TRUE(c.HasPhone(Phone::Parse("+5537988242968").value()));
  EXPECT_EQ(c.emails.at(0), "guilherme@silva.com.br");
  EXPECT_EQ(c.address.street, "RUA MINAS GERAIS");
  EXPECT_EQ(c.address.state, "MG");  // `estado`, not the full name in `uf`
  EXPECT_EQ(c.address.zip, "35502026");
  std::vector<Contract> services = MapServicos(cliente);
  ASSERT_EQ(services.size(), 1u);
  EXPECT_EQ(services[0].erp_id, "11201");
  EXPECT_EQ(services[0].unlock_key, "11201");
  EXPECT_EQ(services[0].plan_name, "4M");
  EXPECT_EQ(services[0].status, ContractStatus::kActive);
  EXPECT_EQ(services[0].online, OnlineState::kOnline);
  EXPECT_EQ(services[0].raw_status, "servico_habilitado (Serviço Habilitado)");
  ASSERT_TRUE(services[0].address.has_value());
  EXPECT_EQ(services[0].address->number, "1793");
  cliente["servicos"][0].erase("ultima_conexao");
  cliente["data_nascmento"] = "1988-04-12";
  EXPECT_EQ(MapServicos(cliente)[0].online, OnlineState::kUnknown);
  EXPECT_EQ(MapCliente(cliente).birth_date->ToIso(), "1988-04-12");
}

TEST(HubsoftWire, TheOfficialInvoiceExample) {
  Json fatura = FxJson("financeiro.json")["faturas"][0];
  Invoice inv = MapFatura(fatura, *Date::ParseIso("2018-11-16"));
  EXPECT_EQ(inv.erp_id, "36397");
  EXPECT_EQ(inv.document_number, "272064");
  EXPECT_EQ(inv.contract_erp_id, "22703");
  EXPECT_EQ(inv.amount.cents(), 5495);
  EXPECT_EQ(inv.due_date.ToIso(), "2017-10-10");  // dd/mm/yyyy in financeiro
  EXPECT_EQ(inv.status, InvoiceStatus::kPaid);    // data_pagamento set: no status field
  EXPECT_EQ(inv.paid_date->ToIso(), "2017-07-31");
  EXPECT_FALSE(inv.overdue);
  EXPECT_TRUE(inv.pix_copia_e_cola.empty());        // the example's BR Code fails its CRC
  EXPECT_EQ(inv.pdf.kind, PdfSource::Kind::kNone);  // link null (debit)
  fatura["data_pagamento"] = nullptr;
  fatura["link"] = "https://isp.hubsoft.com.br/boleto/36397";
  Invoice open = MapFatura(fatura, *Date::ParseIso("2018-11-16"));
  EXPECT_EQ(open.status, InvoiceStatus::kOpen);
  EXPECT_TRUE(open.overdue);
  EXPECT_EQ(open.pdf.value, "https://isp.hubsoft.com.br/boleto/36397");
}

TEST(HubsoftWire, UnlockUntilIsReadFromTheMessage) {
  Date today = *Date::ParseIso("2018-11-23");
  TrustUnlockResult ok = MapDesbloqueio(FxJson("desbloqueio_ok.json"), today);
  EXPECT_TRUE(ok.granted);
  EXPECT_EQ(ok.until->ToIso(), "2018-11-26");
  EXPECT_EQ(ok.days, 3);
  TrustUnlockResult used = MapDesbloqueio(FxJson("desbloqueio_refused.json"), today);
  EXPECT_FALSE(used.granted);
  EXPECT_EQ(used.refusal, Refusal::kLimitReached);
  EXPECT_EQ(MapDesbloqueio(FxJson("desbloqueio_days_exceeded.json"), today).refusal,
            Refusal::kNotAllowed);
  EXPECT_EQ(
      MapDesbloqueio(Json{{"status", "error"}, {"msg", "O serviço não está suspenso."}}, today)
          .refusal,
      Refusal::kAlreadyActive);
}

TEST(HubsoftWire, TicketProtocolFromTheRecordOrTheMessage) {
  TicketResult t = MapAtendimento(FxJson("atendimento.json"));
  EXPECT_EQ(t.protocol, "201811161058216");
  EXPECT_EQ(t.erp_id, "300");
  EXPECT_EQ(t.service_order_id, "340");
  Json bare = {{"status", "success"},
               {"msg", "Atendimento aberto. Anote o protocolo: 2018111600001."}};
  EXPECT_EQ(MapAtendimento(bare).protocol, "2018111600001");
}

TEST_F(HubsoftErpTest, PasswordGrantInJsonThenBearerWithEveryStatusIncluded) {
  http_->On(Method::kGet, Api("cliente"), 200, Fx("cliente_empty.json"));
  auto found = erp_.FindCustomersByDocument(Document::Parse("529.982.247-25").value());
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  EXPECT_TRUE(found->empty());
  auto sent = http_->requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, "https://isp.hubsoft.com.br/oauth/token");
  Json grant = Json::parse(sent[0].body);
  EXPECT_EQ(grant["grant_type"], "password");
  EXPECT_EQ(grant["client_id"], "3");
  EXPECT_EQ(grant["username"], "teste@teste.com");
  EXPECT_EQ(QueryOf(sent[1]),
            "busca=cpf_cnpj&termo_busca=52998224725&limit=100&inativo=todos&cancelado=sim&ultima_"
            "conexao=sim");
  EXPECT_EQ(sent[1].headers[0].second,
            "Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImp0aSI6Ijg0MTM2O");
}

TEST_F(HubsoftErpTest, WrongCredentialsAreUnauthorized) {
  http_->On(Method::kPost, "/oauth/token", 401, Fx("token_invalid_credentials.json"));
  auto r = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnauthorized);
  EXPECT_NE(r.error().detail.find("invalid_credentials"), std::string::npos);
}

TEST_F(HubsoftErpTest, ARevokedTokenIsRenewedOnce) {
  int calls = 0;
  http_->OnCall(Method::kGet, Api("cliente"), [&](const http::ClientRequest&) {
    http::ClientResponse r;
    r.status = ++calls == 1 ? 401 : 200;
    r.body = calls == 1 ? R"({"message":"Unauthenticated."})" : Fx("cliente_empty.json");
    return Result<http::ClientResponse>(r);
  });
  ASSERT_TRUE(erp_.FindCustomersByDocument(Document::Parse("52998224725").value()).ok());
  EXPECT_EQ(erp_.token_requests(), 2);
  clock_->Advance(std::chrono::hours(24 * 28));  // a 30-day token is still kept after 28 days
  ASSERT_TRUE(erp_.FindCustomersByDocument(Document::Parse("52998224725").value()).ok());
  EXPECT_EQ(erp_.token_requests(), 2);
  clock_->Advance(std::chrono::hours(24 * 1) + 1s);  // renewed a day before the end
  ASSERT_TRUE(erp_.FindCustomersByDocument(Document::Parse("52998224725").value()).ok());
  EXPECT_EQ(erp_.token_requests(), 3);
}

TEST_F(HubsoftErpTest, StatusErrorWithHttp200IsAFailureOnAReadAndA429IsHeld) {
  http_->On(Method::kGet, Api("cliente"), 200, Fx("error_required_fields.json"));
  auto r = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(r.error().detail.find("O campo pagina"), std::string::npos);
  http::ClientResponse throttled;
  throttled.status = 429;
  throttled.headers = {{"retry-after", "20"}};
  http_->OnCall(Method::kGet, Api("cliente"), [&](const http::ClientRequest&) {
    return Result<http::ClientResponse>(throttled);
  });
  EXPECT_EQ(erp_.FindCustomersByDocument(Document::Parse("52998224725").value()).error().kind,
            ErrorKind::kUnavailable);
  size_t sent = http_->requests().size();
  EXPECT_FALSE(erp_.FindCustomersByDocument(Document::Parse("52998224725").value()).ok());
  EXPECT_EQ(http_->requests().size(), sent);
}

TEST_F(HubsoftErpTest, PhoneWithoutTheNinthDigitIsTriedBothWays) {
  Json cliente = FxJson("cliente.json");
  http_->On(Method::kGet, Api("cliente"), 200, Fx("cliente_empty.json"));
  http_->On(Method::kGet, Api("cliente"), 200, cliente.dump(), "application/json");
  // The fake matches on the path only: answer by the term instead.
  http_->OnCall(Method::kGet, Api("cliente"), [&](const http::ClientRequest& req) {
    http::ClientResponse r;
    r.status = 200;
    r.body = QueryOf(req).find("termo_busca=37988242968") != std::string::npos
                 ? cliente.dump()
                 : Fx("cliente_empty.json");
    return Result<http::ClientResponse>(r);
  });
  auto found = erp_.FindCustomersByPhone(Phone::Parse("+553788242968").value());
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  ASSERT_EQ(found->size(), 1u);
  auto sent = http_->RequestsTo(Api("cliente"));
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_NE(QueryOf(sent[0]).find("busca=telefone&termo_busca=3788242968"), std::string::npos);
  EXPECT_NE(QueryOf(sent[1]).find("termo_busca=37988242968"), std::string::npos);
}

TEST_F(HubsoftErpTest, ContractsAreTheServicesOfTheCustomerByItsCode) {
  http_->On(Method::kGet, Api("cliente"), 200, Fx("cliente.json"));
  Customer c = MapCliente(FxJson("cliente.json")["clientes"][0]);
  auto contracts = erp_.ListContracts(c);
  ASSERT_TRUE(contracts.ok());
  ASSERT_EQ(contracts->size(), 1u);
  EXPECT_NE(
      QueryOf(http_->RequestsTo(Api("cliente"))[0]).find("busca=codigo_cliente&termo_busca=421"),
      std::string::npos);
}

TEST_F(HubsoftErpTest, InvoicesPageByDueDateFiftyAtATime) {
  auto page = [](int first, int count) {
    Json faturas = Json::array();
    for (int i = first; i < first + count; ++i) {
      Date due = Date::ParseIso("2018-01-01").value().AddDays(i);
      faturas.push_back({{"id_fatura", 1000 + i},
                         {"valor", 99.9},
                         {"data_vencimento", due.ToBr()},
                         {"data_pagamento", nullptr},
                         {"link", nullptr}});
    }
    return Json{
        {"status", "success"}, {"msg", "Dados consultados com sucesso"}, {"faturas", faturas}}
        .dump();
  };
  http_->OnCall(Method::kGet, Api("cliente/financeiro"), [&](const http::ClientRequest& req) {
    http::ClientResponse r;
    r.status = 200;
    std::string q = QueryOf(req);
    // Each later page repeats the last invoice of the one before (same due date), as HubSoft would.
    r.body = q.find("data_inicio") == std::string::npos              ? page(0, 50)
             : q.find("data_inicio=2018-02-19") != std::string::npos ? page(49, 50)
                                                                     : page(98, 12);
    return Result<http::ClientResponse>(r);
  });
  auto invoices = erp_.ListInvoices(Service11201(), InvoiceFilter::kOpen);
  ASSERT_TRUE(invoices.ok()) << invoices.error().ToString();
  EXPECT_EQ(invoices->size(), 110u);
  auto sent = http_->RequestsTo(Api("cliente/financeiro"));
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_NE(QueryOf(sent[0]).find(
                "busca=id_cliente_servico&termo_busca=11201&apenas_pendente=sim&limit=50"),
            std::string::npos);
  EXPECT_NE(QueryOf(sent[2]).find("tipo_data=data_vencimento&data_inicio=2018-04-09"),
            std::string::npos);
}

TEST_F(HubsoftErpTest, TrustUnlockSendsTheDaysAsked) {
  http_->On(Method::kPost, Api("cliente/desbloqueio_confianca"), 200, Fx("desbloqueio_ok.json"));
  auto r = erp_.TrustUnlock(Service11201(), {3});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(r->granted);
  EXPECT_EQ(r->until->ToIso(), "2018-11-26");
  auto sent = http_->RequestsTo(Api("cliente/desbloqueio_confianca"));
  EXPECT_EQ(Json::parse(sent[0].body),
            (Json{{"id_cliente_servico", "11201"}, {"dias_desbloqueio", "3"}}));
  EXPECT_FALSE(sent[0].IsIdempotent());
  EXPECT_TRUE(erp_.capabilities().trust_unlock_days);
}

TEST_F(HubsoftErpTest, TicketNeedsTheSubscribersNameAndPhone) {
  http_->On(Method::kGet, Api("cliente"), 200, Fx("cliente.json"));
  http_->On(Method::kPost, Api("atendimento"), 200, Fx("atendimento.json"));
  auto t = erp_.OpenTicket({"11201", "11201", "Sem conexão", "Sem sinal desde ontem.",
                            Phone::Parse("+5537999112233").value()});
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->protocol, "201811161058216");
  Json body = Json::parse(http_->RequestsTo(Api("atendimento"))[0].body);
  EXPECT_EQ(body["id_cliente_servico"], "11201");
  EXPECT_EQ(body["nome"], "GUILHERME SILVA");
  EXPECT_EQ(body["telefone"], "37999112233");  // DDNNNNNNNNN
  EXPECT_EQ(body["descricao"], "Sem conexão: Sem sinal desde ontem.");
  EXPECT_NE(QueryOf(http_->RequestsTo(Api("cliente"))[0]).find("busca=id_cliente_servico"),
            std::string::npos);
}

TEST_F(HubsoftErpTest, PaymentDocumentsFetchTheLinkedPdf) {
  http_->On(Method::kGet, "/boleto/36397", 200, "%PDF-1.4 hubsoft", "application/pdf");
  Json fatura = FxJson("financeiro.json")["faturas"][0];
  fatura["data_pagamento"] = nullptr;
  fatura["link"] = "https://isp.hubsoft.com.br/boleto/36397";
  Invoice inv = MapFatura(fatura, clock_->Today());
  auto docs = erp_.GetPaymentDocuments(Service11201(), inv, true);
  ASSERT_TRUE(docs.ok());
  EXPECT_EQ(docs->pdf_bytes, "%PDF-1.4 hubsoft");
  EXPECT_EQ(docs->pdf_url, "https://isp.hubsoft.com.br/boleto/36397");
  auto sent = http_->RequestsTo("/boleto/36397");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0].headers.empty());  // a public link: no token
}

}  // namespace
}  // namespace atende::erp::hubsoft
