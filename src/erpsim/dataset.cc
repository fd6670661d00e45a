// Loading, validating and writing the neutral dataset (dataset.h, specs/erpsim-data.md). The three
// big arrays are converted record by record while nlohmann::json parses, and each parsed record is
// discarded at once, so a 100 000-subscriber file never lives in memory as a JSON tree.
#include "erpsim/dataset.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "br/document_check.h"

namespace atende::erpsim {

using nlohmann::json;

std::string_view ContractStatusName(ContractStatus status) {
  switch (status) {
    case ContractStatus::kActive:
      return "active";
    case ContractStatus::kBlocked:
      return "blocked";
    case ContractStatus::kReduced:
      return "reduced";
    case ContractStatus::kSuspended:
      return "suspended";
    case ContractStatus::kCanceled:
      return "canceled";
    case ContractStatus::kTrustUnlocked:
      return "trust_unlocked";
  }
  return "active";
}

std::string_view InvoiceStatusName(InvoiceStatus status) {
  switch (status) {
    case InvoiceStatus::kOpen:
      return "open";
    case InvoiceStatus::kPaid:
      return "paid";
    case InvoiceStatus::kCanceled:
      return "canceled";
  }
  return "open";
}

namespace {

// Thrown only inside this file; FromJson turns it into an Error.
struct InvalidRecord : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void Fail(const std::string& path, const std::string& why) {
  throw InvalidRecord(path + ": " + why);
}

const json& Field(const json& object, const std::string& path, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) Fail(path + "." + key, "missing");
  return *it;
}

std::string String(const json& object, const std::string& path, const char* key,
                   bool required = true) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) Fail(path + "." + key, "missing");
    return "";
  }
  if (!it->is_string()) Fail(path + "." + key, "must be a string");
  return it->get<std::string>();
}

int64_t Id(const json& object, const std::string& path, const char* key) {
  const json& value = Field(object, path, key);
  if (!value.is_number_integer()) Fail(path + "." + key, "must be an integer");
  int64_t id = value.get<int64_t>();
  if (id <= 0) Fail(path + "." + key, "must be positive");
  return id;
}

Date ParseDate(const std::string& text, const std::string& path) {
  auto date = Date::ParseIso(text);
  if (!date.ok()) Fail(path, "bad date '" + text + "' (want YYYY-MM-DD)");
  return *date;
}

std::optional<Date> OptionalDate(const json& object, const std::string& path, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) Fail(path + "." + key, "must be a date string or null");
  return ParseDate(it->get<std::string>(), path + "." + key);
}

Money ParseAmount(const json& object, const std::string& path, const char* key) {
  std::string text = String(object, path, key);
  auto money = Money::ParseDecimal(text);
  if (!money.ok()) Fail(path + "." + key, "bad amount '" + text + "' (want \"99.90\")");
  if (money->cents() < 0) Fail(path + "." + key, "must not be negative");
  return *money;
}

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Address ParseAddress(const json& value, const std::string& path) {
  if (!value.is_object()) Fail(path, "must be an object");
  Address a;
  a.street = String(value, path, "street");
  a.number = String(value, path, "number");
  a.complement = String(value, path, "complement", false);
  a.district = String(value, path, "district");
  a.city = String(value, path, "city");
  a.state = String(value, path, "state");
  a.zip = String(value, path, "zip");
  if (a.zip.size() != 8 || !AllDigits(a.zip)) Fail(path + ".zip", "must be 8 digits");
  if (a.state.size() != 2) Fail(path + ".state", "must be a two-letter UF");
  return a;
}

Document ParseDocumentField(const std::string& text, const std::string& path) {
  auto document = br::ParseDocument(text);
  if (!document.ok()) Fail(path, document.error().message);
  return *document;
}

Customer ParseCustomer(const json& value, const std::string& path) {
  if (!value.is_object()) Fail(path, "must be an object");
  Customer c;
  c.id = Id(value, path, "id");
  c.name = String(value, path, "name");
  if (c.name.empty()) Fail(path + ".name", "empty");
  c.document = ParseDocumentField(String(value, path, "document"), path + ".document");
  c.birth_date = OptionalDate(value, path, "birth_date");
  if (auto it = value.find("phones"); it != value.end() && !it->is_null()) {
    if (!it->is_array()) Fail(path + ".phones", "must be an array");
    for (size_t i = 0; i < it->size(); ++i) {
      std::string where = path + ".phones[" + std::to_string(i) + "]";
      if (!(*it)[i].is_string()) Fail(where, "must be a string");
      std::string text = (*it)[i].get<std::string>();
      if (text.empty() || text[0] != '+') Fail(where, "must be E.164 (+55...)");
      auto phone = Phone::Parse(text);
      if (!phone.ok()) Fail(where, phone.error().message);
      c.phones.push_back(*phone);
    }
  }
  c.email = String(value, path, "email", false);
  c.address = ParseAddress(Field(value, path, "address"), path + ".address");
  return c;
}

ContractStatus ParseContractStatus(const std::string& text, const std::string& path) {
  for (auto s :
       {ContractStatus::kActive, ContractStatus::kBlocked, ContractStatus::kReduced,
        ContractStatus::kSuspended, ContractStatus::kCanceled, ContractStatus::kTrustUnlocked}) {
    if (ContractStatusName(s) == text) return s;
  }
  Fail(path, "unknown status '" + text + "'");
}

Contract ParseContract(const json& value, const std::string& path) {
  if (!value.is_object()) Fail(path, "must be an object");
  Contract c;
  c.id = Id(value, path, "id");
  c.customer_id = Id(value, path, "customer_id");
  c.plan_id = Id(value, path, "plan_id");
  c.status = ParseContractStatus(String(value, path, "status"), path + ".status");
  if (auto it = value.find("address"); it != value.end() && !it->is_null()) {
    c.address = ParseAddress(*it, path + ".address");
  }
  if (auto it = value.find("online"); it != value.end()) {
    if (!it->is_boolean()) Fail(path + ".online", "must be true or false");
    c.online = it->get<bool>();
  }
  if (auto it = value.find("trust_unlocks"); it != value.end() && !it->is_null()) {
    if (!it->is_array()) Fail(path + ".trust_unlocks", "must be an array");
    for (size_t i = 0; i < it->size(); ++i) {
      std::string where = path + ".trust_unlocks[" + std::to_string(i) + "]";
      if (!(*it)[i].is_string()) Fail(where, "must be a date string");
      c.trust_unlocks.push_back(ParseDate((*it)[i].get<std::string>(), where));
    }
  }
  if (auto it = value.find("promises"); it != value.end() && !it->is_null()) {
    if (!it->is_array()) Fail(path + ".promises", "must be an array");
    for (size_t i = 0; i < it->size(); ++i) {
      std::string where = path + ".promises[" + std::to_string(i) + "]";
      const json& p = (*it)[i];
      if (!p.is_object()) Fail(where, "must be an object");
      Promise promise;
      promise.date_made = ParseDate(String(p, where, "date_made"), where + ".date_made");
      promise.promised_date =
          ParseDate(String(p, where, "promised_date"), where + ".promised_date");
      if (auto kept = p.find("kept"); kept != p.end() && !kept->is_null()) {
        if (!kept->is_boolean()) Fail(where + ".kept", "must be true, false or null");
        promise.kept = kept->get<bool>();
      }
      c.promises.push_back(promise);
    }
  }
  return c;
}

Invoice ParseInvoice(const json& value, const std::string& path) {
  if (!value.is_object()) Fail(path, "must be an object");
  Invoice inv;
  inv.id = Id(value, path, "id");
  if (inv.id > 99999999999) Fail(path + ".id", "must fit in 11 digits (boleto free field)");
  inv.contract_id = Id(value, path, "contract_id");
  inv.due_date = ParseDate(String(value, path, "due_date"), path + ".due_date");
  inv.amount = ParseAmount(value, path, "amount");
  std::string status = String(value, path, "status");
  if (status == "open") {
    inv.status = InvoiceStatus::kOpen;
  } else if (status == "paid") {
    inv.status = InvoiceStatus::kPaid;
  } else if (status == "canceled") {
    inv.status = InvoiceStatus::kCanceled;
  } else {
    Fail(path + ".status", "unknown status '" + status + "'");
  }
  inv.paid_date = OptionalDate(value, path, "paid_date");
  if (inv.status == InvoiceStatus::kPaid && !inv.paid_date)
    Fail(path + ".paid_date", "required when paid");
  return inv;
}

Isp ParseIsp(const json& value) {
  const std::string path = "isp";
  if (!value.is_object()) Fail(path, "must be an object");
  Isp isp;
  isp.name = String(value, path, "name");
  isp.document = String(value, path, "document");
  ParseDocumentField(isp.document, "isp.document");
  isp.pix_key = String(value, path, "pix_key");
  if (isp.pix_key.empty()) Fail("isp.pix_key", "empty");
  isp.city = String(value, path, "city");
  isp.bank_code = String(value, path, "bank_code");
  if (isp.bank_code.size() != 3 || !AllDigits(isp.bank_code))
    Fail("isp.bank_code", "must be 3 digits");
  isp.agency = String(value, path, "agency");
  if (isp.agency.size() != 4 || !AllDigits(isp.agency)) Fail("isp.agency", "must be 4 digits");
  isp.account = String(value, path, "account");
  if (isp.account.empty() || isp.account.size() > 10 || !AllDigits(isp.account)) {
    Fail("isp.account", "must be 1 to 10 digits");
  }
  return isp;
}

Plan ParsePlan(const json& value, const std::string& path) {
  if (!value.is_object()) Fail(path, "must be an object");
  Plan plan;
  plan.id = Id(value, path, "id");
  plan.name = String(value, path, "name");
  plan.price = ParseAmount(value, path, "price");
  return plan;
}

Coverage ParseCoverage(const json& value, const std::string& path) {
  if (!value.is_object()) Fail(path, "must be an object");
  Coverage c;
  c.zip_prefix = String(value, path, "zip_prefix");
  if (!AllDigits(c.zip_prefix) || c.zip_prefix.size() > 8)
    Fail(path + ".zip_prefix", "must be 1 to 8 digits");
  auto it = value.find("free_ports");
  if (it != value.end()) {
    if (!it->is_number_integer()) Fail(path + ".free_ports", "must be an integer");
    c.free_ports = it->get<int>();
  }
  return c;
}

json AddressJson(const Address& a) {
  return json{{"street", a.street},
              {"number", a.number},
              {"complement", a.complement},
              {"district", a.district},
              {"city", a.city},
              {"state", a.state},
              {"zip", a.zip}};
}

template <typename Record>
void IndexById(const std::vector<Record>& records, std::unordered_map<int64_t, size_t>& index) {
  index.clear();
  index.reserve(records.size());
  for (size_t i = 0; i < records.size(); ++i) index.emplace(records[i].id, i);
}

}  // namespace

Result<Dataset> Dataset::FromJson(std::string_view json_text) {
  Dataset dataset;
  bool have_today = false, have_isp = false;
  std::string section;
  size_t index = 0;
  try {
    auto callback = [&](int depth, json::parse_event_t event, json& parsed) -> bool {
      if (depth == 1 && event == json::parse_event_t::key) {
        section = parsed.get<std::string>();
        index = 0;
        return true;
      }
      if (depth == 2 &&
          (event == json::parse_event_t::object_end || event == json::parse_event_t::value ||
           event == json::parse_event_t::array_end)) {
        std::string path = section + "[" + std::to_string(index++) + "]";
        if (section == "customers") {
          dataset.customers.push_back(ParseCustomer(parsed, path));
        } else if (section == "contracts") {
          dataset.contracts.push_back(ParseContract(parsed, path));
        } else if (section == "invoices") {
          dataset.invoices.push_back(ParseInvoice(parsed, path));
        } else if (section == "plans") {
          dataset.plans.push_back(ParsePlan(parsed, path));
        } else if (section == "coverage") {
          dataset.coverage.push_back(ParseCoverage(parsed, path));
        } else {
          return true;  // inside isp or an unknown field
        }
        return false;  // converted: drop the JSON
      }
      if (depth == 1 &&
          (event == json::parse_event_t::value || event == json::parse_event_t::object_end ||
           event == json::parse_event_t::array_end)) {
        if (section == "today") {
          if (!parsed.is_string()) Fail("today", "must be a date string");
          dataset.today = ParseDate(parsed.get<std::string>(), "today");
          have_today = true;
        } else if (section == "isp") {
          dataset.isp = ParseIsp(parsed);
          have_isp = true;
        } else if (section == "customers" || section == "contracts" || section == "invoices" ||
                   section == "plans" || section == "coverage") {
          if (!parsed.is_array()) Fail(section, "must be an array");
        }
        return false;
      }
      return true;
    };
    json root = json::parse(json_text.begin(), json_text.end(), callback);
    if (!root.is_object() && !root.is_discarded()) Fail("dataset", "must be a JSON object");
  } catch (const InvalidRecord& e) {
    return Error::InvalidInput(e.what());
  } catch (const json::exception& e) {
    return Error::InvalidInput(std::string("dataset is not valid JSON: ") + e.what());
  }
  if (!have_today) return Error::InvalidInput("today: missing");
  if (!have_isp) return Error::InvalidInput("isp: missing");
  dataset.Reindex();
  if (Status valid = dataset.Validate(); !valid.ok()) return valid.error();
  return dataset;
}

Result<Dataset> Dataset::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::NotFound("cannot open dataset " + path);
  in.seekg(0, std::ios::end);
  std::string text(static_cast<size_t>(in.tellg()), '\0');
  in.seekg(0, std::ios::beg);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (!in) return Error::Unavailable("cannot read dataset " + path);
  return FromJson(text);
}

Status Dataset::Validate() const {
  auto fail = [](const std::string& path, const std::string& why) {
    return Error::InvalidInput(path + ": " + why);
  };
  std::set<int64_t> seen;
  for (size_t i = 0; i < plans.size(); ++i) {
    if (!seen.insert(plans[i].id).second)
      return fail("plans[" + std::to_string(i) + "].id", "duplicate id");
  }
  seen.clear();
  for (size_t i = 0; i < customers.size(); ++i) {
    if (customer_index_.at(customers[i].id) != i) {
      return fail("customers[" + std::to_string(i) + "].id",
                  "duplicate id " + std::to_string(customers[i].id));
    }
  }
  for (size_t i = 0; i < contracts.size(); ++i) {
    std::string path = "contracts[" + std::to_string(i) + "]";
    const Contract& c = contracts[i];
    if (contract_index_.at(c.id) != i)
      return fail(path + ".id", "duplicate id " + std::to_string(c.id));
    if (!customer_index_.count(c.customer_id)) {
      return fail(path + ".customer_id", "no customer with id " + std::to_string(c.customer_id));
    }
    if (!plan_index_.count(c.plan_id))
      return fail(path + ".plan_id", "no plan with id " + std::to_string(c.plan_id));
  }
  for (size_t i = 0; i < invoices.size(); ++i) {
    std::string path = "invoices[" + std::to_string(i) + "]";
    const Invoice& inv = invoices[i];
    if (invoice_index_.at(inv.id) != i)
      return fail(path + ".id", "duplicate id " + std::to_string(inv.id));
    if (inv.id > 99999999999)
      return fail(path + ".id", "must fit in 11 digits (boleto free field)");
    if (!contract_index_.count(inv.contract_id)) {
      return fail(path + ".contract_id", "no contract with id " + std::to_string(inv.contract_id));
    }
  }
  return {};
}

void Dataset::Reindex() {
  IndexById(customers, customer_index_);
  IndexById(contracts, contract_index_);
  IndexById(invoices, invoice_index_);
  IndexById(plans, plan_index_);
  // A duplicate keeps the first position in the index; Validate detects it by position.
  contracts_by_customer_.clear();
  customers_by_document_.clear();
  for (size_t i = 0; i < customers.size(); ++i)
    customers_by_document_[customers[i].document.value()].push_back(i);
  invoices_by_contract_.clear();
  for (size_t i = 0; i < contracts.size(); ++i)
    contracts_by_customer_[contracts[i].customer_id].push_back(i);
  for (size_t i = 0; i < invoices.size(); ++i)
    invoices_by_contract_[invoices[i].contract_id].push_back(i);
}

const Customer* Dataset::FindCustomer(int64_t id) const {
  auto it = customer_index_.find(id);
  return it == customer_index_.end() ? nullptr : &customers[it->second];
}

const Contract* Dataset::FindContract(int64_t id) const {
  auto it = contract_index_.find(id);
  return it == contract_index_.end() ? nullptr : &contracts[it->second];
}

Contract* Dataset::FindContract(int64_t id) {
  auto it = contract_index_.find(id);
  return it == contract_index_.end() ? nullptr : &contracts[it->second];
}

const Invoice* Dataset::FindInvoice(int64_t id) const {
  auto it = invoice_index_.find(id);
  return it == invoice_index_.end() ? nullptr : &invoices[it->second];
}

const Plan* Dataset::FindPlan(int64_t id) const {
  auto it = plan_index_.find(id);
  return it == plan_index_.end() ? nullptr : &plans[it->second];
}

std::vector<const Contract*> Dataset::ContractsOf(int64_t customer_id) const {
  std::vector<const Contract*> out;
  if (auto it = contracts_by_customer_.find(customer_id); it != contracts_by_customer_.end()) {
    for (size_t i : it->second) out.push_back(&contracts[i]);
  }
  return out;
}

std::vector<const Invoice*> Dataset::InvoicesOf(int64_t contract_id) const {
  std::vector<const Invoice*> out;
  if (auto it = invoices_by_contract_.find(contract_id); it != invoices_by_contract_.end()) {
    for (size_t i : it->second) out.push_back(&invoices[i]);
  }
  return out;
}

const Address& Dataset::InstallationAddress(const Contract& contract) const {
  if (contract.address) return *contract.address;
  const Customer* customer = FindCustomer(contract.customer_id);
  static const Address kNone;
  return customer ? customer->address : kNone;
}

std::vector<const Customer*> Dataset::FindCustomersByDocument(const std::string& normalised) const {
  std::vector<const Customer*> out;
  if (auto it = customers_by_document_.find(normalised); it != customers_by_document_.end()) {
    for (size_t i : it->second) out.push_back(&customers[i]);
  }
  return out;
}

void Dataset::AddCustomer(Customer customer) {
  size_t i = customers.size();
  customer_index_.emplace(customer.id, i);
  customers_by_document_[customer.document.value()].push_back(i);
  customers.push_back(std::move(customer));
}

void Dataset::AddContract(Contract contract) {
  size_t i = contracts.size();
  contract_index_.emplace(contract.id, i);
  contracts_by_customer_[contract.customer_id].push_back(i);
  contracts.push_back(std::move(contract));
}

void Dataset::AddInvoice(Invoice invoice) {
  size_t i = invoices.size();
  invoice_index_.emplace(invoice.id, i);
  invoices_by_contract_[invoice.contract_id].push_back(i);
  invoices.push_back(std::move(invoice));
}

int64_t Dataset::NextInvoiceId() const {
  int64_t max_id = 0;
  for (const auto& inv : invoices) max_id = std::max(max_id, inv.id);
  return max_id + 1;
}

int64_t Dataset::NextCustomerId() const {
  int64_t max_id = 0;
  for (const auto& c : customers) max_id = std::max(max_id, c.id);
  return max_id + 1;
}

int64_t Dataset::NextContractId() const {
  int64_t max_id = 0;
  for (const auto& c : contracts) max_id = std::max(max_id, c.id);
  return max_id + 1;
}

// One record per line inside a pretty top level: readable diffs, small files, and no JSON tree of
// the whole dataset in memory.
std::string Dataset::ToJson() const {
  std::string out = "{\n \"today\": \"" + today.ToIso() + "\",\n \"isp\": ";
  out += json{{"name", isp.name},      {"document", isp.document},   {"pix_key", isp.pix_key},
              {"city", isp.city},      {"bank_code", isp.bank_code}, {"agency", isp.agency},
              {"account", isp.account}}
             .dump();
  auto section = [&out](const char* name, size_t count, const auto& record_at, bool last) {
    out += ",\n \"";
    out += name;
    out += "\": [";
    for (size_t i = 0; i < count; ++i) {
      out += i == 0 ? "\n  " : ",\n  ";
      out += record_at(i).dump();
    }
    out += count == 0 ? "]" : "\n ]";
    if (last) out += "\n}\n";
  };
  section(
      "plans", plans.size(),
      [&](size_t i) {
        const Plan& p = plans[i];
        return json{{"id", p.id}, {"name", p.name}, {"price", p.price.ToDecimal()}};
      },
      false);
  section(
      "coverage", coverage.size(),
      [&](size_t i) {
        return json{{"zip_prefix", coverage[i].zip_prefix}, {"free_ports", coverage[i].free_ports}};
      },
      false);
  section(
      "customers", customers.size(),
      [&](size_t i) {
        const Customer& c = customers[i];
        json phones = json::array();
        for (const auto& p : c.phones) phones.push_back(p.e164());
        return json{{"id", c.id},
                    {"name", c.name},
                    {"document", c.document.value()},
                    {"birth_date", c.birth_date ? json(c.birth_date->ToIso()) : json(nullptr)},
                    {"phones", phones},
                    {"email", c.email},
                    {"address", AddressJson(c.address)}};
      },
      false);
  section(
      "contracts", contracts.size(),
      [&](size_t i) {
        const Contract& c = contracts[i];
        json unlocks = json::array();
        for (const auto& d : c.trust_unlocks) unlocks.push_back(d.ToIso());
        json promises = json::array();
        for (const auto& p : c.promises) {
          promises.push_back({{"date_made", p.date_made.ToIso()},
                              {"promised_date", p.promised_date.ToIso()},
                              {"kept", p.kept ? json(*p.kept) : json(nullptr)}});
        }
        return json{{"id", c.id},
                    {"customer_id", c.customer_id},
                    {"plan_id", c.plan_id},
                    {"status", ContractStatusName(c.status)},
                    {"address", c.address ? AddressJson(*c.address) : json(nullptr)},
                    {"online", c.online},
                    {"trust_unlocks", unlocks},
                    {"promises", promises}};
      },
      false);
  section(
      "invoices", invoices.size(),
      [&](size_t i) {
        const Invoice& inv = invoices[i];
        return json{{"id", inv.id},
                    {"contract_id", inv.contract_id},
                    {"due_date", inv.due_date.ToIso()},
                    {"amount", inv.amount.ToDecimal()},
                    {"status", InvoiceStatusName(inv.status)},
                    {"paid_date", inv.paid_date ? json(inv.paid_date->ToIso()) : json(nullptr)}};
      },
      true);
  return out;
}

}  // namespace atende::erpsim
