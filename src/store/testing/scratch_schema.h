// ScratchSchema: a fresh, uniquely named schema on the PostgreSQL server of the tests and
// benchmarks (ATENDE_TEST_POSTGRES, by default the atende_test database scripts/setup creates),
// dropped with everything in it when the object goes. Test code only; one object per thread.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>

namespace atende::store::testing {

inline std::string TestPostgresConninfo() {
  const char* env = std::getenv("ATENDE_TEST_POSTGRES");
  return env != nullptr && env[0] != '\0' ? env
                                          : "postgresql://atende:atende@127.0.0.1:5432/atende_test";
}

class ScratchSchema {
 public:
  // Nothing (and `why_not` says why) when the server cannot be reached or refuses the schema.
  static std::unique_ptr<ScratchSchema> Create(std::string* why_not) {
    static std::atomic<int> counter{0};
    std::string base = TestPostgresConninfo();
    const char* keywords[] = {"connect_timeout", "dbname", nullptr};
    const char* values[] = {"5", base.c_str(), nullptr};
    std::unique_ptr<PGconn, Closer> admin(PQconnectdbParams(keywords, values, 1));
    if (PQstatus(admin.get()) != CONNECTION_OK) {
      *why_not = "PostgreSQL server unreachable (ATENDE_TEST_POSTGRES; scripts/setup starts it): " +
                 std::string(PQerrorMessage(admin.get()));
      return nullptr;
    }
    PQsetNoticeProcessor(
        admin.get(), [](void*, const char*) {}, nullptr);
    // A generated identifier (digits only), never a value from outside.
    std::string name =
        "atende_scratch_" + std::to_string(::getpid()) + "_" + std::to_string(counter.fetch_add(1));
    if (!Exec(admin.get(), "DROP SCHEMA IF EXISTS " + name + " CASCADE; CREATE SCHEMA " + name,
              why_not)) {
      return nullptr;
    }
    bool uri = base.rfind("postgres", 0) == 0 && base.find("://") != std::string::npos;
    std::string conninfo = uri ? base + (base.find('?') == std::string::npos ? "?" : "&") +
                                     "options=-csearch_path%3D" + name
                               : base + " options=-csearch_path=" + name;
    return std::make_unique<ScratchSchema>(Key{}, std::move(admin), std::move(name),
                                           std::move(conninfo));
  }

  struct Closer {
    void operator()(PGconn* c) const { PQfinish(c); }
  };
  struct Key {};  // only Create() makes one
  ScratchSchema(Key, std::unique_ptr<PGconn, Closer> admin, std::string name, std::string conninfo)
      : admin_(std::move(admin)), name_(std::move(name)), conninfo_(std::move(conninfo)) {}
  ScratchSchema(const ScratchSchema&) = delete;
  ScratchSchema& operator=(const ScratchSchema&) = delete;
  ~ScratchSchema() {
    std::string ignored;
    Exec(admin_.get(), "DROP SCHEMA IF EXISTS " + name_ + " CASCADE", &ignored);
  }

  // The server's conninfo with this schema as search_path.
  const std::string& conninfo() const { return conninfo_; }
  const std::string& name() const { return name_; }
  // Runs fixed SQL on the admin connection (e.g. to simulate a newer atende's schema).
  bool Exec(const std::string& sql, std::string* error) { return Exec(admin_.get(), sql, error); }

 private:
  static bool Exec(PGconn* conn, const std::string& sql, std::string* error) {
    PGresult* r = PQexec(conn, sql.c_str());
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok) *error = PQresultErrorMessage(r);
    PQclear(r);
    return ok;
  }

  std::unique_ptr<PGconn, Closer> admin_;
  std::string name_;
  std::string conninfo_;
};

}  // namespace atende::store::testing
