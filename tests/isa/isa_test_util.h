// Helpers shared by the isa tests: ResNet-20 (CIFAR) layers and a checked walk of a compiled
// program through the ProgramInterpreter.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "isa/compiler.h"
#include "isa/program_interpreter.h"
#include "traces/layer_op.h"

namespace vpsim::isatest {

// Conv layers of ResNet-20 with distinct shapes (3x3, pad 1) plus the 1x1 downsample and the FC.
inline std::vector<LayerOp> resnet20Layers() {
  auto conv = [](const char* name, int64_t ic, int64_t oc, int64_t in, int64_t out, int64_t k, int64_t s) {
    LayerOp l{name, LayerKind::Conv, ic, oc, in, in, out, out, k, s, k / 2, 1};
    return l;
  };
  std::vector<LayerOp> v = {conv("conv1", 3, 16, 32, 32, 3, 1), conv("s1", 16, 16, 32, 32, 3, 1),
                            conv("s2a", 16, 32, 32, 16, 3, 2),  conv("s2", 32, 32, 16, 16, 3, 1),
                            conv("s3a", 32, 64, 16, 8, 3, 2),   conv("s3", 64, 64, 8, 8, 3, 1),
                            conv("ds3", 32, 64, 16, 8, 1, 2)};
  v[0].has_bwd_data = false;
  LayerOp fc{"fc", LayerKind::Fc, 64, 10};
  v.push_back(fc);
  return v;
}

struct WalkStats {
  int64_t macs = 0, computes = 0;
  int64_t dram_read_bits = 0, dram_write_bits = 0;
  int64_t max_block_bits[4] = {0, 0, 0, 0};  // by Scratchpad, largest Load/Store block
  bool tiles_inside_blocks = true;           // every compute tile lies inside the resident blocks
  std::string first_error;
};

// Walks the program; checks resident-block containment as it goes.
WalkStats walkProgram(const Program& p, const ConvGeometry& conv = {}, bool output_init_read = false);

}  // namespace vpsim::isatest
