// CSV export of sweep results (see sweep_export.h).
#include "sim/sweep/sweep_export.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/run/csv.h"
#include "sim/sweep/sweep_pareto.h"

namespace vpsim {

std::string SweepExport::value(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::vector<std::string> SweepExport::axisKeys(const std::vector<SweepRow>& rows) {
  std::vector<std::string> keys;
  for (const auto& r : rows)
    for (auto it = r.axes.begin(); it != r.axes.end(); ++it)
      if (it.key() != "schedule" && std::find(keys.begin(), keys.end(), it.key()) == keys.end())
        keys.push_back(it.key());  // the schedule has its own column
  return keys;
}

std::string SweepExport::csv(const std::vector<SweepRow>& rows) {
  const auto axes = axisKeys(rows);
  const auto front = SweepPareto::frontKeys(rows);
  std::string out = "key,idx,sweep,workload,schedule,hw_name";
  for (const auto& a : axes) out += "," + csvField(a);
  out += ",status";
  // The DB's `seconds` is simulated accelerator time; the CSV names its unit and what it is.
  for (const auto& m : SweepDb::metricColumns()) out += "," + (m == "seconds" ? std::string("sim_seconds") : m);
  out += ",pareto,wall_seconds,host,error\n";
  for (const auto& r : rows) {
    out += fmt::format("{},{},{},{},{},{}", r.key, r.index, csvField(r.sweep), csvField(r.workload),
                       csvField(r.schedule), csvField(r.hw_name));
    for (const auto& a : axes) out += "," + (r.axes.contains(a) ? csvField(value(r.axes[a])) : "");
    out += "," + r.status;
    for (const auto& m : SweepDb::metricColumns()) out += r.status == "ok" ? fmt::format(",{:.10g}", r.metric(m)) : ",";
    out += fmt::format(",{},{:.3f},{},{}\n", front.count(r.key) ? 1 : 0, r.wall_seconds, csvField(r.host),
                       csvField(r.error));
  }
  return out;
}

}  // namespace vpsim
