// The closed set of intents atende understands (issue 4), with their wire names ("segunda_via", …)
// as used in data/nlu/ and the fastText labels ("__label__segunda_via").
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace atende::nlu {

enum class Intent {
  kSegundaVia,
  kConsultaDebito,
  kInformarPagamento,
  kDesbloqueio,
  kPromessaPagamento,
  kSuporteTecnico,
  kFalarAtendente,
  kContratar,
  kCancelar,
  kAlterarContrato,
  kSaudacao,
  kDespedida,
  kAfirmar,
  kNegar,
  kForaEscopo,
};

std::span<const Intent> AllIntents();
std::string_view IntentName(Intent intent);
std::optional<Intent> IntentFromName(std::string_view name);

}  // namespace atende::nlu
