// Spot checks: sampling the three passes' operands from kept codes, the trainer's GEMM on them,
// the run through the accelerator, the comparison.
#include "sim/cosim/spot_check.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "sim/arch/pass_simulator.h"
#include "workloads/train/int_gemm.h"

namespace vpsim {

namespace {

// The codes of group 0, sample 0 of a conv layer as signed integers (symmetric grids: q - Z).
struct Codes {
  const GemmLayer& l;
  int64_t cg, og, kg, hw;
  int32_t zx, zw, zg;
  explicit Codes(const GemmLayer& layer)
      : l(layer),
        cg(layer.op.in_c / layer.op.groups),
        og(layer.op.out_c / layer.op.groups),
        kg(cg * layer.op.kernel * layer.op.kernel),
        hw(layer.op.out_h * layer.op.out_w) {
    const bool sym = layer.mode == QuantMode::Symmetric;
    zx = sym ? layer.x_params.zeroCode() : 0;
    zw = sym && !layer.w_params.empty() ? layer.w_params[0].zeroCode() : 0;
    zg = sym ? layer.g_params.zeroCode() : 0;
  }
  // Input row of patch element kk at output position p, or -1 if it falls in the padding.
  int64_t inputIndex(int64_t kk, int64_t p) const {
    const auto& o = l.op;
    const int64_t c = kk / (o.kernel * o.kernel), kh = kk / o.kernel % o.kernel, kw = kk % o.kernel;
    const int64_t ih = p / o.out_w * o.stride - o.pad + kh, iw = p % o.out_w * o.stride - o.pad + kw;
    if (ih < 0 || ih >= o.in_h || iw < 0 || iw >= o.in_w) return -1;
    return (c * o.in_h + ih) * o.in_w + iw;
  }
  int32_t col(int64_t kk, int64_t p) const { return int32_t(l.x_codes[size_t(inputIndex(kk, p))]) - zx; }
  int32_t w(int64_t o, int64_t kk) const { return int32_t(l.w_codes[size_t(o * kg + kk)]) - zw; }
  int32_t g(int64_t o, int64_t p) const { return int32_t(l.g_codes[size_t(o * hw + p)]) - zg; }
};

// `count` of `total` indices, spread over the range.
std::vector<int64_t> spread(int64_t total, int64_t count) {
  std::vector<int64_t> out;
  for (int64_t i = 0; i < count; ++i) out.push_back(i * total / count);
  return out;
}

SpotTile start(const GemmLayer& layer, Pass pass, int64_t m, int64_t n, int64_t k) {
  SpotTile t;
  static const char kOps[3][2] = {{'w', 'a'}, {'w', 'g'}, {'g', 'a'}};
  t.gemm = GemmPass{pass, m, n, k, 1, kOps[int(pass)][0], kOps[int(pass)][1]};
  const auto b = passOperandBits(layer.bits, pass);
  t.b0 = b[0], t.b1 = b[1];
  t.values.signed0 = t.values.signed1 = layer.mode == QuantMode::Symmetric;
  t.values.resize(1, m, n, k);
  t.trainer.assign(size_t(m * n), 0);
  return t;
}

// Forward: interior output positions (no padding in the patch) x output channels, over the patch.
// The trainer: y[og x cols] = W[og x kg] * col[kg x cols].
SpotTile forward(const GemmLayer& layer, const Codes& c) {
  std::vector<int64_t> pos;
  for (int64_t p = 0; p < c.hw; ++p) {
    bool inside = true;
    for (int64_t kk = 0; kk < c.kg && inside; ++kk) inside = c.inputIndex(kk, p) >= 0;
    if (inside) pos.push_back(p);
  }
  if (pos.empty()) return {};
  const int64_t m = std::min<int64_t>(8, int64_t(pos.size())), n = std::min<int64_t>(8, c.og), k = c.kg;
  SpotTile t = start(layer, Pass::Fwd, m, n, k);
  std::vector<int32_t> wt(size_t(n * k)), colt(size_t(k * m));
  const auto rows = spread(int64_t(pos.size()), m);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t kk = 0; kk < k; ++kk)
      t.values.op1[size_t(i * k + kk)] = colt[size_t(kk * m + i)] = c.col(kk, pos[size_t(rows[size_t(i)])]);
  for (int64_t kk = 0; kk < k; ++kk)
    for (int64_t j = 0; j < n; ++j) t.values.op0[size_t(kk * n + j)] = wt[size_t(j * k + kk)] = c.w(j, kk);
  std::vector<int64_t> r(size_t(n * m));
  trainerCodeGemm(false, false, n, m, k, wt.data(), colt.data(), r.data());
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) t.trainer[size_t(i * n + j)] = r[size_t(j * m + i)];
  return t;
}

// bwd_data: output positions x patch elements, over the output channels (before col2im).
// The trainer: dcol[kg x cols] = W^T[kg x og] * gy[og x cols].
SpotTile backwardData(const GemmLayer& layer, const Codes& c) {
  const int64_t m = std::min<int64_t>(8, c.hw), n = std::min<int64_t>(8, c.kg), k = c.og;
  SpotTile t = start(layer, Pass::BwdData, m, n, k);
  const auto pos = spread(c.hw, m), taps = spread(c.kg, n);
  std::vector<int32_t> w(size_t(k * n)), gy(size_t(k * m));
  for (int64_t o = 0; o < k; ++o) {
    for (int64_t i = 0; i < m; ++i) t.values.op1[size_t(i * k + o)] = gy[size_t(o * m + i)] = c.g(o, pos[size_t(i)]);
    for (int64_t j = 0; j < n; ++j) t.values.op0[size_t(o * n + j)] = w[size_t(o * n + j)] = c.w(o, taps[size_t(j)]);
  }
  std::vector<int64_t> r(size_t(n * m));
  trainerCodeGemm(true, false, n, m, k, w.data(), gy.data(), r.data());
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) t.trainer[size_t(i * n + j)] = r[size_t(j * m + i)];
  return t;
}

// bwd_weight: centre taps of input channels (never in the padding) x output channels, over every
// output position of sample 0 (the lowering's dW^T = X_col^T * dY). The trainer:
// dW[og x kg] = gy[og x cols] * col^T[cols x kg].
SpotTile backwardWeight(const GemmLayer& layer, const Codes& c) {
  const auto& o = layer.op;
  std::vector<int64_t> taps;
  for (int64_t ch = 0; ch < c.cg && taps.size() < 8; ++ch) {
    const int64_t kk = (ch * o.kernel + o.pad) * o.kernel + o.pad;
    bool inside = o.pad < o.kernel;
    for (int64_t p = 0; p < c.hw && inside; ++p) inside = c.inputIndex(kk, p) >= 0;
    if (inside) taps.push_back(kk);
  }
  if (taps.empty()) return {};
  const int64_t oc = std::min<int64_t>(8, c.og), nt = int64_t(taps.size()), k = c.hw;
  SpotTile t = start(layer, Pass::BwdWeight, nt, oc, k);
  std::vector<int32_t> gy(size_t(oc * k)), colt(size_t(nt * k));
  for (int64_t p = 0; p < k; ++p) {
    for (int64_t j = 0; j < oc; ++j) t.values.op0[size_t(p * oc + j)] = gy[size_t(j * k + p)] = c.g(j, p);
    for (int64_t i = 0; i < nt; ++i)
      t.values.op1[size_t(i * k + p)] = colt[size_t(i * k + p)] = c.col(taps[size_t(i)], p);
  }
  std::vector<int64_t> r(size_t(oc * nt), 0);
  trainerCodeGemm(false, true, oc, nt, k, gy.data(), colt.data(), r.data());
  for (int64_t i = 0; i < nt; ++i)
    for (int64_t j = 0; j < oc; ++j) t.trainer[size_t(i * oc + j)] = r[size_t(j * nt + i)];
  return t;
}

}  // namespace

SpotTile sampleTile(const GemmLayer& layer, Pass pass) {
  const LayerOp& l = layer.op;
  if (layer.w_codes.empty() || l.in_c * l.in_h * l.in_w == 0) return {};
  const bool errors = !layer.g_codes.empty();
  const Codes c(layer);
  switch (pass) {
    case Pass::Fwd:
      return layer.x_codes.empty() ? SpotTile{} : forward(layer, c);
    case Pass::BwdData:
      return errors && l.has_bwd_data ? backwardData(layer, c) : SpotTile{};
    case Pass::BwdWeight:  // SBM gives bwd_weight errors of their own width: the kept codes are not its operands
      return errors && !layer.x_codes.empty() && layer.wgrad_error_bits <= 0 ? backwardWeight(layer, c) : SpotTile{};
  }
  return {};
}

SpotChecker::SpotChecker(std::shared_ptr<PassCoster> coster, int every) : coster_(std::move(coster)), every_(every) {}

int SpotChecker::layerFor(int64_t iter, const std::vector<LayerOp>& layers) const {
  if (every_ <= 0 || iter % every_ != 0) return -1;
  std::vector<int> convs;
  for (size_t i = 0; i < layers.size(); ++i)
    // Matmuls: the token linear layers (a 1x1 conv over tokens); a layer that keeps no codes (an LSTM's
    // per-step gates) is skipped by check().
    if (layers[i].quantized && (layers[i].kind == LayerKind::Conv || layers[i].kind == LayerKind::Depthwise ||
                                (layers[i].kind == LayerKind::Matmul && layers[i].groups == 1)))
      convs.push_back(int(i));
  return convs.empty() ? -1 : convs[size_t((iter / every_) % int64_t(convs.size()))];
}

// The passes in turn; one the layer has no codes for (FP32 errors, the first layer's bwd_data)
// gives way to the next.
Pass SpotChecker::passFor(int64_t iter, const GemmLayer& layer) const {
  const int64_t turn = every_ > 0 ? iter / every_ : iter;
  for (int64_t i = 0; i < 3; ++i) {
    const Pass p = kAllPasses[size_t((turn + i) % 3)];
    if (!sampleTile(layer, p).empty()) return p;
  }
  return Pass::Fwd;
}

int64_t SpotChecker::check(int64_t iter, const GemmLayer& layer) { return check(iter, layer, passFor(iter, layer)); }

int64_t SpotChecker::check(int64_t iter, const GemmLayer& layer, Pass pass) {
  SpotTile t = sampleTile(layer, pass);
  PassSimulator& sim = coster_->simulator();
  if (t.empty() || !sim.arrayCanRun(t.b0, t.b1, pass)) return 0;
  sim.simulateValues(t.gemm, t.b0, t.b1, t.values);
  for (size_t i = 0; i < t.trainer.size(); ++i)
    if (t.values.c[i] != t.trainer[i])
      throw SpotCheckError(fmt::format(
          "spot check failed at iteration {}: layer {} ({}), pass {}, bits {}x{}: output [{}, {}] of a {}x{}x{} tile: "
          "PE array {} != trainer GEMM {}",
          iter, layer.op.name, layer.index, passName(pass), t.b0, t.b1, i / size_t(t.gemm.n), i % size_t(t.gemm.n),
          t.gemm.m, t.gemm.n, t.gemm.k, t.values.c[i], t.trainer[i]));
  ++checks_, ++per_pass_[size_t(pass)];
  spdlog::debug("spot check at iteration {}: layer {} {} bits {}x{}: {} integers equal", iter, layer.op.name,
                passName(pass), t.b0, t.b1, t.trainer.size());
  return int64_t(t.trainer.size());
}

}  // namespace vpsim
