// IXC connector against the example responses of specs/erp-ixc.md (testdata/), served by a fake
// transport.
#include "erp/ixc/ixc_erp.h"

#include <gtest/gtest.h>

#include "br/pix.h"
#include "erp/testing/fake_http.h"
#include "erp/wire.h"

namespace atende::erp::ixc {
namespace {

using http::Method;
using testing::FakeHttpClient;
using testing::ReadFixture;
using Json = nlohmann::json;

std::string Fx(const std::string& name) { return ReadFixture("ixc", name); }

class IxcErpTest : public ::testing::Test {
 protected:
  IxcErpTest()
      : clock_(FixedClock::AtLocalNoon(Date::ParseIso("2026-11-22").value())),
        http_(std::make_shared<FakeHttpClient>()),
        erp_(Config(), http_, *clock_) {}
  static ConnectorConfig Config() {
    ConnectorConfig c;
    c.flavor = "ixc";
    c.base_url = "https://erp.example.com.br/";
    c.user = "1";
    c.token = "tok";
    return c;
  }
  Contract ContractFor(std::string id, std::string customer) {
    Contract k;
    k.erp_id = k.unlock_key = std::move(id);
    k.customer_erp_id = std::move(customer);
    return k;
  }
  std::unique_ptr<FixedClock> clock_;
  std::shared_ptr<FakeHttpClient> http_;
  IxcErp erp_;
};

TEST_F(IxcErpTest, FindsCustomerByFormattedDocumentAsAListingPost) {
  http_->On(Method::kPost, "/webservice/v1/cliente", 200, Fx("cliente_found.json"),
            "text/x-json; charset=utf-8");
  auto found = erp_.FindCustomersByDocument(Document::Parse("62710524520").value());
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  ASSERT_EQ(found->size(), 1u);
  const Customer& c = (*found)[0];
  EXPECT_EQ(c.erp_id, "2");
  EXPECT_EQ(c.name, "Cliente Teste");
  ASSERT_TRUE(c.document.has_value());
  EXPECT_EQ(c.document->value(), "62710524520");
  EXPECT_EQ(c.person_type, PersonType::kIndividual);
  EXPECT_EQ(c.address.street, "Endereco 2");
  EXPECT_EQ(c.address.number, "25");
  EXPECT_EQ(c.address.city, "3828");
  EXPECT_EQ(c.address.zip, "89801000");
  EXPECT_TRUE(c.phones.empty());  // every phone column is ""
  ASSERT_EQ(c.emails.size(), 2u);
  EXPECT_EQ(c.emails[0], "charles.dcg@gmail.com");

  auto sent = http_->requests();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].url, "https://erp.example.com.br/webservice/v1/cliente");
  bool has_listar = false, has_auth = false;
  for (const auto& [k, v] : sent[0].headers) {
    has_listar |= k == "ixcsoft" && v == "listar";
    has_auth |= k == "Authorization" && v == "Basic MTp0b2s=";  // base64("1:tok")
  }
  EXPECT_TRUE(has_listar);
  EXPECT_TRUE(has_auth);
  Json body = Json::parse(sent[0].body);
  EXPECT_EQ(body["qtype"], "cliente.cnpj_cpf");
  EXPECT_EQ(body["query"], "627.105.245-20");
  EXPECT_EQ(body["oper"], "=");
  for (auto& [k, v] : body.items()) EXPECT_TRUE(v.is_string()) << k << " must be a string";
}

TEST_F(IxcErpTest, EmptyListingTriesDigitsThenReportsNoCustomer) {
  http_->On(Method::kPost, "/webservice/v1/cliente", 200, Fx("cliente_empty.json"));
  auto found = erp_.FindCustomersByDocument(Document::Parse("529.982.247-25").value());
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->empty());
  auto sent = http_->requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(Json::parse(sent[0].body)["query"], "529.982.247-25");
  EXPECT_EQ(Json::parse(sent[1].body)["query"], "52998224725");
}

TEST_F(IxcErpTest, ListingWithoutRegistrosIsEmpty) {
  http_->On(Method::kPost, "/webservice/v1/cliente", 200, Fx("listing_without_registros.json"));
  auto found = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->empty());
}

TEST_F(IxcErpTest, RedHtmlDivWithHttp200IsAnErpFailure) {
  http_->On(Method::kPost, "/webservice/v1/cliente", 200, Fx("error_red_div.html"), "text/html");
  auto found = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(found.error().detail.find("Ocorreu um erro ao processar"), std::string::npos);
}

TEST_F(IxcErpTest, RedDivWith504IsUnavailable) {
  http_->On(Method::kPost, "/webservice/v1/cliente", 504, Fx("error_red_div.html"), "text/html");
  auto found = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().kind, ErrorKind::kUnavailable);
}

TEST_F(IxcErpTest, IpNotAllowedIsUnauthorizedWithTheMessageKept) {
  http_->On(Method::kPost, "/webservice/v1/cliente", 200, Fx("error_ip_not_allowed.json"));
  auto found = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(found.error().detail, "Seu IP não está liberado para efetuar login!");
}

TEST_F(IxcErpTest, UnreleasedResourceIsRefused) {
  http_->On(Method::kPost, "/webservice/v1/cliente", 200, Fx("error_resource_unavailable.json"));
  auto found = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().kind, ErrorKind::kRefused);
  EXPECT_EQ(found.error().detail, "Recurso rad não está disponível!");
}

TEST_F(IxcErpTest, Http401IsUnauthorized) {
  http_->On(Method::kPost, "/webservice/v1/cliente", 401, "Authorization Requested", "text/html");
  auto found = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().kind, ErrorKind::kUnauthorized);
}

TEST_F(IxcErpTest, OpenInvoicesAreFilteredOnLiberadoAndStatusAndMapped) {
  http_->On(Method::kPost, "/webservice/v1/fn_areceber", 200, Fx("fn_areceber_open.json"));
  auto invoices = erp_.ListInvoices(ContractFor("2309", "2"), InvoiceFilter::kOpen);
  ASSERT_TRUE(invoices.ok()) << invoices.error().ToString();
  ASSERT_EQ(invoices->size(), 1u);
  const Invoice& inv = (*invoices)[0];
  EXPECT_EQ(inv.erp_id, "145535");
  EXPECT_EQ(inv.document_number, "72006");
  EXPECT_EQ(inv.contract_erp_id, "2309");
  EXPECT_EQ(inv.due_date.ToIso(), "2024-11-21");
  EXPECT_EQ(inv.issue_date->ToIso(), "2024-11-08");
  EXPECT_EQ(inv.amount.cents(), 2600);
  EXPECT_EQ(inv.status, InvoiceStatus::kOpen);
  EXPECT_TRUE(inv.overdue);
  EXPECT_FALSE(inv.updated_amount.has_value());  // IXC reports no updated figure
  EXPECT_TRUE(inv.linha_digitavel.empty());      // a Gateway title
  EXPECT_EQ(inv.pdf.kind, PdfSource::Kind::kFetch);

  auto sent = http_->RequestsTo("/fn_areceber");
  ASSERT_EQ(sent.size(), 1u);
  Json body = Json::parse(sent[0].body);
  EXPECT_EQ(body["qtype"], "fn_areceber.id_cliente");
  EXPECT_EQ(body["query"], "2");
  ASSERT_TRUE(body["grid_param"].is_string());  // JSON inside a string
  Json grid = Json::parse(body["grid_param"].get<std::string>());
  ASSERT_EQ(grid.size(), 3u);
  EXPECT_EQ(grid[0], (Json{{"TB", "fn_areceber.liberado"}, {"OP", "="}, {"P", "S"}}));
  EXPECT_EQ(grid[1], (Json{{"TB", "fn_areceber.status"}, {"OP", "!="}, {"P", "C"}}));
  EXPECT_EQ(grid[2], (Json{{"TB", "fn_areceber.status"}, {"OP", "!="}, {"P", "R"}}));
}

TEST_F(IxcErpTest, InvoicesOfAnotherContractAreLeftOut) {
  http_->On(Method::kPost, "/webservice/v1/fn_areceber", 200, Fx("fn_areceber_open.json"));
  auto invoices = erp_.ListInvoices(ContractFor("999", "2"), InvoiceFilter::kOpen);
  ASSERT_TRUE(invoices.ok());
  EXPECT_TRUE(invoices->empty());
}

TEST_F(IxcErpTest, EmptyInvoiceListingWithStringTotal) {
  http_->On(Method::kPost, "/webservice/v1/fn_areceber", 200, Fx("fn_areceber_empty.json"));
  auto invoices = erp_.ListInvoices(ContractFor("10", "1"), InvoiceFilter::kAll);
  ASSERT_TRUE(invoices.ok());
  EXPECT_TRUE(invoices->empty());
}

TEST_F(IxcErpTest, ValidLinhaIsKeptAndABrokenOneDropped) {
  Json rec = {{"id", "100"},
              {"status", "A"},
              {"liberado", "S"},
              {"valor", "99.90"},
              {"data_vencimento", "2026-11-10"},
              {"linha_digitavel", "34191.23405 00000.001008 00000.567891 8 16260000009990"}};
  Invoice ok = MapInvoice(rec, Date::ParseIso("2026-11-22").value());
  EXPECT_EQ(ok.linha_digitavel, "34191234050000000100800000567891816260000009990");
  EXPECT_EQ(ok.barcode.size(), 44u);
  rec["linha_digitavel"] =
      "34191234050000000100800000567891816260000009991";  // wrong general digit
  Invoice bad = MapInvoice(rec, Date::ParseIso("2026-11-22").value());
  EXPECT_TRUE(bad.linha_digitavel.empty());
}

TEST_F(IxcErpTest, ContractOfTheCommunityMockIsBlocked) {
  Contract k = MapContract(Json::parse(Fx("cliente_contrato_community_mock.json")));
  EXPECT_EQ(k.erp_id, "1");
  EXPECT_EQ(k.unlock_key, "1");
  EXPECT_EQ(k.customer_erp_id, "7");
  EXPECT_EQ(k.plan_name, "Fibra 300");
  EXPECT_EQ(k.status, ContractStatus::kBlocked);
  EXPECT_EQ(k.raw_status, "A/FA");
}

TEST(IxcStatusMapping, FollowsErpCommonTable41) {
  EXPECT_EQ(MapContractStatus("A", "A", "N", "N", "N"), ContractStatus::kActive);
  EXPECT_EQ(MapContractStatus("A", "A", "", "", ""), ContractStatus::kActive);
  EXPECT_EQ(MapContractStatus("A", "CA", "N", "N", "N"), ContractStatus::kBlocked);
  EXPECT_EQ(MapContractStatus("A", "FA", "N", "N", "N"), ContractStatus::kBlocked);
  EXPECT_EQ(MapContractStatus("A", "A", "R", "N", "N"), ContractStatus::kReduced);
  EXPECT_EQ(MapContractStatus("A", "CM", "N", "N", "S"), ContractStatus::kSuspended);
  EXPECT_EQ(MapContractStatus("I", "D", "N", "N", "N"), ContractStatus::kCanceled);
  EXPECT_EQ(MapContractStatus("D", "A", "N", "N", "N"), ContractStatus::kCanceled);
  EXPECT_EQ(MapContractStatus("A", "A", "N", "S", "N"), ContractStatus::kTrustUnlocked);
  EXPECT_EQ(MapContractStatus("P", "AA", "", "", ""), ContractStatus::kPending);
  EXPECT_EQ(MapContractStatus("A", "AA", "", "", ""), ContractStatus::kPending);
  EXPECT_EQ(MapContractStatus("A", "CE", "", "", ""), ContractStatus::kUnknown);
  EXPECT_EQ(MapContractStatus("N", "A", "", "", ""), ContractStatus::kUnknown);
}

TEST_F(IxcErpTest, ContractsGetOnlineStateFromRadiusLogins) {
  Json contracts = {
      {"page", "1"},
      {"total", "2"},
      {"registros",
       {{{"id", "10"}, {"id_cliente", "1"}, {"status", "A"}, {"status_internet", "CA"}},
        {{"id", "11"}, {"id_cliente", "1"}, {"status", "A"}, {"status_internet", "A"}}}}};
  Json logins = {{"page", "1"},
                 {"total", "2"},
                 {"registros",
                  {{{"id", "5"}, {"id_contrato", "10"}, {"online", "N"}, {"senha", "x"}},
                   {{"id", "6"}, {"id_contrato", "11"}, {"online", "S"}}}}};
  http_->On(Method::kPost, "/webservice/v1/cliente_contrato", 200, contracts.dump());
  http_->On(Method::kPost, "/webservice/v1/radusuarios", 200, logins.dump());
  Customer c;
  c.erp_id = "1";
  auto list = erp_.ListContracts(c);
  ASSERT_TRUE(list.ok()) << list.error().ToString();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].status, ContractStatus::kBlocked);
  EXPECT_EQ((*list)[0].online, OnlineState::kOffline);
  EXPECT_EQ((*list)[1].online, OnlineState::kOnline);
}

TEST_F(IxcErpTest, FlexigridShapeIsReadAsNoLogins) {
  Json contracts = {{"page", "1"},
                    {"total", "1"},
                    {"registros", {{{"id", "10"}, {"status", "A"}, {"status_internet", "A"}}}}};
  http_->On(Method::kPost, "/webservice/v1/cliente_contrato", 200, contracts.dump());
  http_->On(Method::kPost, "/webservice/v1/radusuarios", 200, Fx("radacct_flexigrid.json"));
  Customer c;
  c.erp_id = "1";
  auto list = erp_.ListContracts(c);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ((*list)[0].online, OnlineState::kUnknown);
}

TEST_F(IxcErpTest, TrustUnlockRefusalsMapToNormalisedReasons) {
  struct Case {
    const char* fixture;
    Refusal refusal;
    const char* code;
  };
  for (const Case& c : {Case{"desbloqueio_106.json", Refusal::kNotFound, "106"},
                        Case{"desbloqueio_107.json", Refusal::kAlreadyActive, "107"},
                        Case{"desbloqueio_109.json", Refusal::kContractInactive, "109"},
                        Case{"desbloqueio_113.json", Refusal::kLimitReached, "113"}}) {
    http_->On(Method::kPost, "/webservice/v1/desbloqueio_confianca", 200, Fx(c.fixture));
    auto r = erp_.TrustUnlock(ContractFor("10", "1"), {});
    ASSERT_TRUE(r.ok()) << c.fixture << ": " << r.error().ToString();
    EXPECT_FALSE(r->granted);
    EXPECT_EQ(r->refusal, c.refusal) << c.fixture;
    EXPECT_EQ(r->erp_code, c.code);
    EXPECT_FALSE(r->erp_message.empty());
  }
  auto r = erp_.TrustUnlock(ContractFor("10", "1"), {});
  EXPECT_TRUE(r->erp_message.starts_with("O desbloqueio de confiança não está")) << r->erp_message;
  auto sent = http_->RequestsTo("/desbloqueio_confianca");
  EXPECT_EQ(Json::parse(sent.back().body), (Json{{"id", "10"}}));
  for (const auto& [k, v] : sent.back().headers)
    EXPECT_NE(k, "ixcsoft");  // an action, not a listing
  EXPECT_EQ(sent.back().idempotent, false);
}

TEST_F(IxcErpTest, TrustUnlockSuccess) {
  http_->On(Method::kPost, "/webservice/v1/desbloqueio_confianca", 200,
            R"({"tipo":"sucesso","codigo":"100","mensagem":"Desbloqueio realizado com sucesso."})");
  auto r = erp_.TrustUnlock(ContractFor("10", "1"), {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->granted);
  EXPECT_EQ(r->refusal, Refusal::kNone);
}

TEST_F(IxcErpTest, TrustUnlockTimeoutIsReconciledByReadingTheContract) {
  http_->OnError(Method::kPost, "/webservice/v1/desbloqueio_confianca",
                 Error::Timeout("no answer"));
  Json blocked = {{"page", "1"},
                  {"total", "1"},
                  {"registros", {{{"id", "10"}, {"status", "A"}, {"status_internet", "CA"}}}}};
  http_->On(Method::kPost, "/webservice/v1/cliente_contrato", 200, blocked.dump());
  auto r = erp_.TrustUnlock(ContractFor("10", "1"), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kTimeout);
  EXPECT_EQ(http_->RequestsTo("/desbloqueio_confianca").size(), 1u);  // never resent

  Json unlocked = blocked;
  unlocked["registros"][0]["status_internet"] = "A";
  unlocked["registros"][0]["desbloqueio_confianca_ativo"] = "S";
  http_->On(Method::kPost, "/webservice/v1/cliente_contrato", 200, unlocked.dump());
  r = erp_.TrustUnlock(ContractFor("10", "1"), {});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(r->granted);
  EXPECT_EQ(http_->RequestsTo("/desbloqueio_confianca").size(), 2u);
}

TEST_F(IxcErpTest, PixFromGetPixIsValidatedAndEmptyMeansNone) {
  http_->On(Method::kPost, "/webservice/v1/get_pix", 200, Fx("get_pix_reply.json"));
  Invoice inv;
  inv.erp_id = "2233";
  auto docs = erp_.GetPaymentDocuments(ContractFor("10", "1"), inv, false);
  ASSERT_TRUE(docs.ok()) << docs.error().ToString();
  EXPECT_TRUE(docs->pix_copia_e_cola.empty());
  EXPECT_EQ(Json::parse(http_->RequestsTo("/get_pix").back().body),
            (Json{{"id_areceber", "2233"}}));

  http_->On(Method::kPost, "/webservice/v1/get_pix", 200, Fx("get_pix_no_pix.json"));
  docs = erp_.GetPaymentDocuments(ContractFor("10", "1"), inv, false);
  ASSERT_TRUE(docs.ok());
  EXPECT_TRUE(docs->pix_copia_e_cola.empty());

  std::string code = br::MakeStaticPix({"financeiro@fibraexemplo.com.br", "Fibra Exemplo",
                                        "Campinas", Money::FromCents(9990), "FAT100", ""})
                         .value();
  Json reply = Json::parse(Fx("get_pix_reply.json"));
  reply["pix"]["dadosPix"]["pixCopiaECola"] = code;
  http_->On(Method::kPost, "/webservice/v1/get_pix", 200, reply.dump());
  docs = erp_.GetPaymentDocuments(ContractFor("10", "1"), inv, false);
  ASSERT_TRUE(docs.ok());
  EXPECT_EQ(docs->pix_copia_e_cola, code);

  reply["pix"]["dadosPix"]["pixCopiaECola"] = "000201-pix";
  http_->On(Method::kPost, "/webservice/v1/get_pix", 200, reply.dump());
  docs = erp_.GetPaymentDocuments(ContractFor("10", "1"), inv, false);
  ASSERT_TRUE(docs.ok());
  EXPECT_TRUE(docs->pix_copia_e_cola.empty());
  EXPECT_FALSE(docs->dropped.empty());
}

TEST_F(IxcErpTest, BoletoPdfComesAsBase64Text) {
  http_->On(Method::kPost, "/webservice/v1/get_pix", 200, Fx("get_pix_no_pix.json"));
  http_->On(Method::kPost, "/webservice/v1/get_boleto", 200,
            "JVBERi0xLjQKJcOkw7zDtsOfCg==", "text/plain");
  Invoice inv;
  inv.erp_id = "145535";
  auto docs = erp_.GetPaymentDocuments(ContractFor("10", "1"), inv, true);
  ASSERT_TRUE(docs.ok()) << docs.error().ToString();
  EXPECT_TRUE(docs->pdf_bytes.starts_with("%PDF-1.4"));
  Json body = Json::parse(http_->RequestsTo("/get_boleto").back().body);
  EXPECT_EQ(body["boletos"], "145535");
  EXPECT_EQ(body["tipo_boleto"], "arquivo");
  EXPECT_EQ(body["base64"], "S");

  http_->On(Method::kPost, "/webservice/v1/get_boleto", 200, Fx("get_boleto_mail_reply.json"));
  docs = erp_.GetPaymentDocuments(ContractFor("10", "1"), inv, true);
  ASSERT_TRUE(docs.ok());
  EXPECT_TRUE(docs->pdf_bytes.empty());
  EXPECT_FALSE(docs->dropped.empty());
}

TEST_F(IxcErpTest, TicketIsInsertedIntoSuTicketWithTheDoubleSField) {
  http_->On(Method::kPost, "/webservice/v1/su_ticket", 200, Fx("insert_success.json"));
  auto t = erp_.OpenTicket({"1", "10", "Sem conexão", "Cliente relata queda", std::nullopt});
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->erp_id, "123");
  Json body = Json::parse(http_->RequestsTo("/su_ticket").back().body);
  EXPECT_EQ(body["menssagem"], "Cliente relata queda");
  EXPECT_EQ(body["id_cliente"], "1");
  EXPECT_EQ(body["su_status"], "N");
}

TEST(IxcBody, SuccessActionRepliesPass) {
  EXPECT_TRUE(
      CheckBody(ReadFixture("ixc", "cancelar_financeiro_reply.json"), "cancelar_financeiro").ok());
}

TEST_F(IxcErpTest, PhoneLookupQueriesEachColumnAndConfirmsTheLine) {
  Json rows = {{"page", "1"},
               {"total", 2},
               {"registros",
                {{{"id", "1"}, {"razao", "Maria"}, {"telefone_celular", "(19) 98765-4321"}},
                 {{"id", "2"}, {"razao", "Outro"}, {"telefone_celular", "(21) 91111-4321"}}}}};
  http_->On(Method::kPost, "/webservice/v1/cliente", 200, rows.dump());
  auto found = erp_.FindCustomersByPhone(Phone::Parse("+5519987654321").value());
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].erp_id, "1");
  auto sent = http_->requests();
  ASSERT_EQ(sent.size(), 4u);
  EXPECT_EQ(Json::parse(sent[0].body)["qtype"], "cliente.telefone_celular");
  EXPECT_EQ(Json::parse(sent[0].body)["oper"], "L");
}

TEST_F(IxcErpTest, PromiseIsNotAnIxcOperation) {
  auto p = erp_.PromiseToPay(ContractFor("10", "1"), Date::ParseIso("2026-11-30").value());
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind, ErrorKind::kRefused);
  EXPECT_FALSE(erp_.capabilities().promise_to_pay);
}

}  // namespace
}  // namespace atende::erp::ixc
