// SQLite storage of sweep rows (see sweep_db.h).
#include "sim/sweep_db.h"

#include "sim/atomic_file.h"

#include <sqlite3.h>

#include <stdexcept>

#include "traces/input_error.h"

namespace vpsim {

namespace {

const std::vector<std::string> kMetrics = {
    "cycles", "seconds", "gbitops", "energy_j", "energy_j_compute", "energy_j_sram", "energy_j_dram",
    "energy_j_vector", "energy_j_leakage", "energy_j_other", "epochs", "iterations", "unique_passes", "cache_hits"};

const std::vector<std::string> kText = {"key", "idx", "sweep", "workload", "schedule", "hw_name", "hw_hash",
                                        "axes", "config", "status", "error"};
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

struct Stmt {
  sqlite3_stmt* s = nullptr;
  Stmt(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK)
      throw std::runtime_error("sqlite: " + std::string(sqlite3_errmsg(db)) + " in: " + sql);
  }
  ~Stmt() { sqlite3_finalize(s); }
  std::string text(int i) const {
    const auto* t = sqlite3_column_text(s, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
};

}  // namespace

double SweepRow::metric(const std::string& column) const {
  if (column == "energy_j") return summary.value("/energy_j/total"_json_pointer, 0.0);
  if (column.rfind("energy_j_", 0) == 0)
    return summary.value(nlohmann::json::json_pointer("/energy_j/" + column.substr(9)), 0.0);
  const auto it = summary.find(column);
  return it != summary.end() && it->is_number() ? it->get<double>() : 0.0;
}

SweepDb::SweepDb(const std::string& path) : path_(path) {
  checkSqliteFile(path, "a vpsim results database");
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK)
    throw InputError(path + ": cannot open results database: " + sqlite3_errmsg(db_));
  sqlite3_busy_timeout(db_, 60000);
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=NORMAL");
  std::string cols = "key TEXT PRIMARY KEY, idx INTEGER, sweep TEXT, workload TEXT, schedule TEXT, hw_name TEXT, "
                     "hw_hash TEXT, axes TEXT, config TEXT, status TEXT NOT NULL, error TEXT";
  for (const auto& m : kMetrics) cols += ", " + m + " REAL";
  cols += ", summary TEXT, wall_seconds REAL, host TEXT, finished_at TEXT";
  exec("CREATE TABLE IF NOT EXISTS points (" + cols + ")");
  exec("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)");
}

SweepDb::~SweepDb() { sqlite3_close(db_); }

void SweepDb::exec(const std::string& sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : "unknown";
    sqlite3_free(err);
    throw std::runtime_error(path_ + ": sqlite: " + msg);
  }
}

const std::vector<std::string>& SweepDb::metricColumns() { return kMetrics; }

std::set<std::string> SweepDb::keys(bool ok_only) const {
  Stmt st(db_, std::string("SELECT key FROM points") + (ok_only ? " WHERE status = 'ok'" : ""));
  std::set<std::string> out;
  while (sqlite3_step(st.s) == SQLITE_ROW) out.insert(st.text(0));
  return out;
}

void SweepDb::insert(const SweepRow& r) {
  const auto cols = allColumns();
  std::string qs;
  for (size_t i = 0; i < cols.size(); ++i) qs += i ? ", ?" : "?";
  Stmt st(db_, "INSERT INTO points (" + joined(cols) + ") VALUES (" + qs + ")" + upsertTail());
  int i = 1;
  auto text = [&](const std::string& v) { sqlite3_bind_text(st.s, i++, v.c_str(), -1, SQLITE_TRANSIENT); };
  text(r.key);
  sqlite3_bind_int(st.s, i++, r.index);
  for (const auto* v : {&r.sweep, &r.workload, &r.schedule, &r.hw_name, &r.hw_hash}) text(*v);
  text(r.axes.dump());
  nlohmann::json config = r.config;
  config["model_version"] = r.model_version;
  text(config.dump());
  text(r.status);
  text(r.error);
  for (const auto& m : kMetrics) {
    if (r.status == "ok") sqlite3_bind_double(st.s, i++, r.metric(m));
    else sqlite3_bind_null(st.s, i++);
  }
  text(r.summary.dump());
  sqlite3_bind_double(st.s, i++, r.wall_seconds);
  text(r.host);
  text(r.finished_at);
  // A single statement is its own transaction: the row is either all there or not at all.
  if (sqlite3_step(st.s) != SQLITE_DONE) throw std::runtime_error(path_ + ": sqlite insert: " + sqlite3_errmsg(db_));
}

size_t SweepDb::merge(const std::string& shard_path) {
  Stmt att(db_, "ATTACH DATABASE ? AS shard");
  sqlite3_bind_text(att.s, 1, shard_path.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(att.s) != SQLITE_DONE) throw InputError(shard_path + ": cannot attach: " + sqlite3_errmsg(db_));
  const int before = static_cast<int>(keys(true).size());
  try {
    exec("BEGIN IMMEDIATE");
    exec("INSERT INTO points (" + joined(allColumns()) + ") SELECT " + joined(allColumns()) +
         " FROM shard.points WHERE true" + upsertTail());
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    exec("DETACH DATABASE shard");
    throw;
  }
  exec("DETACH DATABASE shard");
  return keys(true).size() - static_cast<size_t>(before);
}

std::vector<SweepRow> SweepDb::rows() const {
  Stmt st(db_, "SELECT key, idx, sweep, workload, schedule, hw_name, hw_hash, axes, config, status, error, summary, "
               "wall_seconds, host, finished_at FROM points ORDER BY idx, key");
  std::vector<SweepRow> out;
  while (sqlite3_step(st.s) == SQLITE_ROW) {
    SweepRow r;
    r.key = st.text(0), r.index = sqlite3_column_int(st.s, 1), r.sweep = st.text(2), r.workload = st.text(3);
    r.schedule = st.text(4), r.hw_name = st.text(5), r.hw_hash = st.text(6);
    r.axes = nlohmann::json::parse(st.text(7), nullptr, false);
    r.config = nlohmann::json::parse(st.text(8), nullptr, false);
    r.model_version = r.config.is_object() ? r.config.value("model_version", "") : "";
    if (r.model_version != kModelVersion) continue;  // another model's numbers (otherVersionRows)
    r.config.erase("model_version");
    r.status = st.text(9), r.error = st.text(10);
    r.summary = nlohmann::json::parse(st.text(11), nullptr, false);
    r.wall_seconds = sqlite3_column_double(st.s, 12), r.host = st.text(13), r.finished_at = st.text(14);
    out.push_back(std::move(r));
  }
  return out;
}

size_t SweepDb::otherVersionRows() const {
  Stmt st(db_, "SELECT count(*) FROM points");
  const size_t all = sqlite3_step(st.s) == SQLITE_ROW ? size_t(sqlite3_column_int64(st.s, 0)) : 0;
  return all - rows().size();
}

void SweepDb::setMeta(const std::string& k, const std::string& v) {
  Stmt st(db_, "INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)");
  sqlite3_bind_text(st.s, 1, k.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st.s, 2, v.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_step(st.s);
}

std::string SweepDb::meta(const std::string& k) const {
  Stmt st(db_, "SELECT v FROM meta WHERE k = ?");
  sqlite3_bind_text(st.s, 1, k.c_str(), -1, SQLITE_TRANSIENT);
  return sqlite3_step(st.s) == SQLITE_ROW ? st.text(0) : "";
}

}  // namespace vpsim
