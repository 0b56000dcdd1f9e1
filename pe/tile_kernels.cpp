// Tile kernels: the run-time choice of the copy the CPU can run.
#include "pe/tile_kernels.h"

#include <cstdlib>
#include <string>

namespace vpsim {

namespace {
using Kernel = uint64_t (*)(const TileKernelSpec&, const int32_t*, const int32_t*, int64_t, int64_t, int64_t, int64_t*);
struct Choice {
  Kernel run;
  const char* isa;
};
// VPSIM_TILE_KERNELS=generic|avx2 caps the choice (benchmarks compare the copies; same results).
Choice choose() {
  const char* cap = std::getenv("VPSIM_TILE_KERNELS");
  const std::string want = cap ? cap : "";
  if (want == "generic") return {tile_generic::run, "generic"};
#if defined(__x86_64__)
  if (want == "avx2" && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt"))
    return {tile_avx2::run, "avx2"};
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("popcnt"))
    return {tile_avx512::run, "avx512"};
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt")) return {tile_avx2::run, "avx2"};
#endif
  return {tile_generic::run, "generic"};
}
const Choice& choice() {
  static const Choice c = choose();
  return c;
}
}  // namespace

uint64_t runTileKernel(const TileKernelSpec& spec, const int32_t* x, const int32_t* s, int64_t m, int64_t n, int64_t k,
                       int64_t* c) {
  return choice().run(spec, x, s, m, n, k, c);
}

const char* tileKernelIsa() { return choice().isa; }

}  // namespace vpsim
