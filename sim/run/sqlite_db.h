// SqliteDb: the one checked SQLite wrapper (memo cache, sweep databases). Every failure throws an
// InputError naming the file and what it is ("X: memo cache: database is locked"); statements are
// prepared, bound and stepped through SqliteStatement, which finalizes itself.
#pragma once

#include <cstdint>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace vpsim {

class SqliteDb;

class SqliteStatement {
 public:
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  SqliteStatement(SqliteStatement&& o) noexcept : db_(o.db_), st_(o.st_) { o.st_ = nullptr; }
  ~SqliteStatement();

  // Parameters are 1-based, as in SQL (?1, ?2, ...).
  SqliteStatement& bind(int i, const std::string& v);
  SqliteStatement& bind(int i, int64_t v);
  SqliteStatement& bind(int i, int v) { return bind(i, int64_t{v}); }
  SqliteStatement& bind(int i, double v);
  SqliteStatement& bindNull(int i);
  bool step();  // true: a row is ready; false: done. Throws on any error.
  // Columns are 0-based, as in sqlite3_column_*; NULL reads as "" / 0.
  std::string text(int i) const;
  int64_t int64(int i) const;
  double real(int i) const;

 private:
  friend class SqliteDb;
  SqliteStatement(const SqliteDb& db, sqlite3_stmt* st) : db_(&db), st_(st) {}
  const SqliteDb* db_;
  sqlite3_stmt* st_;
};

class SqliteDb {
 public:
  // Opens (creating) `path`, refusing a file that is not SQLite (checkSqliteFile). `what` names the
  // file's role in messages; SQLite waits up to `busy_timeout_ms` for other writers.
  SqliteDb(const std::string& path, std::string what, int busy_timeout_ms);
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  // Runs `sql` (no results). Up to `busy_retries` retries when SQLite answers busy/locked at once
  // (switching to WAL is not covered by the busy timeout).
  void exec(const std::string& sql, int busy_retries = 0) const;
  SqliteStatement prepare(const std::string& sql) const;
  bool hasTable(const std::string& name) const;
  [[noreturn]] void fail(const std::string& doing) const;  // throws "<path>: <what>: <doing>: <sqlite message>"

 private:
  std::string path_, what_;
  sqlite3* db_ = nullptr;
};

}  // namespace vpsim
