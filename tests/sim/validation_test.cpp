// Validation against the public Bit Fusion simulator (hsharma35/bitfusion): its cycles, stalls and
// DRAM bits for 4 layers x 7 precision pairs on its own configuration (16x32, 32/64/16 KiB double
// buffered, a 192-bit ideal link), read from ../shared/validation (a vendored copy under
// tests/data/validation must stay identical). configs/hw/bitfusion-public-sim.yaml is
// bitfusion.yaml with the reference's controller accounting (output blocks read on their first
// visit). The tolerances are the fidelity issue's; no constant is fitted to a row.
//   cycles: within 5% where the reference stalls under 10% of its cycles, else within 10%;
//   geomean of the cycle ratios within 3%;
//   DRAM bits: within 10% where the pass is memory bound (reference stalls >= 10%). On compute-bound
//     rows the reference breaks ties between equally fast tilings by a fill latency that charges
//     whole first blocks, which favours traffic-heavy tilings; vpsim moves 50-100% of its bits there
//     at the same cycles (printed, not held).
// Every row is held to these tolerances (geomean 1.014 when written). The largest gap left is the
// 2-bit-weight 3x3 rows (1.04-1.09, within the 10% of memory-bound rows): the reference tiles output
// rows and columns separately (square halo tiles, 10x10 inputs for 8x8 outputs), vpsim's pixel
// tiles are row bands (6x18 inputs for 4x16 outputs), 4-9% more input traffic there.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "isa/op_spec.h"
#include "pe/throughput.h"
#include "sim/arch/pass_simulator.h"
#include "sim/report/report_table.h"
#include "tests/common/files.h"
#include "workloads/dataset_info.h"
#include "workloads/model_zoo.h"

namespace vpsim {
namespace {

using vpsim::testing::readFile;

const std::string kSource = VPSIM_SOURCE_DIR;
const std::string kVendored = kSource + "/tests/data/validation/bitfusion_reference_sweep.csv";

TEST(Validation, VendoredReferenceEqualsTheSharedOne) {
  const std::string shared = kSource + "/../shared/validation/bitfusion_reference_sweep.csv";
  if (!std::filesystem::exists(shared)) GTEST_SKIP() << shared << " not present in this checkout";
  EXPECT_EQ(readFile(shared), readFile(kVendored));
}

TEST(Validation, BitFusionPublicSimulatorSweep) {
  const std::string shared = kSource + "/../shared/validation/bitfusion_reference_sweep.csv";
  std::ifstream in(std::filesystem::exists(shared) ? shared : kVendored);
  ASSERT_TRUE(in) << "reference CSV missing";
  std::string line;
  std::getline(in, line);
  const auto header = splitCsvRecord(line);
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  const HwConfig hw = loadHwConfig(kSource + "/configs/hw/bitfusion-public-sim.yaml", kSource + "/configs");
  PassSimulator sim(hw, Fidelity::Tile);
  double log_sum = 0;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto f = splitCsvRecord(line);
    const std::string what = f[col["layer"]] + " " + f[col["vpsim_bits"]];
    const OpSpec op = parseOpSpec(f[col["vpsim_op"]]);
    const Bits bits = parseBitsSpec(f[col["vpsim_bits"]]);
    const GemmPass g = lowerPass(op.layer, Pass::Fwd, op.batch);
    const auto ob = passOperandBits(bits, Pass::Fwd);
    const PassResult r = sim.simulate(g, ob[0], ob[1]);
    const double ref = std::stod(f[col["total_cycles"]]), stall = std::stod(f[col["mem_stall_cycles"]]) / ref;
    const double ratio = double(r.cycles) / ref;
    const double ref_bits = std::stod(f[col["dram_rd_bits"]]) + std::stod(f[col["dram_wr_bits"]]);
    const double bits_ratio = double(r.dram_read_bits + r.dram_write_bits) / ref_bits;
    std::printf("%-34s cycles %9llu ref %9.0f ratio %.3f  dram ratio %.3f  stall %.2f  %s\n", what.c_str(),
                (unsigned long long)r.cycles, ref, ratio, bits_ratio, stall, r.tiling.c_str());
    const double tol = stall < 0.10 ? 0.05 : 0.10;
    EXPECT_NEAR(ratio, 1.0, tol) << what;
    if (stall >= 0.10) {
      EXPECT_NEAR(bits_ratio, 1.0, 0.10) << what;
    }
    EXPECT_EQ(r.estimated_cycles, r.cycles) << what << ": the compiler's replay is the simulation's timeline";
    log_sum += std::log(ratio), ++rows;
  }
  EXPECT_EQ(rows, 28);
  const double geomean = std::exp(log_sum / rows);
  std::printf("geomean cycle ratio %.4f over %d rows\n", geomean, rows);
  EXPECT_NEAR(geomean, 1.0, 0.03);
}

// Systolic weight stationary on the int8 16x32 array: at or below SCALE-Sim v2's closed form
// ceil(K/R) * ceil(N/C) * (2R + C + M - 2) - 1 per layer (fill and drain on every fold, no
// overlap), ResNet-20/CIFAR forward at batch 1 = 143,246 cycles in total.
// SCALE-Sim models the array's GEMMs only, so they are compared with the zoo's post ops cleared;
// with them (BN, ReLU, adds, pooling, quantize on the vector unit) a pass never costs less.
TEST(Validation, Int8ResNet20ForwardAtOrBelowScaleSimClosedForm) {
  const HwConfig hw = loadHwConfig(kSource + "/configs/hw/int8.yaml", kSource + "/configs");
  PassSimulator sim(hw, Fidelity::Tile);
  const Model model = buildModel("resnet20", datasetInfo("cifar10"));
  const int64_t R = hw.array.array.rows, C = hw.array.array.cols;
  int64_t closed = 0, ours = 0, compute = 0, with_post = 0;
  for (const LayerOp& l : model.layers) {
    GemmPass g = lowerPass(l, Pass::Fwd, 1);
    const int64_t post_cycles = int64_t(sim.simulate(g, 8, 8).cycles);
    g.post = PostOps{};
    closed += g.groups * (ceilDiv(g.k, R) * ceilDiv(g.n, C) * (2 * R + C + g.m - 2) - 1);
    const PassResult r = sim.simulate(g, 8, 8);
    EXPECT_GE(post_cycles, int64_t(r.cycles)) << l.name;
    ours += int64_t(r.cycles), compute += int64_t(r.compute_cycles), with_post += post_cycles;
  }
  std::printf(
      "int8 ResNet-20 fwd batch 1: vpsim GEMMs %lld (array %lld), with post ops %lld, SCALE-Sim closed form %lld\n",
      (long long)ours, (long long)compute, (long long)with_post, (long long)closed);
  EXPECT_EQ(closed, 143246);
  EXPECT_LE(ours, closed);
}

}  // namespace
}  // namespace vpsim
