// MemoCache: an in-memory map in front of one SQLite table
// results (key TEXT PRIMARY KEY, model_version TEXT, result JSON).
#include "sim/run/memo_cache.h"

#include <cstdlib>
#include <filesystem>

#include "sim/run/sqlite_db.h"

namespace vpsim {

std::string defaultCachePath() {
  if (const char* p = std::getenv("VPSIM_CACHE")) return p;
  std::filesystem::path base;
  if (const char* x = std::getenv("XDG_CACHE_HOME"))
    base = x;
  else if (const char* h = std::getenv("HOME"))
    base = std::filesystem::path(h) / ".cache";
  else
    base = std::filesystem::temp_directory_path();
  return (base / "vpsim" / "memo.sqlite").string();
}

MemoCache::MemoCache(const std::string& path) : path_(path) {
  if (path.empty()) return;
  const auto dir = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  db_ = std::make_unique<SqliteDb>(path, "memo cache", 30000);
  // Sweep workers open the same file at the same moment. Switching to WAL is not covered by the
  // busy timeout (SQLite answers "database is locked" at once), so the set-up is retried.
  db_->exec("PRAGMA journal_mode=WAL", 300);
  // A new table: rows of the old `passes` table (no model version recorded) are never read.
  db_->exec(
      "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, model_version TEXT NOT NULL, result TEXT NOT NULL)",
      300);
}

MemoCache::~MemoCache() = default;

std::optional<PassResult> MemoCache::get(const std::string& key) {
  if (auto it = memory_.find(key); it != memory_.end()) return ++hits_, it->second;
  if (db_) {
    // The version is in the key already; the column check makes a row another version wrote under
    // a colliding key (or edited by hand) unservable too.
    auto st = db_->prepare("SELECT result FROM results WHERE key = ? AND model_version = ?");
    st.bind(1, key).bind(2, std::string(kModelVersion));
    std::optional<PassResult> found;
    if (st.step()) {
      auto j = nlohmann::json::parse(st.text(0), nullptr, false);
      if (!j.is_discarded()) found = PassResult::fromJson(j);  // a damaged row is simulated again
    }
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
  auto st = db_->prepare("SELECT model_version, COUNT(*) FROM results WHERE model_version != ? GROUP BY model_version");
  st.bind(1, std::string(kModelVersion));
  while (st.step()) rows[st.text(0)] = st.int64(1);
  // A cache written before results carried a model version (never read: not even its table name).
  if (db_->hasTable("passes")) {
    auto old = db_->prepare("SELECT COUNT(*) FROM passes");
    if (old.step() && old.int64(0) > 0) rows["unversioned"] = old.int64(0);
  }
  return rows;
}

void MemoCache::put(const std::string& key, const PassResult& r) {
  memory_[key] = r;
  if (!db_) return;
  auto st = db_->prepare("INSERT OR REPLACE INTO results (key, model_version, result) VALUES (?, ?, ?)");
  st.bind(1, key).bind(2, std::string(kModelVersion)).bind(3, r.toJson().dump());
  st.step();
}

}  // namespace vpsim
