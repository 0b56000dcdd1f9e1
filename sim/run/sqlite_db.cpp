// The checked SQLite wrapper (see sqlite_db.h).
#include "sim/run/sqlite_db.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "sim/run/atomic_file.h"
#include "traces/input_error.h"

namespace vpsim {

SqliteStatement::~SqliteStatement() { sqlite3_finalize(st_); }

SqliteStatement& SqliteStatement::bind(int i, const std::string& v) {
  if (sqlite3_bind_text(st_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    db_->fail("bind");
  return *this;
}

SqliteStatement& SqliteStatement::bind(int i, int64_t v) {
  if (sqlite3_bind_int64(st_, i, v) != SQLITE_OK) db_->fail("bind");
  return *this;
}

SqliteStatement& SqliteStatement::bind(int i, double v) {
  if (sqlite3_bind_double(st_, i, v) != SQLITE_OK) db_->fail("bind");
  return *this;
}

SqliteStatement& SqliteStatement::bindNull(int i) {
  if (sqlite3_bind_null(st_, i) != SQLITE_OK) db_->fail("bind");
  return *this;
}

bool SqliteStatement::step() {
  const int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_->fail(std::string("cannot run ") + sqlite3_sql(st_));
}

std::string SqliteStatement::text(int i) const {
  const auto* t = sqlite3_column_text(st_, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

int64_t SqliteStatement::int64(int i) const { return sqlite3_column_int64(st_, i); }
double SqliteStatement::real(int i) const { return sqlite3_column_double(st_, i); }

SqliteDb::SqliteDb(const std::string& path, std::string what, int busy_timeout_ms)
    : path_(path), what_(std::move(what)) {
  checkSqliteFile(path, "a vpsim " + what_);
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw InputError(path_ + ": cannot open " + what_ + ": " + msg);
  }
  sqlite3_busy_timeout(db_, busy_timeout_ms);
}

SqliteDb::~SqliteDb() { sqlite3_close(db_); }

void SqliteDb::fail(const std::string& doing) const {
  throw InputError(path_ + ": " + what_ + ": " + doing + ": " + sqlite3_errmsg(db_));
}

void SqliteDb::exec(const std::string& sql, int busy_retries) const {
  for (int attempt = 0;; ++attempt) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return;
    const std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempt < busy_retries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10 + attempt % 40));
      continue;
    }
    throw InputError(path_ + ": " + what_ + ": " + msg);
  }
}

SqliteStatement SqliteDb::prepare(const std::string& sql) const {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) fail("cannot prepare " + sql);
  return SqliteStatement(*this, st);
}

bool SqliteDb::hasTable(const std::string& name) const {
  auto st = prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  st.bind(1, name);
  return st.step();
}

}  // namespace vpsim
