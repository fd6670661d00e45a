// Test and benchmark helper: the body of a WhatsApp Cloud API webhook carrying one text message,
// shaped as Meta sends it (whatsapp-cloud.md §5.1), for the number `phone_number_id`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace atende::channel::testing {

inline std::string CloudTextWebhook(const std::string& phone_number_id,
                                    const std::string& message_id, const std::string& from,
                                    const std::string& text) {
  nlohmann::json j = {
      {"object", "whatsapp_business_account"},
      {"entry",
       {{{"id", "102290129340398"},
         {"changes",
          {{{"field", "messages"},
            {"value",
             {{"messaging_product", "whatsapp"},
              {"metadata",
               {{"display_phone_number", "15550001234"}, {"phone_number_id", phone_number_id}}},
              {"contacts", {{{"profile", {{"name", "Assinante"}}}, {"wa_id", from}}}},
              {"messages",
               {{{"from", from},
                 {"id", message_id},
                 {"timestamp", "1697043223"},
                 {"type", "text"},
                 {"text", {{"body", text}}}}}}}}}}}}}}};
  return j.dump();
}

}  // namespace atende::channel::testing
