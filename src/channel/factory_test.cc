#include "channel/factory.h"

#include <gtest/gtest.h>

namespace atende::channel {
namespace {

TEST(MakeChannel, BuildsEachProvider) {
  FixedClock clock(TimePoint(std::chrono::seconds(1763771103)));
  ChannelConfig config;
  config.provider = "whatsapp";
  config.whatsapp.phone_number_id = "106540352242922";
  config.whatsapp.access_token = "t";
  config.whatsapp.app_secret = "s";
  auto cloud = MakeChannel(config, clock);
  ASSERT_TRUE(cloud.ok()) << cloud.error().ToString();
  EXPECT_EQ((*cloud)->name(), "whatsapp");

  config.provider = "evolution";
  config.evolution = {"http://evolution:8080", "minha-instancia", "key", ""};
  auto evolution = MakeChannel(config, clock);
  ASSERT_TRUE(evolution.ok());
  EXPECT_EQ((*evolution)->name(), "evolution");
}

TEST(MakeChannel, RefusesIncompleteConfigurations) {
  FixedClock clock(TimePoint(std::chrono::seconds(0)));
  ChannelConfig config;
  config.provider = "telegram";
  EXPECT_EQ(MakeChannel(config, clock).error().kind, ErrorKind::kInvalidInput);
  config.provider = "whatsapp";
  config.whatsapp.phone_number_id = "1";
  config.whatsapp.access_token = "t";
  auto missing = MakeChannel(config, clock);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("whatsapp.app_secret"), std::string::npos);
  config.provider = "evolution";
  EXPECT_NE(MakeChannel(config, clock).error().message.find("evolution.base_url"),
            std::string::npos);
}

}  // namespace
}  // namespace atende::channel
