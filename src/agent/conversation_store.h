// ConversationStore: where the agent keeps each subscriber's conversation state between turns,
// keyed by the subscriber's phone (E.164). MemoryConversationStore is the default of `atende chat`
// (every run starts fresh); durable stores come with the service. Implementations are safe for
// concurrent use.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "core/result.h"
#include "dialogue/state.h"

namespace atende::agent {

class ConversationStore {
 public:
  virtual ~ConversationStore() = default;
  // A conversation never seen before loads as a fresh state.
  virtual Result<dialogue::ConversationState> Load(const std::string& key) = 0;
  virtual Status Save(const std::string& key, const dialogue::ConversationState& state) = 0;
};

class MemoryConversationStore final : public ConversationStore {
 public:
  Result<dialogue::ConversationState> Load(const std::string& key) override;
  Status Save(const std::string& key, const dialogue::ConversationState& state) override;

 private:
  std::mutex mu_;
  std::map<std::string, dialogue::ConversationState> states_;
};

}  // namespace atende::agent
