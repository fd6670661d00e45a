// Dataset: the simulator's own neutral model of one ISP (specs/erpsim-data.md) — subscribers,
// contracts, invoices — loaded from JSON with validation or generated, then rendered by each ERP
// flavor in its wire format. A dataset that breaks the rules is refused with a message naming the
// record and the field
// ("customers[3].document: CPF check digits wrong"). Plain data; not thread-safe (the Simulator
// guards it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "core/document.h"
#include "core/money.h"
#include "core/phone.h"
#include "core/result.h"

namespace atende::erpsim {

struct Address {
  std::string street, number, complement, district, city, state, zip;  // zip: 8 digits
};

struct Isp {
  std::string name, document, pix_key, city, bank_code, agency, account;
};

struct Plan {
  int64_t id = 0;
  std::string name;
  Money price;
};

struct Coverage {
  std::string zip_prefix;
  int free_ports = 0;
};

struct Customer {
  int64_t id = 0;
  std::string name;
  Document document = *Document::Parse("52998224725");
  std::optional<Date> birth_date;
  std::vector<Phone> phones;  // the first is the mobile / WhatsApp number
  std::string email;
  Address address;
};

enum class ContractStatus { kActive, kBlocked, kReduced, kSuspended, kCanceled, kTrustUnlocked };
std::string_view ContractStatusName(ContractStatus status);  // "trust_unlocked"

struct Promise {
  Date date_made;
  Date promised_date;
  std::optional<bool> kept;  // nullopt: not yet due
};

struct Contract {
  int64_t id = 0;
  int64_t customer_id = 0;
  int64_t plan_id = 0;
  ContractStatus status = ContractStatus::kActive;
  std::optional<Address> address;  // installation address when different from the customer's
  bool online = false;
  std::vector<Date> trust_unlocks;
  std::vector<Promise> promises;
};

enum class InvoiceStatus { kOpen, kPaid, kCanceled };
std::string_view InvoiceStatusName(InvoiceStatus status);  // "open"

struct Invoice {
  int64_t id = 0;
  int64_t contract_id = 0;
  Date due_date;
  Money amount;
  InvoiceStatus status = InvoiceStatus::kOpen;
  std::optional<Date> paid_date;
};

class Dataset {
 public:
  Date today;
  Isp isp;
  std::vector<Plan> plans;
  std::vector<Coverage> coverage;
  std::vector<Customer> customers;
  std::vector<Contract> contracts;
  std::vector<Invoice> invoices;

  // Parses and validates the JSON text of erpsim-data.md; builds the indexes.
  static Result<Dataset> FromJson(std::string_view json_text);
  static Result<Dataset> Load(const std::string& path);
  std::string ToJson() const;  // the same format, for `--generate` dumps and round trips

  // Checks every cross reference and field rule; FromJson calls it, the generator's tests too.
  Status Validate() const;
  // Rebuilds the id indexes; call after adding records.
  void Reindex();

  const Customer* FindCustomer(int64_t id) const;
  const Contract* FindContract(int64_t id) const;
  Contract* FindContract(int64_t id);
  const Invoice* FindInvoice(int64_t id) const;
  const Plan* FindPlan(int64_t id) const;
  // Contracts of a customer and invoices of a contract, in dataset order.
  std::vector<const Contract*> ContractsOf(int64_t customer_id) const;
  std::vector<const Invoice*> InvoicesOf(int64_t contract_id) const;
  // The installation address: the contract's own, else the customer's.
  const Address& InstallationAddress(const Contract& contract) const;

  // By normalised document (digits / upper-case alphanumerics); every customer with that document.
  std::vector<const Customer*> FindCustomersByDocument(const std::string& normalised) const;

  // Append a record and index it (ids must be new; callers check).
  void AddCustomer(Customer customer);
  void AddContract(Contract contract);
  void AddInvoice(Invoice invoice);

  int64_t NextCustomerId() const;
  int64_t NextContractId() const;
  int64_t NextInvoiceId() const;

 private:
  std::unordered_map<int64_t, size_t> customer_index_, contract_index_, invoice_index_, plan_index_;
  std::unordered_map<int64_t, std::vector<size_t>> contracts_by_customer_, invoices_by_contract_;
  std::unordered_map<std::string, std::vector<size_t>> customers_by_document_;
};

}  // namespace atende::erpsim
