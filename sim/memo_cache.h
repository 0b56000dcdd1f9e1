// MemoCache: simulated passes by result identity (sim/result_identity.h: model version, resolved
// hardware, fidelity, pass shape, bits), in memory and persisted in SQLite so that a second run of
// a trace, or another process of a sweep, does not simulate a pass again. Every row records the
// model version that made it and only rows of kModelVersion are ever served: caches written by
// other versions (and the old `passes` table) are ignored, never trusted. Concurrent processes
// share one file (WAL journal, busy timeout).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "sim/model_version.h"
#include "sim/pass_result.h"
#include "sim/result_identity.h"

struct sqlite3;

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
  void exec(const char* sql, int busy_retries = 0);
  std::map<std::string, PassResult> memory_;
  sqlite3* db_ = nullptr;
  std::string path_;
  uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace vpsim
