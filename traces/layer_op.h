// The contract between workload producers and the simulator: a layer (LayerOp), its precision
// (Bits = weight, activation, gradient widths) and the three training GEMMs it lowers to (GemmPass).
// Nothing here depends on any other vpsim folder.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace vpsim {

enum class Pass { Fwd = 0, BwdData = 1, BwdWeight = 2 };
inline constexpr std::array<Pass, 3> kAllPasses = {Pass::Fwd, Pass::BwdData, Pass::BwdWeight};
const char* passName(Pass p);          // "fwd", "bwd_data", "bwd_weight"
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
// Operand widths of a pass (op0, op1): fwd = (w, a), bwd_data = (w, g), bwd_weight = (g, a).
std::array<int, 2> passOperandBits(const Bits& b, Pass p);

// Elementwise work that follows a layer's GEMM on the vector unit (the model zoo knows which layers
// have it): batch norm, ReLU (or ReLU6), a residual add, pooling of its output, and quantizing its
// output (fwd) and errors (bwd_data) for the next quantized GEMM. A bare GEMM has none.
struct PostOps {
  bool bn = false, relu = false, residual = false, pool = false, quantize = false;
  bool any() const { return bn || relu || residual || pool || quantize; }
  bool operator==(const PostOps& o) const {
    return bn == o.bn && relu == o.relu && residual == o.residual && pool == o.pool && quantize == o.quantize;
  }
  PostOps& operator|=(const PostOps& o) {
    bn |= o.bn, relu |= o.relu, residual |= o.residual, pool |= o.pool, quantize |= o.quantize;
    return *this;
  }
};
std::string postOpsName(const PostOps& p);  // "bn,relu" ("" for none)
// The post ops a pass at operand widths (b0, b1) really runs: a pass at FP32 (both widths >= 32)
// quantizes nothing (in a full-precision run no tensor is quantized for the next layer either).
PostOps postOpsAtWidths(PostOps p, int b0, int b1);
PostOps parsePostOps(const std::string& list);  // "bn,relu,quantize"; throws InputError naming the op

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
  bool has_bwd_data = true;       // false for the first layer: nobody needs dL/d(input image)
  bool quantized = true;          // false: runs at FP32 (the final FC in CPT/FracTrain codes)
  PostOps post{};                 // vector-unit work after the GEMM (fwd); see lowerPass for the others
  int64_t macsPerSample() const;  // call checkLayerSize first on shapes from user input
  int64_t params() const;         // weight count (capacity measure for DPC)
  bool operator==(const LayerOp& o) const;
};

// Feature-map geometry of a convolution (per group), kept with its GEMM so that traffic is
// counted on the real tensors: the GEMM's pixel dimension walks the output positions (b, oh, ow)
// row-major, its patch dimension the input taps (ic, kh, kw) ic-major. The hardware loads the
// input rows and columns a block of pixels touches (a halo tile) and expands it into patches on
// chip in its address generators (im2col in the IBUF read path), so a block costs its footprint,
// not its patch matrix.
struct ConvGeometry {
  int64_t batch = 0;  // 0: not a convolution with a window (fc, matmul, 1x1): no expansion
  int64_t in_c = 0, in_h = 1, in_w = 1, out_h = 1, out_w = 1, kernel = 1, stride = 1, pad = 0;
  bool valid() const { return batch > 0; }
  int64_t pixels() const { return batch * out_h * out_w; }
  int64_t patch() const { return in_c * kernel * kernel; }
  // Input elements that output pixels [p0, p1) read: the rows and columns of the input map their
  // windows cover (padding is generated on chip, not loaded), summed over the images they span.
  // A range starting or ending inside an output row counts that row's whole input width.
  int64_t spatialFootprint(int64_t p0, int64_t p1) const;
  // Elements of the input map (one group) behind the patch-matrix block [p0, p1) x [q0, q1):
  // channels it touches x spatial footprint.
  int64_t footprint(int64_t p0, int64_t p1, int64_t q0, int64_t q1) const;
  bool operator==(const ConvGeometry& o) const;
};

// A GEMM of `groups` independent (m x k) * (k x n) products. op0/op1 say which Bits field feeds
// each operand ('w', 'a' or 'g'); op0 is the stationary operand of a weight-stationary array.
// The patch-matrix operand of a convolution (fwd: op1 = X_col, m x k; bwd_data: the output
// dX_col, m x n, folded back on chip; bwd_weight: op1 = X_col^T, m x k) is the expanded tensor.
struct GemmPass {
  Pass pass = Pass::Fwd;
  int64_t m = 0, n = 0, k = 0, groups = 1;
  char op0 = 'w', op1 = 'a';
  ConvGeometry conv{};       // valid() for convolutions with a window (kernel > 1)
  PostOps post{};            // the layer's elementwise work, priced on the vector unit
  int64_t out_elements = 0;  // elements the vector unit touches per pass: fwd Y, bwd_data dY, bwd_weight dW
  int64_t macs() const { return m * n * k * groups; }
};

// Lowering of a layer pass at a batch size (im2col / col2im formulation; every pass has the
// forward MAC count, as the methods page states):
//   fwd        Y[pixels, oc]     = X_col[pixels, patch] * W[patch, oc]        (m, n, k) = (pixels, oc, patch)
//   bwd_data   dX_col[pixels, patch] = dY[pixels, oc] * W^T[oc, patch]        (pixels, patch, oc), col2im on chip
//   bwd_weight dW^T[patch, oc]   = X_col^T[patch, pixels] * dY[pixels, oc]    (patch, oc, pixels)
// op0 (stationary, k x n) is W, W^T and dY; op1 (streamed, m x k) is X_col, dY and X_col^T. In
// bwd_weight the patch rows stream (m = IC*K^2, usually >= the array's rows) so the long pixel
// reduction folds onto the rows without the m < rows spacing bubbles an m = OC mapping would pay.
// Bounds on shapes from user input (traces, --op), checked with overflow-safe arithmetic before any
// size is computed: every dimension at most kMaxLayerDim, MACs per sample at most kMaxMacsPerSample,
// and batch x MACs, batch x output positions within int64. Throws InputError("<where>: layer 'name': ...").
inline constexpr int64_t kMaxLayerDim = int64_t(1) << 24;
inline constexpr int64_t kMaxMacsPerSample = int64_t(1) << 46;
void checkLayerSize(const LayerOp& l, int64_t batch, const std::string& where);

// Post ops per pass: fwd runs the layer's post ops (its quantize = the output is quantized for the
// next quantized GEMM); bwd_data runs their backward (BN, ReLU mask, residual, pooling) on dY and
// quantizes dY when the layer is quantized (Q_g(dy) feeds both backward GEMMs); bwd_weight runs
// the SGD update and, for a quantized layer, the weight quantization of the next forward.
GemmPass lowerPass(const LayerOp& l, Pass p, int64_t batch);

// Marks quantize on every layer whose output feeds a quantized layer (the next one in the list,
// as the zoo and the trainer order their layers). The last layer's output (logits) is not quantized.
void markQuantizedOutputs(std::vector<LayerOp>& layers);

// BitOPs of one sample through one layer pass at the given bits: MACs * operand0 bits * operand1 bits.
int64_t passBitops(const LayerOp& l, Pass p, const Bits& b);

}  // namespace vpsim
