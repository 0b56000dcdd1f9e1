// MemoCache: an in-memory map in front of one SQLite table
// results (key TEXT PRIMARY KEY, model_version TEXT, result JSON).
#include "sim/memo_cache.h"

#include "sim/atomic_file.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <filesystem>

#include "traces/input_error.h"

namespace vpsim {

std::string defaultCachePath() {
  if (const char* p = std::getenv("VPSIM_CACHE")) return p;
  std::filesystem::path base;
  if (const char* x = std::getenv("XDG_CACHE_HOME")) base = x;
  else if (const char* h = std::getenv("HOME")) base = std::filesystem::path(h) / ".cache";
  else base = std::filesystem::temp_directory_path();
  return (base / "vpsim" / "memo.sqlite").string();
}

MemoCache::MemoCache(const std::string& path) : path_(path) {
  if (path.empty()) return;
  const auto dir = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  checkSqliteFile(path, "a vpsim memo cache");
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK)
    throw InputError(path + ": cannot open memo cache: " + std::string(db_ ? sqlite3_errmsg(db_) : "out of memory"));
  sqlite3_busy_timeout(db_, 30000);
  // Sweep workers open the same file at the same moment. Switching to WAL is not covered by the
  // busy timeout (SQLite answers "database is locked" at once), so the set-up is retried.
  exec("PRAGMA journal_mode=WAL", 300);
  // A new table: rows of the old `passes` table (no model version recorded) are never read.
  exec("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, model_version TEXT NOT NULL, result TEXT NOT NULL)",
       300);
}

MemoCache::~MemoCache() {
  if (db_) sqlite3_close(db_);
}

void MemoCache::exec(const char* sql, int busy_retries) {
  for (int attempt = 0;; ++attempt) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return;
    const std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempt < busy_retries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10 + attempt % 40));
      continue;
    }
    throw InputError(path_ + ": memo cache: " + msg);
  }
}

std::optional<PassResult> MemoCache::get(const std::string& key) {
  if (auto it = memory_.find(key); it != memory_.end()) return ++hits_, it->second;
  if (db_) {
    sqlite3_stmt* st = nullptr;
    // The version is in the key already; the column check makes a row another version wrote under
    // a colliding key (or edited by hand) unservable too.
    sqlite3_prepare_v2(db_, "SELECT result FROM results WHERE key = ? AND model_version = ?", -1, &st, nullptr);
    sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, kModelVersion, -1, SQLITE_STATIC);
    std::optional<PassResult> found;
    if (sqlite3_step(st) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      auto j = nlohmann::json::parse(text, nullptr, false);
      if (!j.is_discarded()) found = PassResult::fromJson(j);  // a damaged row is simulated again
    }
    sqlite3_finalize(st);
    if (found) {
      memory_[key] = *found;
      return ++hits_, found;
    }
  }
  ++misses_;
  return std::nullopt;
}

std::map<std::string, int64_t> MemoCache::otherVersionRows() const {
  std::map<std::string, int64_t> rows;
  if (!db_) return rows;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, "SELECT model_version, COUNT(*) FROM results WHERE model_version != ? GROUP BY model_version",
                     -1, &st, nullptr);
  sqlite3_bind_text(st, 1, kModelVersion, -1, SQLITE_STATIC);
  while (sqlite3_step(st) == SQLITE_ROW)
    rows[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = sqlite3_column_int64(st, 1);
  sqlite3_finalize(st);
  // A cache written before results carried a model version (never read: not even its table name).
  if (sqlite3_prepare_v2(db_, "SELECT COUNT(*) FROM passes", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0)
    rows["unversioned"] = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return rows;
}

void MemoCache::put(const std::string& key, const PassResult& r) {
  memory_[key] = r;
  if (!db_) return;
  const std::string text = r.toJson().dump();
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO results (key, model_version, result) VALUES (?, ?, ?)", -1, &st,
                     nullptr);
  sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, kModelVersion, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, text.c_str(), -1, SQLITE_TRANSIENT);
  const int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) throw InputError(path_ + ": memo cache: cannot write (" + sqlite3_errmsg(db_) + ")");
}

}  // namespace vpsim
