#include "server/metrics.h"

#include <algorithm>
#include <iterator>
#include <sstream>

namespace atende::server {
namespace {

constexpr const char* kAttendances = "atende_attendances_total";
constexpr const char* kAttendancesHandedOff = "atende_attendances_handed_off_total";

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
      {"atende_erp_calls_total",
       "ERP calls by tenant, ERP, operation and result (ok or error kind)"},
      {kAttendances, "Attendances the bot served (activity with no gap over 24 h)"},
      {kAttendancesHandedOff, "Attendances that were handed to a human"},
  };
  return help;
}

std::string Series(const std::string& name, const std::string& labels) {
  return labels.empty() ? name : name + "{" + labels + "}";
}

std::string WithLe(const std::string& labels, const std::string& le) {
  return labels.empty() ? "le=\"" + le + "\"" : labels + ",le=\"" + le + "\"";
}

std::string FormatBound(double bound) {
  std::ostringstream out;
  out << bound;
  return out.str();
}

}  // namespace

std::string Labels(std::initializer_list<std::pair<std::string_view, std::string_view>> labels) {
  std::string out;
  for (const auto& [name, value] : labels) {
    if (!out.empty()) out += ',';
    out.append(name);
    out += "=\"";
    for (char c : value) {
      if (c == '\\' || c == '"') {
        out += '\\';
        out += c;
      } else if (c == '\n') {
        out += "\\n";
      } else {
        out += c;
      }
    }
    out += '"';
  }
  return out;
}

Metrics::Metrics() {
  DefineHistogram("atende_turn_seconds", "Time to run one agent turn (ERP calls included)",
                  {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5});
  DefineHistogram("atende_erp_call_seconds", "Time of one ERP call, by tenant and ERP",
                  {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
  DefineHistogram("atende_webhook_seconds",
                  "Time from a webhook's request to its answer (inbox write included), by provider",
                  {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1});
  DefineHistogram("atende_send_seconds", "Time of one send to the provider, by tenant",
                  {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30});
}

void Metrics::Add(const std::string& name, const std::string& labels, double by) {
  std::lock_guard lock(mu_);
  counters_[name][labels] += by;
}

void Metrics::DefineHistogram(std::string name, std::string help, std::vector<double> bounds) {
  std::sort(bounds.begin(), bounds.end());
  std::lock_guard lock(mu_);
  histograms_.try_emplace(std::move(name), Histogram{std::move(help), std::move(bounds), {}});
}

void Metrics::Observe(const std::string& name, const std::string& labels, double value) {
  std::lock_guard lock(mu_);
  auto it = histograms_.find(name);
  if (it == histograms_.end()) return;
  Histogram& h = it->second;
  HistogramSeries& series = h.series[labels];
  if (series.counts.empty()) series.counts.resize(h.bounds.size());
  auto bucket = std::lower_bound(h.bounds.begin(), h.bounds.end(), value);
  if (bucket != h.bounds.end()) ++series.counts[std::distance(h.bounds.begin(), bucket)];
  ++series.count;
  series.sum += value;
}

void Metrics::ObserveTurn(std::chrono::microseconds latency) {
  Observe("atende_turn_seconds", "", static_cast<double>(latency.count()) / 1e6);
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
  AddGauge(std::move(name), "", std::move(help), std::move(read));
}

void Metrics::AddGauge(std::string name, std::string labels, std::string help,
                       std::function<double()> read) {
  std::lock_guard lock(mu_);
  for (Gauge& g : gauges_) {
    if (g.name == name && g.labels == labels) {
      g.help = std::move(help);
      g.read = std::move(read);
      return;
    }
  }
  gauges_.push_back({std::move(name), std::move(labels), std::move(help), std::move(read)});
}

void Metrics::ObserveAttendance(const std::string& tenant, const std::string& conversation,
                                bool handed_off, TimePoint at) {
  std::string labels = Labels({{"tenant", tenant}});
  std::lock_guard lock(mu_);
  PruneAttendances(at);
  auto [it, fresh] = attendances_.try_emplace(tenant + '\n' + conversation, Attendance{at, false});
  Attendance& attendance = it->second;
  bool starts = fresh;
  if (!fresh && at - attendance.last > kAttendanceGap) {  // the gap ended the last attendance
    attendance = Attendance{at, false};
    starts = true;
  }
  if (starts) counters_[kAttendances][labels] += 1;
  attendance.last = std::max(attendance.last, at);
  if (handed_off && !attendance.handed_off) {
    attendance.handed_off = true;
    counters_[kAttendancesHandedOff][labels] += 1;
  }
}

void Metrics::PruneAttendances(TimePoint now) {
  if (now < next_prune_) return;
  std::erase_if(attendances_,
                [now](const auto& entry) { return now - entry.second.last > kAttendanceGap; });
  next_prune_ = now + std::chrono::hours(1);
}

std::optional<double> Metrics::AutomationRatio(const std::string& tenant) const {
  std::string labels = Labels({{"tenant", tenant}});
  std::lock_guard lock(mu_);
  auto served = counters_.find(kAttendances);
  if (served == counters_.end()) return std::nullopt;
  auto n = served->second.find(labels);
  if (n == served->second.end() || n->second <= 0) return std::nullopt;
  double handed = 0;
  if (auto h = counters_.find(kAttendancesHandedOff); h != counters_.end()) {
    if (auto v = h->second.find(labels); v != h->second.end()) handed = v->second;
  }
  return 1.0 - handed / n->second;
}

size_t Metrics::TrackedConversations() const {
  std::lock_guard lock(mu_);
  return attendances_.size();
}

double Metrics::Value(const std::string& name, const std::string& labels) const {
  std::lock_guard lock(mu_);
  auto it = counters_.find(name);
  if (it == counters_.end()) return 0;
  auto series = it->second.find(labels);
  return series == it->second.end() ? 0 : series->second;
}

uint64_t Metrics::HistogramCount(const std::string& name, const std::string& labels) const {
  std::lock_guard lock(mu_);
  auto it = histograms_.find(name);
  if (it == histograms_.end()) return 0;
  auto series = it->second.series.find(labels);
  return series == it->second.series.end() ? 0 : series->second.count;
}

void Metrics::RenderHistogram(std::ostream& out, const std::string& name,
                              const Histogram& h) const {
  out << "# HELP " << name << ' ' << h.help << "\n# TYPE " << name << " histogram\n";
  std::map<std::string, HistogramSeries> series = h.series;
  if (series.empty()) series[""].counts.resize(h.bounds.size());  // zeros until observed
  for (const auto& [labels, s] : series) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < h.bounds.size(); ++i) {
      cumulative += s.counts[i];
      out << name << "_bucket{" << WithLe(labels, FormatBound(h.bounds[i])) << "} " << cumulative
          << '\n';
    }
    out << name << "_bucket{" << WithLe(labels, "+Inf") << "} " << s.count << '\n'
        << Series(name + "_sum", labels) << ' ' << s.sum << '\n'
        << Series(name + "_count", labels) << ' ' << s.count << '\n';
  }
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
    for (const auto& [name, histogram] : histograms_) RenderHistogram(out, name, histogram);
    out << "# HELP atende_automation_ratio 1 - handed-off attendances / attendances, since start\n"
        << "# TYPE atende_automation_ratio gauge\n";
    if (auto served = counters_.find(kAttendances); served != counters_.end()) {
      const auto handed = counters_.find(kAttendancesHandedOff);
      for (const auto& [labels, n] : served->second) {
        double h = 0;
        if (handed != counters_.end()) {
          if (auto v = handed->second.find(labels); v != handed->second.end()) h = v->second;
        }
        if (n > 0) out << Series("atende_automation_ratio", labels) << ' ' << 1.0 - h / n << '\n';
      }
    }
  }
  // Grouped by name so each family has one HELP and TYPE; read outside the lock.
  std::stable_sort(gauges.begin(), gauges.end(),
                   [](const Gauge& a, const Gauge& b) { return a.name < b.name; });
  for (size_t i = 0; i < gauges.size(); ++i) {
    const Gauge& g = gauges[i];
    if (i == 0 || gauges[i - 1].name != g.name)
      out << "# HELP " << g.name << ' ' << g.help << "\n# TYPE " << g.name << " gauge\n";
    out << Series(g.name, g.labels) << ' ' << g.read() << '\n';
  }
  return out.str();
}

}  // namespace atende::server
