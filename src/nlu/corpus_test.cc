#include "nlu/corpus.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "nlu/normalizer.h"

namespace atende::nlu {
namespace {

const std::string kData = std::string(ATENDE_SOURCE_DIR) + "/data/nlu";

TEST(CorpusTest, EveryIntentHasAtLeast80TrainingExamples) {
  auto train = ReadTrainingDir(kData + "/train");
  ASSERT_TRUE(train.ok()) << train.error().message;
  std::map<Intent, int> counts;
  for (const auto& e : *train) counts[e.intent]++;
  for (Intent intent : AllIntents()) EXPECT_GE(counts[intent], 80) << IntentName(intent);
}

TEST(CorpusTest, DevSplitIsNeverTrainedOn) {
  auto train = ReadTrainingDir(kData + "/train");
  auto dev = ReadTsv(kData + "/dev.tsv");
  ASSERT_TRUE(train.ok());
  ASSERT_TRUE(dev.ok());
  std::set<std::string> seen;
  for (const auto& e : *train) seen.insert(NormalizeForIntent(e.text));
  std::map<Intent, int> counts;
  for (const auto& e : *dev) {
    EXPECT_EQ(seen.count(NormalizeForIntent(e.text)), 0u)
        << "dev line also in training: " << e.text;
    counts[e.intent]++;
  }
  for (Intent intent : AllIntents()) EXPECT_GE(counts[intent], 15) << IntentName(intent);
}

TEST(CorpusTest, BadFilesAreRefusedWithTheLine) {
  auto missing = ReadTsv("/nonexistent.tsv");
  EXPECT_FALSE(missing.ok());
  std::string path = ::testing::TempDir() + "/bad.tsv";
  FILE* f = std::fopen(path.c_str(), "w");
  std::fputs("segunda_via\tmanda o boleto\nnao_existe\toi\n", f);
  std::fclose(f);
  auto bad = ReadTsv(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find(":2:"), std::string::npos);
}

}  // namespace
}  // namespace atende::nlu
