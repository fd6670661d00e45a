#include "server/metrics.h"

#include <gtest/gtest.h>

namespace atende::server {
namespace {

using namespace std::chrono_literals;

TimePoint At(std::chrono::milliseconds since_start) {
  return TimePoint(std::chrono::milliseconds(1'795'000'000'000)) + since_start;
}

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(Metrics, TurnHistogramKeepsItsSeriesNamesAndCumulativeBuckets) {
  Metrics metrics;
  std::string empty = metrics.Render();
  EXPECT_TRUE(Has(empty, "# TYPE atende_turn_seconds histogram")) << empty;
  EXPECT_TRUE(Has(empty, "atende_turn_seconds_count 0")) << empty;

  metrics.ObserveTurn(3ms);
  metrics.ObserveTurn(40ms);
  metrics.ObserveTurn(7s);  // beyond the last bound: +Inf only
  std::string text = metrics.Render();
  EXPECT_TRUE(Has(text, "atende_turn_seconds_bucket{le=\"0.005\"} 1")) << text;
  EXPECT_TRUE(Has(text, "atende_turn_seconds_bucket{le=\"0.025\"} 1")) << text;
  EXPECT_TRUE(Has(text, "atende_turn_seconds_bucket{le=\"0.05\"} 2")) << text;
  EXPECT_TRUE(Has(text, "atende_turn_seconds_bucket{le=\"5\"} 2")) << text;
  EXPECT_TRUE(Has(text, "atende_turn_seconds_bucket{le=\"+Inf\"} 3")) << text;
  EXPECT_TRUE(Has(text, "atende_turn_seconds_sum 7.043")) << text;
  EXPECT_TRUE(Has(text, "atende_turn_seconds_count 3")) << text;
  EXPECT_EQ(metrics.HistogramCount("atende_turn_seconds"), 3u);
}

TEST(Metrics, GenericHistogramPutsLeAfterTheSeriesLabels) {
  Metrics metrics;
  metrics.DefineHistogram("test_seconds", "A test histogram", {1, 0.5});  // sorted on definition
  metrics.Observe("test_seconds", "tenant=\"a\"", 0.5);                   // le is inclusive
  metrics.Observe("test_seconds", "tenant=\"b\"", 0.75);
  metrics.Observe("undefined_seconds", "", 1);  // ignored
  std::string text = metrics.Render();
  EXPECT_TRUE(Has(text, "# HELP test_seconds A test histogram")) << text;
  EXPECT_TRUE(Has(text, "test_seconds_bucket{tenant=\"a\",le=\"0.5\"} 1")) << text;
  EXPECT_TRUE(Has(text, "test_seconds_bucket{tenant=\"b\",le=\"0.5\"} 0")) << text;
  EXPECT_TRUE(Has(text, "test_seconds_bucket{tenant=\"b\",le=\"1\"} 1")) << text;
  EXPECT_TRUE(Has(text, "test_seconds_count{tenant=\"b\"} 1")) << text;
  EXPECT_EQ(text.find("undefined_seconds"), std::string::npos);
}

TEST(Metrics, LabelledGaugesShareOneHelpAndAreReadAtScrape) {
  Metrics metrics;
  double open = 0;
  metrics.AddGauge("g_state", "tenant=\"a\"", "A state", [&] { return open; });
  metrics.AddGauge("g_state", "tenant=\"b\"", "A state", [] { return 1.0; });
  metrics.AddGauge("g_depth", "Depth", [] { return 7.0; });
  open = 2;
  std::string text = metrics.Render();
  EXPECT_TRUE(Has(text, "g_state{tenant=\"a\"} 2")) << text;
  EXPECT_TRUE(Has(text, "g_state{tenant=\"b\"} 1")) << text;
  EXPECT_TRUE(Has(text, "g_depth 7")) << text;
  size_t first = text.find("# TYPE g_state gauge");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(text.find("# TYPE g_state gauge", first + 1), std::string::npos) << text;

  metrics.AddGauge("g_state", "tenant=\"a\"", "A state", [] { return 5.0; });  // replaces
  text = metrics.Render();
  EXPECT_TRUE(Has(text, "g_state{tenant=\"a\"} 5")) << text;
  EXPECT_FALSE(Has(text, "g_state{tenant=\"a\"} 2")) << text;
}

TEST(Metrics, AutomationRatioIsOneMinusHandedOffOverAttendances) {
  Metrics metrics;
  EXPECT_FALSE(metrics.AutomationRatio("fibra").has_value());
  EXPECT_EQ(metrics.Render().find("atende_automation_ratio{"), std::string::npos);

  metrics.ObserveAttendance("fibra", "fibra/+5519900000001", false, At(0ms));
  metrics.ObserveAttendance("fibra", "fibra/+5519900000002", false, At(1s));
  metrics.ObserveAttendance("fibra", "fibra/+5519900000003", false, At(2s));
  metrics.ObserveAttendance("fibra", "fibra/+5519900000004", true, At(3s));
  ASSERT_TRUE(metrics.AutomationRatio("fibra").has_value());
  EXPECT_DOUBLE_EQ(*metrics.AutomationRatio("fibra"), 0.75);

  // More batches of the same attendances: no new attendance; a second handoff of the fourth is
  // still one handed-off attendance; a later handoff of the first makes two.
  metrics.ObserveAttendance("fibra", "fibra/+5519900000004", true, At(10min));
  metrics.ObserveAttendance("fibra", "fibra/+5519900000002", false, At(20min));
  metrics.ObserveAttendance("fibra", "fibra/+5519900000001", true, At(23h));
  EXPECT_EQ(metrics.Value("atende_attendances_total", "tenant=\"fibra\""), 4);
  EXPECT_EQ(metrics.Value("atende_attendances_handed_off_total", "tenant=\"fibra\""), 2);
  EXPECT_DOUBLE_EQ(*metrics.AutomationRatio("fibra"), 0.5);

  std::string text = metrics.Render();
  EXPECT_TRUE(Has(text, "# TYPE atende_automation_ratio gauge")) << text;
  EXPECT_TRUE(Has(text, "atende_automation_ratio{tenant=\"fibra\"} 0.5")) << text;
  EXPECT_TRUE(Has(text, "atende_attendances_total{tenant=\"fibra\"} 4")) << text;
}

TEST(Metrics, AGapOverADayStartsANewAttendance) {
  Metrics metrics;
  const std::string c = "fibra/+5519900000001";
  metrics.ObserveAttendance("fibra", c, true, At(0ms));
  // Activity every 20 h keeps it one attendance (the gap counts from the last activity).
  metrics.ObserveAttendance("fibra", c, false, At(20h));
  metrics.ObserveAttendance("fibra", c, false, At(40h));
  EXPECT_EQ(metrics.Value("atende_attendances_total", "tenant=\"fibra\""), 1);
  // Then 24 h and a second of silence: a new attendance the bot finishes alone.
  metrics.ObserveAttendance("fibra", c, false, At(64h + 1s));
  EXPECT_EQ(metrics.Value("atende_attendances_total", "tenant=\"fibra\""), 2);
  EXPECT_EQ(metrics.Value("atende_attendances_handed_off_total", "tenant=\"fibra\""), 1);
  EXPECT_DOUBLE_EQ(*metrics.AutomationRatio("fibra"), 0.5);
}

TEST(Metrics, TenantsAreCountedApart) {
  Metrics metrics;
  metrics.ObserveAttendance("fibra", "+5519900000001", true, At(0ms));
  metrics.ObserveAttendance("rede", "+5519900000001", false, At(0ms));  // same key, other tenant
  EXPECT_DOUBLE_EQ(*metrics.AutomationRatio("fibra"), 0.0);
  EXPECT_DOUBLE_EQ(*metrics.AutomationRatio("rede"), 1.0);
  EXPECT_EQ(metrics.TrackedConversations(), 2u);
}

TEST(Metrics, ForgetsConversationsSilentForMoreThanADay) {
  Metrics metrics;
  for (int i = 0; i < 100; ++i)
    metrics.ObserveAttendance("fibra", "c" + std::to_string(i), false, At(i * 1s));
  EXPECT_EQ(metrics.TrackedConversations(), 100u);
  metrics.ObserveAttendance("fibra", "c0", false, At(12h));  // c0 stays active
  metrics.ObserveAttendance("fibra", "late", false, At(26h));
  EXPECT_EQ(metrics.TrackedConversations(), 2u);  // c0 (12 h ago) and late
  // Counts since start are kept; only the memory of who is active is dropped.
  EXPECT_EQ(metrics.Value("atende_attendances_total", "tenant=\"fibra\""), 101);
  EXPECT_DOUBLE_EQ(*metrics.AutomationRatio("fibra"), 1.0);
}

}  // namespace
}  // namespace atende::server
