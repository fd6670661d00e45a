// Erp: the port through which atende reads and changes an ISP's ERP (IXC Provedor, SGP, MK-Auth,
// Voalle, HubSoft). Domain operations only: the records are core's Customer, Contract and
// Invoice, and no wire word (table, endpoint, status code) crosses this interface. One adapter per
// ERP lives in erp/<name>/.
//
// Guarantees: every operation returns a value or an Error, never throws and never blocks longer
// than the configured timeouts (the GuardedErp decorator adds a circuit breaker and a concurrency
// cap, so a dead ERP fails in microseconds once the breaker opens). Reads are retried by the HTTP
// layer; writes (trust unlock, promise, ticket) are sent once. Errors: kNotFound (no such record; a
// normal outcome), kUnauthorized (credentials refused), kRefused (a business rule said no, or the
// ERP lacks the operation: see Capabilities), kUnavailable (ERP down, breaker open, too many
// requests in flight), kTimeout, kBadAnswer (a body that cannot be read). The ERP's own code and
// message travel verbatim in Error::detail for the audit log, never to the subscriber. A refusal of
// a trust unlock or promise that the ERP explains is a value (granted = false, with the refusal
// reason), not an error. Threading: implementations are safe for concurrent use from any number of
// threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/contract.h"
#include "core/customer.h"
#include "core/date.h"
#include "core/document.h"
#include "core/invoice.h"
#include "core/money.h"
#include "core/phone.h"
#include "core/result.h"

namespace atende::erp {

// What an ERP can do through its API; the dialogue offers only what is there.
struct Capabilities {
  bool find_by_phone = true;
  bool online_status = true;  // MK-Auth and Voalle do not expose it
  bool promise_to_pay =
      false;  // SGP records a promise with its trust unlock; others have none in the MVP
  bool trust_unlock_days =
      false;  // the caller chooses the days (HubSoft); otherwise the ERP's setting
  bool trust_unlock_refusal_reasons =
      true;                     // MK-Auth says nothing: atende checks eligibility itself
  bool payment_history = true;  // paid invoices readable (eligibility rules)
  bool pdf = true;              // a boleto PDF (bytes or link) can be obtained
};

enum class InvoiceFilter { kOpen, kAll };

struct PaymentDocuments {
  std::string linha_digitavel;   // 47/48 digits, validated with br::DecodePaymentCode
  std::string barcode;           // 44 digits when known
  std::string pix_copia_e_cola;  // validated with br::ParsePix
  std::string pdf_url;           // a public link to the boleto (SGP, MK-Auth page, HubSoft)
  std::string pdf_bytes;  // "%PDF..." when fetched (IXC get_boleto, or the URL when asked to fetch)
  std::string payment_link;          // a gateway or portal link
  std::vector<std::string> dropped;  // codes the ERP sent that failed validation (why, for the log)

  bool empty() const {
    return linha_digitavel.empty() && pix_copia_e_cola.empty() && pdf_url.empty() &&
           pdf_bytes.empty() && payment_link.empty();
  }
};

enum class Refusal {
  kNone,
  kAlreadyActive,
  kLimitReached,
  kContractInactive,
  kNotFound,
  kNotAllowed,
  kOther
};
std::string_view RefusalName(Refusal refusal);

struct TrustUnlockRequest {
  std::optional<int> days;  // honoured only where Capabilities::trust_unlock_days
};

struct TrustUnlockResult {
  bool granted = false;
  std::optional<int> days;
  std::optional<Date> until;
  std::string protocol;
  Refusal refusal = Refusal::kNone;  // kNone when granted
  std::string erp_code;              // verbatim, for logs and the handoff summary
  std::string erp_message;
};

struct PromiseResult {
  bool accepted = false;
  std::optional<Date> promised_date;
  std::string protocol;
  Refusal refusal = Refusal::kNone;
  std::string erp_code;
  std::string erp_message;
};

struct TicketRequest {
  std::string customer_erp_id;
  std::string contract_erp_id;  // may be empty when the subject is not about one contract
  std::string subject;          // short, pt-BR: "Sem conexão"
  std::string text;             // the description written for the ISP's staff
  std::optional<Phone> contact_phone;
};

struct TicketResult {
  std::string protocol;
  std::string erp_id;
  std::string service_order_id;
};

// One paid (or still open) bill of the past, for eligibility rules ("paid the last 3 bills on
// time").
struct PaymentRecord {
  std::string invoice_erp_id;
  Date due_date;
  Money amount;
  InvoiceStatus status = InvoiceStatus::kOpen;
  std::optional<Date> paid_date;
  std::optional<Money> paid_amount;
  bool PaidLate() const { return paid_date && *paid_date > due_date; }
};

struct PaymentHistory {
  std::vector<PaymentRecord> records;  // newest due date first
  std::optional<Date> last_trust_unlock;
};
// A connector's invoice list in the port's order: oldest due date first (stable).
void SortByDueDate(std::vector<Invoice>& invoices);
// What an invoice already carries (linha, barcode, PIX, payment link, a PDF URL): the start of
// every GetPaymentDocuments.
PaymentDocuments DocumentsOf(const Invoice& invoice);

// A history from a connector's invoices: canceled ones left out, newest due date first.
PaymentHistory HistoryOf(const std::vector<Invoice>& invoices,
                         std::optional<Date> last_trust_unlock);

class Erp {
 public:
  virtual ~Erp() = default;

  virtual std::string_view name() const = 0;  // "ixc", "sgp", "mkauth", "voalle", "hubsoft"
  virtual Capabilities capabilities() const = 0;

  // Customers whose stored document is `document` (usually one; ERPs allow duplicates). Empty list
  // when none.
  virtual Result<std::vector<Customer>> FindCustomersByDocument(const Document& document) = 0;
  // Customers with a registered phone on the same line as `phone` (last 8 digits, then DDD; §6.7).
  virtual Result<std::vector<Customer>> FindCustomersByPhone(const Phone& phone) = 0;
  // The customer's contracts, every status included, with online state where the ERP exposes it.
  virtual Result<std::vector<Contract>> ListContracts(const Customer& customer) = 0;
  // The contract's invoices, oldest due date first. kOpen: open ones only (overdue flagged).
  virtual Result<std::vector<Invoice>> ListInvoices(const Contract& contract,
                                                    InvoiceFilter filter) = 0;
  // Linha digitável, PIX and PDF of one open invoice; with fetch_pdf the PDF bytes are downloaded
  // too.
  virtual Result<PaymentDocuments> GetPaymentDocuments(const Contract& contract,
                                                       const Invoice& invoice, bool fetch_pdf) = 0;
  virtual Result<TrustUnlockResult> TrustUnlock(const Contract& contract,
                                                const TrustUnlockRequest& request) = 0;
  // Where !capabilities().promise_to_pay: kRefused.
  virtual Result<PromiseResult> PromiseToPay(const Contract& contract, Date promised_date) = 0;
  virtual Result<TicketResult> OpenTicket(const TicketRequest& request) = 0;
  // Where !capabilities().payment_history: the open invoices only, plus what the ERP says about
  // unlocks.
  virtual Result<PaymentHistory> GetPaymentHistory(const Contract& contract) = 0;
};

}  // namespace atende::erp
