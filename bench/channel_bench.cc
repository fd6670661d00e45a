// Channel adapters on the webhook ingest path: signature check + parse of a Cloud API body, parse
// of an Evolution envelope, and building the Graph JSON of a reply-button message. The service's
// ingest target (issue 5) is 5,000 messages/s on 2 cores; these are the adapter's share of it.
#include <benchmark/benchmark.h>

#include "channel/evolution/webhook.h"
#include "channel/testing/fixtures.h"
#include "channel/whatsapp_cloud/outbound.h"
#include "channel/whatsapp_cloud/webhook.h"

namespace atende::channel {
namespace {

void BM_CloudVerifyAndParseText(benchmark::State& state) {
  std::string body = testing::ReadFixture("whatsapp_cloud", "text.json");
  std::string header = whatsapp_cloud::SignatureHeader("app_secret", body);
  for (auto _ : state) {
    Status ok = whatsapp_cloud::VerifySignature(header, body, "app_secret");
    auto batch = whatsapp_cloud::ParseWebhook(body);
    benchmark::DoNotOptimize(ok.ok() && batch.ok());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_CloudVerifyAndParseText);

void BM_CloudParseMulti(benchmark::State& state) {
  std::string body = testing::ReadFixture("whatsapp_cloud", "multi.json");
  for (auto _ : state) benchmark::DoNotOptimize(whatsapp_cloud::ParseWebhook(body).ok());
  state.SetItemsProcessed(state.iterations() * 4);  // 2 messages + 2 statuses per body
}
BENCHMARK(BM_CloudParseMulti);

void BM_EvolutionParseText(benchmark::State& state) {
  std::string body = testing::ReadFixture("evolution", "text.json");
  for (auto _ : state) benchmark::DoNotOptimize(evolution::ParseWebhook(body).ok());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvolutionParseText);

void BM_CloudBuildButtons(benchmark::State& state) {
  OutboundMessage m;
  m.to = "5511999990000";
  m.idempotency_key = "outbox-1";
  m.content = OutButtons{"Como você prefere pagar?",
                         {{"pay_pix", "Pix copia e cola"},
                          {"pay_boleto", "Boleto (PDF)"},
                          {"talk_human", "Falar com atendente"}}};
  for (auto _ : state) {
    Status valid = whatsapp_cloud::ValidateOutbound(m);
    benchmark::DoNotOptimize(valid.ok());
    benchmark::DoNotOptimize(whatsapp_cloud::BuildMessageJson(m));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CloudBuildButtons);

}  // namespace
}  // namespace atende::channel

BENCHMARK_MAIN();
