// Runs with values: operand slicing per tile, PassSimulator::simulateValues, the reference check.
#include "sim/arch/pass_values.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <stdexcept>

#include "pe/accumulator.h"
#include "pe/throughput.h"
#include "sim/arch/accelerator.h"
#include "sim/arch/pass_simulator.h"
#include "traces/input_error.h"

namespace vpsim {

void GemmValues::resize(int64_t g, int64_t m_, int64_t n_, int64_t k_) {
  groups = g, m = m_, n = n_, k = k_;
  op0.assign(size_t(g * k * n), 0);
  op1.assign(size_t(g * m * k), 0);
  c.clear();
  overflows = 0;
  k_starts.clear();
}

static int32_t lowest(int bits, bool s) { return s ? -(int32_t(1) << (bits - 1)) : 0; }
static int32_t highest(int bits, bool s) {
  return bits >= 32 ? INT32_MAX : s ? (int32_t(1) << (bits - 1)) - 1 : int32_t((int64_t(1) << bits) - 1);
}

void fillRandom(GemmValues& v, int b0, int b1, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int32_t> d0(lowest(b0, v.signed0), highest(b0, v.signed0));
  std::uniform_int_distribution<int32_t> d1(lowest(b1, v.signed1), highest(b1, v.signed1));
  for (auto& x : v.op0) x = d0(rng);
  for (auto& x : v.op1) x = d1(rng);
}

void checkFits(const GemmValues& v, int b0, int b1) {
  auto check = [](const std::vector<int32_t>& op, const char* name, int bits, bool s) {
    for (size_t i = 0; i < op.size(); ++i)
      if (op[i] < lowest(bits, s) || op[i] > highest(bits, s))
        throw InputError(fmt::format("{} element {} is {}: outside {}-bit {} [{}, {}]", name, i, op[i], bits,
                                     s ? "signed" : "unsigned", lowest(bits, s), highest(bits, s)));
  };
  check(v.op0, "op0", b0, v.signed0);
  check(v.op1, "op1", b1, v.signed1);
}

static void requireOneGroup(const ComputeOp& op) {
  if (op.range[0].size() != 1) throw std::logic_error("a compute tile spans several groups");
}

TileData valuesTile(const GemmValues& v, const ComputeOp& op) {
  requireOneGroup(op);
  const int64_t g = op.range[0].begin, i0 = op.range[1].begin, j0 = op.range[2].begin, k0 = op.range[3].begin;
  const int64_t tm = op.range[1].size(), tn = op.range[2].size(), tk = op.range[3].size();
  TileData t;
  t.shape = TileShape{tm, tn, tk};
  t.format = TileFormat{op.b0, op.b1, v.signed0, v.signed1};
  t.x.resize(size_t(tm * tk)), t.s.resize(size_t(tk * tn)), t.c_in.resize(size_t(tm * tn));
  for (int64_t i = 0; i < tm; ++i)
    for (int64_t kk = 0; kk < tk; ++kk) t.x[size_t(i * tk + kk)] = v.op1[size_t((g * v.m + i0 + i) * v.k + k0 + kk)];
  for (int64_t kk = 0; kk < tk; ++kk)
    for (int64_t j = 0; j < tn; ++j) t.s[size_t(kk * tn + j)] = v.op0[size_t((g * v.k + k0 + kk) * v.n + j0 + j)];
  for (int64_t i = 0; i < tm; ++i)
    for (int64_t j = 0; j < tn; ++j) t.c_in[size_t(i * tn + j)] = v.c[size_t((g * v.m + i0 + i) * v.n + j0 + j)];
  return t;
}

void storeTile(GemmValues& v, const ComputeOp& op, const TileResult& r) {
  requireOneGroup(op);
  const int64_t g = op.range[0].begin, i0 = op.range[1].begin, j0 = op.range[2].begin;
  const int64_t tm = op.range[1].size(), tn = op.range[2].size();
  if (r.c.size() != size_t(tm * tn)) throw std::logic_error("PE array returned no values for a tile with values");
  for (int64_t i = 0; i < tm; ++i)
    for (int64_t j = 0; j < tn; ++j) v.c[size_t((g * v.m + i0 + i) * v.n + j0 + j)] = r.c[size_t(i * tn + j)];
  v.overflows += r.actions.overflows;
  const int64_t k0 = op.range[3].begin;
  const auto at = std::lower_bound(v.k_starts.begin(), v.k_starts.end(), k0);
  if (at == v.k_starts.end() || *at != k0) v.k_starts.insert(at, k0);
}

PassResult PassSimulator::simulateValues(const GemmPass& g, int b0, int b1, GemmValues& values) {
  if (values.groups != g.groups || values.m != g.m || values.n != g.n || values.k != g.k ||
      values.op0.size() != size_t(g.groups * g.k * g.n) || values.op1.size() != size_t(g.groups * g.m * g.k))
    throw InputError(fmt::format("values for a {}x{}x{} (x{}) GEMM given to a {}x{}x{} (x{}) pass", values.m, values.n,
                                 values.k, values.groups, g.m, g.n, g.k, g.groups));
  const int e0 = hw_.force_bits > 0 ? hw_.force_bits : b0, e1 = hw_.force_bits > 0 ? hw_.force_bits : b1;
  if (!arrayCanRun(e0, e1, g.pass))
    throw InputError(
        fmt::format("{}: the PE array cannot run {}x{} bits in {} (it would go to the vector unit): no "
                    "values to check",
                    hw_.name, e0, e1, passName(g.pass)));
  values.c.assign(size_t(g.groups * g.m * g.n), 0);
  values.overflows = 0;
  values.k_starts.clear();
  if (!accel_) accel_ = std::make_unique<Accelerator>("accelerator", hw_, fidelity_);
  struct Attached {  // detached whatever happens: later passes are timing only
    Accelerator& a;
    ~Attached() { a.attachValues(nullptr); }
  } attached{*accel_};
  accel_->attachValues(&values);
  return simulate(g, b0, b1);
}

ValuesCheck checkAgainstReference(const GemmValues& v, const PeConfig& pe, int b0, int b1) {
  const int64_t P = peThroughput(pe, b0, b1).products_per_step;
  const Accumulator acc(pe.accumulator_bits, pe.overflow);
  // Step boundaries: every P products from the start of each k tile.
  std::vector<int64_t> steps;
  std::vector<int64_t> tiles = v.k_starts;
  if (tiles.empty() || tiles.front() != 0) tiles.insert(tiles.begin(), 0);
  tiles.push_back(v.k);
  for (size_t t = 0; t + 1 < tiles.size(); ++t)
    for (int64_t k0 = tiles[t]; k0 < tiles[t + 1]; k0 += P) steps.push_back(k0);
  steps.push_back(v.k);
  ValuesCheck r;
  for (int64_t g = 0; g < v.groups; ++g)
    for (int64_t i = 0; i < v.m; ++i)
      for (int64_t j = 0; j < v.n; ++j) {
        int64_t a = 0;
        for (size_t s = 0; s + 1 < steps.size(); ++s) {
          int64_t step = 0;
          for (int64_t kk = steps[s]; kk < steps[s + 1]; ++kk)
            step += int64_t(v.op1[size_t((g * v.m + i) * v.k + kk)]) * v.op0[size_t((g * v.k + kk) * v.n + j)];
          a = acc.add(a, step, r.reference_overflows);
        }
        const int64_t got = v.c[size_t((g * v.m + i) * v.n + j)];
        ++r.compared;
        if (got == a) continue;
        if (r.mismatches++ == 0)
          r.first_mismatch = fmt::format("output [{}, {}, {}]: PE array {} != reference {}", g, i, j, got, a);
      }
  return r;
}

}  // namespace vpsim
