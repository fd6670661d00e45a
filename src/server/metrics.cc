#include "server/metrics.h"

#include <sstream>

namespace atende::server {
namespace {

const std::map<std::string, std::string>& Help() {
  static const std::map<std::string, std::string> help = {
      {"atende_messages_in_total", "Inbound subscriber messages accepted into the inbox"},
      {"atende_messages_duplicate_total",
       "Inbound messages dropped as replays of a stored provider message id"},
      {"atende_messages_out_total", "Outbound send attempts by result"},
      {"atende_status_updates_total", "Delivery status webhooks by state"},
      {"atende_webhooks_rejected_total", "Webhook requests rejected, by reason"},
      {"atende_turns_total", "Agent turns run"},
      {"atende_turn_errors_total", "Agent turns that failed and were retried"},
      {"atende_handoffs_total", "Conversations handed to a human"},
      {"atende_handoff_messages_total", "Subscriber messages stored for a human during handoff"},
      {"atende_payments_total", "Payment notifications by result"},
  };
  return help;
}

std::string Series(const std::string& name, const std::string& labels) {
  return labels.empty() ? name : name + "{" + labels + "}";
}

}  // namespace

void Metrics::Add(const std::string& name, const std::string& labels, double by) {
  std::lock_guard lock(mu_);
  counters_[name][labels] += by;
}

void Metrics::ObserveTurn(std::chrono::microseconds latency) {
  double seconds = static_cast<double>(latency.count()) / 1e6;
  std::lock_guard lock(mu_);
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++bucket_counts_[i];
  }
  ++turn_count_;
  turn_sum_ += seconds;
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mu_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

double Metrics::Value(const std::string& name, const std::string& labels) const {
  std::lock_guard lock(mu_);
  auto it = counters_.find(name);
  if (it == counters_.end()) return 0;
  auto series = it->second.find(labels);
  return series == it->second.end() ? 0 : series->second;
}

std::string Metrics::Render() const {
  std::vector<Gauge> gauges;
  std::ostringstream out;
  {
    std::lock_guard lock(mu_);
    gauges = gauges_;
    for (const auto& [name, help] : Help()) {
      out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " counter\n";
      auto it = counters_.find(name);
      if (it == counters_.end() || it->second.empty()) {
        out << name << " 0\n";
        continue;
      }
      for (const auto& [labels, value] : it->second)
        out << Series(name, labels) << ' ' << value << '\n';
    }
    out << "# HELP atende_turn_seconds Time to run one agent turn (ERP calls included)\n"
        << "# TYPE atende_turn_seconds histogram\n";
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out << "atende_turn_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << bucket_counts_[i]
          << '\n';
    }
    out << "atende_turn_seconds_bucket{le=\"+Inf\"} " << turn_count_ << '\n'
        << "atende_turn_seconds_sum " << turn_sum_ << '\n'
        << "atende_turn_seconds_count " << turn_count_ << '\n';
  }
  for (const Gauge& g : gauges) {
    out << "# HELP " << g.name << ' ' << g.help << "\n# TYPE " << g.name << " gauge\n"
        << g.name << ' ' << g.read() << '\n';
  }
  return out.str();
}

}  // namespace atende::server
