#include "server/notifier.h"

#include "server/outbound_content.h"

namespace atende::server {

Notifier::Notifier(store::Store& store, const Clock& wall, std::chrono::hours window,
                   std::function<void()> outbox_written)
    : store_(store), wall_(wall), window_(window), outbox_written_(std::move(outbox_written)) {}

Result<NoticeOutcome> Notifier::Send(const Tenant& tenant, const Phone& phone, const Notice& notice,
                                     std::optional<store::PaymentWatch> watch) {
  std::string conversation = tenant.ConversationKey(phone);
  TimePoint now = wall_.Now();
  auto last = store_.LastInbound(conversation);
  if (!last.ok()) return last.error();
  bool in_window = last->has_value() && now - **last <= window_;
  channel::OutboundContent content;
  if (in_window || tenant.provider != "whatsapp") {
    content = channel::OutText{notice.text};
  } else if (!notice.template_name.empty()) {
    content = channel::OutTemplate{notice.template_name, "pt_BR", notice.template_parameters};
  } else if (!watch) {
    return NoticeOutcome::kOutsideWindow;
  }
  store::TurnCommit commit;
  commit.conversation = conversation;
  commit.at = now;
  commit.effect_key = notice.effect_key;
  commit.watch = std::move(watch);
  bool sending = in_window || tenant.provider != "whatsapp" || !notice.template_name.empty();
  if (sending) {
    commit.outbox.push_back(OutboxRowFor(tenant.id, conversation, phone.e164().substr(1),
                                         notice.effect_key, content, now));
  }
  auto committed = store_.CommitTurn(commit);
  if (!committed.ok()) return committed.error();
  if (!*committed) return NoticeOutcome::kDuplicate;
  if (!sending) return NoticeOutcome::kOutsideWindow;
  if (outbox_written_) outbox_written_();
  return NoticeOutcome::kQueued;
}

}  // namespace atende::server
