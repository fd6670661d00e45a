#include "erp/factory.h"

#include <gtest/gtest.h>

#include "erp/testing/fake_http.h"

namespace atende::erp {
namespace {

TEST(MakeErp, BuildsEachFlavorAndRefusesOthers) {
  auto clock = FixedClock::AtLocalNoon(Date::ParseIso("2026-11-22").value());
  auto http = std::make_shared<testing::FakeHttpClient>();
  for (const std::string& flavor : SupportedFlavors()) {
    ConnectorConfig c;
    c.flavor = flavor;
    c.base_url = "http://127.0.0.1:1";
    auto erp = MakeErp(c, *clock, http);
    ASSERT_TRUE(erp.ok()) << flavor;
    EXPECT_EQ((*erp)->name(), flavor);
  }
  ConnectorConfig bad;
  bad.flavor = "totvs";
  bad.base_url = "http://x";
  EXPECT_EQ(MakeErp(bad, *clock, http).error().kind, ErrorKind::kInvalidInput);
  bad.flavor = "ixc";
  bad.base_url = "";
  EXPECT_EQ(MakeErp(bad, *clock, http).error().kind, ErrorKind::kInvalidInput);
}

}  // namespace
}  // namespace atende::erp
