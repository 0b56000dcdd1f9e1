// Trainer throughput: images per second of one training step (forward, loss, backward, SGD) for the
// small CNN and ResNet-20 on 28x28x1 inputs at batch 128, in FP32 and with quantized 8/8/8 layers,
// and PyTorch on CPU with the same model, batch and thread count, run side by side
// (bench/train_torch.py with Debian's python3-torch).
// Usage: bench_train_bench [--batch 128] [--iters 10] [--threads 2] [--no-torch] [--gemm]
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "workloads/dataset_info.h"
#include "workloads/train/gemm.h"
#include "workloads/train/layers.h"
#include "workloads/train/network.h"
#include "workloads/train/optimizer.h"
#include "workloads/train/parallel.h"

using namespace vpsim;

static double cpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// Wall-clock and CPU milliseconds per iteration. On a shared machine the CPU time (all threads)
// is the steadier number; wall time is what a user waits.
struct Timing {
  double wall_ms, cpu_ms;
};

static Timing msPerIteration(const std::string& model, int batch, int iters, bool quantized) {
  const DatasetInfo info = datasetInfo("fashion-mnist");
  auto net = Network::build(model, info, 1);
  for (GemmLayer* l : net->layers()) l->bits = (quantized && l->op.quantized) ? Bits{8, 8, 8} : Bits{32, 32, 32};
  Sgd sgd(net->params(), 0.9, 1e-4);
  Tensor x(batch, 1, 28, 28), dz;
  Rng rng(3);
  for (float& v : x.v) v = static_cast<float>(rng.normal());
  std::vector<int> labels(batch);
  for (int& l : labels) l = static_cast<int>(rng.below(10));
  std::chrono::steady_clock::time_point t0;
  double c0 = 0;
  for (int i = 0; i < iters + 2; ++i) {  // two warm-up iterations
    if (i == 2) t0 = std::chrono::steady_clock::now(), c0 = cpuSeconds();
    softmaxCrossEntropy(net->forward(x, StepContext{true, i, 1}), labels, &dz, nullptr);
    net->backward(dz);
    sgd.step(0.01);
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return {1000.0 * wall / iters, 1000.0 * (cpuSeconds() - c0) / iters};
}

static void gemmRate() {
  const int64_t shapes[][3] = {{64, 4096, 288}, {32, 4096, 9}, {128, 4096, 576}, {16, 4096, 144}};
  for (const auto& s : shapes) {
    std::vector<float> a(s[0] * s[2], 0.5f), b(s[2] * s[1], 0.25f), c(s[0] * s[1]);
    const int reps = 50;
    const auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < reps; ++r) gemm(false, false, s[0], s[1], s[2], a.data(), b.data(), c.data(), false);
    const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("gemm %lldx%lldx%lld (%s): %.1f GFLOP/s\n", (long long)s[0], (long long)s[1], (long long)s[2],
                gemmKernelName(), 2.0 * s[0] * s[1] * s[2] * reps / sec / 1e9);
  }
}

int main(int argc, char** argv) {
  int batch = 128, iters = 10, threads = 2;
  bool torch = true, gemm_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--batch" && i + 1 < argc)
      batch = std::atoi(argv[++i]);
    else if (a == "--iters" && i + 1 < argc)
      iters = std::atoi(argv[++i]);
    else if (a == "--threads" && i + 1 < argc)
      threads = std::atoi(argv[++i]);
    else if (a == "--no-torch")
      torch = false;
    else if (a == "--gemm")
      gemm_only = true;
  }
  setTrainThreads(threads);
  if (gemm_only) return gemmRate(), 0;
  std::printf("batch %d, threads %d, %d timed iterations, gemm kernel %s\n", batch, threads, iters, gemmKernelName());
  std::printf("%-9s %-5s %11s %12s %12s\n", "model", "mode", "images/s", "wall ms/it", "cpu ms/it");
  for (const char* model : {"cnn", "resnet20"}) {
    const Timing fp = msPerIteration(model, batch, iters, false), q = msPerIteration(model, batch, iters, true);
    for (const auto& [mode, t] : {std::pair<const char*, Timing>{"fp32", fp}, {"q8/8", q}})
      std::printf("%-9s %-5s %11.0f %12.1f %12.1f\n", model, mode, 1000.0 * batch / t.wall_ms, t.wall_ms, t.cpu_ms);
    std::printf("%-9s quantized / fp32: wall %.2fx, cpu %.2fx\n", model, q.wall_ms / fp.wall_ms, q.cpu_ms / fp.cpu_ms);
    std::fflush(stdout);
  }
  if (torch) {
    const std::string here = VPSIM_BENCH_DIR;  // the script sits beside this file
    const std::string cmd = "/usr/bin/python3 " + here + "/train_torch.py --batch " + std::to_string(batch) +
                            " --threads " + std::to_string(threads) + " --iters " + std::to_string(iters);
    std::printf("pytorch (same models, batch, threads):\n");
    std::fflush(stdout);
    if (std::system(cmd.c_str()) != 0)
      std::printf("  (python3-torch not available: apt-get install -y python3-torch)\n");
  }
  return 0;
}
