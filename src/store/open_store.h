// OpenStore: the one place that turns `[serve] database` into a Store. A PostgreSQL URI
// ("postgresql://", "postgres://") or keyword conninfo ("host=...") opens the PostgreSQL adapter;
// anything else is the path of a SQLite file.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace atende::store {

// True when `database` names a PostgreSQL server rather than a SQLite file.
bool IsPostgresDatabase(std::string_view database);

Result<std::unique_ptr<Store>> OpenStore(const std::string& database);

// `database` for logs: a PostgreSQL conninfo without its password; a SQLite path as it is.
std::string DatabaseForLog(const std::string& database);

}  // namespace atende::store
