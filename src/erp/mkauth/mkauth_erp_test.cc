// MK-Auth connector against the example responses of specs/erp-mkauth.md (testdata/), via a fake
// transport.
#include "erp/mkauth/mkauth_erp.h"

#include <gtest/gtest.h>

#include "erp/testing/fake_http.h"

namespace atende::erp::mkauth {
namespace {

using http::Method;
using namespace std::chrono_literals;
using testing::FakeHttpClient;
using testing::ReadFixture;
using Json = nlohmann::json;

std::string Fx(const std::string& name) { return ReadFixture("mkauth", name); }

class MkAuthErpTest : public ::testing::Test {
 protected:
  MkAuthErpTest()
      // The fixture JWT was issued at 1698331616 (2023-10-26T14:46:56Z) and expires 600 s later.
      : clock_(std::make_unique<FixedClock>(TimePoint(std::chrono::seconds(1698331616)))),
        http_(std::make_shared<FakeHttpClient>()),
        erp_(Config(), http_, *clock_) {
    http_->On(Method::kGet, "/api/", 200, Fx("token.txt"), "text/plain");
  }
  static ConnectorConfig Config() {
    ConnectorConfig c;
    c.flavor = "mkauth";
    c.base_url = "https://mk.example.com.br";
    c.user = "Client_Id_abc";
    c.token = "Client_Secret_xyz";
    return c;
  }
  Contract Lise() {
    Contract k;
    k.erp_id = k.customer_erp_id = "lise";
    k.unlock_key = "UUID-123";
    return k;
  }
  std::unique_ptr<FixedClock> clock_;
  std::shared_ptr<FakeHttpClient> http_;
  MkAuthErp erp_;
};

TEST(MkAuthJwt, ExpiryIsReadFromThePayload) {
  EXPECT_EQ(JwtExpiry(ReadFixture("mkauth", "token.txt")), 1698332216);
  EXPECT_EQ(JwtLifetime(ReadFixture("mkauth", "token.txt")), std::chrono::seconds(600));
  EXPECT_FALSE(JwtExpiry("not-a-jwt").has_value());
}

TEST_F(MkAuthErpTest, LooksUpByCpfAndCompletesTheRecordWithShow) {
  http_->On(Method::kGet, "/api/cliente/listar/cpf_cnpj=52998224725", 200, Fx("listar_cpf.json"));
  http_->On(Method::kGet, "/api/cliente/show/lise", 200, Fx("show_flat.json"));
  auto found = erp_.FindCustomersByDocument(Document::Parse("529.982.247-25").value());
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].erp_id, "lise");
  EXPECT_EQ((*found)[0].alt_ids.at("uuid_cliente"), "UUID-123");

  auto sent = http_->requests();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].url, "https://mk.example.com.br/api/");
  EXPECT_EQ(sent[0].headers[0].second,
            http::BasicAuthorization("Client_Id_abc", "Client_Secret_xyz"));
  EXPECT_EQ(sent[1].headers[0].second, "Bearer " + Fx("token.txt"));
  EXPECT_EQ(erp_.token_requests(), 1);  // cached for the second call
}

TEST_F(MkAuthErpTest, LiteralNullIsNotFound) {
  http_->On(Method::kGet, "/api/cliente/listar/cpf_cnpj=52998224725", 200, Fx("not_found_null.txt"),
            "text/html");
  auto found = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->empty());
}

TEST_F(MkAuthErpTest, TokenIsRefreshedAMinuteBeforeExpiry) {
  http_->On(Method::kGet, "/api/titulo/aberto/lise", 200, Fx("titulo_aberto_empty.json"));
  ASSERT_TRUE(erp_.ListInvoices(Lise(), InvoiceFilter::kOpen).ok());
  clock_->Advance(539s);
  ASSERT_TRUE(erp_.ListInvoices(Lise(), InvoiceFilter::kOpen).ok());
  EXPECT_EQ(erp_.token_requests(), 1);
  clock_->Advance(2s);
  ASSERT_TRUE(erp_.ListInvoices(Lise(), InvoiceFilter::kOpen).ok());
  EXPECT_EQ(erp_.token_requests(), 2);
}

TEST_F(MkAuthErpTest, A401ReauthenticatesOnceThenSucceeds) {
  int calls = 0;
  http_->OnCall(Method::kGet, "/api/titulo/aberto/lise", [&](const http::ClientRequest&) {
    http::ClientResponse r;
    r.status = ++calls == 1 ? 401 : 200;
    r.body = calls == 1 ? "Unauthorized" : Fx("titulo_aberto_empty.json");
    return Result<http::ClientResponse>(r);
  });
  auto r = erp_.ListInvoices(Lise(), InvoiceFilter::kOpen);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(r->empty());  // {"Total":0,...} with a capital T
  EXPECT_EQ(erp_.token_requests(), 2);
}

TEST_F(MkAuthErpTest, Persistent401IsUnauthorized) {
  http_->On(Method::kGet, "/api/titulo/aberto/lise", 401, "Unauthorized", "text/plain");
  auto r = erp_.ListInvoices(Lise(), InvoiceFilter::kOpen);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(erp_.token_requests(), 2);  // never a loop
}

TEST_F(MkAuthErpTest, BadClientSecretIsUnauthorized) {
  http_->On(Method::kGet, "/api/", 401, "Acesso negado", "text/html");
  auto r = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnauthorized);
}

TEST_F(MkAuthErpTest, PhpErrorTextWithHttp200IsAFailure) {
  http_->On(Method::kGet, "/api/cliente/listar/cpf_cnpj=52998224725", 200, Fx("php_error.html"),
            "text/html");
  auto r = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(r.error().detail.find("mysqli_connect"), std::string::npos);
}

TEST_F(MkAuthErpTest, WrappedShowByCpfIsReadToo) {
  Json show = Json::parse(Fx("show_cpf_wrapped.json"));
  Customer c = MapCustomer(show);
  EXPECT_EQ(c.erp_id, "lise");
  EXPECT_EQ(c.name, "Lise Exemplo");
  EXPECT_EQ(c.document->value(), "52998224725");
  EXPECT_EQ(c.alt_ids.at("uuid_cliente"), "UUID-123");
  Contract k = MapContract(show, Date::ParseIso("2024-07-20").value());
  EXPECT_EQ(k.status, ContractStatus::kBlocked);
  EXPECT_EQ(k.unlock_key, "UUID-123");
  EXPECT_EQ(k.online, OnlineState::kUnknown);
  // The single `titulos` object of the wrapper is a title like any other.
  Invoice inv = MapTitulo(show["dados_cliente"]["titulos"], Date::ParseIso("2024-07-20").value(),
                          "https://mk");
  EXPECT_TRUE(inv.overdue);
  EXPECT_EQ(inv.amount.cents(), 11000);
  EXPECT_EQ(inv.payment_link, "https://mk/boleto/21boleto.php?titulo=6572777");
}

TEST(MkAuthStatus, ActiveTrustUnlockedAndCanceled) {
  Date today = Date::ParseIso("2026-11-22").value();
  EXPECT_EQ(
      MapContract(Json{{"bloqueado", "nao"}, {"cli_ativado", "s"}, {"observacao", "nao"}}, today)
          .status,
      ContractStatus::kActive);
  EXPECT_EQ(MapContract(Json{{"bloqueado", "nao"},
                             {"cli_ativado", "s"},
                             {"observacao", "sim"},
                             {"rem_obs", "2026-11-24"}},
                        today)
                .status,
            ContractStatus::kTrustUnlocked);
  EXPECT_EQ(MapContract(Json{{"bloqueado", "nao"},
                             {"cli_ativado", "s"},
                             {"observacao", "sim"},
                             {"rem_obs", "2026-11-01"}},
                        today)
                .status,
            ContractStatus::kActive);
  EXPECT_EQ(MapContract(Json{{"bloqueado", "nao"}, {"cli_ativado", "n"}}, today).status,
            ContractStatus::kCanceled);
}

TEST_F(MkAuthErpTest, TituloShowGivesAValidItauLinha) {
  http_->On(Method::kGet, "/api/titulo/show/AE91D370-DFAB-41CF-81C9-CAEFD69F3AFA", 200,
            Fx("titulo_show.json"));
  Invoice inv;
  inv.erp_id = "AE91D370-DFAB-41CF-81C9-CAEFD69F3AFA";
  auto docs = erp_.GetPaymentDocuments(Lise(), inv, false);
  ASSERT_TRUE(docs.ok()) << docs.error().ToString();
  EXPECT_EQ(docs->linha_digitavel, "34191770050006572777870144370007697780000011000");
  EXPECT_EQ(docs->barcode.size(), 44u);
  EXPECT_TRUE(docs->pix_copia_e_cola.empty());
  EXPECT_TRUE(docs->pdf_url.empty());  // `url` is always null
  EXPECT_EQ(docs->payment_link, "https://mk.example.com.br/boleto/21boleto.php?titulo=6572777");
  Invoice mapped =
      MapTitulo(Json::parse(Fx("titulo_show.json")), Date::ParseIso("2024-07-01").value(), "x");
  EXPECT_EQ(mapped.due_date.ToIso(), "2024-07-15");
  EXPECT_EQ(mapped.amount.cents(), 11000);
  EXPECT_EQ(mapped.status, InvoiceStatus::kOpen);
  EXPECT_FALSE(mapped.overdue);
}

TEST_F(MkAuthErpTest, TrustUnlockChecksTheStateBeforeAndAfter) {
  int shows = 0;
  http_->OnCall(Method::kGet, "/api/cliente/show/lise", [&](const http::ClientRequest&) {
    http::ClientResponse r;
    r.status = 200;
    r.body =
        ++shows == 1
            ? Fx("show_flat.json")
            : R"({"login":"lise","uuid_cliente":"UUID-123","bloqueado":"nao","observacao":"sim",)"
              R"("rem_obs":"2023-10-28 23:59:59","cli_ativado":"s"})";
    return Result<http::ClientResponse>(r);
  });
  http_->On(Method::kGet, "/api/cliente/desbloqueio/UUID-123", 200, R"({"status":"success"})");
  auto r = erp_.TrustUnlock(Lise(), {});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(r->granted);
  EXPECT_EQ(r->until->ToIso(), "2023-10-28");
  EXPECT_EQ(r->days, 2);
  EXPECT_EQ(http_->RequestsTo("/api/cliente/desbloqueio/UUID-123").size(), 1u);
  EXPECT_EQ(http_->RequestsTo("/api/cliente/desbloqueio/UUID-123")[0].idempotent, false);

  // Now in a trust unlock: refused locally, MK-Auth is not called again.
  auto again = erp_.TrustUnlock(Lise(), {});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->granted);
  EXPECT_EQ(again->refusal, Refusal::kAlreadyActive);
  EXPECT_EQ(http_->RequestsTo("/api/cliente/desbloqueio/UUID-123").size(), 1u);
}

TEST_F(MkAuthErpTest, TrustUnlockTimeoutIsJudgedByTheStateAfterwards) {
  http_->OnError(Method::kGet, "/api/cliente/desbloqueio/UUID-123", Error::Timeout("no answer"));
  http_->On(Method::kGet, "/api/cliente/show/lise", 200, Fx("show_flat.json"));  // still blocked
  auto r = erp_.TrustUnlock(Lise(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kTimeout);
  EXPECT_EQ(http_->RequestsTo("/api/cliente/desbloqueio/UUID-123").size(), 1u);
}

TEST_F(MkAuthErpTest, TicketGoesToChamadoInserir) {
  http_->On(Method::kPost, "/api/chamado/inserir", 200,
            R"({"status":"sucesso","ticket_id":"881"})");
  auto t = erp_.OpenTicket({"lise", "lise", "Sem conexão", "Sem sinal", std::nullopt});
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->erp_id, "881");
  Json body = Json::parse(http_->RequestsTo("/api/chamado/inserir")[0].body);
  EXPECT_EQ(body["login"], "lise");
  EXPECT_EQ(body["prioridade"], "normal");
  EXPECT_EQ(body["assunto"], "Sem conexão");
}

TEST_F(MkAuthErpTest, CapabilitiesSayWhatIsMissing) {
  Capabilities c = erp_.capabilities();
  EXPECT_FALSE(c.online_status);
  EXPECT_FALSE(c.promise_to_pay);
  EXPECT_FALSE(c.trust_unlock_refusal_reasons);
  EXPECT_EQ(erp_.PromiseToPay(Lise(), Date::ParseIso("2026-12-01").value()).error().kind,
            ErrorKind::kRefused);
}

}  // namespace
}  // namespace atende::erp::mkauth
