// DramCompletionRing: the requests of a DRAM channel in flight, in completion order: a ring that
// doubles when full (cheaper than std::deque on the scheduler's hot path).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vpsim {

struct DramCompletion {
  int64_t cycle;   // [tCK] data end
  int64_t arrive;  // [tCK] when the request was queued
  uint64_t addr;
};

class DramCompletionRing {
 public:
  bool empty() const { return count_ == 0; }
  const DramCompletion& front() const { return ring_[head_]; }
  void pop() {
    head_ = (head_ + 1) & (ring_.size() - 1);
    --count_;
  }
  void push(const DramCompletion& d) {
    if (count_ == ring_.size()) {  // full: unroll into a ring twice the size
      std::vector<DramCompletion> bigger(2 * ring_.size());
      for (size_t i = 0; i < count_; ++i) bigger[i] = ring_[(head_ + i) & (ring_.size() - 1)];
      ring_.swap(bigger);
      head_ = 0;
    }
    ring_[(head_ + count_++) & (ring_.size() - 1)] = d;
  }

 private:
  std::vector<DramCompletion> ring_ = std::vector<DramCompletion>(16);  // size: a power of two
  size_t head_ = 0, count_ = 0;
};

}  // namespace vpsim
