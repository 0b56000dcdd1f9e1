// Progress display for `vpsim train` (see progress_bar.h).
#include "workloads/train/progress_bar.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>

namespace vpsim {

ProgressBar::ProgressBar(const std::string& mode, int64_t total, int64_t ipe)
    : draw_(mode == "on" || (mode == "auto" && isatty(STDERR_FILENO))), total_(total), ipe_(ipe) {
  start_ = last_ = std::chrono::steady_clock::now();
}

static std::string clock(double s) {
  char b[32];
  const long t = static_cast<long>(s);
  std::snprintf(b, sizeof(b), "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
  return b;
}

void ProgressBar::update(int64_t done, double loss, double acc) {
  if (first_ < 0) first_ = done - 1, start_ = std::chrono::steady_clock::now();
  const auto now = std::chrono::steady_clock::now();
  if (!draw_ || (std::chrono::duration<double>(now - last_).count() < 0.2 && done != total_)) return;
  last_ = now;
  const double el = std::chrono::duration<double>(now - start_).count();
  const double rate = el > 0 ? static_cast<double>(done - first_) / el : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
  const int width = 30, filled = static_cast<int>(width * ((done - 1) % ipe_ + 1) / ipe_);
  std::fprintf(stderr, "\repoch %lld/%lld [%s%s] %lld/%lld loss %.4f acc %5.1f%% %.1f it/s ETA %s   ",
               static_cast<long long>((done - 1) / ipe_ + 1), static_cast<long long>((total_ + ipe_ - 1) / ipe_),
               std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
               static_cast<long long>((done - 1) % ipe_ + 1), static_cast<long long>(ipe_), loss, 100 * acc, rate,
               clock(eta).c_str());
  std::fflush(stderr);
}

void ProgressBar::epochDone(int64_t epoch, double loss, double train_acc, double test_acc, double avg_bits) {
  if (draw_) std::fprintf(stderr, "\n");
  spdlog::info("epoch {}: train loss {:.4f} train acc {:.2f}% test acc {:.2f}% avg bits {:.2f}", epoch, loss,
               100 * train_acc, 100 * test_acc, avg_bits);
}

void ProgressBar::finish() {
  if (draw_) std::fflush(stderr);
}

}  // namespace vpsim
