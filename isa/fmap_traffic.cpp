// Patch-tensor selection, rectangular tile candidates and memoized footprint sums.
#include "isa/fmap_traffic.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace vpsim {

int64_t patchBlockElements(const ConvGeometry& c, int64_t p0, int64_t p1, int64_t q0, int64_t q1) {
  return c.footprint(p0, p1, q0, q1);
}

int64_t HaloRuns::offset(int64_t r) const {
  const int64_t i0 = r % count[0], i1 = r / count[0] % count[1], i2 = r / (count[0] * count[1]);
  return first + i0 * stride[0] + i1 * stride[1] + i2 * stride[2];
}

namespace {
struct Span {
  int64_t lo = 0, n = 0;
};
// Input rows (cols) that output rows (cols) [a, b] cover, padding cut off (as spatialFootprint).
Span inputSpan(const ConvGeometry& c, int64_t a, int64_t b, int64_t in) {
  const int64_t lo = std::max<int64_t>(0, a * c.stride - c.pad),
                hi = std::min(in - 1, b * c.stride - c.pad + c.kernel - 1);
  return {lo, std::max<int64_t>(0, hi - lo + 1)};
}
}  // namespace

std::optional<HaloRuns> haloRuns(const ConvGeometry& c, int64_t groups, int64_t g0, int64_t g1, int64_t p0, int64_t p1,
                                 int64_t q0, int64_t q1) {
  const int64_t plane = c.out_h * c.out_w, hw = c.in_h * c.in_w, taps = c.kernel * c.kernel;
  const int64_t b0 = p0 / plane, b1 = (p1 - 1) / plane, c0 = q0 / taps, c1 = (q1 - 1) / taps + 1;
  HaloRuns h;
  std::array<std::array<int64_t, 2>, 4> levels{};  // (count, stride), innermost first
  if (b0 != b1) {
    if (p0 % plane || p1 % plane) return std::nullopt;
    const Span rows = inputSpan(c, 0, c.out_h - 1, c.in_h);
    h.run = rows.n * c.in_w, h.first = rows.lo * c.in_w;
    levels[0] = {1, 0};
  } else {
    const int64_t s = p0 - b0 * plane, e = p1 - b0 * plane, r0 = s / c.out_w, r1 = (e - 1) / c.out_w;
    const Span rows = inputSpan(c, r0, r1, c.in_h);
    if (r0 == r1) {
      const Span cols = inputSpan(c, s % c.out_w, (e - 1) % c.out_w, c.in_w);
      h.run = cols.n, h.first = rows.lo * c.in_w + cols.lo;
      levels[0] = {rows.n, c.in_w};
    } else {
      h.run = rows.n * c.in_w, h.first = rows.lo * c.in_w;
      levels[0] = {1, 0};
    }
  }
  levels[1] = {c1 - c0, hw};
  levels[2] = {g1 - g0, c.in_c * hw};
  levels[3] = {b1 - b0 + 1, groups * c.in_c * hw};
  h.first += ((b0 * groups + g0) * c.in_c + c0) * hw;
  // Merge: a level that continues the pattern inside it contiguously folds into it.
  size_t kept = 0;
  for (const auto& [count, stride] : levels) {
    if (count == 1) continue;
    if (kept == 0 && stride == h.run) {
      h.run *= count;
    } else if (kept > 0 && stride == h.count[kept - 1] * h.stride[kept - 1]) {
      h.count[kept - 1] *= count;
    } else {
      if (kept == h.count.size()) throw std::logic_error("haloRuns: more than three levels");
      h.count[kept] = count, h.stride[kept] = stride, ++kept;
    }
  }
  return h;
}

std::optional<PatchTensor> patchTensor(Pass pass, const ConvGeometry& conv) {
  if (!conv.valid()) return std::nullopt;
  switch (pass) {
    case Pass::Fwd:
      return PatchTensor{Scratchpad::Ibuf, GemmDim::M, GemmDim::K};
    case Pass::BwdData:
      return PatchTensor{Scratchpad::Obuf, GemmDim::M, GemmDim::N};
    case Pass::BwdWeight:
      return PatchTensor{Scratchpad::Ibuf, GemmDim::K, GemmDim::M};
  }
  return std::nullopt;
}

static std::vector<int64_t> divisors(int64_t v) {
  std::vector<int64_t> d;
  for (int64_t i = 1; i * i <= v; ++i)
    if (v % i == 0) d.push_back(i), d.push_back(v / i);
  std::sort(d.begin(), d.end());
  d.erase(std::unique(d.begin(), d.end()), d.end());
  return d;
}

std::vector<int64_t> pixelTileCandidates(const ConvGeometry& c) {
  std::vector<int64_t> out = divisors(c.out_w);
  for (int64_t r : divisors(c.out_h)) out.push_back(r * c.out_w);
  const int64_t plane = c.out_h * c.out_w;
  for (int64_t q = 1; q < c.batch; q *= 2) out.push_back(q * plane);
  for (int64_t parts = 1; parts <= c.batch; parts *= 2) out.push_back((c.batch + parts - 1) / parts * plane);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<int64_t> patchTileCandidates(const ConvGeometry& c) {
  const int64_t taps = c.kernel * c.kernel;
  std::vector<int64_t> out;
  for (int64_t ch = 1; ch < c.in_c; ch *= 2) out.push_back(ch * taps);
  for (int64_t parts = 1; parts <= c.in_c; parts *= 2) out.push_back((c.in_c + parts - 1) / parts * taps);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Tiles of one image repeat in every image when the tile divides the plane; otherwise the tile
// pattern repeats every lcm(tile, plane) pixels. Either way only one period is walked.
FmapTraffic::SumMax FmapTraffic::pixelTiles(int64_t tile) const {
  if (auto it = pixel_.find(tile); it != pixel_.end()) return it->second;
  const int64_t total = c_.pixels(), plane = c_.out_h * c_.out_w;
  const int64_t period = std::min(total, std::lcm(tile, plane));
  SumMax one, r;
  for (int64_t p = 0; p < period; p += tile) {
    const int64_t f = c_.spatialFootprint(p, std::min(total, p + tile));
    one.sum += f, one.max = std::max(one.max, f);
  }
  const int64_t periods = total / period;
  r.sum = one.sum * periods, r.max = one.max;
  for (int64_t p = periods * period; p < total; p += tile) {  // the rest, ending in the short tile
    const int64_t f = c_.spatialFootprint(p, std::min(total, p + tile));
    r.sum += f, r.max = std::max(r.max, f);
  }
  return pixel_[tile] = r;
}

FmapTraffic::SumMax FmapTraffic::patchTiles(int64_t tile) const {
  if (auto it = patch_.find(tile); it != patch_.end()) return it->second;
  const int64_t total = c_.patch(), taps = c_.kernel * c_.kernel;
  SumMax r;
  for (int64_t q = 0; q < total; q += tile) {
    const int64_t q1 = std::min(total, q + tile), ch = (q1 - 1) / taps - q / taps + 1;
    r.sum += ch, r.max = std::max(r.max, ch);
  }
  return patch_[tile] = r;
}

}  // namespace vpsim
