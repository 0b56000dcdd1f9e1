// Sweep report: Pareto fronts, axis effects, tables (see report_sweep.h).
#include "sim/report/report_sweep.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "sim/sweep/sweep_export.h"
#include "sim/sweep/sweep_pareto.h"
#include "traces/input_error.h"

namespace vpsim {

namespace {

std::string pointLabel(const SweepRow& r) {
  std::string s;
  for (auto it = r.axes.begin(); it != r.axes.end(); ++it)
    s += (s.empty() ? "" : " ") + it.key() + "=" + SweepExport::value(*it);
  return s.empty() ? r.hw_name : s;
}

std::vector<std::string> workloads(const std::vector<SweepRow>& rows) {
  std::vector<std::string> w;
  for (const auto& r : rows)
    if (r.status == "ok" && std::find(w.begin(), w.end(), r.workload) == w.end()) w.push_back(r.workload);
  return w;
}

// Axes with two or more values (an axis of one value has no effect to show), schedule included.
std::vector<std::string> variedAxes(const std::vector<SweepRow>& rows) {
  std::vector<std::string> keys;
  std::map<std::string, std::set<std::string>> values;
  for (const auto& r : rows)
    for (auto it = r.axes.begin(); it != r.axes.end(); ++it) {
      if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) keys.push_back(it.key());
      values[it.key()].insert(it->dump());
    }
  keys.erase(std::remove_if(keys.begin(), keys.end(), [&](const std::string& k) { return values[k].size() < 2; }),
             keys.end());
  return keys;
}

// Time order, ties by key: the front's numbers in the figure and in the table agree.
bool byTime(const SweepRow* a, const SweepRow* b) {
  const double ta = a->metric("seconds"), tb = b->metric("seconds");
  return ta != tb ? ta < tb : a->key < b->key;
}

// Varied axes in groups of tied ones: an axis is tied to another when its value always follows the
// other's (a zip: `hw` with `array.cols` and `pe`; in a full grid no axis follows another), so its
// "effect" repeats that comparison under another name and goes into the other's figure. Heads are
// the axes with the most values; groups keep the order of their heads.
std::vector<std::vector<std::string>> tiedGroups(const std::vector<SweepRow>& rows,
                                                 const std::vector<std::string>& axes) {
  auto determines = [&](const std::string& a, const std::string& b) {  // b is a function of a
    std::map<std::string, std::string> seen;
    for (const auto& r : rows) {
      if (r.status != "ok" || !r.axes.contains(a) || !r.axes.contains(b)) continue;
      const auto [it, fresh] = seen.emplace(r.axes[a].dump(), r.axes[b].dump());
      if (!fresh && it->second != r.axes[b].dump()) return false;
    }
    return !seen.empty();
  };
  std::map<std::string, size_t> count;
  for (const auto& a : axes) {
    std::set<std::string> v;
    for (const auto& r : rows)
      if (r.status == "ok" && r.axes.contains(a)) v.insert(r.axes[a].dump());
    count[a] = v.size();
  }
  std::vector<std::string> by_values = axes;
  std::stable_sort(by_values.begin(), by_values.end(),
                   [&](const auto& a, const auto& b) { return count[a] > count[b]; });
  std::vector<std::vector<std::string>> groups;
  for (const auto& a : by_values) {
    auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& grp) { return determines(grp[0], a); });
    if (g == groups.end())
      groups.push_back({a});
    else
      g->push_back(a);
  }
  auto pos = [&](const std::string& a) { return std::find(axes.begin(), axes.end(), a) - axes.begin(); };
  std::stable_sort(groups.begin(), groups.end(), [&](const auto& x, const auto& y) { return pos(x[0]) < pos(y[0]); });
  return groups;
}

}  // namespace

ReportPlot ReportSweep::pareto(const std::string& workload, const std::vector<SweepRow>& rows, size_t n) {
  const auto front = SweepPareto::frontKeys(rows);
  std::vector<const SweepRow*> pts;
  for (const auto& r : rows)
    if (r.status == "ok" && r.workload == workload) pts.push_back(&r);
  std::sort(pts.begin(), pts.end(), byTime);
  ReportPlot p;
  p.id = fmt::format("pareto_{}", n), p.title = "Pareto front, energy vs time: " + workload;
  p.caption =
      "Every finished point of the workload (simulated time on the accelerator [s], energy [J]); the front (red) holds "
      "the points no other point beats in both; its points are numbered as in the table of Pareto-front points.";
  p.data = ReportTable({"point", "sim_seconds", "energy_j", "on_front", "axes", "front_number"});
  int number = 0;  // front points numbered in time order: short labels that the table below names
  double tmin = 1e300, tmax = 0, emin = 1e300, emax = 0;
  for (const SweepRow* r : pts) {
    const double t = r->metric("seconds"), e = r->metric("energy_j");
    tmin = std::min(tmin, t), tmax = std::max(tmax, t), emin = std::min(emin, e), emax = std::max(emax, e);
    // Short, since it labels the front; never starting with #, which gnuplot reads as a comment.
    const std::string name = fmt::format("{} {} [{}]", r->hw_name, r->schedule, r->index);
    const bool on = front.count(r->key) > 0;
    p.data.add({ReportTable::label(name), fmt::format("{:.9g}", t), fmt::format("{:.9g}", e), on ? "1" : "0",
                ReportTable::label(pointLabel(*r)), on ? std::to_string(++number) : "0"});
  }
  std::string log;
  if (tmin > 0 && tmax / tmin > 20) log += "set logscale x\n";
  if (emin > 0 && emax / emin > 20) log += "set logscale y\n";
  p.script =
      log +
      "set xlabel 'simulated time [s]'\nset ylabel 'energy [J]'\nset offsets graph 0.05, graph 0.05, graph 0.05, graph "
      "0.05\n"
      "plot DATA using 2:3 with points pt 7 ps 1 lc rgb '#9a9a9a' title 'points', "
      "DATA using 2:($4 == 1 ? $3 : 1/0) with linespoints lw 2 pt 7 ps 1.3 lc rgb '#d62728' title 'Pareto front', "
      // Numbers, not names (the table of front points names them), alternately above and below.
      "DATA using 2:($4 == 1 && int($6) % 2 == 1 ? $3 : 1/0):6 with labels offset 1.4,0.7 font ',10' notitle, "
      "DATA using 2:($4 == 1 && int($6) % 2 == 0 ? $3 : 1/0):6 with labels offset 1.4,-0.7 font ',10' notitle";
  return p;
}

ReportPlot ReportSweep::axisEffect(const std::vector<std::string>& group, const std::vector<SweepRow>& rows, size_t n) {
  const std::string& axis = group[0];
  const auto wl = workloads(rows);
  std::vector<std::string> values;
  std::map<std::pair<std::string, std::string>, std::pair<double, double>> sum;  // (value, workload) -> (energy, time)
  std::map<std::pair<std::string, std::string>, int> count;
  for (const auto& r : rows) {
    if (r.status != "ok" || !r.axes.contains(axis)) continue;
    const std::string v = ReportTable::label(SweepExport::value(r.axes[axis]));
    if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(v);
    auto& s = sum[{v, r.workload}];
    s.first += r.metric("energy_j"), s.second += r.metric("seconds"), ++count[{v, r.workload}];
  }
  std::vector<std::string> header = {axis};
  for (const auto& w : wl)
    header.push_back(ReportTable::label(w) + " energy_j"), header.push_back(ReportTable::label(w) + " sim_seconds");
  ReportPlot p;
  std::string tied;
  for (size_t i = 1; i < group.size(); ++i) tied += (i > 1 ? ", " : "") + group[i];
  p.id = fmt::format("axis_{}", n);
  p.title = "Effect of " + axis + (tied.empty() ? "" : " (with " + tied + ", tied to it)");
  p.caption = "Mean energy [J] (left) and mean simulated time [s] (right) of the finished points with each value of " +
              axis + ", per workload, over all other axes.";
  if (!tied.empty()) {  // what each bar also changes
    p.caption += " " + tied + (group.size() > 2 ? " change" : " changes") + " with it:";
    std::set<std::string> said;
    for (const auto& r : rows) {
      if (r.status != "ok" || !r.axes.contains(axis)) continue;
      const std::string v = SweepExport::value(r.axes[axis]);
      if (!said.insert(v).second) continue;
      std::string with;
      for (size_t i = 1; i < group.size(); ++i)
        if (r.axes.contains(group[i]))
          with += (with.empty() ? "" : ", ") + group[i] + " = " + SweepExport::value(r.axes[group[i]]);
      p.caption += " " + v + ": " + with + ";";
    }
    p.caption.back() = '.';
  }
  p.data = ReportTable(header);
  for (const auto& v : values) {
    std::vector<std::string> row = {v};
    for (const auto& w : wl) {
      const int c = count[{v, w}];
      const auto s = sum[{v, w}];
      row.push_back(c ? fmt::format("{:.9g}", s.first / c) : "NaN"),
          row.push_back(c ? fmt::format("{:.9g}", s.second / c) : "NaN");
    }
    p.data.add(row);
  }
  const size_t last = 2 * wl.size();
  p.script = fmt::format(
      "set style data histograms\nset style histogram clustered gap 1\nset style fill solid 0.85 border -1\n"
      // The key above the plots, never over a bar.
      "set yrange [0:*]\nset xtics rotate by -30\nset bmargin 7\nset key outside top center horizontal\nset multiplot "
      "layout 1,2\n"
      "set title 'energy'\nset ylabel 'energy [J]'\nplot for [i=2:{}:2] DATA using i:xtic(1) title columnheader(i)\n"
      "set title 'simulated time'\nset ylabel 'simulated time [s]'\nplot for [i=3:{}:2] DATA using i:xtic(1) title "
      "columnheader(i)\nunset multiplot\n",
      last, last + 1);
  return p;
}

std::string ReportSweep::tables(const std::vector<SweepRow>& rows) {
  std::string h =
      "<h2 id=\"front\">Pareto-front points</h2>\n<table><tr><th>workload</th><th>#</th><th>point</th><th>simulated "
      "time [s]</th><th>energy [J]</th><th>key</th></tr>\n";
  for (const auto& [w, front] : SweepPareto::fronts(rows)) {
    std::vector<const SweepRow*> by_time(front.begin(), front.end());  // numbered as in the figure
    std::sort(by_time.begin(), by_time.end(), byTime);
    int number = 0;
    for (const SweepRow* r : by_time)
      h += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.6g}</td><td>{:.6g}</td><td>{}</td></tr>\n",
                       htmlEscape(w), ++number, htmlEscape(pointLabel(*r)), r->metric("seconds"), r->metric("energy_j"),
                       r->key);
  }
  h += "</table>\n";
  std::string failed;
  for (const auto& r : rows)
    if (r.status != "ok")
      failed += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", htmlEscape(r.workload),
                            htmlEscape(pointLabel(r)), htmlEscape(r.error));
  if (!failed.empty())
    h += "<h2 id=\"failed\">Failed points</h2>\n<table><tr><th>workload</th><th>point</th><th>error</th></tr>\n" +
         failed + "</table>\n";
  return h;
}

ReportPage ReportSweep::build(const std::string& db_path) {
  if (!std::filesystem::exists(db_path)) throw InputError(db_path + ": no such results database");
  SweepDb db(db_path);
  const auto rows = db.rows();
  size_t ok = 0;
  for (const auto& r : rows) ok += r.status == "ok";
  ReportPage page;
  page.title = "vpsim sweep: " + (db.meta("sweep").empty() ? db_path : db.meta("sweep"));
  page.facts = {{"database", db_path},
                {"spec", db.meta("spec")},
                {"points", fmt::format("{} ({} ok, {} failed)", rows.size(), ok, rows.size() - ok)},
                {"model version",
                 fmt::format("{} ({} points of other versions left out)", kModelVersion, db.otherVersionRows())}};
  if (ok == 0) throw InputError(db_path + ": no finished points to report");
  size_t n = 0;
  for (const auto& w : workloads(rows)) page.plots.push_back(pareto(w, rows, n++));
  n = 0;
  for (const auto& group : tiedGroups(rows, variedAxes(rows))) page.plots.push_back(axisEffect(group, rows, n++));
  page.extra_html = tables(rows);
  return page;
}

}  // namespace vpsim
