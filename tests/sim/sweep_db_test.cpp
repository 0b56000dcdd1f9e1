// SweepDb and SweepPareto in process: 'ok' rows are never replaced, failed rows are, merging is
// idempotent, and Pareto fronts are computed per workload.
#include <gtest/gtest.h>

#include <filesystem>

#include "sim/sweep/sweep_db.h"
#include "sim/sweep/sweep_export.h"
#include "sim/sweep/sweep_pareto.h"

namespace vpsim {

namespace {

namespace fs = std::filesystem;

SweepRow row(const std::string& key, const std::string& workload, double seconds, double energy, bool ok = true) {
  SweepRow r;
  r.key = key, r.workload = workload, r.status = ok ? "ok" : "error", r.error = ok ? "" : "boom";
  if (ok)
    r.summary = {
        {"seconds", seconds}, {"cycles", seconds * 1e9}, {"energy_j", {{"total", energy}, {"dram", energy / 2}}}};
  r.axes = {{"array.rows", static_cast<int>(seconds)}};
  return r;
}

std::string tmpDb(const std::string& name) {
  const auto p = fs::path(::testing::TempDir()) / (name + "_" + std::to_string(::getpid()) + ".sqlite");
  fs::remove(p);
  return p.string();
}

}  // namespace

TEST(SweepDb, OkRowsStayFailedRowsAreReplaced) {
  const std::string path = tmpDb("db_upsert");
  SweepDb db(path);
  db.insert(row("a", "w", 1, 5));
  db.insert(row("a", "w", 0, 0, false));  // a late failure of a finished point changes nothing
  db.insert(row("b", "w", 0, 0, false));
  ASSERT_EQ(db.rows().size(), 2u);
  EXPECT_EQ(db.keys(true), std::set<std::string>{"a"});
  db.insert(row("b", "w", 2, 3));
  const auto rows = db.rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(db.keys(true).size(), 2u);
  EXPECT_DOUBLE_EQ(rows[0].metric("energy_j"), 5);
  EXPECT_DOUBLE_EQ(rows[0].metric("energy_j_dram"), 2.5);
  fs::remove(path);
}

TEST(SweepDb, MergeIsIdempotentAndPrefersFinishedRows) {
  const std::string a = tmpDb("merge_a"), b = tmpDb("merge_b"), out = tmpDb("merge_out");
  {
    SweepDb da(a), db(b), dout(out);
    da.insert(row("p1", "w", 1, 1));
    da.insert(row("p2", "w", 0, 0, false));
    db.insert(row("p2", "w", 2, 2));
    db.insert(row("p3", "w", 3, 3));
    dout.insert(row("p3", "w", 9, 9));  // already finished in the target: kept
    EXPECT_EQ(dout.merge(a), 1u);
    EXPECT_EQ(dout.merge(b), 1u);  // p2 now ok; p3 kept
    EXPECT_EQ(dout.merge(b), 0u);
    const auto rows = dout.rows();
    ASSERT_EQ(rows.size(), 3u);
    for (const auto& r : rows) EXPECT_EQ(r.status, "ok") << r.key;
    EXPECT_DOUBLE_EQ(rows[2].metric("seconds"), 9);
  }
  for (const auto& p : {a, b, out}) fs::remove(p);
}

TEST(SweepPareto, FrontPerWorkloadMinimizesTimeAndEnergy) {
  std::vector<SweepRow> rows = {row("a", "w1", 1, 5),       row("b", "w1", 2, 3),   row("c", "w1", 3, 4),
                                row("d", "w1", 4, 1),       row("e", "w1", 2, 3.5), row("f", "w2", 10, 10),
                                row("g", "w2", 0, 0, false)};
  EXPECT_EQ(SweepPareto::frontKeys(rows), (std::set<std::string>{"a", "b", "d", "f"}));
  const auto fronts = SweepPareto::fronts(rows);
  ASSERT_EQ(fronts.at("w1").size(), 3u);
  EXPECT_EQ(fronts.at("w1")[1]->key, "b");
  const std::string csv = SweepExport::csv(rows);
  EXPECT_NE(csv.find(",pareto,"), std::string::npos);
  EXPECT_NE(csv.find("boom"), std::string::npos);
}

}  // namespace vpsim
