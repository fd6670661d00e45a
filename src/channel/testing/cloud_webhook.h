// Test and benchmark helpers: bodies of WhatsApp Cloud API webhooks shaped as Meta sends them
// (whatsapp-cloud.md §5.1 and §5.3) for the number `phone_number_id`: one text message, or one
// status of a message atende sent.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace atende::channel::testing {

// The envelope every Cloud webhook shares around one change `value` for `phone_number_id`.
inline nlohmann::json CloudEnvelope(const std::string& phone_number_id, nlohmann::json value) {
  value["messaging_product"] = "whatsapp";
  value["metadata"] = {{"display_phone_number", "15550001234"},
                       {"phone_number_id", phone_number_id}};
  return {{"object", "whatsapp_business_account"},
          {"entry",
           {{{"id", "102290129340398"},
             {"changes", {{{"field", "messages"}, {"value", std::move(value)}}}}}}}};
}

inline std::string CloudTextWebhook(const std::string& phone_number_id,
                                    const std::string& message_id, const std::string& from,
                                    const std::string& text) {
  nlohmann::json value = {{"contacts", {{{"profile", {{"name", "Assinante"}}}, {"wa_id", from}}}},
                          {"messages",
                           {{{"from", from},
                             {"id", message_id},
                             {"timestamp", "1697043223"},
                             {"type", "text"},
                             {"text", {{"body", text}}}}}}};
  return CloudEnvelope(phone_number_id, std::move(value)).dump();
}

// `status`: sent, delivered, read or failed; `callback_data`: the biz_opaque_callback_data the send
// carried (omitted when empty).
inline std::string CloudStatusWebhook(const std::string& phone_number_id,
                                      const std::string& message_id, const std::string& status,
                                      const std::string& recipient,
                                      const std::string& callback_data = "") {
  nlohmann::json st = {{"id", message_id},
                       {"status", status},
                       {"timestamp", "1698266945"},
                       {"recipient_id", recipient}};
  if (!callback_data.empty()) st["biz_opaque_callback_data"] = callback_data;
  return CloudEnvelope(phone_number_id, {{"statuses", nlohmann::json::array({st})}}).dump();
}

}  // namespace atende::channel::testing
