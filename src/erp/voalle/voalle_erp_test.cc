// Voalle connector against the example responses of specs/erp-voalle.md (testdata/), via a fake
// transport: the token call, the envelope, the not-found texts, pagination, 401 and 429.
#include "erp/voalle/voalle_erp.h"

#include <gtest/gtest.h>

#include "erp/testing/fake_http.h"

namespace atende::erp::voalle {
namespace {

using http::Method;
using namespace std::chrono_literals;
using testing::FakeHttpClient;
using testing::ReadFixture;
using Json = nlohmann::json;

std::string Fx(const std::string& name) { return ReadFixture("voalle", name); }
Json FxJson(const std::string& name) { return Json::parse(Fx(name)); }
constexpr char kApi[] = "/external/integrations/thirdparty/";
std::string Api(const std::string& path) { return std::string(kApi) + path; }

class VoalleErpTest : public ::testing::Test {
 protected:
  VoalleErpTest()
      : clock_(FixedClock::AtLocalNoon(Date::ParseIso("2024-02-10").value())),
        http_(std::make_shared<FakeHttpClient>()),
        erp_(Config(), http_, *clock_) {
    http_->On(Method::kPost, "/connect/token", 200, Fx("token.json"));
  }
  static ConnectorConfig Config() {
    ConnectorConfig c;
    c.flavor = "voalle";
    c.base_url = "https://erp.isp.example:45715/";
    c.user = "integrador";
    c.token = "client-secret";
    c.syndata = "U1lOREFUQQ==";
    return c;
  }
  Contract Ctr123(const std::string& contracts = "1") {
    Contract k;
    k.erp_id = "456";
    k.unlock_key = "CTR-123";
    k.customer_erp_id = "42";
    k.status = ContractStatus::kBlocked;
    k.alt_ids = {{"txId", "12345678900"}, {"contracts_of_customer", contracts}};
    return k;
  }
  std::unique_ptr<FixedClock> clock_;
  std::shared_ptr<FakeHttpClient> http_;
  VoalleErp erp_;
};

TEST(VoalleWire, AuthPortIsDerivedFromTheApiPort) {
  EXPECT_EQ(DefaultAuthUrl("https://erp.isp:45715"), "https://erp.isp:45700");
  EXPECT_EQ(DefaultAuthUrl("http://127.0.0.1:8123/"), "http://127.0.0.1:8123");
}

TEST(VoalleWire, EnvelopeMessagesMayBeNullOrEmptyOrAList) {
  Envelope e = ReadEnvelope(Fx("viability_error.json"), "x").value();
  EXPECT_FALSE(e.success);
  EXPECT_EQ(e.messages, "Distância inválida.");
  EXPECT_EQ(e.codes, "300");
  EXPECT_FALSE(MeansNothingFound(e));
  EXPECT_TRUE(MeansNothingFound(ReadEnvelope(Fx("people_not_found.json"), "x").value()));
  EXPECT_TRUE(MeansNothingFound(ReadEnvelope(Fx("open_titles_none.json"), "x").value()));
  EXPECT_TRUE(ReadEnvelope(Fx("people_null_response.json"), "x")->success);
  EXPECT_EQ(ReadEnvelope("{\"response\":1}", "x").error().kind, ErrorKind::kBadAnswer);
  EXPECT_EQ(ReadEnvelope("<html>IIS</html>", "x").error().kind, ErrorKind::kBadAnswer);
}

TEST(VoalleWire, PersonDetail) {
  Customer c = MapPerson(FxJson("people_txid.json")["response"]);
  EXPECT_EQ(c.erp_id, "42");
  EXPECT_EQ(c.alt_ids.at("txId"), "12345678900");
  // The vendor's sample CPF has wrong check digits: an ERP record is kept as stored (§3.1).
  ASSERT_TRUE(c.document.has_value());
  EXPECT_EQ(c.document->value(), "12345678900");
  EXPECT_EQ(c.raw_document, "12345678900");
  EXPECT_EQ(c.name, "João Silva");
  EXPECT_EQ(c.birth_date->ToIso(), "1990-01-01");
  ASSERT_EQ(c.phones.size(), 2u);
  EXPECT_EQ(c.phones[0].raw, "55999990000");  // DDD 55 (Santa Maria, RS) + a mobile
  EXPECT_TRUE(c.HasPhone(Phone::Parse("+5555999990000").value()));
  EXPECT_EQ(c.address.street, "Rua das Flores");
  EXPECT_EQ(c.address.city, "Santa Maria");
  EXPECT_EQ(c.address.zip, "97010001");
}

TEST(VoalleWire, ContractStatusNumbersObjectsAndLabels) {
  EXPECT_EQ(MapContractStatus(Json{{"status", 1}}), ContractStatus::kActive);
  EXPECT_EQ(MapContractStatus(Json{{"status", "6"}}), ContractStatus::kBlocked);
  EXPECT_EQ(MapContractStatus(Json{{"status", {{"value", 5}, {"label", "Suspenso"}}}}),
            ContractStatus::kSuspended);
  EXPECT_EQ(MapContractStatus(Json{{"status", 4}}), ContractStatus::kCanceled);
  EXPECT_EQ(MapContractStatus(Json{{"status", 9}}), ContractStatus::kCanceled);
  EXPECT_EQ(MapContractStatus(Json{{"status", 7}}), ContractStatus::kSuspended);
  EXPECT_EQ(MapContractStatus(Json{{"status", "Bloqueio Financeiro"}}), ContractStatus::kBlocked);
  EXPECT_EQ(MapContractStatus(Json{{"status", "Aviso_Bloqueio"}}), ContractStatus::kReduced);
  EXPECT_EQ(MapContractStatus(Json{{"status", 8}}), ContractStatus::kUnknown);
  EXPECT_EQ(MapContractStatus(Json{{"contractNumber", "CTR-123"}}), ContractStatus::kUnknown);
  Contract minimal = MapContract(FxJson("contract_getpaged_minimal.json")["response"]["data"][0]);
  EXPECT_EQ(minimal.erp_id, "CTR-123");  // only the number: it is the key then
  EXPECT_EQ(minimal.unlock_key, "CTR-123");
  EXPECT_EQ(minimal.online, OnlineState::kUnknown);
}

TEST(VoalleWire, TitlesDropPlaceholdersAndReadTheStatusWhereverItIs) {
  Invoice open = MapTitle(FxJson("open_titles.json")["response"][0], *Date::ParseIso("2024-02-10"));
  EXPECT_EQ(open.erp_id, "123456");
  EXPECT_EQ(open.document_number, "FAT000000001");
  EXPECT_EQ(open.amount.cents(), 9990);
  EXPECT_EQ(open.updated_amount->cents(), 9990);
  EXPECT_EQ(open.due_date.ToIso(), "2024-01-31");
  EXPECT_TRUE(open.overdue);
  EXPECT_TRUE(open.linha_digitavel.empty());   // "00000.00000 …" is a placeholder
  EXPECT_TRUE(open.pix_copia_e_cola.empty());  // "000201..." too
  EXPECT_EQ(open.pdf.kind, PdfSource::Kind::kFetch);
  Json all = FxJson("titles_all.json")["response"];
  Date today = *Date::ParseIso("2024-02-10");
  EXPECT_EQ(MapTitle(all[0], today).status, InvoiceStatus::kPaid);
  EXPECT_EQ(MapTitle(all[1], today).status, InvoiceStatus::kOpen);
  EXPECT_FALSE(MapTitle(all[1], today).overdue);
  EXPECT_EQ(MapTitle(all[2], today).status, InvoiceStatus::kCanceled);
  Invoice late = MapTitle(all[3], today);  // status inside `billet`
  EXPECT_EQ(late.status, InvoiceStatus::kOpen);
  EXPECT_TRUE(late.overdue);
  EXPECT_EQ(late.updated_amount->cents(), 10103);
  Invoice billet = MapTitle(FxJson("contract_billets.json")["response"][0], today);  // flat shape
  EXPECT_EQ(billet.erp_id, "123123");
  EXPECT_EQ(billet.due_date.ToIso(), "2024-05-30");
  EXPECT_EQ(billet.payment_link, "https://example.com/boleto/abc123");
}

TEST_F(VoalleErpTest, TokenIsAFormPostWithSyndataOnTheAuthPortThenBearer) {
  http_->On(Method::kGet, Api("people/txid/52998224725"), 200, Fx("people_not_found.json"));
  auto found = erp_.FindCustomersByDocument(Document::Parse("529.982.247-25").value());
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  EXPECT_TRUE(found->empty());  // "Registro não encontrado." with HTTP 200
  auto sent = http_->requests();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, "https://erp.isp.example:45700/connect/token");
  EXPECT_EQ(sent[0].body,
            "grant_type=client_credentials&scope=syngw&client_id=integrador&client_secret=client-"
            "secret&syndata=U1lOREFUQQ%3D%3D");
  EXPECT_EQ(sent[1].url, "https://erp.isp.example:45715" + Api("people/txid/52998224725"));
  EXPECT_EQ(sent[1].headers[0].second,
            "Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzY29wZSI6InN5bmd3In0.c2lnbmF0dXJl");
}

TEST_F(VoalleErpTest, TokenIsKeptForItsHourLessAMinute) {
  http_->On(Method::kGet, Api("people/txid/52998224725"), 200, Fx("people_null_response.json"));
  Document doc = Document::Parse("52998224725").value();
  ASSERT_TRUE(erp_.FindCustomersByDocument(doc).ok());
  clock_->Advance(3539s);
  ASSERT_TRUE(erp_.FindCustomersByDocument(doc).ok());
  EXPECT_EQ(erp_.token_requests(), 1);
  clock_->Advance(2s);
  ASSERT_TRUE(erp_.FindCustomersByDocument(doc).ok());
  EXPECT_EQ(erp_.token_requests(), 2);
}

TEST_F(VoalleErpTest, InvalidClientIsUnauthorized) {
  http_->On(Method::kPost, "/connect/token", 400, Fx("token_invalid_client.json"));
  auto r = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnauthorized);
  EXPECT_NE(r.error().detail.find("invalid_client"), std::string::npos);
  http_->On(Method::kPost, "/connect/token", 422, Fx("token_invalid_client.json"));
  EXPECT_EQ(erp_.FindCustomersByDocument(Document::Parse("52998224725").value()).error().kind,
            ErrorKind::kUnauthorized);
}

TEST_F(VoalleErpTest, A401RenewsTheTokenOnceThenGivesUp) {
  int calls = 0;
  http_->OnCall(Method::kGet, Api("people/txid/52998224725"), [&](const http::ClientRequest&) {
    http::ClientResponse r;
    r.status = ++calls == 1 ? 401 : 200;
    r.body = calls == 1 ? "" : Fx("people_null_response.json");
    return Result<http::ClientResponse>(r);
  });
  ASSERT_TRUE(erp_.FindCustomersByDocument(Document::Parse("52998224725").value()).ok());
  EXPECT_EQ(erp_.token_requests(), 2);
  http_->On(Method::kGet, Api("people/txid/52998224725"), 401, "");
  auto r = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(erp_.token_requests(), 3);  // never a loop
}

TEST_F(VoalleErpTest, A429HoldsEveryCallForItsRetryAfter) {
  http::ClientResponse throttled;
  throttled.status = 429;
  throttled.headers = {{"retry-after", "30"}};
  http_->OnCall(Method::kGet, Api("people/txid/52998224725"), [&](const http::ClientRequest&) {
    return Result<http::ClientResponse>(throttled);
  });
  Document doc = Document::Parse("52998224725").value();
  auto first = erp_.FindCustomersByDocument(doc);
  EXPECT_EQ(first.error().kind, ErrorKind::kUnavailable);
  size_t sent = http_->requests().size();
  auto held = erp_.FindCustomersByDocument(doc);
  EXPECT_EQ(held.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(held.error().message.find("Retry-After"), std::string::npos);
  EXPECT_EQ(http_->requests().size(), sent);  // not sent to the ERP at all
  clock_->Advance(30s);
  http_->On(Method::kGet, Api("people/txid/52998224725"), 200, Fx("people_null_response.json"));
  EXPECT_TRUE(erp_.FindCustomersByDocument(doc).ok());
}

TEST_F(VoalleErpTest, UnexpectedSuccessFalseOnAReadIsAFailureNotAnEmptyAnswer) {
  http_->On(Method::kGet, Api("people/txid/52998224725"), 200, Fx("viability_error.json"));
  auto r = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(r.error().detail.find("Distância inválida"), std::string::npos);
}

TEST_F(VoalleErpTest, ContractsArePagedToTheLastPage) {
  http_->On(Method::kPost, Api("contract/getpaged"), 200, Fx("contract_getpaged_page1.json"),
            "application/json", "\"page\":1");
  http_->On(Method::kPost, Api("contract/getpaged"), 200, Fx("contract_getpaged_page2.json"),
            "application/json", "\"page\":2");
  Customer c;
  c.erp_id = "42";
  c.alt_ids["txId"] = "12345678900";
  auto contracts = erp_.ListContracts(c);
  ASSERT_TRUE(contracts.ok()) << contracts.error().ToString();
  ASSERT_EQ(contracts->size(), 2u);
  EXPECT_EQ((*contracts)[0].erp_id, "456");
  EXPECT_EQ((*contracts)[0].unlock_key, "CTR-123");
  EXPECT_EQ((*contracts)[0].status, ContractStatus::kBlocked);
  EXPECT_EQ((*contracts)[1].status, ContractStatus::kSuspended);
  EXPECT_EQ((*contracts)[0].alt_ids.at("txId"), "12345678900");
  EXPECT_EQ((*contracts)[0].alt_ids.at("contracts_of_customer"), "2");
  auto sent = http_->RequestsTo(Api("contract/getpaged"));
  ASSERT_EQ(sent.size(), 2u);
  Json body = Json::parse(sent[0].body);
  EXPECT_EQ(body["txId"], "12345678900");
  EXPECT_EQ(body["txIdType"], 2);
  EXPECT_EQ(body["onlyActiveContracts"], false);
}

TEST_F(VoalleErpTest, NoOpenTitlesIsAnEmptyList) {
  http_->On(Method::kGet, Api("getopentitlesbytxid/12345678900"), 200, Fx("open_titles_none.json"));
  auto r = erp_.ListInvoices(Ctr123(), InvoiceFilter::kOpen);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(r->empty());
}

TEST_F(VoalleErpTest, WithSeveralContractsOnlyTheContractsOwnBilletsAreListed) {
  http_->On(Method::kGet, Api("getopentitlesbytxid/12345678900"), 200, Fx("open_titles.json"));
  http_->On(Method::kGet, Api("getcontractbillets/456"), 200, Fx("contract_billets.json"));
  auto mine = erp_.ListInvoices(Ctr123("2"), InvoiceFilter::kOpen);
  ASSERT_TRUE(mine.ok()) << mine.error().ToString();
  EXPECT_TRUE(mine->empty());  // title 123456 is not among contract 456's billets (123123)
  auto alone = erp_.ListInvoices(Ctr123("1"), InvoiceFilter::kOpen);
  ASSERT_EQ(alone->size(), 1u);
  EXPECT_EQ(http_->RequestsTo(Api("getcontractbillets/456")).size(), 1u);
  Contract orphan;
  orphan.erp_id = "456";
  EXPECT_EQ(erp_.ListInvoices(orphan, InvoiceFilter::kOpen).error().kind, ErrorKind::kInvalidInput);
}

TEST_F(VoalleErpTest, PaymentDocumentsFetchThePdfAndRejectAPlaceholderPix) {
  http_->On(Method::kPost, Api("billings/registerpix"), 200, Fx("registerpix.json"));
  http_->On(Method::kGet, Api("GetBillet/123456"), 200, "%PDF-1.4 boleto", "application/pdf");
  Invoice inv = MapTitle(FxJson("open_titles.json")["response"][0], clock_->Today());
  auto docs = erp_.GetPaymentDocuments(Ctr123(), inv, /*fetch_pdf=*/true);
  ASSERT_TRUE(docs.ok()) << docs.error().ToString();
  EXPECT_EQ(docs->pdf_bytes, "%PDF-1.4 boleto");
  EXPECT_TRUE(docs->pix_copia_e_cola.empty());
  ASSERT_EQ(docs->dropped.size(), 1u);
  EXPECT_NE(docs->dropped[0].find("PIX"), std::string::npos);
  auto sent = http_->RequestsTo(Api("billings/registerpix"));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].url.find("?receivableId=123456"), std::string::npos);
  EXPECT_FALSE(sent[0].IsIdempotent());
}

TEST_F(VoalleErpTest, WithoutAPdfTheBilletLinkIsOffered) {
  http_->On(Method::kGet, Api("GetBillet/123456"), 200,
            R"({"success":false,"messages":[{"message":"Boleto indisponível"}],"response":null})");
  http_->On(Method::kGet, Api("GetBilletLink/123456"), 200, Fx("billet_link.json"));
  http_->On(Method::kPost, Api("billings/registerpix"), 200, Fx("registerpix.json"));
  Invoice inv = MapTitle(FxJson("open_titles.json")["response"][0], clock_->Today());
  auto docs = erp_.GetPaymentDocuments(Ctr123(), inv, /*fetch_pdf=*/true);
  ASSERT_TRUE(docs.ok());
  EXPECT_TRUE(docs->pdf_bytes.empty());
  EXPECT_EQ(docs->payment_link, "https://portal.isp.example/check_bank/abc");
}

TEST_F(VoalleErpTest, TrustUnlockByContractNumberGrantedOrRefusedWithTheErpsWords) {
  http_->On(Method::kPost, Api("contracts/unlock/CTR-123"), 200, Fx("unlock_ok.json"));
  auto ok = erp_.TrustUnlock(Ctr123(), {});
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  EXPECT_TRUE(ok->granted);
  auto sent = http_->RequestsTo(Api("contracts/unlock/CTR-123"));
  EXPECT_EQ(sent[0].body, "{}");
  EXPECT_FALSE(sent[0].IsIdempotent());
  http_->On(Method::kPost, Api("contracts/unlock/CTR-123"), 200, Fx("unlock_refused.json"));
  auto refused = erp_.TrustUnlock(Ctr123(), {});
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->granted);
  EXPECT_EQ(refused->refusal, Refusal::kLimitReached);
  EXPECT_EQ(refused->erp_message, "Desbloqueio em confiança já utilizado nos últimos 30 dias.");
  EXPECT_EQ(refused->erp_code, "400");
  EXPECT_EQ(MapUnlock({false, {}, "Contrato não está bloqueado.", ""}).refusal,
            Refusal::kAlreadyActive);
  EXPECT_EQ(MapUnlock({false, {}, "Contrato cancelado.", ""}).refusal, Refusal::kContractInactive);
  EXPECT_EQ(MapUnlock({false, {}, "Algo inesperado", ""}).refusal, Refusal::kOther);
}

TEST_F(VoalleErpTest, AnUnlockWhoseFateIsUnknownIsConfirmedByReadingTheContract) {
  http_->OnError(Method::kPost, Api("contracts/unlock/CTR-123"), Error::Timeout("timed out"));
  Json active = FxJson("contract_getpaged_page1.json");
  active["response"]["data"][0]["status"] = 1;
  active["response"]["totalPages"] = 1;
  http_->On(Method::kPost, Api("contract/getpaged"), 200, active.dump());
  auto r = erp_.TrustUnlock(Ctr123(), {});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(r->granted);
  EXPECT_EQ(http_->RequestsTo(Api("contracts/unlock/CTR-123")).size(), 1u);  // never resent
  Json body = Json::parse(http_->RequestsTo(Api("contract/getpaged"))[0].body);
  EXPECT_EQ(body["contractNumber"], "CTR-123");
}

TEST_F(VoalleErpTest, TicketIsASolicitationWithClientAndContractIds) {
  http_->On(Method::kPost, Api("opensolicitation"), 200, Fx("solicitation.json"));
  auto t = erp_.OpenTicket({"42", "456", "Sem conexão", "Sem sinal desde ontem.",
                            Phone::Parse("+5519987654321").value()});
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->protocol, "202611220000001");
  EXPECT_EQ(t->erp_id, "981");
  Json body = Json::parse(http_->RequestsTo(Api("opensolicitation"))[0].body);
  EXPECT_EQ(body["clientId"], 42);
  EXPECT_EQ(body["contractId"], 456);
  EXPECT_EQ(body["contractServiceTagId"], 1);
  EXPECT_EQ(body["close"], false);
  EXPECT_NE(body["description"].get<std::string>().find("Sem sinal"), std::string::npos);
}

TEST_F(VoalleErpTest, NoPhoneLookupNoPromise) {
  EXPECT_FALSE(erp_.capabilities().find_by_phone);
  EXPECT_EQ(erp_.FindCustomersByPhone(Phone::Parse("+5519987654321").value()).error().kind,
            ErrorKind::kRefused);
  EXPECT_EQ(erp_.PromiseToPay(Ctr123(), clock_->Today()).error().kind, ErrorKind::kRefused);
  EXPECT_TRUE(http_->requests().empty());
}

}  // namespace
}  // namespace atende::erp::voalle
