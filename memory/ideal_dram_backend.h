// IdealDramBackend: DramBackend over IdealDram, converting ns <-> accelerator cycles.
#pragma once

#include "memory/dram_backend.h"
#include "memory/ideal_dram.h"

namespace vpsim {

class IdealDramBackend : public DramBackend {
 public:
  IdealDramBackend(int bits_per_cycle, int latency_cycles, double clock_ns, double pj_per_bit);
  double access(uint64_t addr, uint64_t bytes, bool is_write, double start_ns) override;
  // The link carries bits: a gather costs its bytes, wherever they are.
  double accessRuns(const DramRun* runs, size_t count, bool is_write, double start_ns) override;
  double energyPj() override { return energy_before_ + dram_.energyPj(pj_per_bit_); }
  void restart(double now_ns) override;
  const IdealDram& model() const { return dram_; }

 private:
  IdealDram dram_;
  double clock_ns_;
  double pj_per_bit_;
  double origin_ns_ = 0, energy_before_ = 0;
};

}  // namespace vpsim
