// Co-simulation: the trainer and the accelerator in one loop.
// - SimulatedCostModel: LDP's cost term from the simulated hardware (energy or cycles of one
//   training iteration at given per-layer bits); every new (layer, bits) is simulated once
//   (PassCoster and its memo cache).
// - CosimReporter: a TrainObserver that costs every iteration's bits on the hardware as training
//   goes and rewrites the run report files (summary.json, epochs.csv, layers.csv,
//   bits_per_epoch.csv; the same as `vpsim run`) at the end of every epoch.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "sim/cosim/spot_check.h"
#include "sim/run/run_driver.h"
#include "workloads/train/cost_model.h"
#include "workloads/train/train_observer.h"

namespace vpsim {

enum class CostMetric { Bitops, Energy, Cycles };
CostMetric parseCostMetric(const std::string& s);  // bitops | energy | cycles; InputError otherwise

class SimulatedCostModel : public IterationCostModel {
 public:
  SimulatedCostModel(std::shared_ptr<PassCoster> coster, std::vector<LayerOp> layers, int64_t batch, CostMetric metric);
  double layerCost(size_t layer, const Bits& bits) override;
  std::string name() const override;
  void bindLayers(const std::vector<LayerOp>& layers) override { layers_ = layers; }

 private:
  std::shared_ptr<PassCoster> coster_;
  std::vector<LayerOp> layers_;
  int64_t batch_;
  CostMetric metric_;
};

class CosimReporter : public TrainObserver {
 public:
  // spot_check_every > 0: a bit-exact spot check every that many iterations (spot_check.h).
  CosimReporter(std::shared_ptr<RunAccumulator> acc, std::string out_dir, int spot_check_every = 0);
  void onIteration(int64_t iter, const std::vector<Bits>& bits) override;
  void onEpoch(const EpochMetrics& metrics) override;
  void onFinish() override;
  int codesLayer(int64_t iter) override;
  void onCodes(int64_t iter, const GemmLayer& layer) override;

 private:
  void flush();
  // Wall time spent in this observer's callbacks: the co-simulation's cost to training, logged at
  // the end (bench/cosim_overhead.sh reads it).
  struct Timed {
    explicit Timed(double& total) : total_(total), t0_(std::chrono::steady_clock::now()) {}
    ~Timed() { total_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count(); }
    double& total_;
    std::chrono::steady_clock::time_point t0_;
  };
  double seconds_ = 0;
  std::shared_ptr<RunAccumulator> acc_;
  std::string out_dir_;
  TraceRun pending_;
  SpotChecker checker_;
};

}  // namespace vpsim
