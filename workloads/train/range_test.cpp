// CPT's precision range test (see trainer.h): short static-precision runs from `from` bits upward.
#include <spdlog/spdlog.h>

#include "traces/input_error.h"
#include "workloads/precision_schedule.h"
#include "workloads/train/trainer.h"

namespace vpsim {

int precisionRangeTest(const TrainConfig& cfg, std::vector<double>* accuracies) {
  const ScheduleSpec spec = parseScheduleSpec(cfg.schedule);
  const int g = spec.grad.empty() ? 8 : spec.grad[0];
  const RangeTestConfig& rt = cfg.range_test;
  std::vector<double> acc;
  int bmin = rt.from;
  bool found = false;
  for (int b = rt.from; b <= rt.to; ++b) {
    TrainConfig c = cfg;
    c.range_test.enabled = false;
    c.schedule = "static:" + std::to_string(b) + "/" + std::to_string(g);
    c.iterations = rt.iterations, c.stop_after = 0, c.progress = "off";
    c.lr_schedule = "constant", c.warmup = 0;  // every precision gets the same short training
    const TrainResult r = Trainer(c).run("", false);
    // Averaged training accuracy of the short run (the first precision step has nothing to compare with).
    acc.push_back(r.epochs.empty() ? 0.0 : r.epochs.back().train_acc);
    spdlog::info("range test: {} bits -> train acc {:.2f}%", b, 100 * acc.back());
    if (!found && acc.size() > 1 && acc.back() - acc[acc.size() - 2] > rt.threshold) bmin = b, found = true;
  }
  if (accuracies) *accuracies = acc;
  return bmin;
}

// The CPT spec with its lower bound replaced by the range test's choice.
std::string withLowerBound(const ScheduleSpec& spec, int bmin) {
  if (spec.kind != "cpt" || spec.fwd.size() != 2)
    throw InputError("range_test: needs a cpt schedule (cpt:LO-HI/G), got '" + spec.text + "'");
  std::string s = "cpt:" + std::to_string(std::min(bmin, spec.fwd[1])) + "-" + std::to_string(spec.fwd[1]) + "/" +
                  std::to_string(spec.grad.empty() ? 8 : spec.grad[0]);
  for (const auto& [k, v] : spec.params) s += "," + k + "=" + v;
  return s;
}

}  // namespace vpsim
