#include "server/metered_erp.h"

#include <gtest/gtest.h>

#include <functional>
#include <thread>

#include "erp/guarded_erp.h"
#include "erp/testing/empty_erp.h"

namespace atende::server {
namespace {

using namespace std::chrono_literals;

// An Erp whose document lookup answers with a scripted error (or one customer), can be slow, and
// runs a hook while "in flight".
class ScriptedErp final : public erp::testing::EmptyErp {
 public:
  std::optional<Error> error;
  std::chrono::milliseconds delay{0};
  std::function<void()> during;
  int calls = 0;

  std::string_view name() const override { return "scripted"; }
  erp::Capabilities capabilities() const override {
    erp::Capabilities c;
    c.promise_to_pay = true;
    return c;
  }
  Result<std::vector<Customer>> FindCustomersByDocument(const Document&) override {
    ++calls;
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    if (during) during();
    if (error) return *error;
    Customer customer;
    customer.erp_id = "42";
    return std::vector<Customer>{customer};
  }
  Result<std::vector<Customer>> FindCustomersByPhone(const Phone&) override {
    return Error::NotFound("no such phone");
  }
  Result<erp::TrustUnlockResult> TrustUnlock(const Contract&,
                                             const erp::TrustUnlockRequest&) override {
    return Error::BadAnswer("garbled");
  }
};

Document Doc() { return Document::Parse("52998224725").value(); }

std::string Calls(const std::string& op, const std::string& result) {
  return Labels({{"tenant", "fibra"}, {"erp", "scripted"}, {"op", op}, {"result", result}});
}
const std::string kSeries = Labels({{"tenant", "fibra"}, {"erp", "scripted"}});

TEST(MeteredErp, ForwardsEveryCallAndItsAnswer) {
  auto inner = std::make_unique<ScriptedErp>();
  ScriptedErp* scripted = inner.get();
  MeteredErp erp(std::move(inner), "fibra");
  EXPECT_EQ(erp.name(), "scripted");
  EXPECT_TRUE(erp.capabilities().promise_to_pay);
  auto found = erp.FindCustomersByDocument(Doc());
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().erp_id, "42");
  EXPECT_EQ(scripted->calls, 1);
  auto by_phone = erp.FindCustomersByPhone(Phone::Parse("+5519987654321").value());
  ASSERT_FALSE(by_phone.ok());
  EXPECT_EQ(by_phone.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(by_phone.error().message, "no such phone");
}

TEST(MeteredErp, RecordsNothingBeforeAttach) {
  Metrics metrics;
  MeteredErp erp(std::make_unique<ScriptedErp>(), "fibra");
  ASSERT_TRUE(erp.FindCustomersByDocument(Doc()).ok());
  erp.Attach(metrics);
  EXPECT_EQ(metrics.Value("atende_erp_calls_total", Calls("find_customers_by_document", "ok")), 0);
  EXPECT_EQ(metrics.HistogramCount("atende_erp_call_seconds", kSeries), 0u);
}

TEST(MeteredErp, CountsCallsByOperationAndResult) {
  Metrics metrics;
  auto inner = std::make_unique<ScriptedErp>();
  ScriptedErp* scripted = inner.get();
  MeteredErp erp(std::move(inner), "fibra");
  erp.Attach(metrics);
  erp.Attach(metrics);  // idempotent
  ASSERT_TRUE(erp.FindCustomersByDocument(Doc()).ok());
  ASSERT_TRUE(erp.FindCustomersByDocument(Doc()).ok());
  scripted->error = Error::Timeout("ixc: no answer in 8 s");
  EXPECT_EQ(erp.FindCustomersByDocument(Doc()).error().kind, ErrorKind::kTimeout);
  EXPECT_FALSE(erp.FindCustomersByPhone(Phone::Parse("+5519987654321").value()).ok());
  EXPECT_FALSE(erp.TrustUnlock(Contract{}, {}).ok());
  ASSERT_TRUE(erp.ListContracts(Customer{}).ok());

  EXPECT_EQ(metrics.Value("atende_erp_calls_total", Calls("find_customers_by_document", "ok")), 2);
  EXPECT_EQ(metrics.Value("atende_erp_calls_total", Calls("find_customers_by_document", "timeout")),
            1);
  EXPECT_EQ(metrics.Value("atende_erp_calls_total", Calls("find_customers_by_phone", "not_found")),
            1);
  EXPECT_EQ(metrics.Value("atende_erp_calls_total", Calls("trust_unlock", "bad_answer")), 1);
  EXPECT_EQ(metrics.Value("atende_erp_calls_total", Calls("list_contracts", "ok")), 1);
  EXPECT_EQ(metrics.HistogramCount("atende_erp_call_seconds", kSeries), 6u);

  std::string text = metrics.Render();
  EXPECT_NE(text.find("atende_erp_calls_total{tenant=\"fibra\",erp=\"scripted\","
                      "op=\"find_customers_by_document\",result=\"ok\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("atende_erp_call_seconds_count{tenant=\"fibra\",erp=\"scripted\"} 6\n"),
            std::string::npos)
      << text;
  // A bare connector has no breaker: no state series.
  EXPECT_FALSE(erp.breaker_state().has_value());
  EXPECT_EQ(text.find("atende_erp_breaker_state{"), std::string::npos) << text;
}

TEST(MeteredErp, TimesTheCall) {
  Metrics metrics;
  auto inner = std::make_unique<ScriptedErp>();
  inner->delay = 20ms;
  MeteredErp erp(std::move(inner), "fibra");
  erp.Attach(metrics);
  ASSERT_TRUE(erp.FindCustomersByDocument(Doc()).ok());
  std::string text = metrics.Render();
  // 20 ms is past the 10 ms bucket, so that bucket stays empty and +Inf has the call.
  EXPECT_NE(text.find("atende_erp_call_seconds_bucket{tenant=\"fibra\",erp=\"scripted\","
                      "le=\"0.01\"} 0\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("atende_erp_call_seconds_bucket{tenant=\"fibra\",erp=\"scripted\","
                      "le=\"+Inf\"} 1\n"),
            std::string::npos)
      << text;
}

TEST(MeteredErp, ExposesTheBreakerStateAtScrapeTime) {
  auto clock = FixedClock::AtLocalNoon(Date::ParseIso("2026-11-22").value());
  auto inner = std::make_unique<ScriptedErp>();
  ScriptedErp* scripted = inner.get();
  erp::GuardOptions options;
  options.breaker.failure_threshold = 2;
  options.breaker.cool_down = 10s;
  MeteredErp erp(std::make_unique<erp::GuardedErp>(std::move(inner), *clock, options), "fibra");
  Metrics metrics;
  erp.Attach(metrics);
  const std::string gauge = "atende_erp_breaker_state{" + kSeries + "} ";
  auto Scraped = [&] {
    std::string text = metrics.Render();
    size_t at = text.find(gauge);
    return at == std::string::npos
               ? std::string("absent")
               : text.substr(at + gauge.size(), text.find('\n', at) - at - gauge.size());
  };
  EXPECT_EQ(Scraped(), "0");
  EXPECT_EQ(erp.breaker_state(), erp::CircuitBreaker::State::kClosed);

  scripted->error = Error::Unavailable("connection refused");
  EXPECT_FALSE(erp.FindCustomersByDocument(Doc()).ok());
  EXPECT_FALSE(erp.FindCustomersByDocument(Doc()).ok());
  EXPECT_EQ(Scraped(), "2");
  // Refused by the open breaker without reaching the ERP, and counted as unavailable.
  EXPECT_FALSE(erp.FindCustomersByDocument(Doc()).ok());
  EXPECT_EQ(scripted->calls, 2);
  EXPECT_EQ(
      metrics.Value("atende_erp_calls_total", Calls("find_customers_by_document", "unavailable")),
      3);

  // After the cool-down one probe goes out: half-open while it is in flight, closed on success.
  clock->Set(clock->Now() + 11s);
  scripted->error.reset();
  std::string during_probe;
  scripted->during = [&] { during_probe = Scraped(); };
  EXPECT_TRUE(erp.FindCustomersByDocument(Doc()).ok());
  EXPECT_EQ(during_probe, "1");
  EXPECT_EQ(Scraped(), "0");
}

TEST(MeteredErp, LabelValuesAreEscaped) {
  EXPECT_EQ(Labels({{"tenant", "a\"b\\c\nd"}}), "tenant=\"a\\\"b\\\\c\\nd\"");
}

}  // namespace
}  // namespace atende::server
