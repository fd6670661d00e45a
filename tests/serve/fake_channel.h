// FakeChannel: a Channel for the service's tests until the WhatsApp adapters land. Its webhook body
// is a small JSON of its own
// ({"messages":[{"to","id","from","type","text","reply_id","reply_title"}],
// "statuses":[{"id","status"}]}), signed with X-Test-Signature = HMAC-SHA256 hex of the body; Send
// records what would have gone out and can be told to fail the next sends with given errors.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "channel/channel.h"

namespace atende::server::fakes {

class FakeChannel final : public channel::Channel {
 public:
  explicit FakeChannel(std::string secret) : secret_(std::move(secret)) {}
  std::string_view name() const override { return "whatsapp"; }
  Status VerifyWebhook(const channel::WebhookRequest& request) const override;
  Result<channel::WebhookBatch> ParseWebhook(std::string_view raw_body) const override;
  Result<channel::SendResult> Send(const channel::OutboundMessage& message) override;
  bool EchoesIdempotencyKey() const override { return echoes_; }
  bool EchoesOwnSends() const override { return echoes_own_; }

  void SetEchoesIdempotencyKey(bool on) { echoes_ = on; }
  void SetEchoesOwnSends(bool on) { echoes_own_ = on; }
  void SetSendDelay(std::chrono::milliseconds delay) { delay_ = delay; }  // a provider's round trip
  void FailNext(Error error);
  std::vector<channel::OutboundMessage> sent() const;
  size_t send_calls() const;
  std::string Sign(const std::string& body) const;

 private:
  std::string secret_;
  mutable std::mutex mu_;
  std::deque<Error> failures_;
  std::vector<channel::OutboundMessage> sent_;
  size_t calls_ = 0;
  bool echoes_ = false;
  bool echoes_own_ = false;
  std::chrono::milliseconds delay_{0};
};

// The text a subscriber would see for one outbound message ("[buttons] body | A | B", "[document]
// f.pdf").
std::string Render(const channel::OutboundContent& content);

}  // namespace atende::server::fakes
