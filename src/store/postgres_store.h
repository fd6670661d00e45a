// PostgreSQL adapter of the Store port (store.h), for several atende instances sharing one server.
// Same semantics as the SQLite store, in PostgreSQL's dialect; a small pool of libpq connections
// makes it safe for concurrent use (each call borrows one connection for its duration).
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace atende::store {

inline constexpr int kDefaultPostgresConnections = 4;

// Connects with `conninfo` (a "postgresql://" URI or "host=... dbname=..." keywords), opens
// `connections` pooled connections and applies pending migrations (tracked in schema_migrations).
// kInvalidInput when the server cannot be reached (the message names the conninfo without its
// password) or the database was written by a newer atende; kInternal when a migration fails.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& conninfo,
                                                 int connections = kDefaultPostgresConnections);

// `conninfo` for messages and logs: its parts without the password.
std::string RedactedConninfo(const std::string& conninfo);

}  // namespace atende::store
