// Pass/kind names, MAC counts and the GEMM lowering of each training pass.
#include "traces/layer_op.h"

#include <algorithm>

#include "traces/input_error.h"

namespace vpsim {

const char* passName(Pass p) {
  switch (p) {
    case Pass::Fwd:
      return "fwd";
    case Pass::BwdData:
      return "bwd_data";
    case Pass::BwdWeight:
      return "bwd_weight";
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
    case Pass::Fwd:
      return {b.w, b.a};
    case Pass::BwdData:
      return {b.w, b.g};
    case Pass::BwdWeight:
      return {b.g, b.a};
  }
  return {b.w, b.a};
}

const char* layerKindName(LayerKind k) {
  switch (k) {
    case LayerKind::Conv:
      return "conv";
    case LayerKind::Depthwise:
      return "depthwise";
    case LayerKind::Fc:
      return "fc";
    case LayerKind::Matmul:
      return "matmul";
  }
  return "?";
}

LayerKind parseLayerKind(const std::string& s) {
  for (LayerKind k : {LayerKind::Conv, LayerKind::Depthwise, LayerKind::Fc, LayerKind::Matmul})
    if (s == layerKindName(k)) return k;
  throw InputError("unknown layer kind '" + s + "' (expected conv, depthwise, fc or matmul)");
}

std::string postOpsName(const PostOps& p) {
  std::string s;
  const std::pair<bool, const char*> ops[] = {
      {p.bn, "bn"}, {p.relu, "relu"}, {p.residual, "residual"}, {p.pool, "pool"}, {p.quantize, "quantize"}};
  for (const auto& [on, name] : ops)
    if (on) s += (s.empty() ? "" : ",") + std::string(name);
  return s;
}

PostOps postOpsAtWidths(PostOps p, int b0, int b1) {
  if (b0 >= 32 && b1 >= 32) p.quantize = false;
  return p;
}

void markQuantizedOutputs(std::vector<LayerOp>& layers) {
  for (size_t i = 0; i < layers.size(); ++i) layers[i].post.quantize = i + 1 < layers.size() && layers[i + 1].quantized;
}

PostOps parsePostOps(const std::string& list) {
  PostOps p;
  size_t start = 0;
  while (start <= list.size() && !list.empty()) {
    const size_t end = std::min(list.find(',', start), list.size());
    const std::string op = list.substr(start, end - start);
    if (op == "bn")
      p.bn = true;
    else if (op == "relu")
      p.relu = true;
    else if (op == "residual")
      p.residual = true;
    else if (op == "pool")
      p.pool = true;
    else if (op == "quantize")
      p.quantize = true;
    else
      throw InputError("unknown post op '" + op + "' (expected bn, relu, residual, pool or quantize)");
    start = end + 1;
  }
  return p;
}

void checkLayerSize(const LayerOp& l, int64_t batch, const std::string& where) {
  const std::string at = where + ": layer '" + l.name + "'";
  const std::pair<const char*, int64_t> dims[] = {{"in_c", l.in_c},     {"out_c", l.out_c},   {"in_h", l.in_h},
                                                  {"in_w", l.in_w},     {"out_h", l.out_h},   {"out_w", l.out_w},
                                                  {"kernel", l.kernel}, {"stride", l.stride}, {"groups", l.groups}};
  for (const auto& [key, v] : dims)
    if (v < 1 || v > kMaxLayerDim)
      throw InputError(at + ": " + key + " " + std::to_string(v) + " outside [1, " + std::to_string(kMaxLayerDim) +
                       "]");
  if (l.pad < 0 || l.pad > kMaxLayerDim) throw InputError(at + ": pad " + std::to_string(l.pad) + " out of range");
  if (batch < 1 || batch > kMaxLayerDim)
    throw InputError(at + ": batch " + std::to_string(batch) + " outside [1, " + std::to_string(kMaxLayerDim) + "]");
  int64_t macs = 1, rows = batch;
  bool over = false;
  for (int64_t f : {l.out_c, l.in_c / l.groups, l.kernel, l.kernel, l.out_h, l.out_w})
    over |= __builtin_mul_overflow(macs, f, &macs);
  for (int64_t f : {l.out_h, l.out_w}) over |= __builtin_mul_overflow(rows, f, &rows);
  int64_t total = 0;
  over |= __builtin_mul_overflow(macs, batch, &total);
  if (over || macs > kMaxMacsPerSample)
    throw InputError(
        at + ": " +
        (over ? std::string("shape overflows 64-bit MAC counts") : std::to_string(macs) + " MACs per sample") +
        " (at most " + std::to_string(kMaxMacsPerSample) + ")");
}

int64_t LayerOp::macsPerSample() const {
  // One rule for every kind: fc is a 1x1 conv on a 1x1 map, matmul a 1x1 conv over out_h tokens.
  return out_c * (in_c / groups) * kernel * kernel * out_h * out_w;
}

int64_t LayerOp::params() const { return out_c * (in_c / groups) * kernel * kernel; }

bool LayerOp::operator==(const LayerOp& o) const {
  return name == o.name && kind == o.kind && in_c == o.in_c && out_c == o.out_c && in_h == o.in_h && in_w == o.in_w &&
         out_h == o.out_h && out_w == o.out_w && kernel == o.kernel && stride == o.stride && pad == o.pad &&
         groups == o.groups && has_bwd_data == o.has_bwd_data && quantized == o.quantized && post == o.post;
}

int64_t ConvGeometry::spatialFootprint(int64_t p0, int64_t p1) const {
  const int64_t plane = out_h * out_w;
  // input rows (cols) that output rows (cols) [a, b] cover, with the padding cut off
  const auto span = [this](int64_t a, int64_t b, int64_t in) {
    const int64_t lo = std::max<int64_t>(0, a * stride - pad), hi = std::min(in - 1, b * stride - pad + kernel - 1);
    return std::max<int64_t>(0, hi - lo + 1);
  };
  const auto inImage = [&](int64_t s, int64_t e) {  // output pixels [s, e) of one image
    const int64_t r0 = s / out_w, r1 = (e - 1) / out_w;
    if (r0 == r1) return span(r0, r0, in_h) * span(s % out_w, (e - 1) % out_w, in_w);
    return span(r0, r1, in_h) * span(0, out_w - 1, in_w);
  };
  const int64_t b0 = p0 / plane, b1 = (p1 - 1) / plane;
  if (b0 == b1) return inImage(p0 - b0 * plane, p1 - b0 * plane);
  return inImage(p0 - b0 * plane, plane) + (b1 - b0 - 1) * inImage(0, plane) + inImage(0, p1 - b1 * plane);
}

int64_t ConvGeometry::footprint(int64_t p0, int64_t p1, int64_t q0, int64_t q1) const {
  const int64_t taps = kernel * kernel, channels = (q1 - 1) / taps - q0 / taps + 1;
  return channels * spatialFootprint(p0, p1);
}

bool ConvGeometry::operator==(const ConvGeometry& o) const {
  return batch == o.batch && in_c == o.in_c && in_h == o.in_h && in_w == o.in_w && out_h == o.out_h &&
         out_w == o.out_w && kernel == o.kernel && stride == o.stride && pad == o.pad;
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
    case Pass::BwdWeight:  // dW^T[depth, outs] = X_col^T[depth, rows] * dY[rows, outs]
      gp.m = depth, gp.n = outs, gp.k = rows, gp.op0 = 'g', gp.op1 = 'a';
      break;
  }
  gp.post = l.post;
  if (p != Pass::Fwd) gp.post.quantize = l.quantized;
  gp.out_elements = p == Pass::BwdWeight ? l.params() : batch * l.out_c * l.out_h * l.out_w;
  if ((l.kind == LayerKind::Conv || l.kind == LayerKind::Depthwise) && l.kernel > 1)
    gp.conv = ConvGeometry{batch, l.in_c / g, l.in_h, l.in_w, l.out_h, l.out_w, l.kernel, l.stride, l.pad};
  return gp;
}

int64_t passBitops(const LayerOp& l, Pass p, const Bits& b) {
  auto ob = passOperandBits(b, p);
  return l.macsPerSample() * ob[0] * ob[1];
}

}  // namespace vpsim
