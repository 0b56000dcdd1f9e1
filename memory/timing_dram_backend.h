// TimingDramBackend: DramBackend over a persistent DramTimingModel. Each access advances the model
// to its start cycle (refreshes and row state carry over between accesses), streams its bursts and
// returns when the last data is done. Consecutive accesses do not overlap in the DRAM, so each
// costs one access latency (ACT + CL, ~40 tCK on DDR4): initiators should use large transactions
// (the DMA's 4 KiB bursts lose ~5% to it on DDR4 against one 16 KiB stream). Energy: the preset's
// currents + I/O, or with `lump_energy` its lump_pj_per_bit x bits moved (`dram.energy: lump`).
#pragma once

#include <memory>

#include "memory/dram_backend.h"
#include "memory/dram_timing_model.h"

namespace vpsim {

class TimingDramBackend : public DramBackend {
 public:
  TimingDramBackend(const DramTimingConfig& config, bool lump_energy);
  double access(uint64_t addr, uint64_t bytes, bool is_write, double start_ns) override;
  double energyPj() override;
  void restart(double now_ns) override;
  DramTimingModel& model() { return *model_; }

 private:
  DramTimingConfig config_;
  bool lump_energy_;
  std::unique_ptr<DramTimingModel> model_;
  double tck_ns_;
  double origin_ns_ = 0, energy_before_ = 0;
};

}  // namespace vpsim
