// DmaArbiter: four in-order queues, the first ready head in program order goes next.
#include "isa/dma_arbiter.h"

#include <algorithm>
#include <stdexcept>

namespace vpsim {

DmaArbiter::DmaArbiter(const std::vector<DmaOp>& ops, uint64_t burst_bytes) : ops_(ops), burst_bytes_(burst_bytes) {
  if (burst_bytes == 0) throw std::invalid_argument("DmaArbiter: burst_bytes must be positive");
  for (size_t i = 0; i < ops.size(); ++i) queue_[size_t(queueOf(ops[i]))].push_back(i);
}

bool DmaArbiter::done() const {
  for (size_t q = 0; q < 4; ++q)
    if (head_[q] < queue_[q].size()) return false;
  return true;
}

std::optional<DmaArbiter::Burst> DmaArbiter::next(int64_t now, const Ready& ready) const {
  std::optional<Burst> best;
  for (size_t q = 0; q < 4; ++q) {
    if (head_[q] >= queue_[q].size()) continue;
    const size_t i = queue_[q][head_[q]];
    if ((best && i > best->op) || ready(i) > now) continue;
    const uint64_t n = std::min(burst_bytes_, ops_[i].bytes - offset_[q]);
    best = Burst{i, offset_[q], n, offset_[q] + n >= ops_[i].bytes};
  }
  return best;
}

int64_t DmaArbiter::earliestReady(const Ready& ready) const {
  int64_t t = kUnknown;
  for (size_t q = 0; q < 4; ++q)
    if (head_[q] < queue_[q].size()) t = std::min(t, ready(queue_[q][head_[q]]));
  return t;
}

void DmaArbiter::take(const Burst& b) {
  const size_t q = size_t(queueOf(ops_[b.op]));
  if (head_[q] >= queue_[q].size() || queue_[q][head_[q]] != b.op || offset_[q] != b.offset)
    throw std::logic_error("DmaArbiter: burst taken out of order");
  offset_[q] += b.bytes;
  if (b.last) ++head_[q], offset_[q] = 0;
}

}  // namespace vpsim
