// The contract between workload producers and the simulator: a layer (LayerOp), its precision
// (Bits = weight, activation, gradient widths) and the three training GEMMs it lowers to (GemmPass).
// Nothing here depends on any other vpsim folder.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace vpsim {

enum class Pass { Fwd = 0, BwdData = 1, BwdWeight = 2 };
inline constexpr std::array<Pass, 3> kAllPasses = {Pass::Fwd, Pass::BwdData, Pass::BwdWeight};
const char* passName(Pass p);        // "fwd", "bwd_data", "bwd_weight"
Pass parsePass(const std::string& s);  // throws InputError

// Bit widths of one layer in one iteration. 32 means full precision (FP32).
struct Bits {
  int w = 8;  // weights
  int a = 8;  // activations (input of the layer)
  int g = 8;  // errors dL/dy (gradient of the layer output)
  bool operator==(const Bits& o) const { return w == o.w && a == o.a && g == o.g; }
  bool operator!=(const Bits& o) const { return !(*this == o); }
  bool operator<(const Bits& o) const { return w != o.w ? w < o.w : a != o.a ? a < o.a : g < o.g; }
};
// Operand widths of a pass: fwd = (w, a), bwd_data = (w, g), bwd_weight = (a, g).
std::array<int, 2> passOperandBits(const Bits& b, Pass p);

enum class LayerKind { Conv, Depthwise, Fc, Matmul };
const char* layerKindName(LayerKind k);
LayerKind parseLayerKind(const std::string& s);  // throws InputError

// One GEMM-bearing layer. Conv/Depthwise: NCHW geometry, channel counts are totals over groups.
// Fc: in_c -> out_c on a 1x1 map. Matmul: per sample and group an (out_h x in_c/groups) times
// (in_c/groups x out_c/groups) product (tokens x features; attention heads are groups).
struct LayerOp {
  std::string name;
  LayerKind kind = LayerKind::Conv;
  int64_t in_c = 0, out_c = 0;
  int64_t in_h = 1, in_w = 1, out_h = 1, out_w = 1;
  int64_t kernel = 1, stride = 1, pad = 0, groups = 1;
  bool has_bwd_data = true;  // false for the first layer: nobody needs dL/d(input image)
  bool quantized = true;     // false: runs at FP32 (the final FC in CPT/FracTrain codes)
  int64_t macsPerSample() const;
  int64_t params() const;  // weight count (capacity measure for DPC)
  bool operator==(const LayerOp& o) const;
};

// A GEMM of `groups` independent (m x k) * (k x n) products. op0/op1 say which Bits field feeds
// each operand ('w', 'a' or 'g'); op0 is the stationary operand of a weight-stationary array.
struct GemmPass {
  Pass pass = Pass::Fwd;
  int64_t m = 0, n = 0, k = 0, groups = 1;
  char op0 = 'w', op1 = 'a';
  int64_t macs() const { return m * n * k * groups; }
};

// Lowering of a layer pass at a batch size (im2col / col2im formulation; every pass has the
// forward MAC count, as the methods page states).
GemmPass lowerPass(const LayerOp& l, Pass p, int64_t batch);

// BitOPs of one sample through one layer pass at the given bits: MACs * operand0 bits * operand1 bits.
int64_t passBitops(const LayerOp& l, Pass p, const Bits& b);

}  // namespace vpsim
