// DmaArbiter: what the DMA engine moves next. The transfers of a TileSchedule form four queues,
// the loads of each buffer and the stores, each in program order (a buffer's halves fill in
// order). The engine moves one burst at a time over the shared off-chip link; each time the link
// is free it takes the next burst of the ready queue head that comes first in program order. So a
// transfer the program issues late but that may start early (the next weight block, whose
// ping-pong half freed long ago) fills the link while the next tile's inputs still wait for their
// half, and those inputs get the link back at the next burst boundary: the per-buffer load
// queues of Bit Fusion's decoupled LD/ST instructions, with the link arbitrated in bursts.
// Plain C++; the SystemC Accelerator's DMA thread and isa/pipeline_estimate use it alike.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <vector>

#include "isa/tile_schedule.h"

namespace vpsim {

class DmaArbiter {
 public:
  static constexpr int64_t kUnknown = std::numeric_limits<int64_t>::max();
  // ready(i): cycle from which transfer i (index into the schedule's dma) may start, kUnknown if
  // its dependencies are not known yet.
  using Ready = std::function<int64_t(size_t)>;
  struct Burst {
    size_t op = 0;
    uint64_t offset = 0, bytes = 0;
    bool last = false;  // the transfer's last burst
  };

  DmaArbiter(const std::vector<DmaOp>& ops, uint64_t burst_bytes);
  bool done() const;
  // The burst to move at `now`: of the queue heads with ready <= now, the first in program order.
  std::optional<Burst> next(int64_t now, const Ready& ready) const;
  // Earliest known ready time among the queue heads (kUnknown if none is known).
  int64_t earliestReady(const Ready& ready) const;
  void take(const Burst& b);  // b (from next()) was issued

 private:
  static int queueOf(const DmaOp& d) { return d.is_load ? d.buffer : 3; }
  const std::vector<DmaOp>& ops_;
  uint64_t burst_bytes_;
  std::array<std::vector<size_t>, 4> queue_;
  std::array<size_t, 4> head_{};
  std::array<uint64_t, 4> offset_{};  // bytes of the head transfer already moved
};

}  // namespace vpsim
