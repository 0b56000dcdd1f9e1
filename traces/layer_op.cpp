// Pass/kind names, MAC counts and the GEMM lowering of each training pass.
#include "traces/layer_op.h"

#include "traces/input_error.h"

namespace vpsim {

const char* passName(Pass p) {
  switch (p) {
    case Pass::Fwd: return "fwd";
    case Pass::BwdData: return "bwd_data";
    case Pass::BwdWeight: return "bwd_weight";
  }
  return "?";
}

Pass parsePass(const std::string& s) {
  for (Pass p : kAllPasses)
    if (s == passName(p)) return p;
  throw InputError("unknown pass '" + s + "' (expected fwd, bwd_data or bwd_weight)");
}

std::array<int, 2> passOperandBits(const Bits& b, Pass p) {
  switch (p) {
    case Pass::Fwd: return {b.w, b.a};
    case Pass::BwdData: return {b.w, b.g};
    case Pass::BwdWeight: return {b.a, b.g};
  }
  return {b.w, b.a};
}

const char* layerKindName(LayerKind k) {
  switch (k) {
    case LayerKind::Conv: return "conv";
    case LayerKind::Depthwise: return "depthwise";
    case LayerKind::Fc: return "fc";
    case LayerKind::Matmul: return "matmul";
  }
  return "?";
}

LayerKind parseLayerKind(const std::string& s) {
  for (LayerKind k : {LayerKind::Conv, LayerKind::Depthwise, LayerKind::Fc, LayerKind::Matmul})
    if (s == layerKindName(k)) return k;
  throw InputError("unknown layer kind '" + s + "' (expected conv, depthwise, fc or matmul)");
}

int64_t LayerOp::macsPerSample() const {
  // One rule for every kind: fc is a 1x1 conv on a 1x1 map, matmul a 1x1 conv over out_h tokens.
  return out_c * (in_c / groups) * kernel * kernel * out_h * out_w;
}

int64_t LayerOp::params() const { return out_c * (in_c / groups) * kernel * kernel; }

bool LayerOp::operator==(const LayerOp& o) const {
  return name == o.name && kind == o.kind && in_c == o.in_c && out_c == o.out_c && in_h == o.in_h &&
         in_w == o.in_w && out_h == o.out_h && out_w == o.out_w && kernel == o.kernel &&
         stride == o.stride && pad == o.pad && groups == o.groups &&
         has_bwd_data == o.has_bwd_data && quantized == o.quantized;
}

GemmPass lowerPass(const LayerOp& l, Pass p, int64_t batch) {
  // Per group: rows = output positions, outs = output channels, depth = input patch.
  const int64_t g = l.groups;
  const int64_t rows = batch * l.out_h * l.out_w, outs = l.out_c / g;
  const int64_t depth = (l.in_c / g) * l.kernel * l.kernel;
  GemmPass gp;
  gp.pass = p;
  gp.groups = g;
  switch (p) {
    case Pass::Fwd:  // Y[rows, outs] = X[rows, depth] * W[depth, outs]
      gp.m = rows, gp.n = outs, gp.k = depth, gp.op0 = 'w', gp.op1 = 'a';
      break;
    case Pass::BwdData:  // dX_col[rows, depth] = dY[rows, outs] * W^T[outs, depth], then col2im
      gp.m = rows, gp.n = depth, gp.k = outs, gp.op0 = 'w', gp.op1 = 'g';
      break;
    case Pass::BwdWeight:  // dW[depth, outs] = X_col^T[depth, rows] * dY[rows, outs]
      gp.m = depth, gp.n = outs, gp.k = rows, gp.op0 = 'a', gp.op1 = 'g';
      break;
  }
  return gp;
}

int64_t passBitops(const LayerOp& l, Pass p, const Bits& b) {
  auto ob = passOperandBits(b, p);
  return l.macsPerSample() * ob[0] * ob[1];
}

}  // namespace vpsim
