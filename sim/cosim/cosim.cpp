// SimulatedCostModel and CosimReporter.
#include "sim/cosim/cosim.h"
#include "sim/run/run_outputs.h"

#include <spdlog/spdlog.h>

#include "traces/input_error.h"
#include "workloads/train/trainer.h"

namespace vpsim {

CostMetric parseCostMetric(const std::string& s) {
  if (s == "bitops") return CostMetric::Bitops;
  if (s == "energy") return CostMetric::Energy;
  if (s == "cycles") return CostMetric::Cycles;
  throw InputError("cost '" + s + "' must be bitops, energy or cycles");
}

SimulatedCostModel::SimulatedCostModel(std::shared_ptr<PassCoster> coster, std::vector<LayerOp> layers, int64_t batch,
                                       CostMetric metric)
    : coster_(std::move(coster)), layers_(std::move(layers)), batch_(batch), metric_(metric) {
  if (metric == CostMetric::Bitops)  // the trainer's BitopsCostModel is that cost; no hardware needed
    throw std::logic_error("SimulatedCostModel costs energy or cycles, not BitOPs");
}

std::string SimulatedCostModel::name() const { return metric_ == CostMetric::Energy ? "energy" : "cycles"; }

double SimulatedCostModel::layerCost(size_t layer, const Bits& bits) {
  if (layer >= layers_.size()) return 0.0;
  double total = 0;
  for (const PassResult& r : coster_->layerCost(layers_[layer], bits, batch_))  // memoized by the coster
    total += metric_ == CostMetric::Energy ? r.energy_pj.total() : double(r.cycles);
  return total;
}

CosimReporter::CosimReporter(std::shared_ptr<RunAccumulator> acc, std::string out_dir, int spot_check_every)
    : acc_(std::move(acc)), out_dir_(std::move(out_dir)), checker_(acc_->costerPtr(), spot_check_every) {}

int CosimReporter::codesLayer(int64_t iter) { return checker_.layerFor(iter, acc_->header().layers); }

void CosimReporter::onCodes(int64_t iter, const GemmLayer& layer) {
  Timed t(seconds_);
  checker_.check(iter, layer);
}

void CosimReporter::flush() {
  if (pending_.length() > 0) acc_->add(pending_);
  pending_ = TraceRun{};
}

void CosimReporter::onIteration(int64_t iter, const std::vector<Bits>& bits) {
  Timed t(seconds_);
  if (pending_.length() > 0 && pending_.end == iter && pending_.bits == bits) {
    ++pending_.end;
    return;
  }
  flush();
  pending_ = TraceRun{iter, iter + 1, bits};
}

void CosimReporter::onEpoch(const EpochMetrics& m) {
  Timed t(seconds_);
  flush();
  const RunReport r = acc_->report();
  if (!out_dir_.empty()) writeRunReports(r, out_dir_);
  if (!r.epochs.empty()) {
    const EpochRow& e = r.epochs.back();
    spdlog::info("cosim epoch {}: {:.4g} cycles, {:.4g} J on {} ({} unique passes, {} simulated)", m.epoch, e.cycles,
                 e.energy_pj.total() * 1e-12, r.hardware["name"].get<std::string>(), r.unique_passes, r.simulated);
  }
}

void CosimReporter::onFinish() {
  {
    Timed t(seconds_);
    flush();
    if (!out_dir_.empty()) writeRunReports(acc_->report(), out_dir_);
  }
  if (checker_.checks() > 0)
    spdlog::info("{} bit-exact spot checks passed (fwd {}, bwd_data {}, bwd_weight {})", checker_.checks(),
                 checker_.checks(Pass::Fwd), checker_.checks(Pass::BwdData), checker_.checks(Pass::BwdWeight));
  spdlog::info("co-simulation took {:.3f} s of the run (costing bits, reports, spot checks)", seconds_);
}

}  // namespace vpsim
