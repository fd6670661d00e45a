#include "server/payment_watcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace atende::server {
namespace {

// Every customer the watch may mean: by document when identified, else by the subscriber's phone.
Result<std::vector<Customer>> Customers(erp::Erp& erp, const store::PaymentWatch& watch) {
  if (!watch.document.empty()) {
    auto document = Document::Parse(watch.document);
    if (!document.ok()) return document.error();
    return erp.FindCustomersByDocument(*document);
  }
  auto phone = Phone::Parse("+" + watch.recipient);
  if (!phone.ok()) return phone.error();
  return erp.FindCustomersByPhone(*phone);
}

// The watched contract, or nullopt when the ERP no longer knows it.
Result<std::optional<Contract>> FindContract(erp::Erp& erp, const store::PaymentWatch& watch) {
  auto customers = Customers(erp, watch);
  if (!customers.ok()) return customers.error();
  for (const Customer& customer : *customers) {
    if (!watch.customer_id.empty() && customer.erp_id != watch.customer_id) continue;
    auto contracts = erp.ListContracts(customer);
    if (!contracts.ok()) return contracts.error();
    for (const Contract& contract : *contracts) {
      if (contract.erp_id == watch.contract_id) return std::optional<Contract>(contract);
    }
  }
  return std::optional<Contract>();
}

}  // namespace

PaymentWatcher::PaymentWatcher(store::Store& store, TenantLookup tenants, Notifier& notifier,
                               Metrics& metrics, const Clock& wall, PaymentWatchOptions options)
    : store_(store),
      tenants_(std::move(tenants)),
      notifier_(notifier),
      metrics_(metrics),
      wall_(wall),
      options_(options) {}

PaymentWatcher::~PaymentWatcher() { Stop(); }

void PaymentWatcher::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void PaymentWatcher::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void PaymentWatcher::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    CheckDue();
    lock.lock();
    cv_.wait_for(lock, options_.tick, [this] { return stopping_; });
  }
}

int PaymentWatcher::CheckDue() {
  auto due = store_.DueWatches(wall_.Now(), 50);
  if (!due.ok()) {
    spdlog::error("payment poller: {}", due.error().message);
    return 0;
  }
  int checked = 0;
  for (store::PaymentWatch& watch : *due) {
    const Tenant* tenant = tenants_(watch.tenant);
    if (tenant == nullptr || !tenant->agent || tenant->payment_poll.count() <= 0) {
      (void)store_.EndWatch(watch.conversation);  // nobody to poll for: the watch is moot
      continue;
    }
    std::string lease = "watch:" + watch.conversation;
    if (!options_.instance.empty()) {
      TimePoint now = wall_.Now();
      auto taken = store_.AcquireLease(lease, options_.instance, now, now + options_.lease);
      if (!taken.ok() || !*taken) continue;  // another process is checking it
    }
    Check(*tenant, std::move(watch));
    ++checked;
    if (!options_.instance.empty()) (void)store_.ReleaseLease(lease, options_.instance);
  }
  return checked;
}

void PaymentWatcher::Check(const Tenant& tenant, store::PaymentWatch watch) {
  TimePoint now = wall_.Now();
  metrics_.Add("atende_payment_checks_total", "tenant=\"" + tenant.id + "\"");
  auto later = [&] {
    if (now >= watch.until) {
      (void)store_.EndWatch(watch.conversation);
      return;
    }
    watch.next_check = now + tenant.payment_poll;
    if (Status s = store_.SaveWatch(watch); !s.ok())
      spdlog::error("payment poller: {}", s.error().message);
  };
  erp::Erp& erp = tenant.agent->erp();
  auto contract = FindContract(erp, watch);
  if (!contract.ok()) return later();  // the ERP is down or slow: try again next time
  if (!contract->has_value()) {
    (void)store_.EndWatch(watch.conversation);
    return;
  }
  auto invoices = erp.ListInvoices(**contract, erp::InvoiceFilter::kAll);
  if (!invoices.ok()) return later();
  bool held_now = (*contract)->BlockedForDebt();

  if (!watch.open_invoices) {  // the first reading: what is there to wait for
    std::vector<std::string> open;
    for (const Invoice& i : *invoices) {
      if (i.status == InvoiceStatus::kOpen) open.push_back(i.erp_id);
    }
    watch.open_invoices = std::move(open);
    watch.held = held_now;
  }
  auto phone = Phone::Parse("+" + watch.recipient);
  if (!phone.ok()) {
    (void)store_.EndWatch(watch.conversation);
    return;
  }
  const dialogue::MessageCatalog& messages = tenant.agent->messages();
  std::vector<std::string> still_open;
  for (const std::string& id : *watch.open_invoices) {
    auto it = std::find_if(invoices->begin(), invoices->end(),
                           [&](const Invoice& i) { return i.erp_id == id; });
    if (it == invoices->end() || it->status == InvoiceStatus::kCanceled) continue;
    if (it->status == InvoiceStatus::kOpen) {
      still_open.push_back(id);
      continue;
    }
    std::string amount = it->paid_amount.value_or(it->AmountDue()).ToDisplay();
    std::string label = it->document_number.empty() ? it->erp_id : it->document_number;
    Notice notice{"payment:" + tenant.id + ":" + it->erp_id,
                  messages.Get("payment_received", {{"valor", amount}, {"fatura", label}}),
                  tenant.payment_template,
                  {amount, label}};
    auto sent = notifier_.Send(tenant, *phone, notice);
    if (!sent.ok()) {  // not recorded: keep it for the next check
      still_open.push_back(id);
      continue;
    }
    watch.paid = true;
    metrics_.Add("atende_payments_total", "result=\"polled\"");
    spdlog::info("payment poller: invoice {} paid, {} notified", it->erp_id, phone->Masked());
  }
  watch.open_invoices = std::move(still_open);

  if (held_now) watch.held = true;
  if (watch.held && (*contract)->status == ContractStatus::kActive) {
    Notice notice{"released:" + tenant.id + ":" + watch.contract_id + ":" +
                      std::to_string(watch.since.time_since_epoch().count()),
                  messages.Get("service_released"),
                  tenant.released_template,
                  {}};
    if (notifier_.Send(tenant, *phone, notice).ok()) {
      watch.held = false;
      metrics_.Add("atende_releases_notified_total", "tenant=\"" + tenant.id + "\"");
      spdlog::info("payment poller: contract released, {} notified", phone->Masked());
    }
  }
  if (watch.open_invoices->empty() && !watch.held) {
    (void)store_.EndWatch(watch.conversation);
    return;
  }
  later();
}

}  // namespace atende::server
