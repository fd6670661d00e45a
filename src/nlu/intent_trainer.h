// Trains the fastText intent model from labelled examples: each text goes through
// NormalizeForIntent (the same normalisation Classify applies), then fastText supervised learning
// on one thread with a fixed seed, so the same corpus always gives the same model. Run at build
// time by the nlu_train tool.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "nlu/corpus.h"

namespace atende::nlu {

struct TrainOptions {
  int epoch = 60;
  double learning_rate = 0.5;
  int dim = 48;
  int word_ngrams = 2;
  int min_char_ngram = 3;  // character n-grams absorb typos ("bolto", "desbloquiar")
  int max_char_ngram = 5;
  int bucket = 40000;  // hashed n-gram rows: keeps the model a few MB
  int seed = 42;
};

Status TrainIntentModel(const std::vector<LabeledExample>& examples, const std::string& output_path,
                        const TrainOptions& options = {});

}  // namespace atende::nlu
