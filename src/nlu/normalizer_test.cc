#include "nlu/normalizer.h"

#include <gtest/gtest.h>

namespace atende::nlu {
namespace {

TEST(NormalizerTest, FoldsCaseAccentsAndEmojis) {
  EXPECT_EQ(FoldText("Já PAGUEI"), "ja paguei");
  EXPECT_EQ(FoldText("Conexão Ñ São Paulo çÇ"), "conexao n sao paulo cc");
  EXPECT_EQ(FoldText("ok 👍"), "ok  sim ");
  EXPECT_EQ(FoldText("não 👎🏻"), "nao  nao  ");
  EXPECT_EQ(FoldText("2ª via"), "2a via");
  EXPECT_EQ(FoldText("R$ 99,90"), "r$ 99,90");
}

TEST(NormalizerTest, DropsInvalidUtf8) {
  std::string bad = "oi\xff\xfe tudo";
  EXPECT_EQ(FoldText(bad), "oi tudo");
}

TEST(NormalizerTest, NormalizesWhatsAppWriting) {
  EXPECT_EQ(NormalizeForIntent("Oiii vc pode me manda a 2a via pfv??"),
            "oi voce pode me manda a segunda via por favor");
  EXPECT_EQ(NormalizeForIntent("boletoo!!!"), "boleto");
  EXPECT_EQ(NormalizeForIntent("simmm"), "sim");
  EXPECT_EQ(NormalizeForIntent("ñ quero"), "nao quero");
  EXPECT_EQ(NormalizeForIntent("obg, vlw msm"), "obrigado valeu msm");
  EXPECT_EQ(NormalizeForIntent("pq a net ta lenta hj?"), "porque a internet esta lenta hoje");
  EXPECT_EQ(NormalizeForIntent("2 via"), "segunda via");
  EXPECT_EQ(NormalizeForIntent("2via"), "segunda via");
  EXPECT_EQ(NormalizeForIntent("pago dia 15"), "pago dia #n");
  EXPECT_EQ(NormalizeForIntent("plano de 500mb"), "plano de 500mb");
  EXPECT_EQ(NormalizeForIntent("   "), "");
  EXPECT_EQ(NormalizeForIntent("passa pro financeiro"), "passa para o financeiro");
}

TEST(NormalizerTest, KeepsLegitimateDoubleLetters) {
  EXPECT_EQ(NormalizeForIntent("passa a carroça"), "passa a carroca");
  EXPECT_EQ(NormalizeForIntent("desbloqueeeia"), "desbloqueia");
}

}  // namespace
}  // namespace atende::nlu
