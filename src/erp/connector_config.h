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
  std::string flavor;    // "ixc", "sgp", "mkauth"
  std::string base_url;  // "https://erp.example.com.br" (no trailing slash needed)
  // IXC: user id (empty: `token` is the already-encoded "Token API (Base64)"); SGP: the `app` name;
  // MK-Auth: Client_Id. The simulator accepts any value here.
  std::string user = "atende";
  std::string token;  // IXC token, SGP token, MK-Auth Client_Secret
  std::chrono::milliseconds timeout{10000};
  // TLS stays verified; a self-hosted panel with its own certificate (MK-Auth) is trusted through
  // its CA bundle or a pinned key ("sha256//<base64>"), never by turning verification off.
  std::string tls_ca_file;
  std::string tls_pinned_pubkey;

  std::string ixc_ticket_subject_id = "1";  // su_ticket.id_assunto
  std::string ixc_ticket_sector_id = "1";   // su_ticket.id_ticket_setor
  std::string sgp_ticket_type = "5";        // ocorrenciatipo ("Outros" on the tenants seen)
  GuardOptions guard;
};

}  // namespace atende::erp
