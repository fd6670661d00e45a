#include "dialogue/messages.h"

#include <cstdlib>

namespace atende::dialogue {
namespace {

// Short, kind, WhatsApp-friendly; never threatening. One idea per message.
const std::pair<const char*, const char*> kDefaults[] = {
    {"greeting",
     "Olá! 👋 Sou o assistente virtual da {empresa}. Posso enviar a segunda via, consultar débitos, "
     "liberar sua internet em confiança e registrar pagamentos. Como posso ajudar?"},
    {"goodbye", "Por nada! Se precisar, é só chamar por aqui. Até mais! 😊"},
    {"out_of_scope",
     "Desculpe, por aqui eu só consigo ajudar com a sua internet da {empresa}: segunda via, "
     "débitos, desbloqueio, pagamentos e suporte."},
    {"not_understood", "Desculpe, não entendi. Você quer falar sobre qual destes assuntos?"},
    {"not_understood_again",
     "Ainda não consegui entender. Vou chamar alguém da nossa equipe para te ajudar."},
    {"media_unsupported",
     "Ainda não consigo ouvir áudios nem ver imagens por aqui. Pode escrever sua mensagem, "
     "por favor?"},
    {"receipt_received", "Recebi seu comprovante. Vou conferir o pagamento no sistema."},
    {"ask_document",
     "Para sua segurança, me informe o CPF ou CNPJ do titular da conta, por favor."},
    {"forwarded_identity",
     "Por segurança, não aceito dados de identificação em mensagem encaminhada. Digite-os aqui, "
     "por favor."},
    {"invalid_document",
     "Esse CPF/CNPJ não parece válido. Confira os números e envie de novo, por exemplo: "
     "123.456.789-09."},
    {"invalid_document_again",
     "Ainda não consegui validar o documento. Envie só os números do CPF (11 dígitos) "
     "ou do CNPJ (14), ou toque em Falar com atendente."},
    {"ask_birth_date",
     "Para confirmar sua identidade, qual é a data de nascimento do titular? (ex.: 25/03/1980)"},
    {"invalid_birth_date",
     "Não entendi a data. Envie no formato dia/mês/ano, por exemplo 25/03/1980."},
    {"identify_failed",
     "Não consegui confirmar seus dados. Confira as informações e tente novamente."},
    {"identify_locked",
     "Não foi possível confirmar seus dados por aqui. Vou te passar para um atendente."},
    {"too_many_documents",
     "Por segurança, não posso consultar outros documentos por este número. Vou te passar "
     "para um atendente."},
    {"identified", "Obrigado, {nome}! ✅ Dados confirmados."},
    {"choose_contract",
     "Encontrei mais de um endereço no seu cadastro. De qual deles você está falando?"},
    {"no_contracts",
     "Não encontrei um contrato ativo no seu cadastro. Vou te passar para um atendente."},
    {"all_paid",
     "Está tudo em dia{endereco}! ✅ Não há faturas em aberto. Se a internet estiver com problema, "
     "posso ajudar com o suporte técnico."},
    {"invoice_list",
     "Você tem {quantidade} faturas em aberto{endereco}, total de {total}:\n{linhas}"},
    {"invoice_line", "• {vencimento} — {valor}{situacao}"},
    {"invoice_summary", "Fatura com vencimento em {vencimento}: {valor}{situacao}."},
    {"invoice_not_due", "Ela vence em {vencimento}."},
    {"overdue_erp", " (vencida; valor atualizado até hoje: {atualizado})"},
    {"overdue_computed",
     " (vencida; valor estimado até hoje com multa e juros: {atualizado} — o banco calcula o "
     "valor exato no pagamento)"},
    {"overdue_plain", " (vencida)"},
    {"pix_intro", "PIX copia e cola (toque para copiar e cole no app do seu banco):"},
    {"linha_intro", "Linha digitável do boleto ({banco}):"},
    {"pdf_caption", "Boleto da fatura de {vencimento}"},
    {"pdf_link", "Boleto em PDF: {link}"},
    {"payment_link", "Link de pagamento: {link}"},
    {"beneficiary", "Beneficiário: {empresa}. Confira sempre o nome antes de pagar."},
    {"beneficiary_full",
     "Beneficiário: {beneficiario}, CNPJ {cnpj}. Confira o nome e o CNPJ no app do banco antes "
     "de pagar."},
    {"no_codes",
     "Não consegui gerar o código de pagamento desta fatura agora. Vou te passar para um "
     "atendente."},
    {"other_invoices", "Quer os códigos de outra fatura? Escolha na lista."},
    {"pay_options", "Como prefere pagar?"},
    {"blocked_notice", "Sua conexão está bloqueada por pendência financeira."},
    {"reduced_notice", "Sua velocidade está reduzida por pendência financeira."},
    {"offer_unlock",
     "Posso liberar sua internet em confiança por {horas} horas enquanto o pagamento é feito. "
     "Quer que eu libere?"},
    {"unlock_granted",
     "Pronto! 🎉 Liberei sua internet em confiança até {ate}. Em alguns minutos a conexão volta; "
     "se não voltar, desligue o roteador da tomada por 30 segundos. Lembre de pagar a fatura "
     "até lá."},
    {"unlock_declined_by_user", "Tudo bem. Se precisar, é só pedir."},
    {"unlock_not_blocked",
     "Sua conexão não está bloqueada{endereco}. Se a internet estiver com problema, posso "
     "ajudar com o suporte técnico."},
    {"unlock_already_active",
     "Sua internet já está liberada em confiança{ate}. Assim que o pagamento for "
     "confirmado, a liberação fica definitiva."},
    {"unlock_used_recently",
     "O desbloqueio em confiança já foi usado nos últimos {dias} dias, então não consigo "
     "liberar de novo agora. Pagando com PIX, a liberação costuma acontecer em poucos "
     "minutos."},
    {"unlock_too_late",
     "Sua fatura mais antiga está com mais de {dias} dias de atraso, e nesse caso o desbloqueio "
     "precisa ser feito pela nossa equipe. Vou te passar para um atendente."},
    {"unlock_risky",
     "Neste momento não consigo liberar em confiança pelo atendimento automático. Você pode pagar "
     "com PIX para liberar em poucos minutos, ou falar com um atendente."},
    {"unlock_refused_limit",
     "O sistema informou que o limite de desbloqueios em confiança foi atingido. Pagando "
     "com PIX, a liberação costuma acontecer em poucos minutos."},
    {"unlock_refused_inactive",
     "O sistema não permitiu o desbloqueio deste contrato. Vou te passar para um "
     "atendente."},
    {"ask_promise_date", "Para qual dia você consegue pagar?"},
    {"promise_too_far",
     "Consigo registrar a promessa para até {limite}. Qual dia até lá fica bom para você?"},
    {"promise_in_past", "Essa data já passou. Para qual dia você consegue pagar?"},
    {"confirm_promise", "Posso registrar sua promessa de pagamento para {data}?"},
    {"promise_registered",
     "Promessa registrada para {data} ✅ Protocolo: {protocolo}. Pague até essa data para "
     "evitar o bloqueio."},
    {"promise_declined_by_user", "Tudo bem, não registrei nada."},
    {"payment_confirmed",
     "Confirmei no sistema: não há faturas em aberto{endereco}. Obrigado pelo pagamento! ✅"},
    {"payment_confirmed_blocked",
     "A liberação da conexão pode levar alguns minutos. Se não voltar, desligue o "
     "roteador da tomada por 30 segundos."},
    {"payment_received",
     "Recebemos seu pagamento de {valor} referente à fatura {fatura}. Obrigado! 💙"},
    {"service_released",
     "Sua conexão foi liberada ✅ Se a internet não voltar em alguns minutos, desligue o roteador "
     "da tomada por 30 segundos e ligue de novo."},
    {"payment_not_seen",
     "Ainda não consta o pagamento da fatura de {vencimento} no sistema. Pagamentos por PIX "
     "costumam aparecer em alguns minutos; por boleto, em até 3 dias úteis."},
    {"payment_not_seen_unlock", "Enquanto isso, posso liberar sua internet em confiança."},
    {"support_blocked",
     "Verifiquei aqui: sua conexão está bloqueada por pendência financeira, por isso a internet "
     "não funciona. Vou te mostrar as faturas em aberto."},
    {"support_offline", "Vejo que seu equipamento está desconectado no momento."},
    {"support_online", "Vejo que seu equipamento está conectado à nossa rede."},
    {"support_guidance",
     "Vamos tentar o básico: desligue o roteador (e a ONU, se houver) da tomada, espere 30 "
     "segundos e ligue de novo. Depois de 2 minutos, teste a conexão. Resolveu?"},
    {"support_solved", "Que bom! 🎉 Qualquer coisa, é só chamar."},
    {"ticket_opened",
     "Abri o chamado {protocolo} para nossa equipe técnica. Vamos entrar em contato por aqui."},
    {"handoff_requested", "Certo! Vou te passar para um atendente. Aguarde um momento, por favor."},
    {"handoff_cancel",
     "Entendi. Para cancelamentos, vou te passar para nossa equipe, que vai cuidar do seu "
     "pedido."},
    {"handoff_commercial",
     "Vou te passar para nossa equipe comercial, que vai te ajudar com isso."},
    {"erp_unavailable",
     "Desculpe, nosso sistema está instável agora e não consegui consultar seus dados. Vou te "
     "passar para um atendente."},
    {"session_expired", "Por segurança, preciso confirmar seus dados novamente."},
};

}  // namespace

MessageCatalog::MessageCatalog() {
  for (const auto& [key, text] : kDefaults) texts_.emplace(key, text);
}

Status MessageCatalog::Override(const std::string& key, std::string text) {
  auto it = texts_.find(key);
  if (it == texts_.end()) return Error::InvalidInput("unknown message key '" + key + "'");
  it->second = std::move(text);
  return {};
}

const std::string& MessageCatalog::Raw(std::string_view key) const {
  auto it = texts_.find(key);
  if (it == texts_.end()) std::abort();  // a typo in the code, caught by the catalogue test
  return it->second;
}

std::string MessageCatalog::Get(
    std::string_view key,
    const std::vector<std::pair<std::string_view, std::string>>& values) const {
  const std::string& raw = Raw(key);
  std::string out;
  out.reserve(raw.size() + 32);
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '{') {
      size_t close = raw.find('}', i);
      if (close != std::string::npos) {
        std::string_view name(raw.data() + i + 1, close - i - 1);
        bool found = false;
        if (name == "empresa") {
          out += brand_;
          found = true;
        }
        for (const auto& [k, v] : values) {
          if (!found && k == name) {
            out += v;
            found = true;
          }
        }
        if (found) {
          i = close;
          continue;
        }
      }
    }
    out += raw[i];
  }
  return out;
}

std::vector<std::string> MessageCatalog::Keys() const {
  std::vector<std::string> keys;
  for (const auto& [k, v] : texts_) keys.push_back(k);
  return keys;
}

}  // namespace atende::dialogue
