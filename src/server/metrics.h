// Metrics: the service's counters, gauges and the turn-latency histogram, rendered in the
// Prometheus text exposition format for GET /metrics. Series are identified by name plus a label
// string ("tenant=\"fibra\""). Safe for concurrent use.
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace atende::server {

class Metrics {
 public:
  void Add(const std::string& name, const std::string& labels = "", double by = 1);
  void ObserveTurn(std::chrono::microseconds latency);
  // A gauge read when /metrics is scraped (outbox depth, active handoffs).
  void AddGauge(std::string name, std::string help, std::function<double()> read);
  double Value(const std::string& name, const std::string& labels = "") const;
  std::string Render() const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1,
                                                      0.25,  0.5,  1,     2.5,  5};
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };
  mutable std::mutex mu_;
  std::map<std::string, std::map<std::string, double>> counters_;
  std::array<uint64_t, kBuckets.size()> bucket_counts_{};
  uint64_t turn_count_ = 0;
  double turn_sum_ = 0;
  std::vector<Gauge> gauges_;
};

}  // namespace atende::server
