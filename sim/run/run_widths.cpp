// The width table of a run (see run_widths.h).
#include "sim/run/run_widths.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "sim/run/run_driver.h"

namespace vpsim {

namespace {

// Each used layer's most used bits (ties: the wider), from the run's iterations per (layer, bits).
std::map<size_t, Bits> usualBits(const std::map<std::pair<size_t, Bits>, int64_t>& used) {
  std::map<size_t, Bits> bits;
  std::map<size_t, int64_t> best;
  for (const auto& [lb, iters] : used)
    if (auto it = best.find(lb.first); it == best.end() || iters >= it->second)
      best[lb.first] = iters, bits[lb.first] = lb.second;
  return bits;
}

}  // namespace

std::vector<WidthRow> widthTable(const TraceHeader& h, const std::map<std::pair<size_t, Bits>, int64_t>& used,
                                 PassCoster& coster) {
  int lo = 64, hi = 0;
  for (const auto& [lb, iters] : used)
    if (h.layers[lb.first].quantized) lo = std::min(lo, lb.second.w), hi = std::max(hi, lb.second.w);
  if (hi == 0) return {};  // no quantized layer
  std::vector<WidthRow> rows(size_t(hi - lo + 1));
  double all = 0, all_macs = 0;
  for (const auto& [lb, iters] : used) {
    const LayerOp& l = h.layers[lb.first];
    if (!l.quantized) continue;
    WidthRow& r = rows[size_t(lb.second.w - lo)];
    r.layer_iterations += iters, r.mac_share += double(iters) * double(l.macsPerSample());
    all += double(iters), all_macs += double(iters) * double(l.macsPerSample());
  }
  const std::map<size_t, Bits> usual = usualBits(used);
  for (int b = lo; b <= hi; ++b) {
    WidthRow& r = rows[size_t(b - lo)];
    r.width = b, r.share = double(r.layer_iterations) / all, r.mac_share /= all_macs;
    for (const auto& [i, u] : usual) {
      const Bits bits = h.layers[i].quantized ? Bits{b, b, u.g} : u;
      for (const PassResult& p : coster.layerCost(h.layers[i], bits, h.batch))
        r.cycles += double(p.cycles), r.energy_pj += p.energy_pj.total();
    }
  }
  return rows;
}

std::string widthsCsv(const std::vector<WidthRow>& rows) {
  std::ostringstream os;
  os << "width_bits,layer_iterations,share,mac_share,cycles_per_iter,energy_pj_per_iter,cycles_rel,energy_rel\n";
  if (rows.empty()) return os.str();
  const WidthRow& top = rows.back();
  for (const WidthRow& r : rows)
    os << fmt::format("{},{},{:.6f},{:.6f},{:.0f},{:.9g},{:.6f},{:.6f}\n", r.width, r.layer_iterations, r.share,
                      r.mac_share, r.cycles, r.energy_pj, r.cycles / top.cycles, r.energy_pj / top.energy_pj);
  return os.str();
}

}  // namespace vpsim
