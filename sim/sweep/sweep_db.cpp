// SQLite storage of sweep rows (see sweep_db.h).
#include "sim/sweep/sweep_db.h"

#include "sim/run/atomic_file.h"

#include "traces/input_error.h"

namespace vpsim {

namespace {

const std::vector<std::string> kMetrics = {"cycles",           "seconds",        "gbitops",       "energy_j",
                                           "energy_j_compute", "energy_j_sram",  "energy_j_dram", "energy_j_vector",
                                           "energy_j_leakage", "energy_j_other", "epochs",        "iterations",
                                           "unique_passes",    "cache_hits"};

const std::vector<std::string> kText = {"key",     "idx",  "sweep",  "workload", "schedule", "hw_name",
                                        "hw_hash", "axes", "config", "status",   "error"};
const std::vector<std::string> kTail = {"summary", "wall_seconds", "host", "finished_at"};

std::vector<std::string> allColumns() {
  std::vector<std::string> c = kText;
  c.insert(c.end(), kMetrics.begin(), kMetrics.end());
  c.insert(c.end(), kTail.begin(), kTail.end());
  return c;
}

std::string joined(const std::vector<std::string>& v, const std::string& prefix = "") {
  std::string s;
  for (const auto& c : v) s += (s.empty() ? "" : ", ") + prefix + c;
  return s;
}

// Upsert that keeps 'ok' rows: a rerun or merge may only replace a failed attempt.
std::string upsertTail() {
  std::string set;
  for (const auto& c : allColumns())
    if (c != "key") set += (set.empty() ? "" : ", ") + c + " = excluded." + c;
  return " ON CONFLICT(key) DO UPDATE SET " + set + " WHERE points.status != 'ok'";
}

}  // namespace

double SweepRow::metric(const std::string& column) const {
  if (column == "energy_j") return summary.value("/energy_j/total"_json_pointer, 0.0);
  if (column.rfind("energy_j_", 0) == 0)
    return summary.value(nlohmann::json::json_pointer("/energy_j/" + column.substr(9)), 0.0);
  const auto it = summary.find(column);
  return it != summary.end() && it->is_number() ? it->get<double>() : 0.0;
}

SweepDb::SweepDb(const std::string& path) : path_(path), db_(path, "results database", 60000) {
  db_.exec("PRAGMA journal_mode=WAL");
  db_.exec("PRAGMA synchronous=NORMAL");
  std::string cols =
      "key TEXT PRIMARY KEY, idx INTEGER, sweep TEXT, workload TEXT, schedule TEXT, hw_name TEXT, "
      "hw_hash TEXT, axes TEXT, config TEXT, status TEXT NOT NULL, error TEXT";
  for (const auto& m : kMetrics) cols += ", " + m + " REAL";
  cols += ", summary TEXT, wall_seconds REAL, host TEXT, finished_at TEXT";
  db_.exec("CREATE TABLE IF NOT EXISTS points (" + cols + ")");
  db_.exec("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)");
}

const std::vector<std::string>& SweepDb::metricColumns() { return kMetrics; }

std::set<std::string> SweepDb::keys(bool ok_only) const {
  auto st = db_.prepare(std::string("SELECT key FROM points") + (ok_only ? " WHERE status = 'ok'" : ""));
  std::set<std::string> out;
  while (st.step()) out.insert(st.text(0));
  return out;
}

void SweepDb::insert(const SweepRow& r) {
  const auto cols = allColumns();
  std::string qs;
  for (size_t i = 0; i < cols.size(); ++i) qs += i ? ", ?" : "?";
  auto st = db_.prepare("INSERT INTO points (" + joined(cols) + ") VALUES (" + qs + ")" + upsertTail());
  int i = 1;
  auto text = [&](const std::string& v) { st.bind(i++, v); };
  text(r.key);
  st.bind(i++, r.index);
  for (const auto* v : {&r.sweep, &r.workload, &r.schedule, &r.hw_name, &r.hw_hash}) text(*v);
  text(r.axes.dump());
  nlohmann::json config = r.config;
  config["model_version"] = r.model_version;
  text(config.dump());
  text(r.status);
  text(r.error);
  for (const auto& m : kMetrics) {
    if (r.status == "ok")
      st.bind(i++, r.metric(m));
    else
      st.bindNull(i++);
  }
  text(r.summary.dump());
  st.bind(i++, r.wall_seconds);
  text(r.host);
  text(r.finished_at);
  // A single statement is its own transaction: the row is either all there or not at all.
  st.step();
}

size_t SweepDb::merge(const std::string& shard_path) {
  checkSqliteFile(shard_path, "a vpsim results database");
  db_.prepare("ATTACH DATABASE ? AS shard").bind(1, shard_path).step();
  const int before = static_cast<int>(keys(true).size());
  try {
    db_.exec("BEGIN IMMEDIATE");
    db_.exec("INSERT INTO points (" + joined(allColumns()) + ") SELECT " + joined(allColumns()) +
             " FROM shard.points WHERE true" + upsertTail());
    db_.exec("COMMIT");
  } catch (...) {
    try {
      db_.exec("ROLLBACK");
    } catch (const InputError&) {  // nothing to roll back: BEGIN failed
    }
    db_.exec("DETACH DATABASE shard");
    throw;
  }
  db_.exec("DETACH DATABASE shard");
  return keys(true).size() - static_cast<size_t>(before);
}

std::vector<SweepRow> SweepDb::rows() const {
  auto st = db_.prepare(
      "SELECT key, idx, sweep, workload, schedule, hw_name, hw_hash, axes, config, status, error, summary, "
      "wall_seconds, host, finished_at FROM points ORDER BY idx, key");
  std::vector<SweepRow> out;
  while (st.step()) {
    SweepRow r;
    r.key = st.text(0), r.index = static_cast<int>(st.int64(1)), r.sweep = st.text(2), r.workload = st.text(3);
    r.schedule = st.text(4), r.hw_name = st.text(5), r.hw_hash = st.text(6);
    r.axes = nlohmann::json::parse(st.text(7), nullptr, false);
    r.config = nlohmann::json::parse(st.text(8), nullptr, false);
    r.model_version = r.config.is_object() ? r.config.value("model_version", "") : "";
    if (r.model_version != kModelVersion) continue;  // another model's numbers (otherVersionRows)
    r.config.erase("model_version");
    r.status = st.text(9), r.error = st.text(10);
    r.summary = nlohmann::json::parse(st.text(11), nullptr, false);
    r.wall_seconds = st.real(12), r.host = st.text(13), r.finished_at = st.text(14);
    out.push_back(std::move(r));
  }
  return out;
}

size_t SweepDb::otherVersionRows() const {
  auto st = db_.prepare("SELECT count(*) FROM points");
  const size_t all = st.step() ? size_t(st.int64(0)) : 0;
  return all - rows().size();
}

void SweepDb::setMeta(const std::string& k, const std::string& v) {
  db_.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)").bind(1, k).bind(2, v).step();
}

std::string SweepDb::meta(const std::string& k) const {
  auto st = db_.prepare("SELECT v FROM meta WHERE k = ?");
  st.bind(1, k);
  return st.step() ? st.text(0) : "";
}

}  // namespace vpsim
