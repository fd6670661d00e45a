#include "agent/state_codec.h"

#include <nlohmann/json.hpp>

namespace atende::agent {
namespace {

using dialogue::Phase;
using nlohmann::json;

constexpr std::pair<Phase, const char*> kPhases[] = {
    {Phase::kIdle, "idle"},
    {Phase::kAwaitingDocument, "awaiting_document"},
    {Phase::kAwaitingBirthDate, "awaiting_birth_date"},
    {Phase::kChoosingContract, "choosing_contract"},
    {Phase::kChoosingInvoice, "choosing_invoice"},
    {Phase::kConfirmingUnlock, "confirming_unlock"},
    {Phase::kAwaitingPromiseDate, "awaiting_promise_date"},
    {Phase::kConfirmingPromise, "confirming_promise"},
    {Phase::kCheckingSupport, "checking_support"},
    {Phase::kHandoff, "handoff"},
};

json Time(const std::optional<TimePoint>& t) {
  return t ? json(t->time_since_epoch().count()) : json(nullptr);
}

std::optional<TimePoint> TimeFrom(const json& j) {
  if (!j.is_number_integer()) return std::nullopt;
  return TimePoint(std::chrono::milliseconds(j.get<int64_t>()));
}

}  // namespace

std::string EncodeState(const dialogue::ConversationState& s) {
  json j;
  for (const auto& [phase, name] : kPhases) {
    if (phase == s.phase) j["phase"] = name;
  }
  j["goal"] = s.goal ? json(std::string(nlu::IntentName(*s.goal))) : json(nullptr);
  j["document"] = s.document ? json(s.document->value()) : json(nullptr);
  j["customer_id"] = s.customer_id;
  j["first_name"] = s.first_name;
  j["identified_at"] = Time(s.identified_at);
  j["failed_identifications"] = s.failed_identifications;
  j["invalid_documents"] = s.invalid_documents;
  j["documents_tried"] = s.documents_tried;
  j["contract_id"] = s.contract_id;
  json menu = json::array();
  for (const dialogue::ListRow& row : s.menu) {
    menu.push_back({{"id", row.id},
                    {"title", row.title},
                    {"description", row.description},
                    {"keywords", row.keywords}});
  }
  j["menu"] = menu;
  j["promise_date"] = s.promise_date ? json(s.promise_date->ToIso()) : json(nullptr);
  j["promise_date_attempts"] = s.promise_date_attempts;
  j["support_complaint"] = s.support_complaint;
  j["misunderstood"] = s.misunderstood;
  j["last_activity"] = Time(s.last_activity);
  j["handoff_reason"] = s.handoff_reason;
  return j.dump();
}

Result<dialogue::ConversationState> DecodeState(const std::string& text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return Error::BadAnswer("stored conversation state is not a JSON object");
  dialogue::ConversationState s;
  try {
    std::string phase = j.value("phase", "idle");
    for (const auto& [p, name] : kPhases) {
      if (phase == name) s.phase = p;
    }
    if (j.contains("goal") && j["goal"].is_string())
      s.goal = nlu::IntentFromName(j["goal"].get<std::string>());
    if (j.contains("document") && j["document"].is_string()) {
      Result<Document> d = Document::Parse(j["document"].get<std::string>());
      if (d.ok()) s.document = *d;
    }
    s.customer_id = j.value("customer_id", "");
    s.first_name = j.value("first_name", "");
    if (j.contains("identified_at")) s.identified_at = TimeFrom(j["identified_at"]);
    s.failed_identifications = j.value("failed_identifications", 0);
    s.invalid_documents = j.value("invalid_documents", 0);
    s.documents_tried = j.value("documents_tried", std::vector<std::string>{});
    s.contract_id = j.value("contract_id", "");
    if (j.contains("menu") && j["menu"].is_array()) {
      for (const json& row : j["menu"]) {
        s.menu.push_back({row.value("id", ""), row.value("title", ""), row.value("description", ""),
                          row.value("keywords", "")});
      }
    }
    if (j.contains("promise_date") && j["promise_date"].is_string()) {
      Result<Date> d = Date::ParseIso(j["promise_date"].get<std::string>());
      if (d.ok()) s.promise_date = *d;
    }
    s.promise_date_attempts = j.value("promise_date_attempts", 0);
    s.support_complaint = j.value("support_complaint", "");
    s.misunderstood = j.value("misunderstood", 0);
    if (j.contains("last_activity")) s.last_activity = TimeFrom(j["last_activity"]);
    s.handoff_reason = j.value("handoff_reason", "");
  } catch (const json::exception& e) {
    return Error::BadAnswer(std::string("stored conversation state: ") + e.what());
  }
  return s;
}

}  // namespace atende::agent
