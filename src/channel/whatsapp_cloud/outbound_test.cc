#include "channel/whatsapp_cloud/outbound.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "channel/testing/fixtures.h"

namespace atende::channel::whatsapp_cloud {
namespace {

using nlohmann::json;

OutboundMessage To(OutboundContent content, std::string key = "") {
  OutboundMessage m;
  m.tenant_key = "106540352242922";
  m.to = "5511999990000";
  m.content = std::move(content);
  m.idempotency_key = std::move(key);
  return m;
}

TEST(CloudOutbound, TextIsTheSpecJson) {
  auto m = To(OutText{"Sua fatura de novembro: R$ 99,90"});
  EXPECT_EQ(json::parse(BuildMessageJson(m)), json::parse(R"(
    {"messaging_product":"whatsapp","recipient_type":"individual","to":"5511999990000","type":"text",
     "text":{"preview_url":false,"body":"Sua fatura de novembro: R$ 99,90"}})"));
}

TEST(CloudOutbound, IdempotencyKeyTravelsAsCallbackData) {
  auto m = To(OutText{"oi"}, "outbox-42");
  EXPECT_EQ(json::parse(BuildMessageJson(m))["biz_opaque_callback_data"], "outbox-42");
  auto long_key = To(OutText{"oi"}, std::string(513, 'k'));
  EXPECT_FALSE(json::parse(BuildMessageJson(long_key)).contains("biz_opaque_callback_data"));
}

TEST(CloudOutbound, ReplyButtons) {
  auto m = To(OutButtons{"Como você prefere pagar?",
                         {{"pay_pix", "Pix copia e cola"},
                          {"pay_boleto", "Boleto (PDF)"},
                          {"talk_human", "Falar com atendente"}}});
  ASSERT_TRUE(ValidateOutbound(m).ok());
  EXPECT_EQ(json::parse(BuildMessageJson(m)), json::parse(R"J(
    {"messaging_product":"whatsapp","recipient_type":"individual","to":"5511999990000","type":"interactive",
     "interactive":{"type":"button",
       "body":{"text":"Como você prefere pagar?"},
       "action":{"buttons":[{"type":"reply","reply":{"id":"pay_pix","title":"Pix copia e cola"}},
                            {"type":"reply","reply":{"id":"pay_boleto","title":"Boleto (PDF)"}},
                            {"type":"reply","reply":{"id":"talk_human","title":"Falar com atendente"}}]}}})J"));
}

TEST(CloudOutbound, List) {
  auto m = To(OutList{"Escolha a fatura",
                      "Ver faturas",
                      {{"inv_2026_10", "Outubro/2026", "R$ 99,90 - venc. 10/10"},
                       {"inv_2026_11", "Novembro/2026", "R$ 99,90 - venc. 10/11"}}});
  ASSERT_TRUE(ValidateOutbound(m).ok());
  EXPECT_EQ(json::parse(BuildMessageJson(m)), json::parse(R"(
    {"messaging_product":"whatsapp","recipient_type":"individual","to":"5511999990000","type":"interactive",
     "interactive":{"type":"list","body":{"text":"Escolha a fatura"},
       "action":{"button":"Ver faturas","sections":[{"rows":[
          {"id":"inv_2026_10","title":"Outubro/2026","description":"R$ 99,90 - venc. 10/10"},
          {"id":"inv_2026_11","title":"Novembro/2026","description":"R$ 99,90 - venc. 10/11"}]}]}}})"));
}

TEST(CloudOutbound, DocumentByMediaId) {
  OutDocument d;
  d.filename = "boleto-2026-11.pdf";
  d.bytes = "%PDF-1.4";
  d.caption = "Segunda via - venc. 27/11/2026";
  auto m = To(d);
  EXPECT_EQ(json::parse(BuildMessageJson(m, "MEDIA123")), json::parse(R"(
    {"messaging_product":"whatsapp","recipient_type":"individual","to":"5511999990000","type":"document",
     "document":{"id":"MEDIA123","filename":"boleto-2026-11.pdf","caption":"Segunda via - venc. 27/11/2026"}})"));
}

TEST(CloudOutbound, Template) {
  auto m = To(OutTemplate{"segunda_via_fatura", "pt_BR", {"Maria", "R$ 102,40", "27/11/2026"}});
  EXPECT_EQ(json::parse(BuildMessageJson(m)), json::parse(R"(
    {"messaging_product":"whatsapp","recipient_type":"individual","to":"5511999990000","type":"template",
     "template":{"name":"segunda_via_fatura","language":{"code":"pt_BR"},
       "components":[{"type":"body","parameters":[{"type":"text","text":"Maria"},{"type":"text","text":"R$ 102,40"},
                                                  {"type":"text","text":"27/11/2026"}]}]}})"));
  auto bare = To(OutTemplate{"retorno_atendimento", "pt_BR", {}});
  EXPECT_FALSE(json::parse(BuildMessageJson(bare))["template"].contains("components"));
}

TEST(CloudOutbound, BsuidRecipientGoesAsRecipient) {
  auto m = To(OutText{"oi"});
  m.to = "US.13491208655302741918";
  ASSERT_TRUE(ValidateOutbound(m).ok());
  json j = json::parse(BuildMessageJson(m));
  EXPECT_EQ(j["recipient"], "US.13491208655302741918");
  EXPECT_FALSE(j.contains("to"));
  m.to = "US.1 2";
  EXPECT_FALSE(ValidateOutbound(m).ok());
}

TEST(CloudOutbound, LimitsAreEnforced) {
  auto invalid = [](OutboundContent c) {
    Status s = ValidateOutbound(To(std::move(c)));
    return !s.ok() && s.error().kind == ErrorKind::kInvalidInput;
  };
  EXPECT_TRUE(invalid(OutText{""}));
  EXPECT_TRUE(invalid(OutText{std::string(4097, 'a')}));
  EXPECT_FALSE(invalid(OutText{std::string(4096, 'a')}));
  // 4096 characters of 2-byte UTF-8 are 8192 bytes and still fit: limits count characters.
  std::string accents;
  for (int i = 0; i < 4096; ++i) accents += "\xC3\xA3";
  EXPECT_FALSE(invalid(OutText{accents}));

  EXPECT_TRUE(invalid(OutButtons{"b", {}}));
  EXPECT_TRUE(invalid(OutButtons{"b", {{"1", "a"}, {"2", "b"}, {"3", "c"}, {"4", "d"}}}));
  EXPECT_TRUE(invalid(OutButtons{"b", {{"1", std::string(21, 'x')}}}));
  EXPECT_FALSE(invalid(OutButtons{"b", {{"1", std::string(20, 'x')}}}));
  EXPECT_FALSE(invalid(OutButtons{"b", {{"1", "Não sei, atendente!"}}}));  // 19 chars, 20 bytes+
  EXPECT_TRUE(invalid(OutButtons{"b", {{"1", "Sim"}, {"2", "Sim"}}}));     // titles unique
  EXPECT_TRUE(invalid(OutButtons{"b", {{"1", "Sim"}, {"1", "Não"}}}));     // ids unique
  EXPECT_TRUE(invalid(OutButtons{"b", {{std::string(257, 'i'), "Sim"}}}));
  EXPECT_TRUE(invalid(OutButtons{std::string(1025, 'b'), {{"1", "Sim"}}}));
  EXPECT_TRUE(invalid(OutButtons{"", {{"1", "Sim"}}}));

  std::vector<OutRow> ten;
  for (int i = 0; i < 10; ++i) ten.push_back({"r" + std::to_string(i), "Linha", ""});
  EXPECT_FALSE(invalid(OutList{"b", "Ver", ten}));
  auto eleven = ten;
  eleven.push_back({"r10", "Linha", ""});
  EXPECT_TRUE(invalid(OutList{"b", "Ver", eleven}));
  EXPECT_TRUE(invalid(OutList{"b", "Ver", {}}));
  EXPECT_TRUE(invalid(OutList{"b", std::string(21, 'v'), ten}));
  EXPECT_TRUE(invalid(OutList{"b", "", ten}));
  EXPECT_TRUE(invalid(OutList{"b", "Ver", {{"r", std::string(25, 't'), ""}}}));
  EXPECT_FALSE(invalid(OutList{"b", "Ver", {{"r", std::string(24, 't'), std::string(72, 'd')}}}));
  EXPECT_TRUE(invalid(OutList{"b", "Ver", {{"r", "t", std::string(73, 'd')}}}));
  EXPECT_TRUE(invalid(OutList{"b", "Ver", {{std::string(201, 'i'), "t", ""}}}));
  EXPECT_TRUE(invalid(OutList{std::string(1025, 'b'), "Ver", ten}));

  OutDocument d{"boleto.pdf", "application/pdf", "", ""};
  EXPECT_TRUE(invalid(d));  // no bytes
  d.bytes = "%PDF";
  EXPECT_FALSE(invalid(d));
  d.caption = std::string(1025, 'c');
  EXPECT_TRUE(invalid(d));

  EXPECT_TRUE(invalid(OutTemplate{"", "pt_BR", {}}));
  EXPECT_TRUE(invalid(OutTemplate{"t", "pt_BR", {"ok", ""}}));

  OutboundMessage bad_to = To(OutText{"oi"});
  bad_to.to = "+5511999990000";
  EXPECT_FALSE(ValidateOutbound(bad_to).ok());
  bad_to.to = "";
  EXPECT_FALSE(ValidateOutbound(bad_to).ok());
}

TEST(CloudOutbound, MultipartUpload) {
  OutDocument d{"boleto \"nov\".pdf", "application/pdf", std::string("%PDF\0\r\n--x", 10), ""};
  std::string boundary = ChooseBoundary(d.bytes);
  EXPECT_EQ(d.bytes.find(boundary), std::string::npos);
  std::string body = BuildMediaUpload(d, boundary);
  std::string b = "--" + boundary;
  std::string expected = b +
                         "\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\n"
                         "whatsapp\r\n" +
                         b +
                         "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\n"
                         "application/pdf\r\n" +
                         b +
                         "\r\nContent-Disposition: form-data; name=\"file\"; "
                         "filename=\"boleto nov.pdf\"\r\nContent-Type: application/pdf\r\n\r\n" +
                         d.bytes + "\r\n" + b + "--\r\n";
  EXPECT_EQ(body, expected);
}

TEST(CloudOutbound, ErrorClassificationFromSpecBodies) {
  Error rate = ClassifyGraphError(400, testing::ReadFixture("whatsapp_cloud", "error_130429.json"));
  EXPECT_EQ(rate.kind, ErrorKind::kUnavailable);
  EXPECT_EQ(rate.detail.rfind("130429 ", 0), 0u) << rate.detail;
  EXPECT_NE(rate.detail.find("too many messages"), std::string::npos);

  Error window =
      ClassifyGraphError(400, testing::ReadFixture("whatsapp_cloud", "error_131047.json"));
  EXPECT_EQ(window.kind, ErrorKind::kRefused);
  EXPECT_EQ(window.detail.rfind("131047 ", 0), 0u) << window.detail;

  auto body = [](int code) {
    return R"({"error":{"message":"m","type":"OAuthException","code":)" + std::to_string(code) +
           R"(,"fbtrace_id":"x"}})";
  };
  for (int code : {130429, 131056, 4, 80007, 131000, 131016, 131057, 135000}) {
    EXPECT_EQ(ClassifyGraphError(400, body(code)).kind, ErrorKind::kUnavailable) << code;
  }
  for (int code : {131047, 131026, 131008, 131009, 130472, 132000, 132001, 131053}) {
    EXPECT_EQ(ClassifyGraphError(400, body(code)).kind, ErrorKind::kRefused) << code;
  }
  for (int code : {190, 0, 10, 200, 368}) {
    EXPECT_EQ(ClassifyGraphError(401, body(code)).kind, ErrorKind::kUnauthorized) << code;
  }
  // Decided on the code, not the HTTP status: a 500 with 131047 is still refused.
  EXPECT_EQ(ClassifyGraphError(500, body(131047)).kind, ErrorKind::kRefused);
  // Without a code: the HTTP status decides.
  EXPECT_EQ(ClassifyGraphError(502, "<html>Bad Gateway</html>").kind, ErrorKind::kUnavailable);
  EXPECT_EQ(ClassifyGraphError(503, "").detail, "http 503");
  EXPECT_EQ(ClassifyGraphError(401, "").kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(ClassifyGraphError(400, "{}").kind, ErrorKind::kRefused);
  // Unknown code on a 5xx: retry.
  EXPECT_EQ(ClassifyGraphError(503, body(999999)).kind, ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace atende::channel::whatsapp_cloud
