// `atende nlu`: the intent classifier for operators and scripts — `eval FILE.tsv` scores it on a
// labelled set, `classify TEXT` shows what it understands of one message, `normalize TEXT` the
// normalised form.
#include <iostream>

#include "app/command.h"
#include "nlu/entities.h"
#include "nlu/evaluation.h"
#include "nlu/intent_classifier.h"
#include "nlu/normalizer.h"

namespace atende::app {
namespace {

struct NluOptions {
  std::string file;
  std::string text;
  std::string model;
  float threshold = nlu::IntentClassifier::kDefaultThreshold;
};

Result<std::unique_ptr<nlu::IntentClassifier>> LoadModel(const NluOptions& o) {
  return nlu::IntentClassifier::Load(o.model.empty() ? nlu::DefaultModelPath() : o.model,
                                     o.threshold);
}

void Install(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<NluOptions>();
  CLI::App* nlu = root.add_subcommand("nlu", "Intent classifier: evaluate, classify, normalise");
  nlu->require_subcommand(1);

  CLI::App* eval = nlu->add_subcommand("eval", "Score the classifier on intent<TAB>text lines");
  eval->add_option("file", options->file, "TSV file (intent<TAB>text)")->required();
  eval->add_option("--model", options->model, "fastText model (default: beside the binary)");
  eval->add_option("--threshold", options->threshold, "confidence threshold");
  eval->callback([options, &exit_code] {
    auto model = LoadModel(*options);
    if (!model.ok()) {
      exit_code = Fail("nlu eval", model.error().message);
      return;
    }
    auto examples = nlu::ReadTsv(options->file);
    if (!examples.ok()) {
      exit_code = Fail("nlu eval", examples.error().message);
      return;
    }
    std::cout << nlu::FormatReport(nlu::Evaluate(**model, *examples));
  });

  CLI::App* classify =
      nlu->add_subcommand("classify", "Show the intents and entities of one message");
  classify->add_option("text", options->text, "the message")->required();
  classify->add_option("--model", options->model, "fastText model (default: beside the binary)");
  classify->callback([options, &exit_code] {
    auto model = LoadModel(*options);
    if (!model.ok()) {
      exit_code = Fail("nlu classify", model.error().message);
      return;
    }
    nlu::IntentPrediction p = (*model)->Classify(options->text);
    std::cout << "normalizado: " << nlu::NormalizeForIntent(options->text) << "\n";
    for (const nlu::IntentScore& s : p.ranked) {
      std::cout << "  " << nlu::IntentName(s.intent) << " " << s.probability << "\n";
    }
    std::cout << (p.confident ? "confiante" : "incerto (perguntar ao assinante)") << "\n";
    for (const Document& d : nlu::FindDocuments(options->text))
      std::cout << "documento: " << d.Masked() << "\n";
    if (auto amount = nlu::FindAmount(options->text))
      std::cout << "valor: " << amount->ToDisplay() << "\n";
  });

  CLI::App* normalize = nlu->add_subcommand("normalize", "Print the normalised form of a message");
  normalize->add_option("text", options->text, "the message")->required();
  normalize->callback([options] { std::cout << nlu::NormalizeForIntent(options->text) << "\n"; });
}

const CommandRegistration kRegistration("nlu", &Install);

}  // namespace
}  // namespace atende::app
