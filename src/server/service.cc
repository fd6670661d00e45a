#include "server/service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "agent/state_codec.h"
#include "channel/crypto.h"
#include "server/inbound_event.h"
#include "server/outbound_content.h"

namespace atende::server {
namespace {

using nlohmann::json;

http::Response JsonReply(int status, const json& body) {
  return http::Response::Json(status, body.dump() + "\n");
}
http::Response Problem(int status, const std::string& message) {
  return JsonReply(status, {{"error", message}});
}

channel::WebhookRequest ToWebhookRequest(const http::Request& request) {
  channel::WebhookRequest out{request.path, {}, request.body};
  for (const auto& [name, value] : request.headers) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[lower] = value;
  }
  return out;
}

store::DeliveryState ToStoreState(channel::DeliveryState state) {
  switch (state) {
    case channel::DeliveryState::kSent:
      return store::DeliveryState::kSent;
    case channel::DeliveryState::kDelivered:
      return store::DeliveryState::kDelivered;
    case channel::DeliveryState::kRead:
      return store::DeliveryState::kRead;
    case channel::DeliveryState::kFailed:
      return store::DeliveryState::kFailed;
  }
  return store::DeliveryState::kSent;
}

// What may go out once the 24-hour window has closed: the tenant's approved templates.
std::vector<ApprovedTemplate> AllowedTemplates(const Tenant& tenant) {
  std::vector<ApprovedTemplate> allowed = tenant.templates;
  if (!tenant.payment_template.empty()) allowed.push_back({tenant.payment_template, 2, "pt_BR"});
  if (!tenant.released_template.empty()) allowed.push_back({tenant.released_template, 0, "pt_BR"});
  if (!tenant.reopen_template.empty()) allowed.push_back({tenant.reopen_template, 0, "pt_BR"});
  return allowed;
}

json TemplatesJson(const std::vector<ApprovedTemplate>& templates) {
  json list = json::array();
  for (const ApprovedTemplate& t : templates)
    list.push_back({{"name", t.name}, {"parameters", t.parameters}, {"language", t.language}});
  return list;
}

// The instance name reaches every part that takes leases.
ServiceOptions WithInstance(ServiceOptions options) {
  options.dispatcher.instance = options.instance;
  options.outbox.instance = options.instance;
  options.payments.instance = options.instance;
  return options;
}

Result<Phone> PhoneFromPath(std::string text) {
  if (!text.empty() && text[0] != '+') text = "+" + text;
  return Phone::Parse(text);
}

}  // namespace

std::string HmacSha256Hex(std::string_view key, std::string_view body) {
  return channel::HexLower(channel::HmacSha256(key, body));
}

Service::Service(ServiceOptions options, store::Store& store, std::vector<Tenant> tenants,
                 const Clock& wall)
    : options_(WithInstance(std::move(options))),
      store_(store),
      tenants_(std::move(tenants)),
      wall_(wall),
      sender_(
          store, [this](const std::string& id) { return FindTenant(id); }, metrics_, wall,
          options_.outbox),
      notifier_(store, wall, options_.outbox.window, [this] { sender_.Notify(); }),
      watcher_(
          store, [this](const std::string& id) { return FindTenant(id); }, notifier_, metrics_,
          wall, options_.payments),
      dispatcher_(
          store, [this](const std::string& id) { return FindTenant(id); }, metrics_, wall,
          options_.dispatcher, [this] { sender_.Notify(); }) {
  router_.Add("GET", "/healthz",
              [](const http::Request&) { return http::Response::Text(200, "ok\n"); });
  router_.Add("GET", "/readyz", [this](const http::Request&) {
    auto depth = store_.OutboxDepth();
    return depth.ok() ? http::Response::Text(200, "ready\n")
                      : http::Response::Text(503, "store unavailable\n");
  });
  router_.Add("GET", "/metrics", [this](const http::Request&) {
    return http::Response::Text(200, metrics_.Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  router_.Add("GET", "/webhooks/whatsapp", [this](const http::Request& r) { return Handshake(r); });
  router_.Add("POST", "/webhooks/whatsapp", [this](const http::Request& r) {
    return Timed("whatsapp", [&] { return CloudWebhook(r); });
  });
  router_.AddPrefix("POST", "/webhooks/evolution/", [this](const http::Request& r) {
    return Timed("evolution", [&] { return EvolutionWebhook(r); });
  });
  router_.Add("POST", "/webhooks/payments",
              [this](const http::Request& r) { return PaymentWebhook(r); });
  router_.AddPrefix("*", "/api/", [this](const http::Request& r) { return Admin(r); });
  for (Tenant& t : tenants_) {  // ERP calls and breaker state, from the first turn on
    if (t.agent) t.agent->AttachMetrics(metrics_);
  }
  metrics_.AddGauge("atende_outbox_depth", "Outbox messages waiting to be sent", [this] {
    auto depth = store_.OutboxDepth();
    return depth.ok() ? static_cast<double>(*depth) : -1.0;
  });
  metrics_.AddGauge("atende_handoffs_active", "Conversations with a human now", [this] {
    auto active = store_.ActiveHandoffs();
    return active.ok() ? static_cast<double>(active->size()) : -1.0;
  });
}

Result<std::unique_ptr<Service>> Service::Start(ServiceOptions options, store::Store& store,
                                                std::vector<Tenant> tenants, const Clock& wall) {
  std::unique_ptr<Service> service(
      new Service(std::move(options), store, std::move(tenants), wall));
  if (Status s = service->dispatcher_.Start(); !s.ok()) return s.error();
  service->sender_.Start();
  service->watcher_.Start();
  Service* self = service.get();
  auto server = http::Server::Start(service->options_.http,
                                    [self](const http::Request& r) { return self->Handle(r); });
  if (!server.ok()) return server.error();
  service->server_ = std::move(server).value();
  return service;
}

Service::~Service() { Stop(); }

void Service::Stop() {
  if (server_) server_->Stop();
  dispatcher_.Stop();
  watcher_.Stop();
  sender_.Stop();
}

uint16_t Service::port() const { return server_ ? server_->port() : 0; }

bool Service::Idle() {
  if (!dispatcher_.Idle()) return false;
  auto depth = store_.OutboxDepth();
  return depth.ok() && *depth == 0;
}

http::Response Service::Handle(const http::Request& request) {
  try {
    return router_.Route(request);
  } catch (const std::exception& e) {  // a handler bug must not take the service down
    spdlog::error("{} {}: {}", request.method, request.path, e.what());
    return Problem(500, "erro interno");
  }
}

const Tenant* Service::FindTenant(const std::string& id) const {
  for (const Tenant& t : tenants_) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const Tenant* Service::FindByChannelKey(const std::string& provider, const std::string& key) const {
  for (const Tenant& t : tenants_) {
    if (t.provider == provider && t.channel_key == key) return &t;
  }
  return nullptr;
}

http::Response Service::Handshake(const http::Request& request) {
  std::string mode = request.Query("hub.mode").value_or("");
  std::string token = request.Query("hub.verify_token").value_or("");
  std::string challenge = request.Query("hub.challenge").value_or("");
  bool known = false;
  for (const Tenant& t : tenants_) {
    known = known || (t.provider == "whatsapp" && !t.verify_token.empty() &&
                      channel::ConstantTimeEquals(t.verify_token, token));
  }
  if (mode != "subscribe" || !known) {
    metrics_.Add("atende_webhooks_rejected_total", "reason=\"verify_token\"");
    spdlog::warn("webhook handshake refused from {}", request.remote_address);
    return http::Response::Text(403, "forbidden\n");
  }
  return http::Response::Text(200, challenge);
}

http::Response Service::Timed(const char* provider, const std::function<http::Response()>& handle) {
  auto started = std::chrono::steady_clock::now();
  http::Response response = handle();
  metrics_.Observe(
      "atende_webhook_seconds", Labels({{"provider", provider}}),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return response;
}

http::Response Service::CloudWebhook(const http::Request& request) {
  // One Meta app usually serves several numbers. The body is parsed by a tenant whose app secret
  // verifies it, and each event is taken only for a tenant whose own secret verified it: one ISP's
  // app cannot post into another's conversations.
  channel::WebhookRequest webhook = ToWebhookRequest(request);
  std::vector<const Tenant*> verified;
  for (const Tenant& t : tenants_) {
    if (t.provider == "whatsapp" && t.channel && t.channel->VerifyWebhook(webhook).ok())
      verified.push_back(&t);
  }
  if (!verified.empty()) return Ingest(request, verified, "whatsapp");
  metrics_.Add("atende_webhooks_rejected_total", "reason=\"signature\"");
  spdlog::warn("whatsapp webhook with a bad signature from {}", request.remote_address);
  return http::Response::Text(401, "invalid signature\n");
}

http::Response Service::EvolutionWebhook(const http::Request& request) {
  std::string instance = request.path.substr(std::string("/webhooks/evolution/").size());
  if (auto slash = instance.find('/'); slash != std::string::npos)
    instance.resize(slash);  // /{instance}/{event}
  const Tenant* tenant = FindByChannelKey("evolution", instance);
  if (tenant == nullptr || !tenant->channel) {
    metrics_.Add("atende_webhooks_rejected_total", "reason=\"unknown_instance\"");
    return http::Response::Text(404, "unknown instance\n");
  }
  if (!tenant->channel->VerifyWebhook(ToWebhookRequest(request)).ok()) {
    metrics_.Add("atende_webhooks_rejected_total", "reason=\"signature\"");
    spdlog::warn("evolution webhook for {} with a bad apikey from {}", instance,
                 request.remote_address);
    return http::Response::Text(401, "invalid apikey\n");
  }
  return Ingest(request, {tenant}, "evolution");
}

http::Response Service::Ingest(const http::Request& request,
                               const std::vector<const Tenant*>& verified,
                               const std::string& provider) {
  auto batch = verified.front()->channel->ParseWebhook(request.body);
  if (!batch.ok()) {
    metrics_.Add("atende_webhooks_rejected_total", "reason=\"malformed\"");
    spdlog::warn("{} webhook refused ({} bytes): {}", provider, request.body.size(),
                 batch.error().message);
    return http::Response::Text(400, "malformed webhook\n");
  }
  // The tenant an event names, if its own credentials verified this request.
  auto authorised = [&](const std::string& key) -> const Tenant* {
    const Tenant* tenant = FindByChannelKey(provider, key);
    if (tenant == nullptr) {
      spdlog::warn("{} event for unknown {} '{}' ignored", provider,
                   provider == "whatsapp" ? "number" : "instance", key);
      return nullptr;
    }
    if (std::find(verified.begin(), verified.end(), tenant) == verified.end()) {
      metrics_.Add("atende_webhooks_rejected_total", "reason=\"other_tenant\"");
      spdlog::warn("{} event for tenant {} not signed with its own credentials: ignored", provider,
                   tenant->id);
      return nullptr;
    }
    return tenant;
  };
  TimePoint now = wall_.Now();
  for (const channel::InboundMessage& m : batch->messages) {
    const Tenant* tenant = authorised(m.tenant_key);
    if (tenant == nullptr) continue;
    if (!m.from || m.provider_message_id.empty()) {
      metrics_.Add("atende_webhooks_rejected_total", "reason=\"no_sender\"");
      continue;
    }
    store::InboxRow row{
        0,  tenant->id, tenant->ConversationKey(*m.from), m.provider_message_id, EncodeInbound(m),
        now};
    auto appended = store_.AppendInbox(row);
    if (!appended.ok()) {  // not stored: the provider must retry, so no 200
      spdlog::error("inbox write failed: {}", appended.error().message);
      return http::Response::Text(503, "try again\n");
    }
    if (!appended->has_value()) {
      metrics_.Add("atende_messages_duplicate_total");
      continue;
    }
    row.id = **appended;
    metrics_.Add("atende_messages_in_total", "tenant=\"" + tenant->id + "\"");
    dispatcher_.Enqueue(std::move(row));
  }
  // Evolution: messages sent from the business number. atende's own sends come back this way; any
  // other means a person answered from the phone, and the dispatcher hands the conversation over.
  for (const channel::InboundMessage& m : batch->own_messages) {
    const Tenant* tenant = authorised(m.tenant_key);
    if (tenant == nullptr || !m.from || m.provider_message_id.empty()) continue;
    store::InboxRow row{
        0,  tenant->id, tenant->ConversationKey(*m.from), m.provider_message_id, EncodeInbound(m),
        now};
    auto appended = store_.AppendInbox(row);
    if (!appended.ok()) {
      spdlog::error("inbox write failed: {}", appended.error().message);
      return http::Response::Text(503, "try again\n");
    }
    if (!appended->has_value()) continue;
    row.id = **appended;
    metrics_.Add("atende_own_messages_total", "tenant=\"" + tenant->id + "\"");
    dispatcher_.Enqueue(std::move(row));
  }
  for (const channel::StatusUpdate& s : batch->statuses) {
    if (authorised(s.tenant_key) == nullptr) continue;
    metrics_.Add("atende_status_updates_total",
                 "state=\"" + std::string(store::DeliveryStateName(ToStoreState(s.state))) + "\"");
    std::string error = s.error_code.empty() ? "" : s.error_code + " " + s.error_title;
    auto updated =
        store_.UpdateDelivery(s.provider_message_id, ToStoreState(s.state), error, s.callback_data);
    if (!updated.ok()) spdlog::error("delivery update failed: {}", updated.error().message);
  }
  return http::Response::Text(200, "ok\n");
}

http::Response Service::PaymentWebhook(const http::Request& request) {
  json event = json::parse(request.body, nullptr, false);
  if (event.is_discarded() || !event.is_object()) {
    metrics_.Add("atende_payments_total", "result=\"malformed\"");
    spdlog::warn("payment webhook: body is not a JSON object ({} bytes)", request.body.size());
    return Problem(400, "body is not a JSON object");
  }
  auto field = [&](const char* key) {
    const json* v = event.contains(key) ? &event[key] : nullptr;
    return v != nullptr && v->is_string() ? v->get<std::string>() : std::string();
  };
  const Tenant* tenant = FindTenant(field("tenant"));
  std::string signature = request.Header("X-Atende-Signature");
  if (signature.starts_with("sha256=")) signature = signature.substr(7);
  if (tenant == nullptr || tenant->payments_secret.empty() ||
      !channel::ConstantTimeEquals(signature,
                                   HmacSha256Hex(tenant->payments_secret, request.body))) {
    metrics_.Add("atende_payments_total", "result=\"unauthorized\"");
    spdlog::warn("payment webhook with a bad signature or unknown tenant from {}",
                 request.remote_address);
    return Problem(401, "invalid signature");
  }
  std::string invoice = field("invoice_id");
  std::string contract = field("contract_id");
  auto amount = Money::ParseDecimal(field("amount"));
  auto phone = Phone::Parse(field("phone"));
  if (invoice.empty() || !amount.ok() || !phone.ok()) {
    metrics_.Add("atende_payments_total", "result=\"malformed\"");
    return Problem(400, "invoice_id, amount (\"89.90\") and phone (E.164) are required");
  }
  Notice notice{
      "payment:" + tenant->id + ":" + invoice,
      tenant->agent
          ? tenant->agent->messages().Get("payment_received",
                                          {{"valor", amount->ToDisplay()}, {"fatura", invoice}})
          : dialogue::MessageCatalog().Get("payment_received",
                                           {{"valor", amount->ToDisplay()}, {"fatura", invoice}}),
      tenant->payment_template,
      {amount->ToDisplay(), invoice}};
  // With the contract named, the poller follows it until the ERP releases it.
  std::optional<store::PaymentWatch> watch;
  if (!contract.empty() && tenant->payment_poll.count() > 0) {
    TimePoint now = wall_.Now();
    watch = store::PaymentWatch{tenant->ConversationKey(*phone),
                                tenant->id,
                                phone->e164().substr(1),
                                "",
                                "",
                                contract,
                                std::nullopt,
                                false,
                                true,
                                now,
                                now + options_.dispatcher.payment_watch,
                                now};
  }
  auto sent = notifier_.Send(*tenant, *phone, notice, std::move(watch));
  if (!sent.ok()) return Problem(503, "store unavailable");
  switch (*sent) {
    case NoticeOutcome::kDuplicate:
      metrics_.Add("atende_payments_total", "result=\"duplicate\"");
      return JsonReply(200, {{"status", "duplicate"}});
    case NoticeOutcome::kOutsideWindow:
      metrics_.Add("atende_payments_total", "result=\"outside_window\"");
      return JsonReply(200, {{"status", "outside_window"}});
    case NoticeOutcome::kQueued:
      break;
  }
  metrics_.Add("atende_payments_total", "result=\"notified\"");
  spdlog::info("payment of invoice {} notified to {}", invoice, phone->Masked());
  return JsonReply(200, {{"status", "notified"}});
}

http::Response Service::Admin(const http::Request& request) {
  std::string auth = request.Header("Authorization");
  bool allowed = false;
  if (auth.starts_with("Bearer ")) {
    std::string token = auth.substr(7);
    for (const std::string& t : options_.admin_tokens)
      allowed = allowed || channel::ConstantTimeEquals(t, token);
  }
  if (!allowed) return Problem(401, "missing or invalid bearer token");

  if (request.path == "/api/handoffs") {
    if (request.method != "GET") return Problem(405, "method not allowed");
    auto handoffs = store_.ActiveHandoffs();
    if (!handoffs.ok()) return Problem(503, "store unavailable");
    json list = json::array();
    for (const store::HandoffRow& h : *handoffs) {
      std::string phone = "+" + h.recipient;
      list.push_back(
          {{"tenant", h.tenant},
           {"phone", phone},
           {"reason", h.reason},
           {"since", FormatUtc(h.since)},
           {"reply", "/api/conversations/" + h.tenant + "/" + h.recipient + "/reply"},
           {"release", "/api/conversations/" + h.tenant + "/" + h.recipient + "/release"}});
    }
    return JsonReply(200, {{"handoffs", list}});
  }
  // /api/conversations/{tenant}/{phone}/{reply|release}
  const std::string prefix = "/api/conversations/";
  if (request.path.starts_with(prefix)) {
    std::string rest = request.path.substr(prefix.size());
    size_t a = rest.find('/');
    size_t b = a == std::string::npos ? a : rest.find('/', a + 1);
    if (b != std::string::npos) {
      const Tenant* tenant = FindTenant(rest.substr(0, a));
      auto phone = PhoneFromPath(rest.substr(a + 1, b - a - 1));
      std::string action = rest.substr(b + 1);
      if (tenant == nullptr) return Problem(404, "unknown tenant");
      if (!phone.ok()) return Problem(400, "invalid phone: " + phone.error().message);
      if (action == "messages" && request.method == "GET") return AdminMessages(*tenant, *phone);
      if (request.method != "POST") return Problem(405, "method not allowed");
      if (action == "reply") return AdminReply(*tenant, *phone, request);
      if (action == "release") return AdminRelease(*tenant, *phone);
      if (action == "takeover") return AdminTakeover(*tenant, *phone, request);
    }
  }
  return Problem(404, "no such route");
}

http::Response Service::AdminReply(const Tenant& tenant, const Phone& phone,
                                   const http::Request& request) {
  json body = json::parse(request.body, nullptr, false);
  const char* kShape =
      "body must be {\"text\": \"...\"} or {\"template\": \"name\", \"parameters\": [...]}, with "
      "an "
      "optional \"id\" (idempotency key)";
  if (body.is_discarded() || !body.is_object()) return Problem(400, kShape);
  bool is_text =
      body.contains("text") && body["text"].is_string() && !body["text"].get<std::string>().empty();
  bool is_template = body.contains("template") && body["template"].is_string();
  if (is_text == is_template) return Problem(400, kShape);
  std::string conversation = tenant.ConversationKey(phone);
  TimePoint now = wall_.Now();
  channel::OutboundContent content;
  std::vector<ApprovedTemplate> allowed = AllowedTemplates(tenant);
  if (is_template) {
    std::string name = body["template"].get<std::string>();
    std::vector<std::string> parameters;
    if (body.contains("parameters")) {
      if (!body["parameters"].is_array()) return Problem(400, "parameters must be a list of texts");
      for (const json& p : body["parameters"]) {
        if (!p.is_string()) return Problem(400, "parameters must be a list of texts");
        parameters.push_back(p.get<std::string>());
      }
    }
    auto spec = std::find_if(allowed.begin(), allowed.end(),
                             [&](const ApprovedTemplate& t) { return t.name == name; });
    if (spec == allowed.end()) {
      return JsonReply(400, {{"error", "template '" + name + "' is not approved for this tenant"},
                             {"templates", TemplatesJson(allowed)}});
    }
    if (static_cast<int>(parameters.size()) != spec->parameters) {
      return Problem(
          400, "template '" + name + "' takes " + std::to_string(spec->parameters) + " parameters");
    }
    content = channel::OutTemplate{name, spec->language, parameters};
  } else {
    if (tenant.provider == "whatsapp") {
      auto last = store_.LastInbound(conversation);
      if (!last.ok()) return Problem(503, "store unavailable");
      if (!last->has_value() || now - **last > options_.outbox.window) {
        return JsonReply(409, {{"error",
                                "the 24-hour window is closed: only an approved template may be "
                                "sent"},
                               {"templates", TemplatesJson(allowed)}});
      }
    }
    content = channel::OutText{body["text"].get<std::string>()};
  }
  std::string id = body.value("id", std::to_string(now.time_since_epoch().count()));
  store::TurnCommit commit;
  commit.conversation = conversation;
  commit.at = now;
  commit.effect_key = "agent-reply:" + tenant.id + ":" + id;
  commit.outbox.push_back(OutboxRowFor(tenant.id, conversation, phone.e164().substr(1),
                                       commit.effect_key, content, now));
  auto committed = store_.CommitTurn(commit);
  if (!committed.ok()) return Problem(503, "store unavailable");
  sender_.Notify();
  return JsonReply(*committed ? 202 : 200, {{"status", *committed ? "queued" : "duplicate"}});
}

http::Response Service::AdminMessages(const Tenant& tenant, const Phone& phone) {
  std::string conversation = tenant.ConversationKey(phone);
  auto inbound = store_.ReadInbox(conversation, 100);
  auto outbound = store_.ReadOutbox(conversation);
  if (!inbound.ok() || !outbound.ok()) return Problem(503, "store unavailable");
  json in = json::array();
  for (const store::InboxRow& row : *inbound) {
    auto m = DecodeInbound(row.payload);
    if (!m.ok()) continue;
    in.push_back({{"id", row.provider_message_id},
                  {"at", FormatUtc(row.received_at)},
                  {"text", m->text.empty() ? m->reply_title : m->text},
                  {"reply_id", m->reply_id},
                  {"media", !m->media_id.empty()},
                  {"from_business", m->from_me}});
  }
  json out = json::array();
  size_t first = outbound->size() > 100 ? outbound->size() - 100 : 0;
  for (size_t i = first; i < outbound->size(); ++i) {
    const store::OutboxRow& row = (*outbound)[i];
    json content = json::parse(row.payload, nullptr, false);
    out.push_back({{"idempotency_key", row.idempotency_key},
                   {"state", store::DeliveryStateName(row.state)},
                   {"attempts", row.attempts},
                   {"content", content.is_discarded() ? json() : content},
                   {"error", row.last_error}});
  }
  auto handoff = store_.FindHandoff(conversation);
  auto last = store_.LastInbound(conversation);
  if (!last.ok()) return Problem(503, "store unavailable");
  TimePoint now = wall_.Now();
  bool window_open = tenant.provider != "whatsapp" ||
                     (last->has_value() && now - **last <= options_.outbox.window);
  json window = {{"open", window_open}};
  if (last->has_value() && tenant.provider == "whatsapp")
    window["closes_at"] = FormatUtc(**last + options_.outbox.window);
  return JsonReply(200, {{"tenant", tenant.id},
                         {"phone", phone.e164()},
                         {"in_handoff", handoff.ok() && handoff->has_value()},
                         {"window", window},
                         {"templates", TemplatesJson(AllowedTemplates(tenant))},
                         {"inbound", in},
                         {"outbound", out}});
}

http::Response Service::AdminTakeover(const Tenant& tenant, const Phone& phone,
                                      const http::Request& request) {
  std::string reason = "assumida por um atendente";
  if (!request.body.empty()) {
    json body = json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() ||
        (body.contains("reason") && !body["reason"].is_string())) {
      return Problem(400, "body must be empty or {\"reason\": \"...\"}");
    }
    reason = body.value("reason", reason);
  }
  std::string conversation = tenant.ConversationKey(phone);
  auto existing = store_.FindHandoff(conversation);
  if (!existing.ok()) return Problem(503, "store unavailable");
  if (existing->has_value()) return JsonReply(200, {{"status", "already_with_a_person"}});
  store::TurnCommit commit;
  commit.conversation = conversation;
  commit.at = wall_.Now();
  commit.handoff =
      store::HandoffRow{tenant.id, conversation, phone.e164().substr(1), reason, commit.at};
  auto committed = store_.CommitTurn(commit);
  if (!committed.ok()) return Problem(503, "store unavailable");
  metrics_.Add("atende_handoffs_total", "tenant=\"" + tenant.id + R"(",reason="takeover")");
  spdlog::info("conversation {} taken over by a person", phone.Masked());
  return JsonReply(200, {{"status", "taken"}});
}

http::Response Service::AdminRelease(const Tenant& tenant, const Phone& phone) {
  std::string conversation = tenant.ConversationKey(phone);
  auto stored = store_.LoadConversation(conversation);
  if (!stored.ok()) return Problem(503, "store unavailable");
  dialogue::ConversationState state;
  if (stored->has_value()) {
    auto decoded = agent::DecodeState(**stored);
    if (decoded.ok()) state = *decoded;
  }
  state.phase = dialogue::Phase::kIdle;
  state.handoff_reason.clear();
  state.misunderstood = 0;
  auto ended = store_.EndHandoff(conversation, agent::EncodeState(state), wall_.Now());
  if (!ended.ok()) return Problem(503, "store unavailable");
  if (!*ended) return Problem(404, "this conversation is not with a human");
  spdlog::info("conversation {} returned to the bot", phone.Masked());
  return JsonReply(200, {{"status", "released"}});
}

}  // namespace atende::server
