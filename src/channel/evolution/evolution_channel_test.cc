#include "channel/evolution/evolution_channel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "channel/crypto.h"
#include "channel/evolution/webhook.h"
#include "channel/testing/fixtures.h"
#include "erp/testing/fake_http.h"
#include "http/server.h"

namespace atende::channel {
namespace {

using erp::testing::FakeHttpClient;
using nlohmann::json;

constexpr const char* kKey = "B6D711FCDE4D4FD5936544120E713976";

EvolutionConfig Config(std::string jwt_key = "") {
  return EvolutionConfig{"http://evolution:8080/", "minha-instancia", kKey, std::move(jwt_key)};
}

std::string Fixture(const std::string& name) { return testing::ReadFixture("evolution", name); }

OutboundMessage Message(OutboundContent content, std::string to = "553198296801") {
  OutboundMessage m;
  m.tenant_key = "minha-instancia";
  m.to = std::move(to);
  m.content = std::move(content);
  return m;
}

std::string HeaderOf(const http::ClientRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

struct EvolutionTest : ::testing::Test {
  FixedClock clock{TimePoint(std::chrono::seconds(1763771103))};
  std::shared_ptr<FakeHttpClient> fake = std::make_shared<FakeHttpClient>();
};

TEST_F(EvolutionTest, WebhookApikeyCheck) {
  EvolutionChannel channel(Config(), fake, clock);
  WebhookRequest request{"/webhooks/evolution/minha-instancia", {}, Fixture("text.json")};
  EXPECT_TRUE(channel.VerifyWebhook(request).ok());  // envelope apikey matches

  std::string wrong = request.raw_body;
  wrong.replace(wrong.find(kKey), 4, "0000");
  EXPECT_EQ(channel.VerifyWebhook({request.path, {}, wrong}).error().kind,
            ErrorKind::kUnauthorized);

  json other = json::parse(request.raw_body);
  other["instance"] = "outra";
  EXPECT_FALSE(channel.VerifyWebhook({request.path, {}, other.dump()}).ok());

  json bare = json::parse(request.raw_body);
  bare.erase("apikey");
  EXPECT_FALSE(channel.VerifyWebhook({request.path, {}, bare.dump()}).ok());  // no key at all
  EXPECT_TRUE(channel.VerifyWebhook({request.path, {{"apikey", kKey}}, bare.dump()}).ok());
  EXPECT_FALSE(channel.VerifyWebhook({request.path, {{"apikey", "x"}}, bare.dump()}).ok());
}

TEST_F(EvolutionTest, WebhookJwtWhenConfigured) {
  EvolutionChannel channel(Config("segredo-jwt"), fake, clock);
  std::string body = Fixture("text.json");
  EXPECT_FALSE(channel.VerifyWebhook({"/", {}, body}).ok());  // apikey alone is not enough
  std::string token = evolution::MakeWebhookJwt("segredo-jwt", clock.Now());
  EXPECT_TRUE(channel.VerifyWebhook({"/", {{"authorization", "Bearer " + token}}, body}).ok());
  json bare = json::parse(body);
  bare.erase("apikey");
  EXPECT_TRUE(
      channel.VerifyWebhook({"/", {{"authorization", "Bearer " + token}}, bare.dump()}).ok());
  clock.Advance(std::chrono::minutes(11));  // exp = iat + 600 s
  EXPECT_FALSE(channel.VerifyWebhook({"/", {{"authorization", "Bearer " + token}}, body}).ok());
}

TEST_F(EvolutionTest, SendsTextWithApikey) {
  fake->On(http::Method::kPost, "/message/sendText/minha-instancia", 201,
           Fixture("send_text_201.json"));
  EvolutionChannel channel(Config(), fake, clock);
  auto sent = channel.Send(Message(OutText{"Olá!"}));
  ASSERT_TRUE(sent.ok()) << sent.error().ToString();
  EXPECT_EQ(sent->provider_message_id, "BAE594145F4C59B4");
  auto requests = fake->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].url, "http://evolution:8080/message/sendText/minha-instancia");
  EXPECT_EQ(HeaderOf(requests[0], "apikey"), kKey);
  EXPECT_FALSE(requests[0].IsIdempotent());
  EXPECT_EQ(json::parse(requests[0].body),
            json::parse(R"({"number":"553198296801","text":"Olá!","linkPreview":false})"));
}

TEST_F(EvolutionTest, ButtonsBecomeANumberedMenuAndTheAnswerMapsBack) {
  fake->On(http::Method::kPost, "/message/sendText/minha-instancia", 201,
           Fixture("send_text_201.json"));
  EvolutionChannel channel(Config(), fake, clock);
  // 558197088404 is the sender of text.json (no ninth digit); send to it with the ninth digit.
  auto sent = channel.Send(Message(OutButtons{"Como você prefere pagar?",
                                              {{"pay_pix", "Pix copia e cola"},
                                               {"pay_boleto", "Boleto (PDF)"},
                                               {"talk_human", "Falar com atendente"}}},
                                   "5581997088404"));
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(json::parse(fake->requests()[0].body)["text"],
            "Como você prefere pagar?\n\n*1* - Pix copia e cola\n*2* - Boleto (PDF)\n*3* - Falar "
            "com atendente\n\nResponda com o número da opção.");

  json answer = json::parse(Fixture("text.json"));
  answer["data"]["message"]["conversation"] = " 2 ";
  auto batch = channel.ParseWebhook(answer.dump());
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->messages.size(), 1u);
  EXPECT_EQ(batch->messages[0].kind, InboundKind::kButtonReply);
  EXPECT_EQ(batch->messages[0].reply_id, "pay_boleto");
  EXPECT_EQ(batch->messages[0].reply_title, "Boleto (PDF)");

  answer["data"]["message"]["conversation"] = "falar com atendente";
  EXPECT_EQ(channel.ParseWebhook(answer.dump())->messages[0].reply_id, "talk_human");
  answer["data"]["message"]["conversation"] = "4";  // out of range: stays text
  EXPECT_EQ(channel.ParseWebhook(answer.dump())->messages[0].kind, InboundKind::kText);
  answer["data"]["key"]["remoteJid"] = "5511999990000@s.whatsapp.net";  // someone else
  answer["data"]["message"]["conversation"] = "1";
  EXPECT_EQ(channel.ParseWebhook(answer.dump())->messages[0].kind, InboundKind::kText);
}

TEST_F(EvolutionTest, ListBecomesANumberedMenu) {
  fake->On(http::Method::kPost, "/sendText/minha-instancia", 201, Fixture("send_text_201.json"));
  EvolutionChannel channel(Config(), fake, clock);
  ASSERT_TRUE(channel
                  .Send(Message(OutList{"Escolha a fatura",
                                        "Ver faturas",
                                        {{"inv_2026_10", "Outubro/2026", "R$ 99,90 - venc. 10/10"},
                                         {"inv_2026_11", "Novembro/2026", ""}}},
                                "558197088404"))
                  .ok());
  EXPECT_EQ(json::parse(fake->requests()[0].body)["text"],
            "Escolha a fatura\n\n*1* - Outubro/2026 (R$ 99,90 - venc. 10/10)\n*2* - "
            "Novembro/2026\n\nResponda com o número da opção.");
  json answer = json::parse(Fixture("text.json"));
  answer["data"]["message"]["conversation"] = "2";
  auto batch = channel.ParseWebhook(answer.dump());
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->messages[0].kind, InboundKind::kListReply);
  EXPECT_EQ(batch->messages[0].reply_id, "inv_2026_11");
}

TEST_F(EvolutionTest, LidOnlySenderIsAnsweredByJidAndItsMenuAnswerMaps) {
  fake->On(http::Method::kPost, "/sendText/minha-instancia", 201, Fixture("send_text_201.json"));
  EvolutionChannel channel(Config(), fake, clock);
  ASSERT_TRUE(channel
                  .Send(Message(OutButtons{"Posso ajudar?", {{"yes", "Sim"}, {"no", "Não"}}},
                                "123456789012345@lid"))
                  .ok());
  EXPECT_EQ(json::parse(fake->requests()[0].body)["number"], "123456789012345@lid");
  json answer = json::parse(Fixture("lid_without_alt.json"));
  answer["data"]["message"]["conversation"] = "2";
  auto batch = channel.ParseWebhook(answer.dump());
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->messages[0].reply_id, "no");
  EXPECT_FALSE(channel.Send(Message(OutText{"oi"}, "123@g.us")).ok());
  EXPECT_FALSE(channel.Send(Message(OutText{"oi"}, "+5511999990000")).ok());
}

TEST_F(EvolutionTest, ConcurrentSendsAndParses) {
  fake->On(http::Method::kPost, "/sendText/minha-instancia", 201, Fixture("send_text_201.json"));
  EvolutionChannel channel(Config(), fake, clock);
  std::string body = Fixture("text.json");
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        std::string to = "55819970" + std::to_string(10000 + t * 1000 + i);
        if (!channel.Send(Message(OutButtons{"b", {{"a", "A"}, {"b", "B"}}}, to)).ok()) ++failures;
        if (!channel.ParseWebhook(body).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(fake->requests().size(), 800u);
}

TEST_F(EvolutionTest, DocumentGoesAsBase64) {
  fake->On(http::Method::kPost, "/message/sendMedia/minha-instancia", 201,
           Fixture("send_text_201.json"));
  EvolutionChannel channel(Config(), fake, clock);
  std::string pdf = "%PDF-1.4\n\xE2\xE3\xCF\xD3";
  ASSERT_TRUE(
      channel.Send(Message(OutDocument{"boleto.pdf", "application/pdf", pdf, "Segunda via"})).ok());
  json body = json::parse(fake->requests()[0].body);
  EXPECT_EQ(body, json({{"number", "553198296801"},
                        {"mediatype", "document"},
                        {"mimetype", "application/pdf"},
                        {"caption", "Segunda via"},
                        {"media", Base64Encode(pdf)},
                        {"fileName", "boleto.pdf"}}));
  EXPECT_EQ(Base64UrlDecode(body["media"].get<std::string>()).value(), pdf);
}

TEST_F(EvolutionTest, TemplatesAndLimitBreachesAreRefusedLocally) {
  EvolutionChannel channel(Config(), fake, clock);
  EXPECT_EQ(channel.Send(Message(OutTemplate{"fatura_disponivel", "pt_BR", {}})).error().kind,
            ErrorKind::kInvalidInput);
  EXPECT_EQ(channel.Send(Message(OutText{""})).error().kind, ErrorKind::kInvalidInput);
  EXPECT_TRUE(fake->requests().empty());
}

TEST_F(EvolutionTest, ErrorClassification) {
  EvolutionChannel channel(Config(), fake, clock);
  fake->On(http::Method::kPost, "/sendText/minha-instancia", 400,
           Fixture("send_400_not_exists.json"));
  auto refused = channel.Send(Message(OutText{"oi"}));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kRefused);
  EXPECT_NE(refused.error().detail.find("\"exists\":false"), std::string::npos);
  fake->On(http::Method::kPost, "/sendText/minha-instancia", 404,
           Fixture("send_404_instance.json"));
  EXPECT_EQ(channel.Send(Message(OutText{"oi"})).error().kind, ErrorKind::kUnauthorized);
  fake->On(http::Method::kPost, "/sendText/minha-instancia", 401,
           R"({"status":401,"error":"Unauthorized","response":{"message":"Unauthorized"}})");
  EXPECT_EQ(channel.Send(Message(OutText{"oi"})).error().kind, ErrorKind::kUnauthorized);
  fake->On(http::Method::kPost, "/sendText/minha-instancia", 500, "Internal Server Error");
  EXPECT_EQ(channel.Send(Message(OutText{"oi"})).error().kind, ErrorKind::kUnavailable);
  fake->OnError(http::Method::kPost, "/sendText/minha-instancia", Error::Timeout("slow"));
  EXPECT_EQ(channel.Send(Message(OutText{"oi"})).error().kind, ErrorKind::kTimeout);
  fake->On(http::Method::kPost, "/sendText/minha-instancia", 201, R"({"status":"PENDING"})");
  EXPECT_EQ(channel.Send(Message(OutText{"oi"})).error().kind, ErrorKind::kBadAnswer);
}

// The real CurlHttpClient against a tiny Evolution gateway on 127.0.0.1 (apikey check, 201
// answers).
TEST_F(EvolutionTest, ThroughRealHttp) {
  std::mutex mu;
  std::vector<std::string> bodies;
  http::Router router;
  auto answer = [&](const http::Request& r) {
    if (r.Header("apikey") != kKey) {
      return http::Response::Json(
          401, R"({"status":401,"error":"Unauthorized","response":{"message":"Unauthorized"}})");
    }
    std::lock_guard lock(mu);
    bodies.push_back(r.body);
    return http::Response::Json(201, Fixture("send_text_201.json"));
  };
  router.Add("POST", "/message/sendText/minha-instancia", answer);
  router.Add("POST", "/message/sendMedia/minha-instancia", answer);
  auto server = http::Server::Start({}, router.AsHandler());
  ASSERT_TRUE(server.ok());
  EvolutionConfig config = Config();
  config.base_url = "http://127.0.0.1:" + std::to_string((*server)->port());
  EvolutionChannel channel(config, std::make_shared<http::CurlHttpClient>(), clock);
  ASSERT_TRUE(channel.Send(Message(OutText{"Olá!"})).ok());
  ASSERT_TRUE(channel.Send(Message(OutDocument{"b.pdf", "application/pdf", "%PDF", ""})).ok());
  config.apikey = "wrong";
  EvolutionChannel wrong(config, std::make_shared<http::CurlHttpClient>(), clock);
  EXPECT_EQ(wrong.Send(Message(OutText{"oi"})).error().kind, ErrorKind::kUnauthorized);
  std::lock_guard lock(mu);
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(json::parse(bodies[1])["media"], Base64Encode("%PDF"));
  (*server)->Stop();
}

TEST_F(EvolutionTest, AVoiceNoteIsFetchedAsBase64ByItsMessageKey) {
  std::string ogg = "OggS" + std::string(900, '\x02');
  json answer = {{"mediaType", "audioMessage"},
                 {"fileName", nullptr},
                 {"caption", nullptr},
                 {"size", {{"fileLength", std::to_string(ogg.size())}}},
                 {"mimetype", "audio/ogg; codecs=opus"},
                 {"base64", Base64Encode(ogg)}};
  fake->On(http::Method::kPost, "/chat/getBase64FromMediaMessage/minha-instancia", 201,
           answer.dump());
  EvolutionChannel channel(Config(), fake, clock);
  auto media = channel.FetchMedia("3EB0AUD", 1000);  // key.id of testdata/audio_ptt.json
  ASSERT_TRUE(media.ok()) << media.error().ToString();
  EXPECT_EQ(media->bytes, ogg);
  EXPECT_EQ(media->mime, "audio/ogg; codecs=opus");
  auto sent = fake->RequestsTo("/chat/getBase64FromMediaMessage/minha-instancia");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(json::parse(sent[0].body),
            (json{{"message", {{"key", {{"id", "3EB0AUD"}}}}}, {"convertToMp4", false}}));
  EXPECT_EQ(HeaderOf(sent[0], "apikey"), kKey);
  EXPECT_TRUE(sent[0].IsIdempotent());
  ASSERT_TRUE(sent[0].max_body_bytes.has_value());

  auto small = channel.FetchMedia("3EB0AUD", 903);
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(small.error().message.find("904 bytes"), std::string::npos) << small.error().message;
}

TEST_F(EvolutionTest, MediaThatIsGoneIsRefused) {
  fake->On(
      http::Method::kPost, "/chat/getBase64FromMediaMessage/minha-instancia", 400,
      R"({"status":400,"error":"Bad Request","response":{"message":["Error: Message not found"]}})");
  EvolutionChannel channel(Config(), fake, clock);
  auto media = channel.FetchMedia("NOPE", 1000);
  ASSERT_FALSE(media.ok());
  EXPECT_EQ(media.error().kind, ErrorKind::kRefused);
  EXPECT_NE(media.error().detail.find("Message not found"), std::string::npos);
  EXPECT_EQ(channel.FetchMedia("", 1000).error().kind, ErrorKind::kInvalidInput);
}

}  // namespace
}  // namespace atende::channel
