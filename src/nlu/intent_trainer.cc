#include "nlu/intent_trainer.h"

#include <fasttext/fasttext.h>

#include <filesystem>
#include <fstream>

#include "nlu/normalizer.h"

namespace atende::nlu {

Status TrainIntentModel(const std::vector<LabeledExample>& examples, const std::string& output_path,
                        const TrainOptions& options) {
  namespace fs = std::filesystem;
  if (examples.empty()) return Error::InvalidInput("no examples to train on");
  fs::path input = fs::path(output_path).concat(".train.txt");
  {
    std::ofstream out(input);
    if (!out) return Error::Internal("cannot write " + input.string());
    for (const LabeledExample& e : examples) {
      std::string text = NormalizeForIntent(e.text);
      if (text.empty()) text = "#vazio";
      out << "__label__" << IntentName(e.intent) << ' ' << text << '\n';
    }
  }
  fasttext::Args args;
  args.input = input.string();
  args.output = output_path;
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.epoch = options.epoch;
  args.lr = options.learning_rate;
  args.dim = options.dim;
  args.wordNgrams = options.word_ngrams;
  args.minn = options.min_char_ngram;
  args.maxn = options.max_char_ngram;
  args.bucket = options.bucket;
  args.minCount = 1;
  args.thread = 1;
  args.seed = options.seed;
  args.verbose = 0;
  try {
    fasttext::FastText model;
    model.train(args);
    model.saveModel(output_path);
  } catch (const std::exception& e) {
    return Error::Internal(std::string("fastText training failed: ") + e.what());
  }
  std::error_code ec;
  fs::remove(input, ec);
  return {};
}

}  // namespace atende::nlu
