#include "fake_channel.h"

#include <nlohmann/json.hpp>
#include <thread>

#include "channel/crypto.h"
#include "server/service.h"

namespace atende::server::fakes {

Status FakeChannel::VerifyWebhook(const channel::WebhookRequest& request) const {
  auto it = request.headers.find("x-test-signature");
  if (it == request.headers.end() ||
      !channel::ConstantTimeEquals(it->second, HmacSha256Hex(secret_, request.raw_body))) {
    return Error::Unauthorized("bad signature");
  }
  return {};
}

Result<channel::WebhookBatch> FakeChannel::ParseWebhook(std::string_view raw_body) const {
  nlohmann::json j = nlohmann::json::parse(raw_body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error::InvalidInput("not JSON");
  channel::WebhookBatch batch;
  try {
    for (const auto& m : j.value("messages", nlohmann::json::array())) {
      channel::InboundMessage in;
      in.provider = "whatsapp";
      in.tenant_key = m.at("to");
      in.provider_message_id = m.at("id");
      in.from_raw = m.at("from");
      if (auto phone = Phone::Parse(in.from_raw); phone.ok()) in.from = *phone;
      std::string type = m.value("type", "text");
      in.kind = type == "text"     ? channel::InboundKind::kText
                : type == "button" ? channel::InboundKind::kButtonReply
                : type == "list"   ? channel::InboundKind::kListReply
                : type == "audio"  ? channel::InboundKind::kAudio
                : type == "image"  ? channel::InboundKind::kImage
                                   : channel::InboundKind::kUnsupported;
      in.text = m.value("text", "");
      in.reply_id = m.value("reply_id", "");
      in.reply_title = m.value("reply_title", "");
      in.from_me = m.value("from_me", false);  // Evolution-style echo from the business number
      (in.from_me ? batch.own_messages : batch.messages).push_back(in);
    }
    for (const auto& s : j.value("statuses", nlohmann::json::array())) {
      channel::StatusUpdate st;
      st.provider = "whatsapp";
      st.tenant_key = s.value("to", "PNID-1");  // the number the status is about (metadata)
      st.provider_message_id = s.at("id");
      st.callback_data = s.value("callback_data", "");
      std::string status = s.at("status");
      st.state = status == "delivered" ? channel::DeliveryState::kDelivered
                 : status == "read"    ? channel::DeliveryState::kRead
                 : status == "failed"  ? channel::DeliveryState::kFailed
                                       : channel::DeliveryState::kSent;
      batch.statuses.push_back(st);
    }
  } catch (const nlohmann::json::exception& e) {
    return Error::InvalidInput(e.what());
  }
  return batch;
}

Result<channel::SendResult> FakeChannel::Send(const channel::OutboundMessage& message) {
  if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
  std::lock_guard lock(mu_);
  ++calls_;
  if (!failures_.empty()) {
    Error e = failures_.front();
    failures_.pop_front();
    return e;
  }
  sent_.push_back(message);
  channel::SendResult result;
  result.provider_message_id = "out-" + std::to_string(sent_.size());
  return result;
}

void FakeChannel::FailNext(Error error) {
  std::lock_guard lock(mu_);
  failures_.push_back(std::move(error));
}

std::vector<channel::OutboundMessage> FakeChannel::sent() const {
  std::lock_guard lock(mu_);
  return sent_;
}

size_t FakeChannel::send_calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

std::string FakeChannel::Sign(const std::string& body) const {
  return HmacSha256Hex(secret_, body);
}

std::string Render(const channel::OutboundContent& content) {
  if (const auto* t = std::get_if<channel::OutText>(&content)) return t->body;
  if (const auto* b = std::get_if<channel::OutButtons>(&content)) {
    std::string out = "[buttons] " + b->body;
    for (const auto& button : b->buttons) out += " | " + button.title;
    return out;
  }
  if (const auto* l = std::get_if<channel::OutList>(&content)) {
    std::string out = "[list] " + l->body;
    for (const auto& row : l->rows) out += " | " + row.id + ":" + row.title;
    return out;
  }
  if (const auto* d = std::get_if<channel::OutDocument>(&content)) {
    return "[document] " + d->filename + (d->bytes.starts_with("%PDF") ? " pdf" : " not-pdf");
  }
  const auto& t = std::get<channel::OutTemplate>(content);
  return "[template] " + t.name;
}

}  // namespace atende::server::fakes
