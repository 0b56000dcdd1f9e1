// Tensor: the trainer's one data type, a dense NCHW float array (FC activations use h = w = 1),
// plus the deterministic random numbers every part of training draws from. Random draws are
// counter-based (a hash of seed, stream and index), so they do not depend on thread scheduling
// or on where a run was resumed.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace vpsim {

struct Tensor {
  int n = 0, c = 0, h = 0, w = 0;
  std::vector<float> v;

  Tensor() = default;
  Tensor(int n_, int c_, int h_, int w_) { resize(n_, c_, h_, w_); }
  void resize(int n_, int c_, int h_, int w_) {
    n = n_, c = c_, h = h_, w = w_;
    v.resize(static_cast<size_t>(n) * c * h * w);
  }
  void zero() { std::fill(v.begin(), v.end(), 0.0f); }
  int64_t size() const { return static_cast<int64_t>(v.size()); }
  int64_t sampleSize() const { return static_cast<int64_t>(c) * h * w; }
  float* data() { return v.data(); }
  const float* data() const { return v.data(); }
  float* sample(int i) { return v.data() + i * sampleSize(); }
  const float* sample(int i) const { return v.data() + i * sampleSize(); }
  bool sameShape(const Tensor& o) const { return n == o.n && c == o.c && h == o.h && w == o.w; }
};

// SplitMix64 finalizer: a strong 64-bit mix, enough for noise and shuffles.
inline uint64_t mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
inline uint64_t streamKey(uint64_t seed, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  return mix64(mix64(mix64(seed ^ 0x5851f42d4c957f2dULL) ^ a) ^ (b * 0x2545f4914f6cdd1dULL)) ^ c;
}
// Uniform in [0, 1) from a key and an element index (24 random bits, exact in float). A 32-bit
// integer hash (lowbias32) of the index keyed by 64 bits: cheap enough for one draw per element of
// every error tensor (stochastic rounding).
inline float uniformAt(uint64_t key, uint64_t index) {
  uint32_t x = static_cast<uint32_t>(index) ^ static_cast<uint32_t>(key);
  x += static_cast<uint32_t>(key >> 32) + static_cast<uint32_t>(index >> 32) * 0x9e3779b9u;
  x ^= x >> 16, x *= 0x7feb352du, x ^= x >> 15, x *= 0x846ca68bu, x ^= x >> 16;
  return static_cast<float>(x >> 8) * (1.0f / 16777216.0f);
}

// Sequential generator for initialization and shuffling (single-threaded uses only).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() { return mix64(state_++); }
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  double normal();  // Box-Muller
  uint64_t below(uint64_t n) { return next() % n; }

 private:
  uint64_t state_;
};

// Fisher-Yates permutation of 0..n-1.
std::vector<int> permutation(int n, uint64_t seed);

}  // namespace vpsim
