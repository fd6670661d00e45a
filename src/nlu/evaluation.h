// Scores an intent classifier on a labelled set: accuracy, macro-F1, per-intent
// precision/recall/F1, the confusion matrix, how many predictions fell below the confidence
// threshold, and throughput. Used by `atende nlu eval` and the NLU tests; the report text is for
// people, the struct for checks.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "nlu/corpus.h"
#include "nlu/intent_classifier.h"

namespace atende::nlu {

constexpr size_t kIntentCount = 15;

struct IntentScores {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  int support = 0;
};

struct EvalReport {
  int total = 0;
  int correct = 0;
  int below_threshold = 0;
  double accuracy = 0;
  double macro_f1 = 0;
  std::array<IntentScores, kIntentCount> per_intent{};
  // confusion[expected][predicted]
  std::array<std::array<int, kIntentCount>, kIntentCount> confusion{};
  double classifications_per_second = 0;  // normalisation included, one thread
  std::vector<std::pair<LabeledExample, Intent>> errors;
};

EvalReport Evaluate(const IntentClassifier& classifier,
                    const std::vector<LabeledExample>& examples);
std::string FormatReport(const EvalReport& report);

}  // namespace atende::nlu
