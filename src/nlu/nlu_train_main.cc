// nlu_train DATA_DIR OUTPUT_MODEL: trains the intent model from DATA_DIR/*.txt at build time.
#include <iostream>

#include "nlu/intent_trainer.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: nlu_train TRAIN_DIR OUTPUT_MODEL\n";
    return 2;
  }
  auto examples = atende::nlu::ReadTrainingDir(argv[1]);
  if (!examples.ok()) {
    std::cerr << "nlu_train: " << examples.error().ToString() << "\n";
    return 1;
  }
  atende::Status trained = atende::nlu::TrainIntentModel(*examples, argv[2]);
  if (!trained.ok()) {
    std::cerr << "nlu_train: " << trained.error().ToString() << "\n";
    return 1;
  }
  return 0;
}
