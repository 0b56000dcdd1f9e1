// Spot checks: tile sampling from kept codes, the two integer GEMMs, the comparison.
#include "sim/spot_check.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "sim/pass_simulator.h"
#include "workloads/train/int_gemm.h"

namespace vpsim {

namespace {
// Output positions whose receptive field lies inside the input: there the trainer's zero padding
// (a float 0, not a code) plays no part, so the integer identity of the GEMM holds exactly.
bool interior(int64_t o, const LayerOp& l, int64_t in) {
  const int64_t first = o * l.stride - l.pad;
  return first >= 0 && first + l.kernel <= in;
}
}  // namespace

SpotTile sampleForwardTile(const GemmLayer& layer) {
  const LayerOp& l = layer.op;
  SpotTile t;
  const int64_t plane = l.in_c * l.in_h * l.in_w;
  if (layer.x_codes.empty() || layer.w_codes.empty() || plane == 0) return t;
  const int64_t cg = l.in_c / l.groups, og = l.out_c / l.groups, k2 = l.kernel * l.kernel;
  std::vector<std::pair<int64_t, int64_t>> pos;
  for (int64_t oh = 0; oh < l.out_h; ++oh)
    for (int64_t ow = 0; ow < l.out_w; ++ow)
      if (interior(oh, l, l.in_h) && interior(ow, l, l.in_w)) pos.emplace_back(oh, ow);
  if (pos.empty()) return t;
  t.is_signed = layer.mode == QuantMode::Symmetric;
  const int32_t zx = t.is_signed ? layer.x_params.zeroCode() : 0;
  const int32_t zw = t.is_signed ? layer.w_params.at(0).zeroCode() : 0;
  t.m = std::min<int64_t>(8, int64_t(pos.size())), t.n = std::min<int64_t>(8, og), t.k = cg * k2;
  for (int64_t r = 0; r < t.m; ++r) {
    const auto [oh, ow] = pos[size_t(r * int64_t(pos.size()) / t.m)];  // spread over the map
    for (int64_t c = 0; c < cg; ++c)
      for (int64_t kh = 0; kh < l.kernel; ++kh)
        for (int64_t kw = 0; kw < l.kernel; ++kw) {
          const int64_t ih = oh * l.stride - l.pad + kh, iw = ow * l.stride - l.pad + kw;
          t.x.push_back(int32_t(layer.x_codes[size_t((c * l.in_h + ih) * l.in_w + iw)]) - zx);  // sample 0, group 0
        }
  }
  t.s.resize(size_t(t.k * t.n));
  for (int64_t kk = 0; kk < t.k; ++kk)
    for (int64_t j = 0; j < t.n; ++j)
      t.s[size_t(kk * t.n + j)] = int32_t(layer.w_codes[size_t(j * t.k + kk)]) - zw;
  return t;
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

int64_t SpotChecker::check(int64_t iter, const GemmLayer& layer) {
  PassSimulator& sim = coster_->simulator();
  if (!sim.arrayCanRun(layer.bits.w, layer.bits.a)) return 0;
  const SpotTile t = sampleForwardTile(layer);
  if (t.m == 0) return 0;
  std::vector<int64_t> want(size_t(t.m * t.n));
  integerGemm(t.m, t.n, t.k, t.x.data(), t.s.data(), want.data());
  TileData tile;
  tile.shape = TileShape{t.m, t.n, t.k};
  tile.format = TileFormat{layer.bits.w, layer.bits.a, t.is_signed, t.is_signed};
  tile.x = t.x;
  tile.s = t.s;
  const TileResult got = sim.runValues(tile);
  for (size_t i = 0; i < want.size(); ++i)
    if (got.c[i] != want[i])
      throw SpotCheckError(fmt::format(
          "spot check failed at iteration {}: layer {} ({}), pass fwd, bits w{} x a{}: output [{}, {}] of a {}x{}x{} tile: "
          "PE array {} != trainer integer GEMM {}",
          iter, layer.op.name, layer.index, layer.bits.w, layer.bits.a, i / size_t(t.n), i % size_t(t.n), t.m, t.n, t.k,
          got.c[i], want[i]));
  ++checks_;
  spdlog::debug("spot check at iteration {}: layer {} bits {}x{}: {} integers equal", iter, layer.op.name, layer.bits.w,
                layer.bits.a, want.size());
  return int64_t(want.size());
}

}  // namespace vpsim
