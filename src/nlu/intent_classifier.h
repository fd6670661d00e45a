// IntentClassifier: the fastText supervised model trained from data/nlu/ (intent_trainer.h) behind
// a small interface. Classify normalises the message (normalizer.h) and returns the intents ranked
// by probability; a prediction below the confidence threshold is marked not confident so the
// dialogue asks instead of guessing. Loading is the only fallible step. Classify is const and safe
// to call from many threads at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "nlu/intents.h"

namespace fasttext {
class FastText;
}

namespace atende::nlu {

struct IntentScore {
  Intent intent;
  float probability = 0;
};

struct IntentPrediction {
  Intent intent = Intent::kForaEscopo;  // the best guess, even when not confident
  float confidence = 0;                 // its probability
  bool confident = false;               // confidence >= threshold
  std::vector<IntentScore> ranked;      // top intents, best first
};

class IntentClassifier {
 public:
  // Default threshold: below it the dialogue asks the subscriber to rephrase or offers a menu.
  static constexpr float kDefaultThreshold = 0.5F;

  static Result<std::unique_ptr<IntentClassifier>> Load(const std::string& model_path,
                                                        float threshold = kDefaultThreshold);
  IntentClassifier(std::unique_ptr<fasttext::FastText> model, std::vector<Intent> label_intents,
                   float threshold);
  ~IntentClassifier();
  IntentClassifier(const IntentClassifier&) = delete;
  IntentClassifier& operator=(const IntentClassifier&) = delete;

  IntentPrediction Classify(std::string_view message, int top_k = 3) const;
  // Classify an already normalised text (for throughput measurements and training-time checks).
  IntentPrediction ClassifyNormalized(const std::string& normalized, int top_k = 3) const;
  float threshold() const { return threshold_; }

 private:
  std::unique_ptr<fasttext::FastText> model_;
  std::vector<Intent> label_intents_;  // fastText label index → intent
  float threshold_;
};

// Where the model is looked for when none is configured: $ATENDE_NLU_MODEL, then nlu/intent.bin
// beside the running binary (the build puts it there), then /usr/share/atende/nlu/intent.bin.
std::string DefaultModelPath();

}  // namespace atende::nlu
