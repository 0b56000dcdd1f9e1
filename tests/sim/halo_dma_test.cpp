// Strided halo DMA (issue 12): a convolution's patch-tensor blocks move as runs of the NCHW feature
// map. The runs cover exactly the input rectangle each block reads (ConvGeometry::footprint), in
// address order; a schedule's halo transfers carry them, and the DRAM pieces of their bursts add up
// to the bytes moved; on a DRAM timing model a halo load costs what its runs cost.
#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "isa/compiler.h"
#include "isa/fmap_traffic.h"
#include "isa/tile_schedule.h"
#include "memory/dram_stream.h"
#include "memory/dram_timing_model.h"
#include "sim/arch/accelerator.h"
#include "sim/arch/hw_config.h"

namespace vpsim {

namespace {

// The input rectangle of the block, as spatialFootprint defines it, element by element.
std::set<int64_t> expectedElements(const ConvGeometry& c, int64_t groups, int64_t g0, int64_t g1, int64_t p0,
                                   int64_t p1, int64_t q0, int64_t q1) {
  const int64_t plane = c.out_h * c.out_w, taps = c.kernel * c.kernel;
  std::set<int64_t> out;
  const auto span = [&](int64_t a, int64_t b, int64_t in) {
    return std::pair<int64_t, int64_t>{std::max<int64_t>(0, a * c.stride - c.pad),
                                       std::min(in - 1, b * c.stride - c.pad + c.kernel - 1)};
  };
  for (int64_t b = p0 / plane; b <= (p1 - 1) / plane; ++b) {
    const int64_t s = std::max(p0, b * plane) - b * plane, e = std::min(p1, (b + 1) * plane) - b * plane;
    const int64_t r0 = s / c.out_w, r1 = (e - 1) / c.out_w;
    const auto rows = span(r0, r1, c.in_h);
    const auto cols =
        r0 == r1 ? span(s % c.out_w, (e - 1) % c.out_w, c.in_w) : std::pair<int64_t, int64_t>{0, c.in_w - 1};
    for (int64_t g = g0; g < g1; ++g)
      for (int64_t ch = q0 / taps; ch <= (q1 - 1) / taps; ++ch)
        for (int64_t y = rows.first; y <= rows.second; ++y)
          for (int64_t x = cols.first; x <= cols.second; ++x)
            out.insert((((b * groups + g) * c.in_c + ch) * c.in_h + y) * c.in_w + x);
  }
  return out;
}

}  // namespace

TEST(HaloRuns, CoverExactlyTheInputRectangleOfEveryBlockInAddressOrder) {
  // (batch, in_c, in_h, in_w, out_h, out_w, kernel, stride, pad), groups
  const std::vector<std::pair<ConvGeometry, int64_t>> convs = {{{2, 3, 6, 5, 6, 5, 3, 1, 1}, 1},
                                                               {{3, 4, 9, 9, 4, 4, 3, 2, 0}, 1},
                                                               {{2, 2, 8, 8, 4, 4, 3, 2, 1}, 3},
                                                               {{1, 5, 7, 7, 7, 7, 3, 1, 1}, 1},
                                                               {{4, 1, 6, 6, 6, 6, 3, 1, 1}, 4}};
  int blocks = 0;
  for (const auto& [c, groups] : convs) {
    for (int64_t pt : pixelTileCandidates(c)) {
      for (int64_t qt : patchTileCandidates(c)) {
        for (int64_t gt : {int64_t(1), groups}) {
          for (int64_t g0 = 0; g0 < groups; g0 += gt) {
            for (int64_t p0 = 0; p0 < c.pixels(); p0 += pt) {
              for (int64_t q0 = 0; q0 < c.patch(); q0 += qt) {
                const int64_t g1 = std::min(groups, g0 + gt), p1 = std::min(c.pixels(), p0 + pt),
                              q1 = std::min(c.patch(), q0 + qt);
                const auto h = haloRuns(c, groups, g0, g1, p0, p1, q0, q1);
                ASSERT_TRUE(h) << p0 << ".." << p1;
                std::set<int64_t> got;
                int64_t prev_end = -1;
                for (int64_t r = 0; r < h->runs(); ++r) {
                  const int64_t o = h->offset(r);
                  ASSERT_GT(o, prev_end - 1) << "runs in address order, not overlapping";
                  for (int64_t i = 0; i < h->run; ++i) got.insert(o + i);
                  prev_end = o + h->run;
                }
                EXPECT_EQ(got, expectedElements(c, groups, g0, g1, p0, p1, q0, q1)) << p0 << ".." << p1 << " x " << q0;
                EXPECT_EQ(h->elements(), (g1 - g0) * c.footprint(p0, p1, q0, q1));
                ++blocks;
              }
            }
          }
        }
      }
    }
  }
  EXPECT_GT(blocks, 1000);
}

TEST(HaloRuns, ScheduleTransfersCarryThemAndTheirBurstsGatherTheBytesMoved) {
  LayerOp l{"c", LayerKind::Conv, 32, 48, 14, 14, 14, 14, 3, 1, 1, 1};
  for (Pass p : kAllPasses) {
    const GemmPass g = lowerPass(l, p, 4);
    for (const int bits : {2, 3, 8}) {
      const CompilerTarget t = bitFusionTarget();
      const CompiledPass cp = compilePass(t, g, bits, bits);
      const TileSchedule s = buildTileSchedule(cp.program, scheduleLayoutFor(t, g, bits, bits));
      const int patch_buf = int(patchTensor(g)->buf);
      const uint64_t tensor_bytes = uint64_t(4 * 32 * 14 * 14 * (patch_buf == 1 ? 32 : bits) + 7) / 8;
      int strided = 0;
      std::vector<DramPiece> pieces;
      for (const DmaOp& d : s.dma) {
        if (d.buffer != patch_buf) {
          EXPECT_FALSE(d.strided);
          continue;
        }
        ASSERT_TRUE(d.strided) << passName(p);
        ++strided;
        EXPECT_EQ(d.bytes, (uint64_t(d.runs.elements()) * uint64_t(d.element_bits) + 7) / 8);
        uint64_t sum = 0;
        for (uint64_t off = 0; off < d.bytes; off += 4096) {
          dramPieces(d, off, std::min<uint64_t>(4096, d.bytes - off), pieces);
          for (const DramPiece& pc : pieces) {
            sum += pc.bytes;
            EXPECT_GE(pc.addr, d.dram_byte_addr);
            EXPECT_LE(pc.addr + pc.bytes, d.dram_byte_addr + tensor_bytes + 1) << "inside the feature map";
          }
        }
        EXPECT_EQ(sum, d.bytes);
        if (d.element_bits == 8) {  // whole bytes: the pieces of the whole stream are the runs (adjacent ones merged)
          dramPieces(d, 0, d.bytes, pieces);
          EXPECT_EQ(pieces.front().addr, d.dram_byte_addr + uint64_t(d.runs.first));
          EXPECT_LE(pieces.size(), size_t(d.runs.runs()));
        }
      }
      EXPECT_GT(strided, 0) << passName(p);
    }
  }
}

// One elaboration per process: this test owns its Accelerator.
TEST(HaloDma, AStridedLoadCostsWhatItsRunsCostOnDdr4) {
  const std::string configs = std::string(VPSIM_SOURCE_DIR) + "/configs";
  const HwConfig hw = loadHwConfig(configs + "/hw/bitfusion-ddr4.yaml", configs);
  Accelerator accel("accelerator", hw, Fidelity::Tile);
  // 16 channels x 3 rows of a 56 x 56 8-bit map: runs of 168 B, 3136 B apart
  DmaOp d;
  d.buffer = 0;
  d.strided = true;
  d.element_bits = 8;
  d.runs.first = 0, d.runs.run = 3 * 56, d.runs.count = {16, 1, 1}, d.runs.stride = {56 * 56, 0, 0};
  d.dram_byte_addr = kTensorDramBase[0];
  d.bytes = uint64_t(d.runs.elements());
  TileSchedule strided;
  strided.dma = {d};
  d.strided = false;
  TileSchedule flat;
  flat.dma = {d};
  const uint64_t cs = accel.runPass(strided, Pass::Fwd).cycles, cf = accel.runPass(flat, Pass::Fwd).cycles;
  DramTimingModel m(hw.dram.timing);
  const double runs_ns = double(runDramStrided(m, kTensorDramBase[0], 3 * 56, 16, 56 * 56, false).cycles()) *
                         hw.dram.timing.preset.timing.tck_ns;
  DramTimingModel m2(hw.dram.timing);
  const double flat_ns =
      double(runDramStream(m2, kTensorDramBase[0], d.bytes, false).cycles()) * hw.dram.timing.preset.timing.tck_ns;
  const double clock = hw.clockNs(), tck = hw.dram.timing.preset.timing.tck_ns;
  EXPECT_GT(cs, cf) << "partial bursts at every run's ends";
  // Both add the same buffer port time after the data (one burst): the difference is the DRAM's.
  EXPECT_NEAR(double(cs - cf) * clock, runs_ns - flat_ns, 2 * clock + tck);
  EXPECT_NEAR(double(cf) * clock, flat_ns + 42, 2 * clock) << "2688 B on 16 banks of 64 bits: 21 port cycles";
}

}  // namespace vpsim
