// TimingDramBackend: DramBackend over a persistent DramTimingModel. Each access advances the model
// to its start cycle (refreshes, row state and requests still in flight carry over between
// accesses), queues its bursts in address order (a full queue holds the rest back, head of line)
// and returns when its last data is done. That time comes from a look-ahead copy of the model,
// which finishes this access's requests with nothing queued behind them; the model itself stays
// where the last request entered, so the next access's requests join the queue behind them while
// they are served: back-to-back accesses (the DMA's 4 KiB bursts, two in flight) pay the access
// latency (ACT + CL, ~40 tCK on DDR4) once, not once per burst (issue 18). Energy: the preset's
// currents + I/O, or with `lump_energy` its lump_pj_per_bit x bits moved (`dram.energy: lump`);
// energyPj() first lets the requests in flight finish.
#pragma once

#include <memory>

#include "memory/dram_backend.h"
#include "memory/dram_timing_model.h"

namespace vpsim {

class TimingDramBackend : public DramBackend {
 public:
  TimingDramBackend(const DramTimingConfig& config, bool lump_energy);
  double access(uint64_t addr, uint64_t bytes, bool is_write, double start_ns) override;
  // The runs' bursts in order (a burst shared by two adjacent runs is requested once).
  double accessRuns(const DramRun* runs, size_t count, bool is_write, double start_ns) override;
  double energyPj() override;
  void restart(double now_ns) override;
  DramTimingModel& model() { return *model_; }

 private:
  DramTimingConfig config_;
  bool lump_energy_;
  std::unique_ptr<DramTimingModel> model_;
  std::unique_ptr<DramTimingModel> ahead_;  // look-ahead copy; its callback counts this access's requests
  struct Pending {
    uint64_t first = 0, end = 0;  // [B) address range of the access's bursts
    bool is_write = false;
    uint64_t left = 0;  // its requests not done yet
    int64_t done = 0;   // [tCK] latest data end among them
  } pending_;
  double tck_ns_;
  double origin_ns_ = 0, energy_before_ = 0;
};

}  // namespace vpsim
