// Parsing of the CLI's layer and precision strings (shared by `vpsim isa compile` and, later,
// `vpsim layer`):
//   conv:B,IC,OC,K,S,OH[,OW]   convolution, OH/OW = output size, input = (OH-1)*S + K (no padding)
//   dw:B,C,K,S,OH[,OW]         depthwise convolution (groups = C)
//   fc:B,IN,OUT                fully connected (= gemm:B,OUT,IN)
//   gemm:M,N,K                 (M x K) times (K x N), batch 1
//   bits W/A[/G]               1..32 each; G defaults to A
#pragma once

#include <cstdint>
#include <string>

#include "traces/layer_op.h"

namespace vpsim {

struct OpSpec {
  LayerOp layer;
  int64_t batch = 1;
};

// "conv:B,IC,OC,K,S,OH[,OW][;pad=P][;post=bn,relu,...]"; throws InputError (one line)
OpSpec parseOpSpec(const std::string& text);
Bits parseBitsSpec(const std::string& text);  // throws InputError (one line)

}  // namespace vpsim
