// Generator: a realistic regional ISP dataset, deterministic from a seed (`atende erpsim --generate
// N --seed S`): valid CPFs (and some CNPJs, a few alphanumeric), Brazilian names and addresses,
// plans, several contracts for some customers, a mix of
// active/blocked/reduced/suspended/canceled/trust-unlocked contracts consistent with their invoices
// (paid, open, overdue), trust-unlock history and promises. Same options → byte-identical dataset.
#pragma once

#include <cstdint>

#include "core/date.h"
#include "erpsim/dataset.h"

namespace atende::erpsim {

struct GeneratorOptions {
  int customers = 100;
  uint64_t seed = 1;
  Date today = *Date::FromYmd(2026, 11, 22);
  int months_of_history = 6;
};

Dataset Generate(const GeneratorOptions& options);

}  // namespace atende::erpsim
