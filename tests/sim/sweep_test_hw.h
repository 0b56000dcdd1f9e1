// The small Bit Fusion hardware config the sweep tests write beside their specs.
#pragma once

namespace vpsim::testing {

inline const char* kSweepTestHw = R"(name: test-bitfusion
clock_mhz: 500
array: {rows: 16, cols: 32, pe: bitfusion, dataflow: weight_stationary}
pe: {brick_bits: 2, max_bits: 8, accumulator_bits: 32}
buffers:
  ibuf: {kib: 32, double_buffered: true}
  wbuf: {kib: 64, double_buffered: true}
  obuf: {kib: 16, double_buffered: true}
dram: {model: ideal, bits_per_cycle: 192}
energy: [energy/bitfusion-45nm.yaml, energy/vector-45nm.yaml]
)";

}  // namespace vpsim::testing
