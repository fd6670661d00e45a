#include "channel/whatsapp_cloud/whatsapp_cloud_channel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "channel/testing/fixtures.h"
#include "channel/whatsapp_cloud/outbound.h"
#include "channel/whatsapp_cloud/webhook.h"
#include "erp/testing/fake_http.h"
#include "http/server.h"

namespace atende::channel {
namespace {

using erp::testing::FakeHttpClient;
using nlohmann::json;

constexpr const char* kSendOk =
    R"({"messaging_product":"whatsapp","contacts":[{"input":"5511999990000","wa_id":"5511999990000"}],"messages":[{"id":"wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA"}]})";

WhatsAppCloudConfig Config(std::string base = "https://graph.example") {
  WhatsAppCloudConfig c;
  c.graph_base_url = std::move(base);
  c.api_version = "v21.0";
  c.phone_number_id = "106540352242922";
  c.access_token = "EAAtoken";
  c.app_secret = "test_app_secret";
  return c;
}

OutboundMessage Message(OutboundContent content) {
  OutboundMessage m;
  m.tenant_key = "106540352242922";
  m.to = "5511999990000";
  m.content = std::move(content);
  m.idempotency_key = "outbox-7";
  return m;
}

std::string HeaderOf(const http::ClientRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

TEST(WhatsAppCloudChannel, VerifyWebhookReadsTheLowerCasedHeader) {
  WhatsAppCloudChannel channel(Config(), std::make_shared<FakeHttpClient>());
  std::string body = testing::ReadFixture("whatsapp_cloud", "text.json");
  WebhookRequest request{"/webhooks/whatsapp", {}, body};
  EXPECT_EQ(channel.VerifyWebhook(request).error().kind, ErrorKind::kUnauthorized);
  request.headers["x-hub-signature-256"] = whatsapp_cloud::SignatureHeader("test_app_secret", body);
  EXPECT_TRUE(channel.VerifyWebhook(request).ok());
  request.raw_body += " ";
  EXPECT_FALSE(channel.VerifyWebhook(request).ok());
  auto batch = channel.ParseWebhook(body);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->messages.size(), 1u);
  EXPECT_EQ(channel.name(), "whatsapp");
}

TEST(WhatsAppCloudChannel, SendsTextWithBearerToken) {
  auto fake = std::make_shared<FakeHttpClient>();
  fake->On(http::Method::kPost, "/v21.0/106540352242922/messages", 200, kSendOk);
  WhatsAppCloudChannel channel(Config(), fake);
  auto sent = channel.Send(Message(OutText{"Sua fatura de novembro: R$ 99,90"}));
  ASSERT_TRUE(sent.ok()) << sent.error().ToString();
  EXPECT_EQ(sent->provider_message_id,
            "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA");
  auto requests = fake->requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].url, "https://graph.example/v21.0/106540352242922/messages");
  EXPECT_EQ(HeaderOf(requests[0], "Authorization"), "Bearer EAAtoken");
  EXPECT_EQ(HeaderOf(requests[0], "Content-Type"), "application/json");
  EXPECT_FALSE(requests[0].IsIdempotent());
  EXPECT_EQ(json::parse(requests[0].body),
            json::parse(R"({"messaging_product":"whatsapp","recipient_type":"individual",
              "to":"5511999990000","type":"text","biz_opaque_callback_data":"outbox-7",
              "text":{"preview_url":false,"body":"Sua fatura de novembro: R$ 99,90"}})"));
}

TEST(WhatsAppCloudChannel, LimitBreachesNeverReachTheProvider) {
  auto fake = std::make_shared<FakeHttpClient>();
  WhatsAppCloudChannel channel(Config(), fake);
  auto sent = channel.Send(Message(OutButtons{"b", {{"1", "Um título longo demais!"}}}));
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().kind, ErrorKind::kInvalidInput);
  EXPECT_TRUE(fake->requests().empty());
}

TEST(WhatsAppCloudChannel, DocumentIsUploadedThenSentById) {
  auto fake = std::make_shared<FakeHttpClient>();
  fake->On(http::Method::kPost, "/v21.0/106540352242922/media", 200,
           R"({"id":"1037543291543636"})");
  fake->On(http::Method::kPost, "/v21.0/106540352242922/messages", 200, kSendOk);
  WhatsAppCloudChannel channel(Config(), fake);
  OutDocument doc{"boleto-2026-11.pdf", "application/pdf", "%PDF-1.4 fake", "Segunda via"};
  auto sent = channel.Send(Message(doc));
  ASSERT_TRUE(sent.ok()) << sent.error().ToString();
  EXPECT_EQ(sent->media_id, "1037543291543636");
  fake->On(http::Method::kDelete, "/v21.0/1037543291543636", 200, R"({"success":true})");
  EXPECT_TRUE(channel.DeleteMedia(sent->media_id).ok());
  auto requests = fake->requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[2].url, "https://graph.example/v21.0/1037543291543636");
  EXPECT_EQ(HeaderOf(requests[2], "Authorization"), "Bearer EAAtoken");
  std::string content_type = HeaderOf(requests[0], "Content-Type");
  ASSERT_EQ(content_type.rfind("multipart/form-data; boundary=", 0), 0u);
  std::string boundary = content_type.substr(content_type.find('=') + 1);
  EXPECT_EQ(requests[0].body, whatsapp_cloud::BuildMediaUpload(doc, boundary));
  EXPECT_EQ(HeaderOf(requests[0], "Authorization"), "Bearer EAAtoken");
  json body = json::parse(requests[1].body);
  EXPECT_EQ(body["type"], "document");
  EXPECT_EQ(body["document"]["id"], "1037543291543636");
  EXPECT_EQ(body["document"]["filename"], "boleto-2026-11.pdf");
  EXPECT_EQ(body["document"]["caption"], "Segunda via");
}

TEST(WhatsAppCloudChannel, FailedUploadDoesNotSend) {
  auto fake = std::make_shared<FakeHttpClient>();
  fake->On(http::Method::kPost, "/media", 500, R"({"error":{"message":"x","code":131016}})");
  WhatsAppCloudChannel channel(Config(), fake);
  auto sent = channel.Send(Message(OutDocument{"b.pdf", "application/pdf", "%PDF", ""}));
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(fake->RequestsTo("/messages").size(), 0u);
}

TEST(WhatsAppCloudChannel, ClassifiesProviderErrors) {
  auto fake = std::make_shared<FakeHttpClient>();
  WhatsAppCloudChannel channel(Config(), fake);
  fake->On(http::Method::kPost, "/messages", 400,
           testing::ReadFixture("whatsapp_cloud", "error_130429.json"));
  auto throttled = channel.Send(Message(OutText{"oi"}));
  ASSERT_FALSE(throttled.ok());
  EXPECT_EQ(throttled.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(throttled.error().detail.substr(0, 6), "130429");

  fake->On(http::Method::kPost, "/messages", 400,
           testing::ReadFixture("whatsapp_cloud", "error_131047.json"));
  EXPECT_EQ(channel.Send(Message(OutText{"oi"})).error().kind, ErrorKind::kRefused);

  fake->On(
      http::Method::kPost, "/messages", 401,
      R"({"error":{"message":"Error validating access token","type":"OAuthException","code":190}})");
  EXPECT_EQ(channel.Send(Message(OutText{"oi"})).error().kind, ErrorKind::kUnauthorized);

  fake->OnError(http::Method::kPost, "/messages", Error::Timeout("no answer"));
  EXPECT_EQ(channel.Send(Message(OutText{"oi"})).error().kind, ErrorKind::kTimeout);

  fake->On(http::Method::kPost, "/messages", 200, R"({"messaging_product":"whatsapp"})");
  EXPECT_EQ(channel.Send(Message(OutText{"oi"})).error().kind, ErrorKind::kBadAnswer);
}

// The real CurlHttpClient against a tiny Graph API on 127.0.0.1.
TEST(WhatsAppCloudChannel, ThroughRealHttp) {
  std::atomic<int> uploads{0};
  std::mutex mu;
  std::vector<http::Request> seen;
  http::Router router;
  router.Add("POST", "/v21.0/106540352242922/media", [&](const http::Request& r) {
    {
      std::lock_guard lock(mu);
      seen.push_back(r);
    }
    if (r.Header("authorization") != "Bearer EAAtoken") {
      return http::Response::Json(401, R"({"error":{"message":"bad token","code":190}})");
    }
    if (r.Header("content-type").rfind("multipart/form-data; boundary=", 0) != 0 ||
        r.body.find("name=\"messaging_product\"\r\n\r\nwhatsapp") == std::string::npos ||
        r.body.find("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n") == std::string::npos) {
      return http::Response::Json(400, R"({"error":{"message":"bad upload","code":131009}})");
    }
    ++uploads;
    return http::Response::Json(200, R"({"id":"MEDIA-1"})");
  });
  router.Add("POST", "/v21.0/106540352242922/messages", [&](const http::Request& r) {
    {
      std::lock_guard lock(mu);
      seen.push_back(r);
    }
    json body = json::parse(r.body, nullptr, false);
    if (body.is_discarded() || body.value("to", "") != "5511999990000") {
      return http::Response::Json(400, R"({"error":{"message":"bad","code":131009}})");
    }
    if (body.value("type", "") == "text" && body["text"].value("body", "") == "limite") {
      return http::Response::Json(400, testing::ReadFixture("whatsapp_cloud", "error_130429.json"));
    }
    return http::Response::Json(200, kSendOk);
  });
  auto server = http::Server::Start({}, router.AsHandler());
  ASSERT_TRUE(server.ok()) << server.error().ToString();
  std::string base = "http://127.0.0.1:" + std::to_string((*server)->port());
  WhatsAppCloudChannel channel(Config(base), std::make_shared<http::CurlHttpClient>());

  auto sent = channel.Send(Message(OutDocument{"boleto.pdf", "application/pdf",
                                               "%PDF-1.4\n%\xE2\xE3\xCF\xD3\nbinary", "2a via"}));
  ASSERT_TRUE(sent.ok()) << sent.error().ToString() << " " << sent.error().detail;
  EXPECT_EQ(uploads.load(), 1);
  {
    std::lock_guard lock(mu);
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(json::parse(seen[1].body)["document"]["id"], "MEDIA-1");
  }
  auto throttled = channel.Send(Message(OutText{"limite"}));
  ASSERT_FALSE(throttled.ok());
  EXPECT_EQ(throttled.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(throttled.error().detail.substr(0, 6), "130429");
  (*server)->Stop();
}

TEST(WhatsAppCloudChannel, UnreachableProviderIsUnavailable) {
  // Port 1 on loopback: nothing listens, the connection is refused.
  http::CurlClientOptions options;
  options.max_retries = 0;
  WhatsAppCloudChannel channel(Config("http://127.0.0.1:1"),
                               std::make_shared<http::CurlHttpClient>(options));
  auto sent = channel.Send(Message(OutText{"oi"}));
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);
}

}  // namespace
}  // namespace atende::channel
