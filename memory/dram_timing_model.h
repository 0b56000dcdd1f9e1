// DramTimingModel: cycle-level DRAM model with a DRAMsim3-like flat API (AddTransaction,
// ClockTick, completion callback) over one DramChannel per channel and an address mapper. Plain
// C++: tests and the tile timer drive it without a SystemC kernel; DramTarget wraps it in TLM.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "memory/dram_address_mapper.h"
#include "memory/dram_channel.h"
#include "memory/dram_preset.h"
#include "memory/dram_stats.h"

namespace vpsim {

struct DramTimingConfig {
  DramPreset preset;                                         // device timing, organisation, power
  int channels = 1;                                          // [count] independent channels (power of two)
  std::string mapping = DramAddressMapper::kDefaultMapping;  // address field order, MSB first
  int queue_depth = 32;                                      // [requests] per-channel read queue
  // [requests] per-channel write queue; 0: reads and writes share queue_depth (no drain mode).
  int write_queue_depth = 32;
  double write_high_watermark = 0.8;  // drain writes above this fraction of the write queue (Ramulator 2)
  double write_low_watermark = 0.2;   // ... until below this fraction, if a read waits (Ramulator 2)
  bool refresh = true;                // model all-bank refresh every tREFI
  // [CAS] FR-FCFS starvation cap (Ramulator's FRFCFS_Cap): once a bank has served this many row hits
  // since its ACT, an older request of that bank to another row goes first. 0: no cap.
  int row_hit_cap = 0;
};

class DramTimingModel {
 public:
  using Callback = DramChannel::Callback;  // (addr, is_write, done_cycle)

  explicit DramTimingModel(const DramTimingConfig& config, Callback on_complete = {});
  // Channels keep a pointer to this model's callback: the model stays where it was built.
  DramTimingModel(const DramTimingModel&) = delete;
  DramTimingModel& operator=(const DramTimingModel&) = delete;

  // DRAMsim3-style API. Addresses are byte addresses; one request moves one burst.
  bool WillAcceptTransaction(uint64_t addr, bool is_write) const;
  bool AddTransaction(uint64_t addr, bool is_write);  // false (not queued) when the queue is full
  void ClockTick();
  void setCallback(Callback cb) { callback_ = std::move(cb); }
  using CommandObserver = std::function<void(int channel, DramCommand cmd, int bank, int64_t row, int64_t cycle)>;
  void setCommandObserver(const CommandObserver& obs);  // every command of every channel

  int64_t clock() const { return clock_; }  // [tCK] cycles ticked so far
  int64_t lastCompletion() const;           // [tCK] data-end cycle of the latest completion
  uint64_t completed() const;               // [count] requests completed so far
  void advanceTo(int64_t cycle);            // ClockTick until clock() == cycle
  // Skips the cycles in which nothing can happen, then ticks once: same result as ClockTick()
  // repeated until the next command or completion, much faster on latency-bound traffic.
  void tickToNextEvent(int64_t limit = std::numeric_limits<int64_t>::max());
  bool idle() const;  // nothing queued or in flight
  // Takes over `other`'s whole state (clock, queues, banks, refresh, statistics); `other` must have
  // been built from the same config. Keeps this model's callback, drops the command observer: a
  // look-ahead copy that runs ahead of the real model (memory/timing_dram_backend.h).
  void copyStateFrom(const DramTimingModel& other);
  int64_t drain();    // tick until idle; returns clock()
  DramStats stats();  // summed over channels, up to clock()
  const DramTimingConfig& config() const { return config_; }
  const DramAddressMapper& mapper() const { return mapper_; }
  const DramTimingState& timingState(int channel = 0) const { return channels_[size_t(channel)]->state(); }
  double peakBytesPerCycle() const;  // all channels

 private:
  DramTimingConfig config_;
  DramAddressMapper mapper_;
  Callback callback_;  // channels call it directly (no forwarding layer on the completion path)
  std::vector<std::unique_ptr<DramChannel>> channels_;
  int64_t clock_ = 0;
};

}  // namespace vpsim
