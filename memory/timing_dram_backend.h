// TimingDramBackend: DramBackend over a persistent DramTimingModel. Each access advances the model
// to its start cycle (refreshes and row state carry over between accesses) and streams its bursts.
#pragma once

#include "memory/dram_backend.h"
#include "memory/dram_timing_model.h"

namespace vpsim {

class TimingDramBackend : public DramBackend {
 public:
  explicit TimingDramBackend(const DramTimingConfig& config);
  double access(uint64_t addr, uint64_t bytes, bool is_write, double start_ns) override;
  double energyPj() override;
  DramTimingModel& model() { return model_; }

 private:
  DramTimingModel model_;
  double tck_ns_;
};

}  // namespace vpsim
