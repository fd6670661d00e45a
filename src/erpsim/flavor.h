// Flavor: one ERP's face of the simulator. A flavor installs its routes (authentication included)
// on the router, rendering the shared neutral state (SimState) in that ERP's wire format, and knows
// how that ERP fails, so fault injection answers with the real failure shapes. One folder per ERP
// (ixc/, sgp/, mkauth/, voalle/, hubsoft/), each exposing one Make<Name>Flavor().
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "erpsim/sim_state.h"
#include "http/server.h"

namespace atende::erpsim {

enum class FaultKind {
  kErrorPage,  // the ERP's own error body with HTTP 200 (IXC red div, MK-Auth PHP error, SGP HTML)
  kServerError,  // HTTP 500 / 504 with the ERP's body
  kTimeout,      // the response withheld for SimulatorOptions::timeout_fault_ms
};

class Flavor {
 public:
  virtual ~Flavor() = default;
  virtual std::string name() const = 0;
  // `state` outlives the router's handlers.
  virtual void Install(http::Router& router, SimState& state) = 0;
  virtual http::Response Fault(FaultKind kind, const http::Request& request) const = 0;
};

std::unique_ptr<Flavor> MakeIxcFlavor();
std::unique_ptr<Flavor> MakeSgpFlavor();
std::unique_ptr<Flavor> MakeMkauthFlavor();
std::unique_ptr<Flavor> MakeVoalleFlavor();
std::unique_ptr<Flavor> MakeHubsoftFlavor();

// Small wire helpers shared by the flavors.
std::string Base64Encode(std::string_view bytes);
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64Decode(
    std::string_view text);  // standard alphabet, padding optional
// "user:secret" from "Authorization: Basic ..."; nullopt when the header is absent or not Basic.
std::optional<std::pair<std::string, std::string>> BasicCredentials(const http::Request& request);
std::string FormatCep(const std::string& zip8);  // "13010-100"
// Money as a JSON number, taken from its decimal text (no arithmetic in floating point).
nlohmann::json MoneyNumber(Money money);
// An opaque bearer token that carries its own expiry, HMAC-SHA256-signed with `key`
// ("<prefix>.<exp>.<signature>"), so a flavor can check it without remembering it.
std::string IssueSignedToken(const std::string& key, std::string_view prefix, int64_t expires_at);
bool ValidSignedToken(const std::string& key, std::string_view token, int64_t now);
int64_t UnixNow();  // the real time: token lifetimes run on it, not on the dataset's "today"
std::string AsciiLower(std::string_view text);
std::string DigitsOnly(std::string_view text);

}  // namespace atende::erpsim
