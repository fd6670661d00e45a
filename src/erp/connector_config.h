// ConnectorConfig: what it takes to reach one ISP's ERP, from atende's configuration or the command
// line
// (`--erp`, `--erp-url`, `--erp-token`). Holds the credential: never log this struct.
// Tenant-specific ids (IXC ticket subject and sector, SGP occurrence type) have defaults that fit
// the simulator.
#pragma once

#include <chrono>
#include <string>

#include "erp/guarded_erp.h"

namespace atende::erp {

struct ConnectorConfig {
  std::string flavor;    // "ixc", "sgp", "mkauth", "voalle", "hubsoft"
  std::string base_url;  // "https://erp.example.com.br" (no trailing slash needed)
  // IXC: user id (empty: `token` is the already-encoded "Token API (Base64)"); SGP: the `app` name;
  // MK-Auth, Voalle, HubSoft: the client id. The simulator accepts any value here.
  std::string user = "atende";
  std::string token;  // IXC token, SGP token, MK-Auth / Voalle / HubSoft client secret
  // Voalle: base of the token endpoint (its auth port, 45700); empty: base_url with port 45715
  // replaced by 45700, or base_url itself when it has another port (the simulator serves both).
  std::string auth_url;
  std::string syndata;   // Voalle: the SynData integration token the token call carries
  std::string username;  // HubSoft password grant: the integration user's e-mail
  std::string password;  // HubSoft password grant
  std::chrono::milliseconds timeout{10000};
  // TLS stays verified; a self-hosted panel with its own certificate (MK-Auth) is trusted through
  // its CA bundle or a pinned key ("sha256//<base64>"), never by turning verification off.
  std::string tls_ca_file;
  std::string tls_pinned_pubkey;

  std::string ixc_ticket_subject_id = "1";  // su_ticket.id_assunto
  std::string ixc_ticket_sector_id = "1";   // su_ticket.id_ticket_setor
  std::string sgp_ticket_type = "5";        // ocorrenciatipo ("Outros" on the tenants seen)
  std::string voalle_service_tag_id = "1";  // opensolicitation.contractServiceTagId
  std::string hubsoft_ticket_type_id;       // atendimento.id_tipo_atendimento; empty: HubSoft's SAC
  GuardOptions guard;
};

}  // namespace atende::erp
