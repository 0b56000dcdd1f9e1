// DmaArbiter: the first ready queue head in program order moves next, burst by burst; a transfer
// issued late but ready early (the next weight block) fills the link while earlier ones wait, and
// gives it back at the next burst boundary.
#include <gtest/gtest.h>

#include <stdexcept>

#include "isa/dma_arbiter.h"

namespace vpsim {

namespace {
DmaOp load(int buffer, uint64_t bytes) {
  DmaOp d;
  d.buffer = buffer, d.bytes = bytes;
  return d;
}
DmaOp store(uint64_t bytes) {
  DmaOp d = load(1, bytes);
  d.is_load = false;
  return d;
}
}  // namespace

TEST(DmaArbiter, FirstReadyHeadInProgramOrderGoesBurstByBurst) {
  // 0: ibuf load, ready at 100; 1: wbuf load of 3 bursts, ready at 0; 2: store, ready at 0.
  const std::vector<DmaOp> ops = {load(0, 4096), load(2, 3 * 4096), store(100)};
  const std::vector<int64_t> ready_at = {100, 0, 0};
  const DmaArbiter::Ready ready = [&](size_t i) { return ready_at[i]; };
  DmaArbiter a(ops, 4096);
  EXPECT_EQ(a.earliestReady(ready), 0);
  auto b = a.next(0, ready);  // op 0 is not ready: the weight block goes first
  ASSERT_TRUE(b);
  EXPECT_EQ(b->op, 1u);
  EXPECT_EQ(b->offset, 0u);
  EXPECT_FALSE(b->last);
  a.take(*b);
  b = a.next(99, ready);  // at 99 still the weights (before the store in program order)
  ASSERT_TRUE(b);
  EXPECT_EQ(b->op, 1u);
  EXPECT_EQ(b->offset, 4096u);
  a.take(*b);
  b = a.next(100, ready);  // op 0 became ready: it takes the link back at the burst boundary
  ASSERT_TRUE(b);
  EXPECT_EQ(b->op, 0u);
  EXPECT_TRUE(b->last);
  a.take(*b);
  b = a.next(100, ready);
  EXPECT_EQ(b->op, 1u);
  EXPECT_TRUE(b->last);
  EXPECT_EQ(b->bytes, 4096u);
  a.take(*b);
  b = a.next(100, ready);
  EXPECT_EQ(b->op, 2u);
  EXPECT_EQ(b->bytes, 100u);
  a.take(*b);
  EXPECT_TRUE(a.done());
  EXPECT_EQ(a.earliestReady(ready), DmaArbiter::kUnknown);
}

TEST(DmaArbiter, NothingReadyAndOutOfOrderTakesAreRefused) {
  const std::vector<DmaOp> ops = {load(0, 10), load(0, 10)};
  const DmaArbiter::Ready unknown = [](size_t) { return DmaArbiter::kUnknown; };
  DmaArbiter a(ops, 4096);
  EXPECT_FALSE(a.next(1000, unknown));
  EXPECT_EQ(a.earliestReady(unknown), DmaArbiter::kUnknown);
  // a queue is in order: the second load of a buffer never passes the first
  const DmaArbiter::Ready second_first = [](size_t i) { return i == 1 ? 0 : 50; };
  EXPECT_FALSE(a.next(10, second_first));
  EXPECT_THROW(a.take(DmaArbiter::Burst{1, 0, 10, true}), std::logic_error);
  EXPECT_THROW(DmaArbiter(ops, 0), std::invalid_argument);
}

}  // namespace vpsim
