// Patch-tensor selection, rectangular tile candidates and memoized footprint sums.
#include "isa/fmap_traffic.h"

#include <algorithm>
#include <numeric>

namespace vpsim {

int64_t patchBlockElements(const ConvGeometry& c, int64_t p0, int64_t p1, int64_t q0, int64_t q1) {
  return c.footprint(p0, p1, q0, q1);
}

std::optional<PatchTensor> patchTensor(Pass pass, const ConvGeometry& conv) {
  if (!conv.valid()) return std::nullopt;
  switch (pass) {
    case Pass::Fwd: return PatchTensor{Scratchpad::Ibuf, GemmDim::M, GemmDim::K};
    case Pass::BwdData: return PatchTensor{Scratchpad::Obuf, GemmDim::M, GemmDim::N};
    case Pass::BwdWeight: return PatchTensor{Scratchpad::Ibuf, GemmDim::K, GemmDim::M};
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
