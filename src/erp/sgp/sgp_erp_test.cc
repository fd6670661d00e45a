// SGP connector against the example responses of specs/erp-sgp.md (testdata/), served by a fake
// transport.
#include "erp/sgp/sgp_erp.h"

#include <gtest/gtest.h>

#include "br/pix.h"
#include "erp/testing/fake_http.h"

namespace atende::erp::sgp {
namespace {

using http::Method;
using testing::FakeHttpClient;
using testing::ReadFixture;
using Json = nlohmann::json;

std::string Fx(const std::string& name) { return ReadFixture("sgp", name); }

// Decodes a form body into a map (no repeated keys in SGP calls).
std::map<std::string, std::string> Form(const std::string& body) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t amp = body.find('&', pos);
    std::string pair = body.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    size_t eq = pair.find('=');
    std::string k = pair.substr(0, eq), v = eq == std::string::npos ? "" : pair.substr(eq + 1), dv;
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] == '%' && i + 2 < v.size()) {
        dv.push_back(static_cast<char>(std::stoi(v.substr(i + 1, 2), nullptr, 16)));
        i += 2;
      } else {
        dv.push_back(v[i]);
      }
    }
    out[k] = dv;
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return out;
}

class SgpErpTest : public ::testing::Test {
 protected:
  SgpErpTest()
      : clock_(FixedClock::AtLocalNoon(Date::ParseIso("2026-09-22").value())),
        http_(std::make_shared<FakeHttpClient>()),
        erp_(Config(), http_, *clock_) {}
  static ConnectorConfig Config() {
    ConnectorConfig c;
    c.flavor = "sgp";
    c.base_url = "https://demo.sgp.net.br";
    c.user = "atende";
    c.token = "tok-123";
    return c;
  }
  Contract K(std::string id) {
    Contract k;
    k.erp_id = k.unlock_key = std::move(id);
    k.customer_erp_id = "16957";
    return k;
  }
  std::unique_ptr<FixedClock> clock_;
  std::shared_ptr<FakeHttpClient> http_;
  SgpErp erp_;
};

TEST_F(SgpErpTest, FindsCustomerWithStatusAllAndTokenFieldsAndDropsSecrets) {
  http_->On(Method::kPost, "/api/ura/consultacliente/", 200, Fx("consultacliente_found.json"));
  http_->On(Method::kPost, "/api/ura/clientes/", 200, Fx("clientes_by_phone.json"));
  auto found = erp_.FindCustomersByDocument(Document::Parse("03666811337").value());
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  ASSERT_EQ(found->size(), 1u);
  const Customer& c = (*found)[0];
  EXPECT_EQ(c.erp_id, "16957");
  EXPECT_EQ(c.name, "CLIENTE EXEMPLO");
  EXPECT_EQ(c.document->value(), "03666811337");
  ASSERT_EQ(c.phones.size(), 1u);
  EXPECT_EQ(c.phones[0].raw, "(98) 98512-0338");
  EXPECT_EQ(c.phones[0].kind, "WhatsApp Número");
  EXPECT_EQ(c.phones[0].phone->e164(), "+5598985120338");
  EXPECT_EQ(c.emails, std::vector<std::string>{"exemplo@dominio.com"});
  EXPECT_EQ(c.address.number, "523");  // a number on the wire
  EXPECT_EQ(c.address.zip, "65000000");
  EXPECT_EQ(c.birth_date->ToIso(), "1990-05-20");  // from /api/ura/clientes/

  auto sent = http_->RequestsTo("/api/ura/consultacliente/");
  ASSERT_EQ(sent.size(), 1u);
  auto form = Form(sent[0].body);
  EXPECT_EQ(form["token"], "tok-123");
  EXPECT_EQ(form["app"], "atende");
  EXPECT_EQ(form["cpfcnpj"], "03666811337");
  EXPECT_EQ(form["status_all"], "1");
  EXPECT_EQ(form["incluir_suspensos"], "1");
  for (const auto& [k, v] : sent[0].headers) {
    if (k == "Content-Type") {
      EXPECT_EQ(v, "application/x-www-form-urlencoded");
    }
  }
}

TEST_F(SgpErpTest, NadaEncontradoTriesTheFormattedDocumentThenIsEmpty) {
  http_->On(Method::kPost, "/api/ura/consultacliente/", 200, Fx("consultacliente_not_found.json"));
  auto found = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->empty());
  auto sent = http_->RequestsTo("/api/ura/consultacliente/");
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(Form(sent[1].body)["cpfcnpj"], "529.982.247-25");
}

TEST_F(SgpErpTest, ContractsWithStatusAndOnlineState) {
  http_->On(Method::kPost, "/api/ura/consultacliente/", 200, Fx("consultacliente_found.json"));
  http_->On(Method::kPost, "/api/ura/verificaacesso/", 200, Fx("verificaacesso_online.json"));
  Customer c;
  c.erp_id = "16957";
  c.document = Document::Parse("03666811337").value();
  auto list = erp_.ListContracts(c);
  ASSERT_TRUE(list.ok()) << list.error().ToString();
  ASSERT_EQ(list->size(), 1u);
  const Contract& k = (*list)[0];
  EXPECT_EQ(k.erp_id, "17402");
  EXPECT_EQ(k.unlock_key, "17402");
  EXPECT_EQ(k.plan_name, "FIBRA 600");
  EXPECT_EQ(k.status, ContractStatus::kActive);
  EXPECT_EQ(k.raw_status, "1 Ativo");
  EXPECT_EQ(k.online, OnlineState::kOnline);
  EXPECT_EQ(Form(http_->RequestsTo("/api/ura/verificaacesso/")[0].body)["contrato"], "17402");

  http_->On(Method::kPost, "/api/ura/verificaacesso/", 200, Fx("verificaacesso_offline.json"));
  list = erp_.ListContracts(c);
  EXPECT_EQ((*list)[0].online, OnlineState::kOffline);
}

TEST(SgpStatusMapping, FollowsTheOfficialList) {
  EXPECT_EQ(MapContractStatus(1, ""), ContractStatus::kActive);
  EXPECT_EQ(MapContractStatus(2, ""), ContractStatus::kCanceled);
  EXPECT_EQ(MapContractStatus(3, ""), ContractStatus::kCanceled);
  EXPECT_EQ(MapContractStatus(4, "Inadimplência"), ContractStatus::kBlocked);
  EXPECT_EQ(MapContractStatus(4, "Suspensão a pedido do cliente"), ContractStatus::kSuspended);
  EXPECT_EQ(MapContractStatus(5, ""), ContractStatus::kUnknown);
  EXPECT_EQ(MapContractStatus(6, ""), ContractStatus::kPending);
  EXPECT_EQ(MapContractStatus(7, ""), ContractStatus::kReduced);
}

TEST_F(SgpErpTest, PhoneLookupUsesClientesAndReadsBirthDate) {
  http_->On(Method::kPost, "/api/ura/clientes/", 200, Fx("clientes_by_phone.json"));
  auto found = erp_.FindCustomersByPhone(Phone::Parse("+5598985120338").value());
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].erp_id, "16957");
  EXPECT_EQ((*found)[0].document->value(), "52998224725");
  EXPECT_EQ((*found)[0].birth_date->ToIso(), "1990-05-20");
  EXPECT_EQ(Form(http_->requests()[0].body)["telefone"], "98985120338");
}

TEST_F(SgpErpTest, InvoicesMapAndPlaceholderCodesAreDropped) {
  http_->On(Method::kPost, "/api/central/titulos/", 200, Fx("central_titulos.json"));
  auto invoices = erp_.ListInvoices(K("17402"), InvoiceFilter::kOpen);
  ASSERT_TRUE(invoices.ok()) << invoices.error().ToString();
  ASSERT_EQ(invoices->size(), 1u);
  const Invoice& inv = (*invoices)[0];
  EXPECT_EQ(inv.erp_id, "999");
  EXPECT_EQ(inv.document_number, "123");
  EXPECT_EQ(inv.amount.cents(), 8990);
  EXPECT_EQ(inv.updated_amount->cents(), 9210);
  EXPECT_EQ(inv.AmountDue().cents(), 9210);
  EXPECT_EQ(inv.due_date.ToIso(), "2026-09-20");
  EXPECT_EQ(inv.status, InvoiceStatus::kOpen);
  EXPECT_TRUE(inv.overdue);                   // today 2026-09-22
  EXPECT_TRUE(inv.linha_digitavel.empty());   // "836100000012" is a placeholder
  EXPECT_TRUE(inv.pix_copia_e_cola.empty());  // so is "000201-pix"
  EXPECT_EQ(inv.pdf.kind, PdfSource::Kind::kUrl);
  EXPECT_EQ(inv.pdf.value, "https://x/boleto/999");
  auto form = Form(http_->requests()[0].body);
  EXPECT_EQ(form["contrato"], "17402");
  EXPECT_EQ(form["status"], "1");
}

TEST_F(SgpErpTest, StringNumbersAndBrazilianDates) {
  http_->On(Method::kPost, "/api/central/titulos/", 200, Fx("central_titulos_string_numbers.json"));
  auto invoices = erp_.ListInvoices(K("17402"), InvoiceFilter::kAll);
  ASSERT_TRUE(invoices.ok());
  ASSERT_EQ(invoices->size(), 1u);
  const Invoice& inv = (*invoices)[0];
  EXPECT_EQ(inv.status, InvoiceStatus::kPaid);
  EXPECT_EQ(inv.amount.cents(), 10000);
  EXPECT_EQ(inv.updated_amount->cents(), 10235);
  EXPECT_EQ(inv.due_date.ToIso(), "2026-09-15");
  EXPECT_EQ(inv.paid_date->ToIso(), "2026-09-14");
  EXPECT_FALSE(inv.overdue);
}

TEST_F(SgpErpTest, RepeatedPageStopsPaging) {
  Json page = {{"paginacao", {{"offset", 0}, {"limit", 250}, {"parcial", 250}, {"total", 600}}},
               {"faturas", Json::array()}};
  for (int i = 0; i < 250; ++i) {
    page["faturas"].push_back(
        {{"id", i}, {"statusid", 1}, {"valor", "10.00"}, {"vencimento", "2026-10-10"}});
  }
  http_->On(Method::kPost, "/api/central/titulos/", 200,
            page.dump());  // ignores offset: same page forever
  auto invoices = erp_.ListInvoices(K("17402"), InvoiceFilter::kOpen);
  ASSERT_TRUE(invoices.ok());
  EXPECT_EQ(invoices->size(), 250u);
  EXPECT_EQ(http_->requests().size(), 2u);
}

TEST_F(SgpErpTest, PaymentDocumentsFromFatura2viaAndThePixEndpoint) {
  http_->On(Method::kPost, "/api/ura/fatura2via/", 200, Fx("fatura2via.json"));
  http_->On(Method::kPost, "/api/ura/pagamento/pix/999", 200, Fx("pagamento_pix.json"));
  Invoice inv;
  inv.erp_id = "999";
  inv.due_date = Date::ParseIso("2026-09-15").value();
  auto docs = erp_.GetPaymentDocuments(K("17402"), inv, false);
  ASSERT_TRUE(docs.ok()) << docs.error().ToString();
  EXPECT_TRUE(docs->linha_digitavel.empty());  // placeholders in the live fixture
  EXPECT_TRUE(docs->pix_copia_e_cola.empty());
  EXPECT_EQ(docs->pdf_url, "https://…/boleto/999");
  EXPECT_GE(docs->dropped.size(), 2u);
  auto form = Form(http_->RequestsTo("/api/ura/fatura2via/")[0].body);
  EXPECT_EQ(form["contrato"], "17402");
  EXPECT_EQ(form["nao_gerar_os"], "1");  // otherwise SGP opens an occurrence

  std::string code = br::MakeStaticPix({"financeiro@fibraexemplo.com.br", "Fibra Exemplo",
                                        "Campinas", Money::FromCents(10000), "FAT999", ""})
                         .value();
  http_->On(Method::kPost, "/api/ura/pagamento/pix/999", 200,
            Json{{"status", 1}, {"msg", "Dados do Pix"}, {"pix", code}}.dump());
  docs = erp_.GetPaymentDocuments(K("17402"), inv, false);
  ASSERT_TRUE(docs.ok());
  EXPECT_EQ(docs->pix_copia_e_cola, code);
}

TEST_F(SgpErpTest, NothingOpenInFatura2via) {
  http_->On(Method::kPost, "/api/ura/fatura2via/", 200, Fx("fatura2via_none.json"));
  http_->On(Method::kPost, "/api/ura/pagamento/pix/5", 200,
            R"({"status":0,"msg":"Nada encontrado"})");
  Invoice inv;
  inv.erp_id = "5";
  auto docs = erp_.GetPaymentDocuments(K("17402"), inv, false);
  ASSERT_TRUE(docs.ok());
  EXPECT_TRUE(docs->empty());
}

TEST_F(SgpErpTest, PdfIsFetchedFromThePublicLink) {
  http_->On(Method::kGet, "/boleto/999", 200, "%PDF-1.4 fake", "application/pdf");
  Invoice inv;
  inv.erp_id = "999";
  inv.linha_digitavel = "34191234050000000100800000567891816260000009990";
  inv.pix_copia_e_cola = "x";
  inv.pdf = {PdfSource::Kind::kUrl, "https://x/boleto/999"};
  auto docs = erp_.GetPaymentDocuments(K("17402"), inv, true);
  ASSERT_TRUE(docs.ok()) << docs.error().ToString();
  EXPECT_EQ(docs->pdf_bytes, "%PDF-1.4 fake");
  EXPECT_EQ(http_->requests().size(), 1u);
  EXPECT_EQ(http_->requests()[0].body.find("token"), std::string::npos);
}

TEST_F(SgpErpTest, TrustUnlockGrantedWithEitherTyping) {
  for (const char* fixture : {"liberacaopromessa_ok.json", "liberacaopromessa_ok_strings.json"}) {
    http_->On(Method::kPost, "/api/ura/liberacaopromessa/", 200, Fx(fixture));
    auto r = erp_.TrustUnlock(K("26515"), {});
    ASSERT_TRUE(r.ok()) << fixture;
    EXPECT_TRUE(r->granted) << fixture;
    EXPECT_EQ(r->days, 3) << fixture;
    EXPECT_EQ(r->until->ToIso(), "2026-09-25");
    EXPECT_EQ(r->protocol, "260912153100");
  }
  auto form = Form(http_->RequestsTo("/api/ura/liberacaopromessa/")[0].body);
  EXPECT_EQ(form["contrato"], "26515");
  EXPECT_FALSE(form.contains("data_promessa"));
}

TEST_F(SgpErpTest, TrustUnlockRefusedAsLimitReached) {
  http_->On(Method::kPost, "/api/ura/liberacaopromessa/", 200,
            Fx("liberacaopromessa_refused.json"));
  auto r = erp_.TrustUnlock(K("26515"), {});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->granted);
  EXPECT_EQ(r->refusal, Refusal::kLimitReached);
  EXPECT_EQ(r->erp_code, "2");
  EXPECT_TRUE(r->erp_message.starts_with("O recurso de promessa de pagamento já atingiu"));
}

TEST_F(SgpErpTest, TrustUnlockOfAContractThatIsNotSuspended) {
  http_->On(
      Method::kPost, "/api/ura/liberacaopromessa/", 200,
      R"({"status": 2, "liberado": false, "msg": "Contrato não está suspenso. Liberação não necessária"})");
  auto r = erp_.TrustUnlock(K("26515"), {});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->granted);
  EXPECT_EQ(r->refusal, Refusal::kAlreadyActive);
}

TEST_F(SgpErpTest, TrustUnlockTimeoutIsReconciledNeverResent) {
  http_->OnError(Method::kPost, "/api/ura/liberacaopromessa/", Error::Timeout("no answer"));
  http_->On(Method::kPost, "/api/ura/consultacliente/", 200, Fx("consultacliente_found.json"));
  Contract k = K("17402");
  k.status = ContractStatus::kBlocked;
  auto r = erp_.TrustUnlock(k, {});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(r->granted);  // the fixture contract reads "1 Ativo" now
  EXPECT_EQ(http_->RequestsTo("/api/ura/liberacaopromessa/").size(), 1u);
  EXPECT_EQ(Form(http_->RequestsTo("/api/ura/consultacliente/")[0].body)["contrato"], "17402");

  k.status = ContractStatus::kActive;  // nothing to learn from a re-read: the error stands
  auto again = erp_.TrustUnlock(k, {});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kTimeout);
}

TEST_F(SgpErpTest, PromiseSendsTheDate) {
  http_->On(Method::kPost, "/api/ura/liberacaopromessa/", 200, Fx("liberacaopromessa_ok.json"));
  auto p = erp_.PromiseToPay(K("26515"), Date::ParseIso("2026-09-15").value());
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->accepted);
  EXPECT_EQ(p->promised_date->ToIso(), "2026-09-15");
  EXPECT_EQ(Form(http_->requests()[0].body)["data_promessa"], "2026-09-15");
  EXPECT_TRUE(erp_.capabilities().promise_to_pay);
}

TEST_F(SgpErpTest, BadCredentialsGiveTheHtmlLoginPage) {
  http_->On(Method::kPost, "/api/ura/consultacliente/", 401, Fx("login_page.html"), "text/html");
  auto r = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnauthorized);
  http_->On(Method::kPost, "/api/ura/consultacliente/", 200, Fx("login_page.html"), "text/html");
  r = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnauthorized);
}

TEST_F(SgpErpTest, ServerErrorIsUnavailable) {
  http_->On(Method::kPost, "/api/ura/consultacliente/", 500, Fx("server_error.json"));
  auto r = erp_.FindCustomersByDocument(Document::Parse("52998224725").value());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(r.error().detail.find("server error"), std::string::npos);
}

TEST_F(SgpErpTest, TicketIsJsonWithTokenAndAnyProtocolKey) {
  http_->On(Method::kPost, "/api/ura/chamado/", 200, Fx("chamado_ok.json"));
  auto t =
      erp_.OpenTicket({"16957", "17402", "Sem conexão", "Sem sinal desde ontem", std::nullopt});
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->protocol, "2611221200001");
  Json body = Json::parse(http_->requests()[0].body);
  EXPECT_EQ(body["token"], "tok-123");
  EXPECT_EQ(body["app"], "atende");
  EXPECT_EQ(body["contrato"], "17402");
  EXPECT_EQ(body["ocorrenciatipo"], "5");
  http_->On(Method::kPost, "/api/ura/chamado/", 200, Fx("chamado_numero_chamado.json"));
  t = erp_.OpenTicket({"16957", "17402", "Sem conexão", "x", std::nullopt});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->protocol, "5521");
}

}  // namespace
}  // namespace atende::erp::sgp
