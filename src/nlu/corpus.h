// The NLU corpus of data/nlu/: training examples as one file per intent (train/<intent>.txt, one
// message a line) and evaluation sets as TSV (`intent<TAB>text`). Lines that are empty or start
// with '#' are skipped. Unknown intent names are an error naming the file and line.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "nlu/intents.h"

namespace atende::nlu {

struct LabeledExample {
  Intent intent;
  std::string text;
};

Result<std::vector<LabeledExample>> ReadTrainingDir(const std::string& dir);
Result<std::vector<LabeledExample>> ReadTsv(const std::string& path);

}  // namespace atende::nlu
