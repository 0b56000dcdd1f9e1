// Feature-map traffic of a convolution pass: which GEMM tensor is the patch matrix (im2col form)
// and what its blocks really cost to move. The DMA moves the halo tile of the input map a block of
// output pixels reads (ConvGeometry::spatialFootprint, per channel) and the address generators
// expand it into patch rows on chip, so a block of P pixels x Q patch columns costs
// channels(Q) x footprint(P) elements, not P x Q. The compiler's cost model (sums over every
// block, largest block for the buffer fit) and the program interpreter (each block's size) use
// these same functions, so the compiled estimate and the simulated DMA traffic agree.
//
// The compiler cuts the pixel dimension of a convolution into tiles that never straddle an output
// row inside an image (divisors of OW, whole rows dividing OH, or whole images) and the patch
// dimension into whole channels (multiples of K^2), so every block's footprint is an exact
// rectangle of the input map and the sums separate.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "isa/opcode.h"
#include "traces/layer_op.h"

namespace vpsim {

struct PatchTensor {
  Scratchpad buf = Scratchpad::Ibuf;  // fwd: ibuf (X_col), bwd_data: obuf (dX_col), bwd_weight: ibuf (X_col^T)
  GemmDim pixel_dim = GemmDim::M, patch_dim = GemmDim::K;
};
// The patch-matrix tensor of the pass, if it is a convolution with a window.
std::optional<PatchTensor> patchTensor(Pass pass, const ConvGeometry& conv);
inline std::optional<PatchTensor> patchTensor(const GemmPass& g) { return patchTensor(g.pass, g.conv); }
// Elements of the patch tensor's block over GEMM pixel range [p0, p1) and patch range [q0, q1).
int64_t patchBlockElements(const ConvGeometry& c, int64_t p0, int64_t p1, int64_t q0, int64_t q1);

// The DRAM side of a patch-tensor block in the NCHW feature map (`groups` groups of c.in_c
// channels, c.in_h x c.in_w each): runs of `run` contiguous elements, count[0] of them stride[0]
// elements apart, that pattern count[1] times stride[1] apart, and that count[2] times stride[2]
// apart (innermost first); `first` is the element offset of the first run. A block inside one
// output row reads, per channel, its window rows' column spans (stride in_w); a block of whole
// output rows reads, per channel, its rows x in_w at stride in_h * in_w; contiguous levels merge.
struct HaloRuns {
  int64_t first = 0, run = 0;
  std::array<int64_t, 3> count{{1, 1, 1}}, stride{{0, 0, 0}};
  int64_t runs() const { return count[0] * count[1] * count[2]; }
  int64_t elements() const { return run * runs(); }
  int64_t offset(int64_t r) const;  // element offset of run r (0 <= r < runs())
};
// Groups [g0, g1), output pixels [p0, p1) (GEMM pixel dimension), patch columns [q0, q1). nullopt
// for a block spanning images that does not cover them whole (the compiler never cuts one so).
std::optional<HaloRuns> haloRuns(const ConvGeometry& c, int64_t groups, int64_t g0, int64_t g1, int64_t p0, int64_t p1,
                                 int64_t q0, int64_t q1);

// Pixel-dimension tile sizes that keep blocks rectangular (divisors of OW, OW x divisors of OH,
// multiples of OH*OW up to the batch), ascending; patch tiles: multiples of K^2.
std::vector<int64_t> pixelTileCandidates(const ConvGeometry& c);
std::vector<int64_t> patchTileCandidates(const ConvGeometry& c);

// Sums and maxima of block footprints over the tiles of the pixel and patch dimensions, memoized
// per tile size (the compiler asks for the same sizes thousands of times).
class FmapTraffic {
 public:
  explicit FmapTraffic(const ConvGeometry& c) : c_(c) {}
  struct SumMax {
    int64_t sum = 0, max = 0;
  };
  SumMax pixelTiles(int64_t tile) const;  // spatial footprints of the pixel tiles of size `tile`
  SumMax patchTiles(int64_t tile) const;  // channels touched by the patch tiles of size `tile`

 private:
  ConvGeometry c_;
  mutable std::map<int64_t, SumMax> pixel_, patch_;
};

}  // namespace vpsim
