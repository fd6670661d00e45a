#include "docs/json_input.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "br/boleto.h"
#include "docs/late_fee_text.h"

namespace atende::docs {
namespace {

using nlohmann::json;

// Reads a string field (numbers are accepted as written); absent or null → nullopt.
Result<std::optional<std::string>> Text(const json& object, const char* key,
                                        const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::optional<std::string>();
  if (it->is_string()) return std::optional<std::string>(it->get<std::string>());
  if (it->is_number()) return std::optional<std::string>(it->dump());
  return Error::InvalidInput(where + key + " must be a string");
}

Result<std::string> Required(const json& object, const char* key, const std::string& where) {
  Result<std::optional<std::string>> value = Text(object, key, where);
  if (!value.ok()) return value.error();
  if (!value->has_value() || (*value)->empty()) {
    return Error::InvalidInput("missing field " + where + key);
  }
  return **value;
}

Result<std::string> Optional(const json& object, const char* key, const std::string& where,
                             std::string fallback = "") {
  Result<std::optional<std::string>> value = Text(object, key, where);
  if (!value.ok()) return value.error();
  return value->value_or(std::move(fallback));
}

Result<Date> DateField(const json& object, const char* key) {
  Result<std::string> text = Required(object, key, "");
  if (!text.ok()) return text.error();
  Result<std::optional<Date>> date = Date::ParseErp(*text);
  if (!date.ok() || !date->has_value()) {
    return Error::InvalidInput(std::string(key) + " is not a date: \"" + *text + "\"");
  }
  return **date;
}

Result<const json*> Object(const json& parent, const char* key, bool required) {
  static const json kEmpty = json::object();
  auto it = parent.find(key);
  if (it == parent.end() || it->is_null()) {
    if (required) return Error::InvalidInput(std::string("missing object ") + key);
    return &kEmpty;
  }
  if (!it->is_object()) return Error::InvalidInput(std::string(key) + " must be an object");
  return &*it;
}

Result<int> BasisPoints(const json& object, const char* key, const std::string& where) {
  Result<std::string> text = Required(object, key, where);
  if (!text.ok()) return text.error();
  Result<Money> percent = Money::ParseDecimal(*text);
  if (!percent.ok() || percent->cents() < 0 || percent->cents() > 10000) {
    return Error::InvalidInput(where + key + " is not a percentage: \"" + *text + "\"");
  }
  return static_cast<int>(percent->cents());
}

#define ATENDE_ASSIGN(target, expr)            \
  do {                                         \
    auto result_ = (expr);                     \
    if (!result_.ok()) return result_.error(); \
    target = std::move(*result_);              \
  } while (false)

Result<BoletoPdfData> FromJson(const json& in) {
  if (!in.is_object()) return Error::InvalidInput("the invoice JSON must be an object");
  BoletoPdfData d;
  const json* bank = nullptr;
  const json* beneficiary = nullptr;
  const json* payer = nullptr;
  const json* instructions = nullptr;
  const json* late_fee = nullptr;
  ATENDE_ASSIGN(bank, Object(in, "bank", true));
  ATENDE_ASSIGN(d.bank_code, Required(*bank, "code", "bank."));
  ATENDE_ASSIGN(d.bank_name, Required(*bank, "name", "bank."));
  ATENDE_ASSIGN(beneficiary, Object(in, "beneficiary", true));
  ATENDE_ASSIGN(payer, Object(in, "payer", true));
  ATENDE_ASSIGN(instructions, Object(in, "instructions", false));
  ATENDE_ASSIGN(late_fee, Object(in, "late_fee", false));
  ATENDE_ASSIGN(d.beneficiary_name, Required(*beneficiary, "name", "beneficiary."));
  ATENDE_ASSIGN(d.beneficiary_document, Required(*beneficiary, "document", "beneficiary."));
  ATENDE_ASSIGN(d.beneficiary_address, Optional(*beneficiary, "address", "beneficiary."));
  ATENDE_ASSIGN(d.agency_code, Optional(*beneficiary, "agency_code", "beneficiary."));
  ATENDE_ASSIGN(d.payer_name, Required(*payer, "name", "payer."));
  ATENDE_ASSIGN(d.payer_document, Optional(*payer, "document", "payer."));
  ATENDE_ASSIGN(d.payer_address, Optional(*payer, "address", "payer."));

  ATENDE_ASSIGN(d.document_number, Required(in, "document_number", ""));
  ATENDE_ASSIGN(d.our_number, Optional(in, "our_number", ""));
  ATENDE_ASSIGN(d.issue_date, DateField(in, "issue_date"));
  ATENDE_ASSIGN(d.due_date, DateField(in, "due_date"));
  std::string amount_text;
  ATENDE_ASSIGN(amount_text, Required(in, "amount", ""));
  Result<Money> amount = Money::ParseDecimal(amount_text);
  if (!amount.ok()) return Error::InvalidInput("amount is not a decimal: \"" + amount_text + "\"");
  d.amount = *amount;
  ATENDE_ASSIGN(d.wallet, Optional(in, "wallet", "", d.wallet));
  ATENDE_ASSIGN(d.species_doc, Optional(in, "species_doc", "", d.species_doc));
  ATENDE_ASSIGN(d.payment_place, Optional(in, "payment_place", "", d.payment_place));

  ATENDE_ASSIGN(d.fine_instruction, Optional(*instructions, "fine", "instructions."));
  ATENDE_ASSIGN(d.interest_instruction, Optional(*instructions, "interest", "instructions."));
  if (auto other = instructions->find("other"); other != instructions->end()) {
    if (!other->is_array())
      return Error::InvalidInput("instructions.other must be a list of lines");
    for (const json& line : *other) {
      if (!line.is_string()) return Error::InvalidInput("instructions.other must hold strings");
      d.other_instructions.push_back(line.get<std::string>());
    }
  }
  if (d.fine_instruction.empty() && late_fee->contains("fine_percent")) {
    int bp = 0;
    ATENDE_ASSIGN(bp, BasisPoints(*late_fee, "fine_percent", "late_fee."));
    d.fine_instruction = FineInstruction(d.amount, bp);
  }
  if (d.interest_instruction.empty() && late_fee->contains("monthly_interest_percent")) {
    int bp = 0;
    ATENDE_ASSIGN(bp, BasisPoints(*late_fee, "monthly_interest_percent", "late_fee."));
    d.interest_instruction = InterestInstruction(d.amount, bp);
  }

  ATENDE_ASSIGN(d.barcode, Optional(in, "barcode", ""));
  ATENDE_ASSIGN(d.linha_digitavel, Optional(in, "linha_digitavel", ""));
  ATENDE_ASSIGN(d.pix_copia_e_cola, Optional(in, "pix", ""));
  if (d.barcode.empty() && d.linha_digitavel.empty()) {
    std::string free_field;
    ATENDE_ASSIGN(free_field, Optional(in, "free_field", ""));
    if (free_field.empty()) {
      return Error::InvalidInput("give barcode or linha_digitavel, or free_field to build them");
    }
    Result<br::Boleto> made = br::MakeBoleto({d.bank_code, d.due_date, d.amount, free_field});
    if (!made.ok()) return Error::InvalidInput("cannot build the boleto: " + made.error().message);
    d.barcode = made->barcode;
    d.linha_digitavel = made->linha;
  }
  return d;
}

#undef ATENDE_ASSIGN

Status Flatten(const json& value, const std::string& prefix, ContractValues& out) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      Status s = Flatten(child, prefix.empty() ? key : prefix + "." + key, out);
      if (!s.ok()) return s;
    }
    return {};
  }
  if (value.is_null()) return {};
  if (value.is_array()) return Error::InvalidInput(prefix + ": lists are not supported");
  if (value.is_string()) {
    out[prefix] = value.get<std::string>();
  } else if (value.is_boolean()) {
    out[prefix] = value.get<bool>() ? "sim" : "não";
  } else {
    out[prefix] = value.dump();
  }
  return {};
}

}  // namespace

Result<BoletoPdfData> BoletoPdfDataFromJson(std::string_view json_text) {
  json parsed = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Error::InvalidInput("the invoice is not valid JSON");
  try {
    return FromJson(parsed);
  } catch (const json::exception& e) {
    return Error::InvalidInput(std::string("invoice JSON: ") + e.what());
  }
}

Result<ContractValues> ContractValuesFromJson(std::string_view json_text) {
  json parsed = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Error::InvalidInput("the contract data is not valid JSON");
  if (!parsed.is_object()) return Error::InvalidInput("the contract data must be a JSON object");
  ContractValues values;
  Status s = Flatten(parsed, "", values);
  if (!s.ok()) return s.error();
  return values;
}

}  // namespace atende::docs
