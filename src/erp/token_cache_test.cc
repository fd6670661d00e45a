// TokenCache (renewal before expiry, one token call at a time under concurrency) and Throttle
// (Retry-After held with the injected clock).
#include "erp/token_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "erp/http_call.h"

namespace atende::erp {
namespace {

using namespace std::chrono_literals;

class TokenCacheTest : public ::testing::Test {
 protected:
  TokenCache::Fetch Issuer(std::chrono::seconds lifetime = 3600s) {
    return [this, lifetime]() -> Result<IssuedToken> {
      int n = ++issued_;
      if (fail_) return Error::Unavailable("token endpoint down");
      return IssuedToken{"token-" + std::to_string(n), lifetime};
    };
  }
  FixedClock clock_{TimePoint(std::chrono::seconds(1'800'000'000))};
  TokenCache cache_{clock_, 60s};
  std::atomic<int> issued_{0};
  std::atomic<bool> fail_{false};
};

TEST_F(TokenCacheTest, CachedUntilAMinuteBeforeExpiryThenRenewed) {
  EXPECT_EQ(cache_.Get(Issuer()).value(), "token-1");
  clock_.Advance(3539s);
  EXPECT_EQ(cache_.Get(Issuer()).value(), "token-1");
  clock_.Advance(2s);  // 59 s left: renewed before it expires
  EXPECT_EQ(cache_.Get(Issuer()).value(), "token-2");
  EXPECT_EQ(cache_.fetches(), 2);
}

TEST_F(TokenCacheTest, AFailedEarlyRenewalKeepsTheValidTokenAnExpiredOneFails) {
  ASSERT_TRUE(cache_.Get(Issuer()).ok());
  clock_.Advance(3550s);
  fail_ = true;
  EXPECT_EQ(cache_.Get(Issuer()).value(), "token-1");  // still valid for 50 s
  clock_.Advance(60s);
  auto expired = cache_.Get(Issuer());
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().kind, ErrorKind::kUnavailable);
}

TEST_F(TokenCacheTest, ShortLifetimesRenewHalfwayNotAtOnce) {
  EXPECT_EQ(cache_.Get(Issuer(30s)).value(), "token-1");
  clock_.Advance(14s);
  EXPECT_EQ(cache_.Get(Issuer(30s)).value(), "token-1");
  clock_.Advance(2s);
  EXPECT_EQ(cache_.Get(Issuer(30s)).value(), "token-2");
}

TEST_F(TokenCacheTest, RenewAfterA401IsOncePerRejectedToken) {
  std::string first = cache_.Get(Issuer()).value();
  EXPECT_EQ(cache_.Renew(first, Issuer()).value(), "token-2");
  EXPECT_EQ(cache_.Renew(first, Issuer()).value(), "token-2");  // another caller already renewed
  EXPECT_EQ(cache_.fetches(), 2);
}

TEST_F(TokenCacheTest, ManyThreadsOnAnEmptyCacheMakeOneTokenCall) {
  auto slow = [this]() -> Result<IssuedToken> {
    std::this_thread::sleep_for(20ms);
    return IssuedToken{"token-" + std::to_string(++issued_), 3600s};
  };
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      auto t = cache_.Get(slow);
      if (!t.ok() || *t != "token-1") ++wrong;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(cache_.fetches(), 1);
}

TEST_F(TokenCacheTest, DuringAnEarlyRenewalOthersKeepTheOldTokenWithoutWaiting) {
  ASSERT_TRUE(cache_.Get(Issuer()).ok());
  clock_.Advance(3570s);
  std::atomic<bool> inside{false}, release{false};
  auto blocking = [&]() -> Result<IssuedToken> {
    inside = true;
    while (!release) std::this_thread::sleep_for(1ms);
    return IssuedToken{"token-2", 3600s};
  };
  std::thread renewer([&] { EXPECT_EQ(cache_.Get(blocking).value(), "token-2"); });
  while (!inside) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(cache_.Get(Issuer()).value(), "token-1");  // answered while the renewal is in flight
  release = true;
  renewer.join();
  EXPECT_EQ(cache_.Get(Issuer()).value(), "token-2");
  EXPECT_EQ(cache_.fetches(), 2);
}

TEST(Throttle, HoldsCallsForTheRetryAfterOfA429) {
  FixedClock clock(TimePoint(std::chrono::seconds(1'800'000'000)));
  Throttle throttle;
  http::ClientResponse r;
  r.status = 429;
  throttle.Note(r, clock.Now());  // no Retry-After: nothing to hold
  EXPECT_TRUE(throttle.Check(clock.Now(), "voalle").ok());
  r.headers = {{"retry-after", "5"}};
  throttle.Note(r, clock.Now());
  Status held = throttle.Check(clock.Now(), "voalle");
  ASSERT_FALSE(held.ok());
  EXPECT_EQ(held.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(held.error().message.find("5 s"), std::string::npos) << held.error().message;
  clock.Advance(4900ms);
  EXPECT_FALSE(throttle.Check(clock.Now(), "voalle").ok());
  clock.Advance(100ms);
  EXPECT_TRUE(throttle.Check(clock.Now(), "voalle").ok());
  r.status = 200;
  throttle.Note(r, clock.Now());  // only 429/503 hold
  EXPECT_FALSE(throttle.holding(clock.Now()));
}

}  // namespace
}  // namespace atende::erp
