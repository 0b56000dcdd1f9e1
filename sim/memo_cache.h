// MemoCache: simulated passes by key (hardware hash, pass shape, bits, fidelity), in memory and
// persisted in SQLite so that a second run of a trace, or another process of a sweep, does not
// simulate a pass again. Concurrent processes share one file (WAL journal, busy timeout).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "sim/pass_result.h"
#include "traces/layer_op.h"

struct sqlite3;

namespace vpsim {

// Bump when a change to the models changes results, so old cache entries are not reused.
inline constexpr const char* kSimModelVersion = "vpsim-sim-1";

std::string passKey(const std::string& hw_hash, const std::string& fidelity, const GemmPass& g, int b0, int b1);
std::string defaultCachePath();  // $VPSIM_CACHE, else $XDG_CACHE_HOME or ~/.cache: vpsim/memo.sqlite

class MemoCache {
 public:
  explicit MemoCache(const std::string& path);  // "" : in memory only
  ~MemoCache();
  MemoCache(const MemoCache&) = delete;
  MemoCache& operator=(const MemoCache&) = delete;

  std::optional<PassResult> get(const std::string& key);
  void put(const std::string& key, const PassResult& r);
  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }

 private:
  void exec(const char* sql, int busy_retries = 0);
  std::map<std::string, PassResult> memory_;
  sqlite3* db_ = nullptr;
  std::string path_;
  uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace vpsim
