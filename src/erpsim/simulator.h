// Simulator: the in-process ERP simulator (`atende erpsim`). It loads or generates one neutral
// Dataset and serves it over HTTP on loopback in the wire format of one ERP flavor (ixc, sgp,
// mkauth, voalle, hubsoft), with that ERP's quirks, fault injection and an events journal of
// mutations. Tests and `atende chat --demo` start it in-process. Thread-safety: Start/Stop from one
// thread; the accessors may be called from any thread while it serves.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "erpsim/dataset.h"

namespace atende::erpsim {

struct SimulatorOptions {
  std::string flavor;     // "ixc", "sgp", "mkauth", "voalle", "hubsoft"
  std::string data_path;  // dataset JSON (erpsim-data.md); ignored when generate > 0
  int generate = 0;       // > 0: generate this many subscribers from `seed`
  uint64_t seed = 1;
  std::string listen = "127.0.0.1:0";
  std::string token = "sim-token";  // the one credential every flavor accepts (cli-contract.md)
  std::optional<Date> today;        // overrides the dataset's "today"
  std::string events_path;  // append one JSON line per mutation; empty: keep them in memory only
  int latency_ms = 0;       // added to every response
  double fail_rate = 0;     // probability (0..1) of answering with the ERP's own failure shape
  int worker_threads = 2;
  int timeout_fault_ms = 10000;    // how long a "timeout" fault withholds the response
  int trust_unlock_days = 3;       // days a granted trust unlock lasts
  int jwt_ttl_seconds = 600;       // MK-Auth token lifetime
  int oauth_ttl_seconds = 0;       // Voalle / HubSoft token lifetime; 0: theirs (3600 s, 30 days)
  std::optional<Dataset> dataset;  // in-process callers may hand over a dataset instead of a path
};

class Simulator {
 public:
  // Loads (or generates) the dataset, validates it, binds `listen` and serves on its own threads.
  static Result<std::unique_ptr<Simulator>> Start(const SimulatorOptions& options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  uint16_t port() const;
  std::string base_url() const;  // "http://127.0.0.1:PORT"
  void Stop();                   // idempotent

  // For tests: a copy of the neutral dataset as loaded and mutated so far, and the events recorded
  // so far (each one object as written to the events file).
  Dataset dataset() const;
  std::vector<nlohmann::json> events() const;
  // A payment arrives for an open invoice (SimState::Pay): paid today, the contract released when
  // nothing overdue is left; logged as a "payment" event.
  Status Pay(int64_t invoice_id);

  struct Impl;

 private:
  explicit Simulator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace atende::erpsim
