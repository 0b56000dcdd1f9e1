// Trace generation for sweep workloads (see sweep_traces.h).
#include "sim/sweep/sweep_traces.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <filesystem>

#include "sim/arch/result_identity.h"
#include "workloads/trace_generation.h"

namespace vpsim {

std::string SweepTraces::fileName(const SweepWorkload& w) {
  std::string sched;
  for (char c : w.schedule) sched += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  const std::string len = w.iterations ? "i" + std::to_string(w.iterations) : "e" + std::to_string(w.epochs);
  return w.model + "-" + w.dataset + "-" + sched + "-" + len + "-b" + std::to_string(w.batch) + "-" +
         sha256Hex(SweepGrid::workloadIdentity(w)).substr(0, 12) + ".trace.jsonl";
}

std::map<std::string, std::string> SweepTraces::prepare(const std::vector<SweepPoint>& points, const std::string& dir,
                                                        const std::string& configs_dir) {
  std::map<std::string, std::string> out;
  for (const auto& p : points) {
    const std::string id = SweepGrid::workloadIdentity(p.workload);
    if (out.count(id)) continue;
    if (!p.workload.generated()) {
      out[id] = std::filesystem::absolute(p.workload.trace).string();
      continue;
    }
    std::filesystem::create_directories(dir);
    const std::string path = std::filesystem::absolute(std::filesystem::path(dir) / fileName(p.workload)).string();
    if (!std::filesystem::exists(path)) {
      TraceGenRequest req;
      req.model = p.workload.model, req.dataset = p.workload.dataset, req.schedule = p.workload.schedule;
      req.batch = p.workload.batch, req.iterations = p.workload.iterations, req.epochs = p.workload.epochs;
      req.output = path;
      spdlog::info("sweep: generating trace {}", path);
      generateTrace(req, configs_dir);
    }
    out[id] = path;
  }
  return out;
}

}  // namespace vpsim
