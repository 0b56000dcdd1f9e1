// PassSimulator: compile, schedule, simulate, price.
#include "sim/arch/pass_simulator.h"

#include <cmath>

#include "isa/compiler.h"
#include "isa/pipeline_estimate.h"
#include "pe/array_timing.h"
#include "pe/throughput.h"
#include "sim/arch/accelerator.h"
#include "traces/input_error.h"

namespace vpsim {

namespace {
// Peak off-chip bits per accelerator cycle of a timing DRAM (DDR: two transfers per tCK).
int64_t timingDramBitsPerCycle(const HwConfig& hw) {
  const auto& p = hw.dram.timing.preset;
  const double bits_per_ns = 2.0 * p.org.bus_bits * p.dataBuses() * hw.dram.timing.channels / p.timing.tck_ns;
  return std::max<int64_t>(1, static_cast<int64_t>(bits_per_ns * hw.clockNs()));
}
}  // namespace

CompilerTarget compilerTargetFor(const HwConfig& hw, Pass pass) {
  CompilerTarget t;
  t.rows = hw.array.array.rows;
  t.cols = hw.array.array.cols;
  t.ibuf_bits = hw.buffers.ibuf.capacity_bytes * 8;
  t.wbuf_bits = hw.buffers.wbuf.capacity_bytes * 8;
  t.obuf_bits = hw.buffers.obuf.capacity_bytes * 8;
  t.ibuf_double = hw.buffers.ibuf.double_buffered;
  t.wbuf_double = hw.buffers.wbuf.double_buffered;
  t.obuf_double = hw.buffers.obuf.double_buffered;
  t.psum_bits = hw.array.pe.accumulator_bits;
  t.output_init_read = hw.output_init_read;
  t.dram_bits_per_cycle = hw.dram.model == DramModelKind::Ideal ? hw.dram.bits_per_cycle : timingDramBitsPerCycle(hw);
  const PeConfig pe = hw.array.pe.forPass(pass);
  const ArrayConfig array = hw.array.array;
  t.throughput = [pe](int b0, int b1) {
    const Throughput tp = peThroughput(pe, b0, b1);
    return Rational{tp.products_per_step, tp.cycles_per_step};
  };
  t.weight_load_cycles = t.rows;
  t.tile_drain = [array, pe](int b0, int b1) {
    return static_cast<int64_t>(tileTiming(array, pe, TileShape{1, 1, 1}, b0, b1).drain_cycles);
  };
  const VectorUnitConfig vector = hw.vector;
  t.vector_ops = [vector](const GemmPass& g) { return vectorOpsOf(vector, g); };
  t.vector_lanes = hw.vector.lanes;
  if (pe.kind == PeKind::BitFusion)
    t.width_class = [pe](int b0, int b1) {
      return std::pair<int, int>{bitFusionRound(b0, pe.brick_bits), bitFusionRound(b1, pe.brick_bits)};
    };
  const BufferConfig* bufs[3] = {&hw.buffers.ibuf, &hw.buffers.obuf, &hw.buffers.wbuf};
  for (int i = 0; i < 3; ++i)
    t.buffer_word_bits[size_t(i)] = bufs[i]->word_bits, t.buffer_banks[size_t(i)] = bufs[i]->banks;
  t.dma_burst_bytes = int64_t(DmaConfig{}.burst_bytes);
  t.dram_timing = hw.dram.model != DramModelKind::Ideal;
  t.tile_cycles = [array, pe](int64_t m, int64_t n, int64_t k, int b0, int b1) {
    return static_cast<int64_t>(tileTiming(array, pe, TileShape{m, n, k}, b0, b1).cycles);
  };
  t.ibuf_read_pj = hw.energyPj("sram_ibuf_read_pj_per_bit");
  t.ibuf_write_pj = hw.energyPj("sram_ibuf_write_pj_per_bit");
  t.wbuf_read_pj = hw.energyPj("sram_wbuf_read_pj_per_bit");
  t.wbuf_write_pj = hw.energyPj("sram_wbuf_write_pj_per_bit");
  t.obuf_read_pj = hw.energyPj("sram_obuf_read_pj_per_bit");
  t.obuf_write_pj = hw.energyPj("sram_obuf_write_pj_per_bit");
  t.dram_pj = hw.hasEnergy("dram_pj_per_bit") ? hw.energyPj("dram_pj_per_bit") : 15.0;
  t.core_pj_per_cycle = hw.hasEnergy("core_pj_per_cycle") ? hw.energyPj("core_pj_per_cycle") : 0.0;
  return t;
}

PassSimulator::PassSimulator(const HwConfig& hw, Fidelity fidelity) : hw_(hw), fidelity_(fidelity), energy_(hw) {
  for (Pass p : kAllPasses) targets_[size_t(p)] = compilerTargetFor(hw, p);
}

PassSimulator::~PassSimulator() = default;

bool PassSimulator::arrayCanRun(int b0, int b1, Pass pass) const {
  try {
    checkOperandBits(hw_.array.pe.forPass(pass), b0, b1);
    return b0 <= 32 && b1 <= 32;  // the ISA encodes widths 1..32
  } catch (const InputError&) {
    return false;
  }
}

double vectorOpsOf(const VectorUnitConfig& v, const GemmPass& g) {
  const PostOps& p = g.post;
  const double elements = double(g.out_elements);
  switch (g.pass) {
    case Pass::Fwd:
      return elements * (p.bn * v.bn_fwd_ops + p.relu * v.relu_ops + p.residual * v.residual_ops + p.pool * v.pool_ops +
                         p.quantize * v.quantize_ops);
    case Pass::BwdData:
      return elements * (p.bn * v.bn_bwd_ops + p.relu * v.relu_ops + p.residual * v.residual_ops + p.pool * v.pool_ops +
                         p.quantize * v.quantize_ops);
    case Pass::BwdWeight:
      return elements * (v.sgd_ops_per_weight + p.quantize * v.quantize_ops);
  }
  return 0;
}

// FP32 on the vector unit: each operand and the output cross the link once at 32 bits (the patch
// tensor as its feature map), overlapped with the arithmetic.
PassResult PassSimulator::onVectorUnit(const GemmPass& g) const {
  PassResult r;
  r.macs = g.macs();
  r.on_vector_unit = true;
  r.vector_ops = hw_.vector.fp32_ops_per_mac * double(r.macs) + vectorOpsOf(hw_.vector, g);
  r.vector_cycles = uint64_t(vectorCycles(r.vector_ops, hw_.vector.lanes));
  const auto patch = patchTensor(g);
  const auto elements = [&](Scratchpad s, int64_t rows, int64_t cols) {
    return patch && patch->buf == s ? g.conv.footprint(0, g.conv.pixels(), 0, g.conv.patch()) : rows * cols;
  };
  const int64_t in_bits = 32 * g.groups * (elements(Scratchpad::Wbuf, g.k, g.n) + elements(Scratchpad::Ibuf, g.m, g.k));
  const int64_t out_bits = 32 * g.groups * elements(Scratchpad::Obuf, g.m, g.n);
  r.dram_read_bits = uint64_t(in_bits), r.dram_write_bits = uint64_t(out_bits);
  const int64_t bw = targets_[size_t(g.pass)].dram_bits_per_cycle;
  const uint64_t link = uint64_t((in_bits + out_bits + bw - 1) / bw);
  r.cycles = std::max(r.vector_cycles, link);
  r.stall_cycles = r.cycles - r.vector_cycles;
  r.energy_pj.dram = energy_.dramIdeal(r.dram_read_bits + r.dram_write_bits);
  r.energy_pj.vector = energy_.vector(r.vector_ops);
  return r;
}

PassResult PassSimulator::simulate(const GemmPass& lowered, int b0, int b1) {
  // A pass at FP32 quantizes nothing: neither at the workload's widths (as passIdentity normalizes
  // it) nor on hardware that forces every pass to 32 bits.
  GemmPass gemm = lowered;
  gemm.post = postOpsAtWidths(gemm.post, b0, b1);
  if (hw_.force_bits > 0) b0 = b1 = hw_.force_bits;
  gemm.post = postOpsAtWidths(gemm.post, b0, b1);
  PassResult r;
  const CompilerTarget& target = targets_[size_t(gemm.pass)];
  if (!arrayCanRun(b0, b1, gemm.pass)) {
    r = onVectorUnit(gemm);
  } else {
    const CompiledPass cp = compilePass(target, gemm, b0, b1);
    ScheduleLayout layout = scheduleLayoutFor(target, gemm, b0, b1);
    layout.half_bytes = {uint64_t(hw_.buffers.ibuf.tileCapacityBytes()), uint64_t(hw_.buffers.obuf.tileCapacityBytes()),
                         uint64_t(hw_.buffers.wbuf.tileCapacityBytes())};
    TileSchedule sched = buildTileSchedule(cp.program, layout);
    assignVectorOps(sched, vectorOpsOf(hw_.vector, gemm));
    if (!accel_) accel_ = std::make_unique<Accelerator>("accelerator", hw_, fidelity_);
    const AcceleratorCounters c = accel_->runPass(sched, gemm.pass);
    r.macs = sched.macs;
    r.tiling = describeTiling(cp.tiling);
    r.estimated_cycles = uint64_t(cp.estimate.cycles);
    r.cycles = c.cycles;
    r.compute_cycles = c.compute_cycles;
    r.vector_cycles = c.vector_cycles;
    r.vector_ops = c.vector_ops;
    r.stall_cycles = c.cycles > c.compute_cycles ? c.cycles - c.compute_cycles : 0;
    r.tiles = c.tiles;
    const Throughput tp = peThroughput(hw_.array.pe.forPass(gemm.pass), b0, b1);
    const double peak = double(target.rows) * target.cols * tp.productsPerCycle();
    r.utilization = c.cycles ? double(r.macs) / (double(c.cycles) * peak) : 0.0;
    r.sram_read_bits = c.sram_read_bits;
    r.sram_write_bits = c.sram_write_bits;
    r.dram_read_bits = c.dram_read_bytes * 8;
    r.dram_write_bits = c.dram_write_bytes * 8;
    r.brick_ops = c.actions.brick_ops, r.and_ops = c.actions.and_ops;
    r.mult_ops = c.actions.mult_ops, r.acc_adds = c.actions.acc_adds;
    r.energy_pj.compute = energy_.compute(c.actions, c.compute_cycles);
    r.energy_pj.sram = energy_.sram(c.sram_read_bits, c.sram_write_bits);
    r.energy_pj.dram = c.dram_energy_pj;
    r.energy_pj.vector = energy_.vector(r.vector_ops);
  }
  r.energy_pj.leakage = energy_.leakage(r.cycles);
  return r;
}

}  // namespace vpsim
