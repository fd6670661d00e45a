// Both webhook parsers on damaged bodies: every fixture with bytes flipped, deleted and duplicated
// (a deterministic generator), must give a batch or an error — never a crash or an exception.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "channel/evolution/webhook.h"
#include "channel/testing/fixtures.h"
#include "channel/whatsapp_cloud/webhook.h"

namespace atende::channel {
namespace {

std::vector<std::string> Fixtures(const std::string& adapter) {
  std::vector<std::string> out;
  std::string dir = std::string(ATENDE_SOURCE_DIR) + "/src/channel/" + adapter + "/testdata";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    out.push_back(testing::ReadFixture(adapter, entry.path().filename().string()));
  }
  return out;
}

std::string Mutate(std::string body, std::mt19937& rng) {
  static const char kBytes[] = "{}[]\":,0a-\\ \x00\xff";
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < edits && !body.empty(); ++i) {
    size_t at = rng() % body.size();
    switch (rng() % 3) {
      case 0:
        body[at] = kBytes[rng() % (sizeof(kBytes) - 1)];
        break;
      case 1:
        body.erase(at, 1 + rng() % 8);
        break;
      default:
        body.insert(at, body.substr(at, 1 + rng() % 16));
    }
  }
  return body;
}

TEST(ParseRobustness, DamagedBodiesNeverCrash) {
  std::mt19937 rng(20261122);
  int parsed = 0, refused = 0;
  for (const char* adapter : {"whatsapp_cloud", "evolution"}) {
    for (const std::string& body : Fixtures(adapter)) {
      for (int i = 0; i < 300; ++i) {
        std::string damaged = Mutate(body, rng);
        auto batch = std::string(adapter) == "evolution" ? evolution::ParseWebhook(damaged)
                                                         : whatsapp_cloud::ParseWebhook(damaged);
        (batch.ok() ? parsed : refused)++;
        if (!batch.ok()) {
          EXPECT_EQ(batch.error().kind, ErrorKind::kInvalidInput);
        }
      }
    }
  }
  EXPECT_GT(refused, 0);
  EXPECT_GT(parsed + refused, 10000);
}

}  // namespace
}  // namespace atende::channel
