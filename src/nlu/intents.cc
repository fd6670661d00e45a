#include "nlu/intents.h"

#include <array>

namespace atende::nlu {
namespace {

struct Entry {
  Intent intent;
  std::string_view name;
};

constexpr std::array<Entry, 15> kEntries{{
    {Intent::kSegundaVia, "segunda_via"},
    {Intent::kConsultaDebito, "consulta_debito"},
    {Intent::kInformarPagamento, "informar_pagamento"},
    {Intent::kDesbloqueio, "desbloqueio"},
    {Intent::kPromessaPagamento, "promessa_pagamento"},
    {Intent::kSuporteTecnico, "suporte_tecnico"},
    {Intent::kFalarAtendente, "falar_atendente"},
    {Intent::kContratar, "contratar"},
    {Intent::kCancelar, "cancelar"},
    {Intent::kAlterarContrato, "alterar_contrato"},
    {Intent::kSaudacao, "saudacao"},
    {Intent::kDespedida, "despedida"},
    {Intent::kAfirmar, "afirmar"},
    {Intent::kNegar, "negar"},
    {Intent::kForaEscopo, "fora_escopo"},
}};

constexpr std::array<Intent, 15> kAll = [] {
  std::array<Intent, 15> all{};
  for (size_t i = 0; i < kEntries.size(); ++i) all[i] = kEntries[i].intent;
  return all;
}();

}  // namespace

std::span<const Intent> AllIntents() { return kAll; }

std::string_view IntentName(Intent intent) { return kEntries[static_cast<size_t>(intent)].name; }

std::optional<Intent> IntentFromName(std::string_view name) {
  for (const Entry& e : kEntries) {
    if (e.name == name) return e.intent;
  }
  return std::nullopt;
}

}  // namespace atende::nlu
