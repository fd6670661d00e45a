// Boleto and contract PDFs per second on one thread, and the size of each file (targets: ≥ 200
// boletos/s, < 60 KB each). Counters: items_per_second = PDFs per second; pdf_bytes = size of one
// PDF.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "docs/boleto_pdf.h"
#include "docs/contract_pdf.h"
#include "docs/json_input.h"
#include "docs/qr_code.h"

namespace {

using atende::Date;
using atende::Money;
using atende::docs::BoletoPdfData;

BoletoPdfData Golden(bool with_pix) {
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
  d.issue_date = Date::ParseIso("2026-10-25").value();
  d.due_date = Date::ParseIso("2026-11-10").value();
  d.amount = Money::FromCents(9990);
  d.fine_instruction = "Após o vencimento, multa de 2,00% (R$ 2,00).";
  d.interest_instruction = "Juros de mora de 1,00% ao mês (R$ 0,03 por dia de atraso).";
  d.barcode = "34198162600000099901234000000001000000056789";
  d.linha_digitavel = "34191234050000000100800000567891816260000009990";
  if (with_pix) {
    d.pix_copia_e_cola =
        "00020126520014br.gov.bcb.pix0130financeiro@fibraexemplo.com.br520400005303986540599.905802"
        "BR5925FIBRA EXEMPLO TELECOM LTD6008CAMPINAS62100506FAT10063046FB3";
  }
  return d;
}

void BM_BoletoPdf(benchmark::State& state) {
  const BoletoPdfData data = Golden(state.range(0) != 0);
  size_t bytes = 0;
  for (auto _ : state) {
    atende::Result<std::string> pdf = atende::docs::RenderBoletoPdf(data);
    if (!pdf.ok()) {
      state.SkipWithError(pdf.error().message.c_str());
      return;
    }
    bytes = pdf->size();
    benchmark::DoNotOptimize(pdf->data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["pdf_bytes"] = static_cast<double>(bytes);
  state.SetLabel(state.range(0) != 0 ? "with PIX QR" : "without PIX");
}
BENCHMARK(BM_BoletoPdf)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

// The QR alone (libqrencode evaluates all eight masks), to see its share of a boleto with PIX.
void BM_PixQr(benchmark::State& state) {
  const BoletoPdfData data = Golden(true);
  for (auto _ : state) {
    auto qr = atende::docs::EncodeQr(data.pix_copia_e_cola);
    benchmark::DoNotOptimize(qr.ok());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PixQr)->Unit(benchmark::kMicrosecond);

void BM_ContractPdf(benchmark::State& state) {
  auto read = [](const std::string& relative) {
    std::ifstream in(std::string(ATENDE_SOURCE_DIR) + "/" + relative);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  };
  const std::string template_text = read("data/contracts/default.txt");
  auto values = atende::docs::ContractValuesFromJson(read("data/contracts/default.example.json"));
  if (!values.ok()) {
    state.SkipWithError(values.error().message.c_str());
    return;
  }
  size_t bytes = 0;
  for (auto _ : state) {
    auto contract = atende::docs::RenderContractPdf(template_text, *values);
    if (!contract.ok()) {
      state.SkipWithError(contract.error().message.c_str());
      return;
    }
    bytes = contract->pdf.size();
    benchmark::DoNotOptimize(contract->pdf.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["pdf_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ContractPdf)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
