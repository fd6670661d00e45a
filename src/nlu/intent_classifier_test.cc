// Trains nothing: loads the model the build trained from data/nlu/train and scores it on
// data/nlu/dev.tsv, which is never trained on (corpus_test checks the two are disjoint).
#include "nlu/intent_classifier.h"

#include <gtest/gtest.h>

#include "nlu/evaluation.h"

namespace atende::nlu {
namespace {

std::unique_ptr<IntentClassifier> LoadBuilt() {
  auto model = IntentClassifier::Load(ATENDE_NLU_MODEL);
  EXPECT_TRUE(model.ok()) << (model.ok() ? "" : model.error().message);
  return model.ok() ? std::move(model).value() : nullptr;
}

TEST(IntentClassifierTest, MeetsTheTargetsOnTheDevSplit) {
  auto classifier = LoadBuilt();
  ASSERT_NE(classifier, nullptr);
  auto dev = ReadTsv(std::string(ATENDE_SOURCE_DIR) + "/data/nlu/dev.tsv");
  ASSERT_TRUE(dev.ok());
  EvalReport report = Evaluate(*classifier, *dev);
  EXPECT_GE(report.accuracy, 0.95) << FormatReport(report);
  EXPECT_GE(report.macro_f1, 0.93) << FormatReport(report);
}

TEST(IntentClassifierTest, UnderstandsTypicalMessages) {
  auto classifier = LoadBuilt();
  ASSERT_NE(classifier, nullptr);
  EXPECT_EQ(classifier->Classify("manda a segunda via").intent, Intent::kSegundaVia);
  EXPECT_EQ(classifier->Classify("quanto eu devo?").intent, Intent::kConsultaDebito);
  EXPECT_EQ(classifier->Classify("já paguei e continua bloqueado").intent,
            Intent::kInformarPagamento);
  EXPECT_EQ(classifier->Classify("libera minha internet que pago sexta").intent,
            Intent::kDesbloqueio);
  EXPECT_EQ(classifier->Classify("QUERO FALAR COM ATENDENTE!!!").intent, Intent::kFalarAtendente);
}

TEST(IntentClassifierTest, GibberishIsNotConfident) {
  auto classifier = LoadBuilt();
  ASSERT_NE(classifier, nullptr);
  IntentPrediction p = classifier->Classify("");
  EXPECT_FALSE(p.confident);
  EXPECT_TRUE(p.ranked.empty());
  // Numbers alone (a CPF, a menu choice) are entities, not intents.
  EXPECT_FALSE(classifier->Classify("529.982.247-25").confident);
  EXPECT_FALSE(classifier->Classify("2").confident);
  EXPECT_LE(classifier->Classify("manda o boleto").ranked.size(), 3u);
}

TEST(IntentClassifierTest, MissingModelIsAnError) {
  auto model = IntentClassifier::Load("/nonexistent/intent.bin");
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace atende::nlu
