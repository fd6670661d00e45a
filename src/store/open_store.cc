#include "store/open_store.h"

#include "store/postgres_store.h"

namespace atende::store {

bool IsPostgresDatabase(std::string_view database) {
  return database.starts_with("postgresql://") || database.starts_with("postgres://") ||
         database.starts_with("host=");
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& database) {
  if (IsPostgresDatabase(database)) return OpenPostgresStore(database);
  return OpenSqliteStore(database);
}

std::string DatabaseForLog(const std::string& database) {
  return IsPostgresDatabase(database) ? RedactedConninfo(database) : database;
}

}  // namespace atende::store
