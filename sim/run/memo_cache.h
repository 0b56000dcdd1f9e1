// MemoCache: simulated passes by result identity (sim/arch/result_identity.h: model version, resolved
// hardware, fidelity, pass shape, bits), in memory and persisted in SQLite so that a second run of
// a trace, or another process of a sweep, does not simulate a pass again. Every row records the
// model version that made it and only rows of kModelVersion are ever served: caches written by
// other versions (and the old `passes` table) are ignored, never trusted. Concurrent processes
// share one file (WAL journal, busy timeout).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "sim/arch/model_version.h"
#include "sim/arch/pass_result.h"
#include "sim/arch/result_identity.h"
#include "sim/run/sqlite_db.h"

namespace vpsim {

std::string defaultCachePath();  // $VPSIM_CACHE, else $XDG_CACHE_HOME or ~/.cache: vpsim/memo.sqlite

class MemoCache {
 public:
  explicit MemoCache(const std::string& path);  // "" : in memory only
  ~MemoCache();
  MemoCache(const MemoCache&) = delete;
  MemoCache& operator=(const MemoCache&) = delete;

  // A result stored under `key` by this model version, if any.
  std::optional<PassResult> get(const std::string& key);
  void put(const std::string& key, const PassResult& r);  // recorded as made by kModelVersion
  uint64_t hits() const { return hits_; }
  // Rows the file holds that are never served, by the model version that made them ("unversioned":
  // the old `passes` table). Counted on demand (a query over the file).
  std::map<std::string, int64_t> otherVersionRows() const;
  uint64_t misses() const { return misses_; }

 private:
  std::map<std::string, PassResult> memory_;
  std::unique_ptr<SqliteDb> db_;  // null: in memory only
  std::string path_;
  uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace vpsim
