#include "docs/boleto_pdf.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>

#include "core/document.h"
#include "docs/pdf_test_tools.h"

namespace atende::docs {
namespace {

using testing::DecodeSymbols;
using testing::Lines;
using testing::PdfText;
using testing::ScratchDir;
using testing::ToolExists;

// The simulator golden of boleto.md §8.1 (invoice 100 of erpsim-data.md) and the PIX golden of
// pix.md §6.
constexpr char kBarcode[] = "34198162600000099901234000000001000000056789";
constexpr char kLinha[] = "34191234050000000100800000567891816260000009990";
constexpr char kLinhaFormatted[] = "34191.23405 00000.001008 00000.567891 8 16260000009990";
constexpr char kPix[] =
    "00020126520014br.gov.bcb.pix0130financeiro@fibraexemplo.com.br520400005303986540599."
    "905802BR5925"
    "FIBRA EXEMPLO TELECOM LTD6008CAMPINAS62100506FAT10063046FB3";

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

BoletoPdfData Golden() {
  BoletoPdfData d;
  d.bank_code = "341";
  d.bank_name = "Itaú Unibanco S.A.";
  d.beneficiary_name = "Fibra Exemplo Telecom LTDA";
  d.beneficiary_document = "11222333000181";
  d.beneficiary_address = "Av. Brasil, 1000 — Centro, Campinas/SP, 13010-000";
  d.agency_code = "1234 / 56789";
  d.payer_name = "Maria da Silva";
  d.payer_document = "52998224725";
  d.payer_address = "Rua das Flores, 120 — Jardim América, Campinas/SP, 13015-100";
  d.document_number = "100";
  d.our_number = "109/00000000100-5";
  d.issue_date = D("2026-10-25");
  d.due_date = D("2026-11-10");
  d.amount = Money::FromCents(9990);
  d.fine_instruction = "Após o vencimento, multa de 2,00% (R$ 2,00).";
  d.interest_instruction = "Juros de mora de 1,00% ao mês (R$ 0,03 por dia de atraso).";
  d.other_instructions = {"Não receber após 30 dias do vencimento."};
  d.barcode = kBarcode;
  d.linha_digitavel = kLinha;
  d.pix_copia_e_cola = kPix;
  return d;
}

class BoletoPdfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* tool : {"pdftoppm", "pdftotext", "zbarimg"}) {
      if (!ToolExists(tool)) GTEST_SKIP() << tool << " missing: run scripts/setup";
    }
  }
  ScratchDir dir_;
};

TEST_F(BoletoPdfTest, BarcodeAndQrReadBackWithZbar) {
  Result<std::string> pdf = RenderBoletoPdf(Golden());
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
  EXPECT_LT(pdf->size(), 60u * 1024u);
  const std::string symbols = DecodeSymbols(dir_, dir_.Write("boleto.pdf", *pdf));
  std::vector<std::string> lines = Lines(symbols);
  ASSERT_EQ(lines.size(), 2u) << symbols;
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines[0], kPix);
  EXPECT_EQ(lines[1], kBarcode);
}

TEST_F(BoletoPdfTest, BarcodeReadsAtALowerResolutionToo) {
  BoletoPdfData data = Golden();
  data.pix_copia_e_cola.clear();
  Result<std::string> pdf = RenderBoletoPdf(data);
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  EXPECT_EQ(DecodeSymbols(dir_, dir_.Write("boleto.pdf", *pdf), 200), std::string(kBarcode) + "\n");
}

TEST_F(BoletoPdfTest, TextCarriesTheFieldsAPayerChecks) {
  Result<std::string> pdf = RenderBoletoPdf(Golden());
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  const std::string text = PdfText(dir_.Write("boleto.pdf", *pdf));
  for (const char* expected : {kLinhaFormatted,
                               "341-7",
                               "R$ 99,90",
                               "10/11/2026",
                               "25/10/2026",
                               "CNPJ 11.222.333/0001-81",
                               "Fibra Exemplo Telecom LTDA",
                               "Maria da Silva",
                               "***.982.247-**",
                               "109/00000000100-5",
                               "multa de 2,00%",
                               "Juros de mora",
                               "Local de pagamento",
                               "Nosso número",
                               "Vencimento",
                               "Valor do documento",
                               "(-) Desconto / Abatimento",
                               "(+) Mora / Multa",
                               "(=) Valor cobrado",
                               "Instruções",
                               "Pagador",
                               "Recibo do Pagador",
                               "Autenticação mecânica",
                               "Ficha de Compensação",
                               "PIX Copia e Cola"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected;
  }
  // The payer's full document never appears, in any form.
  EXPECT_EQ(text.find("529.982.247-25"), std::string::npos);
  EXPECT_EQ(text.find("52998224725"), std::string::npos);
  EXPECT_EQ(pdf->find("52998224725"), std::string::npos);
}

TEST_F(BoletoPdfTest, PixCodeTextIsPrintedWhole) {
  Result<std::string> pdf = RenderBoletoPdf(Golden());
  ASSERT_TRUE(pdf.ok());
  std::string joined;
  for (const std::string& line : Lines(PdfText(dir_.Write("boleto.pdf", *pdf)))) joined += line;
  EXPECT_NE(joined.find(kPix), std::string::npos);
}

TEST_F(BoletoPdfTest, WithoutPixThereIsNoQrAndNoPixSection) {
  BoletoPdfData data = Golden();
  data.pix_copia_e_cola.clear();
  Result<std::string> pdf = RenderBoletoPdf(data);
  ASSERT_TRUE(pdf.ok());
  const std::string file = dir_.Write("boleto.pdf", *pdf);
  EXPECT_EQ(PdfText(file).find("PIX"), std::string::npos);
  EXPECT_EQ(Lines(DecodeSymbols(dir_, file)).size(), 1u);
}

TEST_F(BoletoPdfTest, LongInstructionsWrapInsteadOfBeingCut) {
  BoletoPdfData data = Golden();
  for (int i = 1; i <= 5; ++i) {
    data.other_instructions.push_back("Instrução " + std::to_string(i) +
                                      ": texto longo do beneficiário que não cabe numa linha só da "
                                      "caixa de instruções e termina com a palavra final" +
                                      std::to_string(i) + ".");
  }
  Result<std::string> pdf = RenderBoletoPdf(data);
  ASSERT_TRUE(pdf.ok()) << pdf.error().ToString();
  const std::string text = PdfText(dir_.Write("boleto.pdf", *pdf));
  for (int i = 1; i <= 5; ++i) {
    EXPECT_NE(text.find("final" + std::to_string(i) + "."), std::string::npos) << i;
  }
  EXPECT_NE(text.find("demais instruções na ficha de compensação"), std::string::npos);
}

TEST(BoletoPdf, InstructionsThatCannotFitAreRefused) {
  BoletoPdfData data = Golden();
  data.other_instructions.assign(20, "Uma instrução de uma linha.");
  Result<std::string> pdf = RenderBoletoPdf(data);
  ASSERT_FALSE(pdf.ok());
  EXPECT_NE(pdf.error().message.find("instructions"), std::string::npos);
}

TEST(BoletoPdf, AlreadyMaskedPayerDocumentIsKept) {
  BoletoPdfData data = Golden();
  data.payer_document = "***.982.247-**";
  EXPECT_TRUE(RenderBoletoPdf(data).ok());
  data.payer_document = Document::Parse("11222333000181")->Masked();  // "**.222.333/0001-**"
  EXPECT_TRUE(RenderBoletoPdf(data).ok()) << data.payer_document;
  data.payer_document = "***529.982.247-25";  // pretends to be masked but is whole
  EXPECT_FALSE(RenderBoletoPdf(data).ok());
  data.payer_document = "*29.982.247-25";
  EXPECT_FALSE(RenderBoletoPdf(data).ok());
}

TEST(BoletoPdf, LinhaAloneIsEnoughAndTheBarcodeIsRebuilt) {
  BoletoPdfData data = Golden();
  data.barcode.clear();
  data.linha_digitavel = kLinhaFormatted;
  EXPECT_TRUE(RenderBoletoPdf(data).ok());
}

TEST_F(BoletoPdfTest, BarcodeReadsAt600Dpi) {
  BoletoPdfData data = Golden();
  data.pix_copia_e_cola.clear();
  Result<std::string> pdf = RenderBoletoPdf(data);
  ASSERT_TRUE(pdf.ok());
  // Only the bottom band (the barcode) is rasterised: a whole A4 page at 600 dpi takes seconds.
  EXPECT_EQ(DecodeSymbols(dir_, dir_.Write("boleto.pdf", *pdf), 600, {0, 265, 210, 32}),
            std::string(kBarcode) + "\n");
}

TEST(BoletoPdf, ConcurrentRendersGiveIdenticalBytes) {
  const Result<std::string> reference = RenderBoletoPdf(Golden());
  ASSERT_TRUE(reference.ok());
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < mismatches.size(); ++i) {
    threads.emplace_back([&reference, &mismatches, i] {
      for (int k = 0; k < 5; ++k) {
        Result<std::string> pdf = RenderBoletoPdf(Golden());
        if (!pdf.ok() || *pdf != *reference) ++mismatches[i];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(BoletoPdf, SameInputGivesTheSameBytes) {
  Result<std::string> a = RenderBoletoPdf(Golden());
  Result<std::string> b = RenderBoletoPdf(Golden());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

struct BadCase {
  const char* name;
  void (*mutate)(BoletoPdfData&);
  const char* message_part;
};

TEST(BoletoPdf, RefusesInconsistentOrMalformedInput) {
  const BadCase cases[] = {
      {"short barcode", [](BoletoPdfData& d) { d.barcode = "3419816260000009990"; }, "44"},
      {"wrong general DV",
       [](BoletoPdfData& d) {
         d.barcode = "34197162600000099901234000000001000000056789";
         d.linha_digitavel.clear();
       },
       "check digit"},
      {"linha of another boleto",
       [](BoletoPdfData& d) {
         d.linha_digitavel = "34191234050000000100800000567891316430000010240";
       },
       "linha"},
      {"amount differs from the code", [](BoletoPdfData& d) { d.amount = Money::FromCents(10240); },
       "amount"},
      {"due date differs from the code", [](BoletoPdfData& d) { d.due_date = D("2026-11-27"); },
       "due date"},
      {"bank differs from the code", [](BoletoPdfData& d) { d.bank_code = "237"; }, "bank"},
      {"bank code shape", [](BoletoPdfData& d) { d.bank_code = "34"; }, "bank code"},
      {"beneficiary CNPJ", [](BoletoPdfData& d) { d.beneficiary_document = "123"; },
       "beneficiary document"},
      {"payer document", [](BoletoPdfData& d) { d.payer_document = "12345"; }, "payer document"},
      {"no payer", [](BoletoPdfData& d) { d.payer_name.clear(); }, "payer name"},
      {"no codes",
       [](BoletoPdfData& d) {
         d.barcode.clear();
         d.linha_digitavel.clear();
       },
       "empty"},
      {"letters in the code", [](BoletoPdfData& d) { d.linha_digitavel = "3419x"; }, "digits"},
  };
  for (const BadCase& c : cases) {
    BoletoPdfData data = Golden();
    c.mutate(data);
    Result<std::string> pdf = RenderBoletoPdf(data);
    ASSERT_FALSE(pdf.ok()) << c.name;
    EXPECT_EQ(pdf.error().kind, ErrorKind::kInvalidInput) << c.name;
    EXPECT_NE(pdf.error().message.find(c.message_part), std::string::npos)
        << c.name << ": " << pdf.error().message;
  }
}

}  // namespace
}  // namespace atende::docs
