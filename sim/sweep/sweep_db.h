// SweepDb: the results database of a sweep (SQLite). One row per point, keyed by the point's hash,
// so a resumed or merged sweep can never hold a point twice. Schema (table `points`):
//   key TEXT PRIMARY KEY, idx, sweep, workload, schedule, hw_name, hw_hash,
//   axes (JSON: axis key -> value), config (JSON: resolved hardware + workload + fidelity),
//   status ('ok' | 'error'), error, metric columns (cycles, seconds, gbitops, energy_j,
//   energy_j_compute|sram|dram|vector|leakage|other, epochs, iterations, unique_passes, cache_hits),
//   summary (the worker's JSON), wall_seconds, host, finished_at.
// The model version that made a row is kept in its config JSON (`model_version`); rows() serves
// only rows of this build's kModelVersion (older rows are counted, never reported as results).
// Table `meta` (k, v) holds the spec name and path. Each row is written in its own transaction; an
// 'ok' row is never replaced, an 'error' row is replaced when the point is run again.
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

#include "sim/arch/model_version.h"
#include "sim/run/sqlite_db.h"

namespace vpsim {

struct SweepRow {
  std::string key;
  int index = 0;
  std::string sweep, workload, schedule, hw_name, hw_hash;
  nlohmann::json axes = nlohmann::json::object();
  nlohmann::json config = nlohmann::json::object();
  std::string status = "ok";  // ok | error
  std::string error;
  nlohmann::json summary = nlohmann::json::object();  // `vpsim run --json` output
  double wall_seconds = 0;
  std::string host, finished_at;
  std::string model_version = kModelVersion;  // the model that made the row

  double metric(const std::string& column) const;  // a metric column's value from the summary
};

class SweepDb {
 public:
  explicit SweepDb(const std::string& path);  // opens or creates (WAL, busy timeout)
  SweepDb(const SweepDb&) = delete;
  SweepDb& operator=(const SweepDb&) = delete;

  std::set<std::string> keys(bool ok_only) const;
  void insert(const SweepRow& row);
  size_t merge(const std::string& shard_path);  // rows of another DB; returns rows now 'ok' from it
  std::vector<SweepRow> rows() const;           // ordered by idx; rows of this model version only
  size_t otherVersionRows() const;              // rows left out of rows() (older models)
  void setMeta(const std::string& k, const std::string& v);
  std::string meta(const std::string& k) const;

  static const std::vector<std::string>& metricColumns();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  SqliteDb db_;
};

}  // namespace vpsim
