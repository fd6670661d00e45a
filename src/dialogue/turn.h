// Turn: one thing the subscriber did — a text (possibly several WhatsApp messages joined), a tapped
// button, a picked list row, or media — with the time it arrived, today's date in the ISP's zone,
// and what the intent classifier made of the text (the agent runs the classifier; the policy stays
// pure).
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "core/phone.h"
#include "nlu/intent_classifier.h"

namespace atende::dialogue {

enum class Media { kNone, kImage, kAudio, kDocument, kOther };

struct Turn {
  std::string text;     // also the title of a tapped button
  std::string list_id;  // a picked list row
  Media media = Media::kNone;
  bool forwarded = false;      // forwarded by the subscriber: never proof of identity
  std::optional<Phone> phone;  // the subscriber's WhatsApp number
  TimePoint at;
  Date today;
  nlu::IntentPrediction intent;
};

}  // namespace atende::dialogue
