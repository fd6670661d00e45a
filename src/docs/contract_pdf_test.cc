#include "docs/contract_pdf.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "docs/json_input.h"
#include "docs/pdf_test_tools.h"

namespace atende::docs {
namespace {

using testing::PdfText;
using testing::RunCommand;
using testing::ScratchDir;
using testing::ToolExists;

std::string ReadRepoFile(const std::string& relative) {
  std::ifstream in(std::string(ATENDE_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

TEST(ContractTemplate, FillsEveryPlaceholderWithSpacesAndRepeats) {
  Result<std::string> filled = FillContractTemplate(
      "Assinante: {{assinante.nome}}; plano {{ plano.nome }}; de novo {{assinante.nome}}.",
      {{"assinante.nome", "Maria"}, {"plano.nome", "Fibra 500"}, {"unused", "x"}});
  ASSERT_TRUE(filled.ok()) << filled.error().ToString();
  EXPECT_EQ(*filled, "Assinante: Maria; plano Fibra 500; de novo Maria.");
}

TEST(ContractTemplate, MissingPlaceholdersAreNamedOnce) {
  Result<std::string> filled = FillContractTemplate(
      "{{a}} {{plano.preco}} {{vencimento.dia}} {{plano.preco}}", {{"a", "1"}});
  ASSERT_FALSE(filled.ok());
  EXPECT_EQ(filled.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(filled.error().message, "missing values for placeholders: plano.preco, vencimento.dia");
}

TEST(ContractTemplate, MalformedPlaceholdersAreErrorsWithTheLine) {
  Result<std::string> unclosed = FillContractTemplate("linha um\n{{nome\n}}", {{"nome", "x"}});
  ASSERT_FALSE(unclosed.ok());
  EXPECT_NE(unclosed.error().message.find("unclosed \"{{\" on line 2"), std::string::npos)
      << unclosed.error().message;
  Result<std::string> invalid = FillContractTemplate("{{nome completo}}", {});
  ASSERT_FALSE(invalid.ok());
  EXPECT_NE(invalid.error().message.find("invalid placeholder"), std::string::npos);
}

TEST(ContractTemplate, ValuesAreNotReexpanded) {
  Result<std::string> filled = FillContractTemplate("{{a}}", {{"a", "{{b}}"}});
  ASSERT_TRUE(filled.ok());
  EXPECT_EQ(*filled, "{{b}}");
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

class ContractPdfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"pdftotext", "sha256sum"}) {
      if (!ToolExists(tool)) GTEST_SKIP() << tool << " missing: run scripts/setup";
    }
  }
  ScratchDir dir_;
};

TEST_F(ContractPdfTest, DefaultTemplateRendersWithItsExampleValues) {
  const std::string template_text = ReadRepoFile("data/contracts/default.txt");
  ASSERT_FALSE(template_text.empty());
  Result<ContractValues> values =
      ContractValuesFromJson(ReadRepoFile("data/contracts/default.example.json"));
  ASSERT_TRUE(values.ok()) << values.error().ToString();
  Result<ContractPdf> contract = RenderContractPdf(template_text, *values);
  ASSERT_TRUE(contract.ok()) << contract.error().ToString();
  EXPECT_EQ(contract->text.find("{{"), std::string::npos);
  EXPECT_GE(contract->pages, 1);

  const std::string text = PdfText(dir_.Write("contract.pdf", contract->pdf));
  for (const char* expected : {"Maria da Silva", "529.982.247-25", "Fibra 500 Mega", "R$ 99,90",
                               "todo dia 10", "12 meses", "Rua das Flores, 120", "FIDELIDADE",
                               "22 de novembro de 2026", "Fibra Exemplo Telecom LTDA"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected;
  }
  // The footer hash is an independent SHA-256 of the filled text (sha256sum over the same bytes),
  // on every page.
  const std::string file = dir_.Write("contract.txt", contract->text);
  const std::string independent = RunCommand("sha256sum '" + file + "'").substr(0, 64);
  EXPECT_EQ(contract->sha256, independent);
  EXPECT_EQ(Count(text, "SHA-256 do texto: " + independent), static_cast<size_t>(contract->pages));
  EXPECT_NE(text.find("Página 1 de " + std::to_string(contract->pages)), std::string::npos);
}

TEST_F(ContractPdfTest, LongTextFlowsOverPagesWithTheFooterOnEach) {
  std::string template_text = "CONTRATO DE TESTE\n\n";
  for (int i = 1; i <= 60; ++i) {
    template_text +=
        "# Cláusula " + std::to_string(i) + "\n" + std::to_string(i) +
        ".1. {{assinante.nome}} declara que leu esta cláusula com atenção, que entendeu "
        "as condições do serviço e que concorda com elas sem ressalvas.\n\n";
  }
  template_text += "Fim do contrato " + std::string(200, 'x') + "\n";  // a word wider than a line
  Result<ContractPdf> contract = RenderContractPdf(template_text, {{"assinante.nome", "João"}});
  ASSERT_TRUE(contract.ok()) << contract.error().ToString();
  EXPECT_GT(contract->pages, 3);
  const std::string text = PdfText(dir_.Write("long.pdf", contract->pdf));
  EXPECT_EQ(Count(text, "SHA-256 do texto: " + contract->sha256),
            static_cast<size_t>(contract->pages));
  EXPECT_EQ(Count(text, "João declara"), 60u);
  EXPECT_NE(text.find("Cláusula 60"), std::string::npos);
  std::string letters;
  for (char c : text) {
    if (c == 'x') letters.push_back(c);
  }
  EXPECT_GE(letters.size(), 200u);  // the over-long word is broken, not cut
  EXPECT_NE(text.find("Página " + std::to_string(contract->pages) + " de " +
                      std::to_string(contract->pages)),
            std::string::npos);
}

TEST_F(ContractPdfTest, WindowsLineEndsAndTabsAreLaidOutAsText) {
  Result<ContractPdf> contract =
      RenderContractPdf("TÍTULO\r\n\r\nNome:\t{{nome}}\r\n", {{"nome", "Ana"}});
  ASSERT_TRUE(contract.ok());
  EXPECT_EQ(contract->text, "TÍTULO\r\n\r\nNome:\tAna\r\n");  // hashed as written
  EXPECT_NE(PdfText(dir_.Write("crlf.pdf", contract->pdf)).find("Nome: Ana"), std::string::npos);
}

TEST(ContractPdf, MissingValueIsAnErrorNamingIt) {
  Result<ContractPdf> contract =
      RenderContractPdf("{{assinante.nome}} {{plano.preco}}", {{"assinante.nome", "Ana"}});
  ASSERT_FALSE(contract.ok());
  EXPECT_NE(contract.error().message.find("plano.preco"), std::string::npos);
}

}  // namespace
}  // namespace atende::docs
