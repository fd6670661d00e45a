// Encode and decode of every Brazilian payment code (and CPF/CNPJ, late fee) on the spec's golden
// vectors. Run: build-*/bench/br_bench (RelWithDebInfo); figures go in the closing notes of
// issue 2.
#include <benchmark/benchmark.h>

#include "br/arrecadacao.h"
#include "br/boleto.h"
#include "br/document_check.h"
#include "br/late_fee.h"
#include "br/payment_code.h"
#include "br/pix.h"

namespace {

using atende::Date;
using atende::Money;
namespace br = atende::br;

Date D(const char* iso) { return Date::ParseIso(iso).value(); }

constexpr const char* kLinha = "34191234050000000100800000567891816260000009990";
constexpr const char* kFormattedLinha = "34191.23405 00000.001008 00000.567891 8 16260000009990";
constexpr const char* kBarcode = "34198162600000099901234000000001000000056789";
constexpr const char* kArrecadacaoLinha = "838600000050096000190009000801782309000343062712";
constexpr const char* kPix =
    "00020126520014br.gov.bcb.pix0130financeiro@fibraexemplo.com.br520400005303986540599."
    "905802BR5925FIBRA "
    "EXEMPLO TELECOM LTD6008CAMPINAS62100506FAT10063046FB3";

void BM_BoletoMake(benchmark::State& state) {
  br::BoletoSpec spec{"341", D("2026-11-10"), Money::FromCents(9990), "1234000000001000000056789"};
  for (auto _ : state) benchmark::DoNotOptimize(br::MakeBoleto(spec));
}
BENCHMARK(BM_BoletoMake);

void BM_BoletoDecodeLinha(benchmark::State& state) {
  Date reference = D("2026-11-10");
  for (auto _ : state) benchmark::DoNotOptimize(br::DecodeBoleto(kLinha, reference));
}
BENCHMARK(BM_BoletoDecodeLinha);

void BM_BoletoDecodeFormattedLinha(benchmark::State& state) {
  Date reference = D("2026-11-10");
  for (auto _ : state) benchmark::DoNotOptimize(br::DecodeBoleto(kFormattedLinha, reference));
}
BENCHMARK(BM_BoletoDecodeFormattedLinha);

void BM_BoletoDecodeBarcode(benchmark::State& state) {
  Date reference = D("2026-11-10");
  for (auto _ : state) benchmark::DoNotOptimize(br::DecodeBoleto(kBarcode, reference));
}
BENCHMARK(BM_BoletoDecodeBarcode);

void BM_PaymentCodeDispatch(benchmark::State& state) {
  Date reference = D("2026-11-10");
  for (auto _ : state) benchmark::DoNotOptimize(br::DecodePaymentCode(kLinha, reference));
}
BENCHMARK(BM_PaymentCodeDispatch);

void BM_ArrecadacaoMake(benchmark::State& state) {
  br::ArrecadacaoSpec spec{4, 6, Money::FromCents(1099), "1042", "2023123100000000000054321"};
  for (auto _ : state) benchmark::DoNotOptimize(br::MakeArrecadacao(spec));
}
BENCHMARK(BM_ArrecadacaoMake);

void BM_ArrecadacaoDecode(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(br::DecodeArrecadacao(kArrecadacaoLinha));
}
BENCHMARK(BM_ArrecadacaoDecode);

void BM_PixMake(benchmark::State& state) {
  br::PixStaticSpec spec{"financeiro@fibraexemplo.com.br",
                         "Fibra Exemplo Telecom LTDA",
                         "Campinas",
                         Money::FromCents(9990),
                         "FAT100",
                         ""};
  for (auto _ : state) benchmark::DoNotOptimize(br::MakeStaticPix(spec));
}
BENCHMARK(BM_PixMake);

void BM_PixParse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(br::ParsePix(kPix));
}
BENCHMARK(BM_PixParse);

void BM_Crc16(benchmark::State& state) {
  std::string_view body(kPix);
  body.remove_suffix(4);
  for (auto _ : state) benchmark::DoNotOptimize(br::Crc16CcittFalse(body));
}
BENCHMARK(BM_Crc16);

void BM_CpfValidate(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(br::IsValidCpf("52998224725"));
}
BENCHMARK(BM_CpfValidate);

void BM_CnpjValidateAlphanumeric(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(br::IsValidCnpj("12ABC34501DE35"));
}
BENCHMARK(BM_CnpjValidateAlphanumeric);

void BM_ParseDocumentFormatted(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(br::ParseDocument("529.982.247-25"));
}
BENCHMARK(BM_ParseDocumentFormatted);

void BM_LateFee(benchmark::State& state) {
  Date due = D("2026-11-14");  // a Saturday: exercises the business-day roll-forward
  Date paid = D("2026-11-25");
  for (auto _ : state)
    benchmark::DoNotOptimize(br::ComputeLateFee(Money::FromCents(9990), due, paid));
}
BENCHMARK(BM_LateFee);

}  // namespace

BENCHMARK_MAIN();
