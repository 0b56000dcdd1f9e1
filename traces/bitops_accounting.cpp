// BitopsAccountant: each run contributes length x per-iteration BitOPs, split at epoch boundaries.
#include "traces/bitops_accounting.h"

#include <algorithm>

namespace vpsim {

BitopsAccountant::BitopsAccountant(const TraceHeader& header, AccountingOptions options)
    : header_(header), opt_(options), bit_iters_(header.layers.size()) {
  sum_.per_epoch.assign(static_cast<size_t>(header.epochs()), 0.0);
  sum_.per_layer.assign(header.layers.size(), 0.0);
}

double BitopsAccountant::iterationBitops(const std::vector<Bits>& bits, std::array<double, 3>* by_pass, double* fp32,
                                         std::vector<double>* per_layer) const {
  double total = 0;
  for (size_t i = 0; i < header_.layers.size(); ++i) {
    const LayerOp& l = header_.layers[i];
    for (Pass p : kAllPasses) {
      if (p == Pass::BwdData && !l.has_bwd_data && !opt_.count_unneeded_bwd_data) continue;
      // An FP32 layer costs 32-bit BitOPs whatever bits its run row carries.
      const Bits b = l.quantized ? bits[i] : Bits{32, 32, 32};
      const double ops = static_cast<double>(header_.batch) * static_cast<double>(passBitops(l, p, b));
      (*per_layer)[i] += ops;
      if (!l.quantized && !opt_.count_fp32_layers) {
        *fp32 += ops;
        continue;
      }
      (*by_pass)[static_cast<int>(p)] += ops;
      total += ops;
    }
  }
  return total;
}

double BitopsAccountant::iterationTotal(const std::vector<Bits>& bits) const {
  std::array<double, 3> by_pass{};
  double fp32 = 0;
  std::vector<double> per_layer(bits.size(), 0.0);
  return iterationBitops(bits, &by_pass, &fp32, &per_layer);
}

void BitopsAccountant::add(const TraceRun& run) {
  std::array<double, 3> by_pass{};
  double fp32 = 0;
  std::vector<double> per_layer(run.bits.size(), 0.0);
  const double per_iter = iterationBitops(run.bits, &by_pass, &fp32, &per_layer);
  const double len = static_cast<double>(run.length());
  for (size_t i = 0; i < per_layer.size(); ++i) sum_.per_layer[i] += per_layer[i] * len;
  for (int p = 0; p < 3; ++p) sum_.by_pass[p] += by_pass[p] * len;
  sum_.total += per_iter * len;
  sum_.fp32_layers += fp32 * len;
  // Split the run over the epochs it spans.
  for (int64_t s = run.start; s < run.end;) {
    const int64_t epoch = s / header_.iterations_per_epoch;
    const int64_t e = std::min(run.end, (epoch + 1) * header_.iterations_per_epoch);
    sum_.per_epoch[static_cast<size_t>(epoch)] += per_iter * static_cast<double>(e - s);
    s = e;
  }
  for (size_t i = 0; i < run.bits.size(); ++i) {
    bit_iters_[i][0] += run.bits[i].w * len;
    bit_iters_[i][1] += run.bits[i].a * len;
    bit_iters_[i][2] += run.bits[i].g * len;
  }
  last_bits_ = run.bits;
}

BitopsSummary BitopsAccountant::finish() {
  const double iters = static_cast<double>(std::max<int64_t>(header_.iterations, 1));
  sum_.avg_bits.clear();
  for (const auto& b : bit_iters_) sum_.avg_bits.push_back({b[0] / iters, b[1] / iters, b[2] / iters});
  sum_.inference_per_sample = 0;
  for (size_t i = 0; i < last_bits_.size(); ++i)
    if (header_.layers[i].quantized || opt_.count_fp32_layers)
      sum_.inference_per_sample += static_cast<double>(
          passBitops(header_.layers[i], Pass::Fwd, header_.layers[i].quantized ? last_bits_[i] : Bits{32, 32, 32}));
  return sum_;
}

}  // namespace vpsim
