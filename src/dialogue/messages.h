// MessageCatalog: every sentence the agent sends, in Brazilian Portuguese, by key. An ISP overrides
// any of them (tone, brand) from its configuration; {placeholders} are filled at send time
// ({empresa} is the ISP's brand). Unknown keys and unknown placeholders are programming errors
// caught by the catalogue test.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace atende::dialogue {

class MessageCatalog {
 public:
  MessageCatalog();  // the built-in defaults

  // Replaces the text of a known key; an unknown key is an error naming it.
  Status Override(const std::string& key, std::string text);
  void SetBrand(std::string brand) { brand_ = std::move(brand); }
  const std::string& brand() const { return brand_; }

  // The text of `key` with {name} placeholders replaced; {empresa} is always available.
  std::string Get(std::string_view key,
                  const std::vector<std::pair<std::string_view, std::string>>& values = {}) const;
  std::vector<std::string> Keys() const;
  const std::string& Raw(std::string_view key) const;

 private:
  std::map<std::string, std::string, std::less<>> texts_;
  std::string brand_ = "sua provedora";
};

}  // namespace atende::dialogue
