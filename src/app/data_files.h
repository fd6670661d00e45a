// Where atende finds the data it ships (the demo dataset, contract templates): $ATENDE_DATA_DIR,
// then data/ beside or above the running binary (a build tree), then ./data, then
// /usr/share/atende.
#pragma once

#include <optional>
#include <string>

namespace atende::app {

std::optional<std::string> FindDataFile(const std::string& relative);

}  // namespace atende::app
