// Metrics: the service's counters, histograms, gauges and the automation rate, rendered in the
// Prometheus text exposition format for GET /metrics. Series are identified by name plus a label
// string ("tenant=\"fibra\"", built with Labels()). Safe for concurrent use; gauges are read at
// scrape time, outside the lock.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/clock.h"

namespace atende::server {

// `tenant="fibra",erp="ixc"`: the label string of a series, values escaped as Prometheus wants.
std::string Labels(std::initializer_list<std::pair<std::string_view, std::string_view>> labels);

class Metrics {
 public:
  // An attendance ends after this long without activity; the next message starts a new one.
  static constexpr std::chrono::hours kAttendanceGap{24};

  // Defines the service's histograms (atende_turn_seconds, atende_erp_call_seconds,
  // atende_webhook_seconds, atende_send_seconds).
  Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void Add(const std::string& name, const std::string& labels = "", double by = 1);

  // A histogram: `bounds` are the upper bounds of its buckets, ascending (+Inf is implicit).
  // Defining a name twice keeps the first definition.
  void DefineHistogram(std::string name, std::string help, std::vector<double> bounds);
  // One observation of a defined histogram; an undefined name is ignored.
  void Observe(const std::string& name, const std::string& labels, double value);
  void ObserveTurn(std::chrono::microseconds latency);  // atende_turn_seconds

  // A gauge read when /metrics is scraped (outbox depth, active handoffs, breaker state). A second
  // gauge with the same name and labels replaces the first.
  void AddGauge(std::string name, std::string help, std::function<double()> read);
  void AddGauge(std::string name, std::string labels, std::string help,
                std::function<double()> read);

  // One batch of bot turns in `conversation` at `at`. Activity with no gap longer than
  // kAttendanceGap is one attendance; it counts as handed off once any of its batches handed the
  // conversation to a human. Memory holds only conversations active within the last gap (+1 h).
  void ObserveAttendance(const std::string& tenant, const std::string& conversation,
                         bool handed_off, TimePoint at);
  // 1 − handed-off attendances ÷ attendances, since start; nullopt before the first attendance.
  std::optional<double> AutomationRatio(const std::string& tenant) const;
  size_t TrackedConversations() const;

  double Value(const std::string& name, const std::string& labels = "") const;
  uint64_t HistogramCount(const std::string& name, const std::string& labels = "") const;
  std::string Render() const;

 private:
  struct HistogramSeries {
    std::vector<uint64_t> counts;  // per bucket, not cumulative
    uint64_t count = 0;
    double sum = 0;
  };
  struct Histogram {
    std::string help;
    std::vector<double> bounds;
    std::map<std::string, HistogramSeries> series;  // by labels
  };
  struct Gauge {
    std::string name, labels, help;
    std::function<double()> read;
  };
  struct Attendance {
    TimePoint last;
    bool handed_off = false;
  };

  void PruneAttendances(TimePoint now);  // mu_ held
  void RenderHistogram(std::ostream& out, const std::string& name, const Histogram& h) const;

  mutable std::mutex mu_;
  std::map<std::string, std::map<std::string, double>> counters_;
  std::map<std::string, Histogram> histograms_;
  std::vector<Gauge> gauges_;
  // Key: tenant + '\n' + conversation.
  std::unordered_map<std::string, Attendance> attendances_;
  TimePoint next_prune_{};
};

}  // namespace atende::server
