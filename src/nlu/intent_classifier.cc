#include "nlu/intent_classifier.h"

#include <fasttext/fasttext.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "nlu/normalizer.h"

namespace atende::nlu {

IntentClassifier::IntentClassifier(std::unique_ptr<fasttext::FastText> model,
                                   std::vector<Intent> label_intents, float threshold)
    : model_(std::move(model)), label_intents_(std::move(label_intents)), threshold_(threshold) {}

IntentClassifier::~IntentClassifier() = default;

Result<std::unique_ptr<IntentClassifier>> IntentClassifier::Load(const std::string& model_path,
                                                                 float threshold) {
  auto model = std::make_unique<fasttext::FastText>();
  try {
    model->loadModel(model_path);
  } catch (const std::exception& e) {
    return Error::NotFound("cannot load the intent model " + model_path + ": " + e.what());
  }
  auto dictionary = model->getDictionary();
  std::vector<Intent> label_intents;
  for (int32_t i = 0; i < dictionary->nlabels(); ++i) {
    std::string label = dictionary->getLabel(i);
    constexpr std::string_view kPrefix = "__label__";
    std::string_view name = label;
    if (name.starts_with(kPrefix)) name.remove_prefix(kPrefix.size());
    std::optional<Intent> intent = IntentFromName(name);
    if (!intent) return Error::BadAnswer("the intent model has an unknown label '" + label + "'");
    label_intents.push_back(*intent);
  }
  if (label_intents.empty()) return Error::BadAnswer("the intent model has no labels");
  return std::make_unique<IntentClassifier>(std::move(model), std::move(label_intents), threshold);
}

IntentPrediction IntentClassifier::Classify(std::string_view message, int top_k) const {
  return ClassifyNormalized(NormalizeForIntent(message), top_k);
}

IntentPrediction IntentClassifier::ClassifyNormalized(const std::string& normalized,
                                                      int top_k) const {
  IntentPrediction out;
  // Nothing but numbers (a CPF, a menu number, a date) carries no intent: entities handle those.
  bool has_word = false;
  for (size_t start = 0; start < normalized.size();) {
    size_t end = normalized.find(' ', start);
    if (end == std::string::npos) end = normalized.size();
    if (end > start && normalized.compare(start, end - start, "#n") != 0) has_word = true;
    start = end + 1;
  }
  if (!has_word) return out;  // not confident, nothing ranked
  std::istringstream in(normalized + "\n");
  std::vector<int32_t> words, labels;
  model_->getDictionary()->getLine(in, words, labels);
  fasttext::Predictions predictions;
  if (!words.empty()) model_->predict(top_k, words, predictions, 0.0F);
  for (const auto& [log_probability, label] : predictions) {
    out.ranked.push_back({label_intents_[static_cast<size_t>(label)], std::exp(log_probability)});
  }
  if (!out.ranked.empty()) {
    out.intent = out.ranked.front().intent;
    out.confidence = out.ranked.front().probability;
  }
  out.confident = !out.ranked.empty() && out.confidence >= threshold_;
  return out;
}

std::string DefaultModelPath() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("ATENDE_NLU_MODEL"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path beside = exe.parent_path() / "nlu" / "intent.bin";
    if (fs::exists(beside, ec)) return beside.string();
  }
  return "/usr/share/atende/nlu/intent.bin";
}

}  // namespace atende::nlu
