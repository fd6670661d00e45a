#include "nlu/evaluation.h"

#include <chrono>
#include <cstdio>

namespace atende::nlu {

EvalReport Evaluate(const IntentClassifier& classifier,
                    const std::vector<LabeledExample>& examples) {
  EvalReport r;
  std::vector<Intent> predicted;
  predicted.reserve(examples.size());
  auto start = std::chrono::steady_clock::now();
  for (const LabeledExample& e : examples) {
    IntentPrediction p = classifier.Classify(e.text);
    predicted.push_back(p.intent);
    if (!p.confident) ++r.below_threshold;
  }
  auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Throughput over more repetitions for a stable figure on small sets.
  if (!examples.empty()) {
    const int rounds = std::max<int>(1, static_cast<int>(20000 / examples.size()));
    auto t0 = std::chrono::steady_clock::now();
    size_t sink = 0;
    for (int round = 0; round < rounds; ++round) {
      for (const LabeledExample& e : examples)
        sink += static_cast<size_t>(classifier.Classify(e.text).intent);
    }
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.classifications_per_second =
        elapsed > 0 ? static_cast<double>(rounds) * examples.size() / elapsed : 0;
    if (sink == static_cast<size_t>(-1))
      r.classifications_per_second = 0;  // keeps the loop observable
  }
  r.total = static_cast<int>(examples.size());
  for (size_t i = 0; i < examples.size(); ++i) {
    auto expected = static_cast<size_t>(examples[i].intent);
    auto got = static_cast<size_t>(predicted[i]);
    r.confusion[expected][got]++;
    if (expected == got) {
      ++r.correct;
    } else {
      r.errors.push_back({examples[i], predicted[i]});
    }
  }
  r.accuracy = r.total > 0 ? static_cast<double>(r.correct) / r.total : 0;
  double f1_sum = 0;
  int classes = 0;
  for (size_t c = 0; c < kIntentCount; ++c) {
    int tp = r.confusion[c][c];
    int predicted_c = 0, actual_c = 0;
    for (size_t k = 0; k < kIntentCount; ++k) {
      predicted_c += r.confusion[k][c];
      actual_c += r.confusion[c][k];
    }
    IntentScores& s = r.per_intent[c];
    s.support = actual_c;
    s.precision = predicted_c > 0 ? static_cast<double>(tp) / predicted_c : 0;
    s.recall = actual_c > 0 ? static_cast<double>(tp) / actual_c : 0;
    s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
    if (actual_c > 0) {
      f1_sum += s.f1;
      ++classes;
    }
  }
  r.macro_f1 = classes > 0 ? f1_sum / classes : 0;
  return r;
}

std::string FormatReport(const EvalReport& r) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "examples: %d  correct: %d  accuracy: %.4f  macro-F1: %.4f\n",
                r.total, r.correct, r.accuracy, r.macro_f1);
  out += line;
  std::snprintf(line, sizeof line,
                "below confidence threshold: %d  throughput: %.0f classifications/s (1 thread)\n\n",
                r.below_threshold, r.classifications_per_second);
  out += line;
  std::snprintf(line, sizeof line, "%-20s %9s %9s %9s %8s\n", "intent", "precision", "recall", "f1",
                "support");
  out += line;
  for (Intent intent : AllIntents()) {
    const IntentScores& s = r.per_intent[static_cast<size_t>(intent)];
    std::snprintf(line, sizeof line, "%-20s %9.3f %9.3f %9.3f %8d\n",
                  std::string(IntentName(intent)).c_str(), s.precision, s.recall, s.f1, s.support);
    out += line;
  }
  out += "\nconfusion matrix (rows: expected, columns: predicted, in the order above)\n";
  for (Intent row : AllIntents()) {
    std::snprintf(line, sizeof line, "%-20s", std::string(IntentName(row)).c_str());
    out += line;
    for (Intent col : AllIntents()) {
      std::snprintf(line, sizeof line, " %3d",
                    r.confusion[static_cast<size_t>(row)][static_cast<size_t>(col)]);
      out += line;
    }
    out += '\n';
  }
  if (!r.errors.empty()) {
    out += "\nerrors (expected -> predicted: text)\n";
    for (const auto& [example, got] : r.errors) {
      out += "  " + std::string(IntentName(example.intent)) + " -> " +
             std::string(IntentName(got)) + ": " + example.text + "\n";
    }
  }
  return out;
}

}  // namespace atende::nlu
