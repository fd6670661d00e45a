// Customer: an ISP subscriber as every ERP connector reports it (erp-common.md §3.2), in atende's
// own terms. Connectors fill it from the wire; the dialogue reads it. Plain data: copyable, no
// invariants beyond the field comments. Secrets the ERPs send (portal passwords) never reach this
// record.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/document.h"
#include "core/phone.h"

namespace atende {

enum class PersonType { kIndividual, kCompany, kForeign };
std::string_view PersonTypeName(PersonType type);  // "individual", "company", "foreign"

struct Address {
  std::string street;
  std::string number;
  std::string complement;
  std::string district;
  std::string city;   // a name, or an ERP table id when the ERP gives only that (IXC)
  std::string state;  // "SP", or an ERP table id (IXC)
  std::string zip;    // digits only

  bool empty() const { return street.empty() && number.empty() && city.empty() && zip.empty(); }
  std::string OneLine() const;  // "Rua das Flores, 120 - Centro"
};

struct CustomerPhone {
  std::optional<Phone> phone;  // absent when the raw text is not a phone number
  std::string raw;             // as the ERP stores it: "(98) 98512-0338"
  std::string kind;  // the ERP's column or contact type: "telefone_celular", "WhatsApp Número"
};

struct Customer {
  std::string erp_id;
  std::map<std::string, std::string>
      alt_ids;  // MK-Auth "uuid_cliente", HubSoft "codigo_cliente", Voalle "txId"
  std::optional<Document> document;  // absent only when the ERP stores something unparseable
  std::string raw_document;          // as stored, for logs (masked) and diagnostics
  PersonType person_type = PersonType::kIndividual;
  std::string name;
  std::optional<Date> birth_date;
  std::vector<CustomerPhone> phones;
  std::vector<std::string> emails;
  Address address;

  // True when one of the registered phones is the same line as `phone` (erp-common.md §6.7).
  bool HasPhone(const Phone& phone) const;
};

}  // namespace atende
