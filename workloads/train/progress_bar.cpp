// Progress display for `vpsim train` (see progress_bar.h).
#include "workloads/train/progress_bar.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>

namespace vpsim {

ProgressBar::ProgressBar(const std::string& mode, int64_t total, int64_t ipe, int64_t batch, std::string unit)
    : draw_(mode == "on" || (mode == "auto" && isatty(STDERR_FILENO))),
      log_(mode == "auto" && !draw_),
      total_(total),
      ipe_(ipe),
      batch_(batch),
      unit_(std::move(unit)) {
  start_ = last_ = last_log_ = std::chrono::steady_clock::now();
}

static std::string clock(double s) {
  const long t = static_cast<long>(s);
  return fmt::format("{}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60);
}

void ProgressBar::update(int64_t done, double loss, double acc, const std::string& bits) {
  if (first_ < 0) first_ = done - 1, start_ = last_log_ = std::chrono::steady_clock::now();
  if (!draw_ && !log_) return;
  const auto now = std::chrono::steady_clock::now();
  if (draw_ && std::chrono::duration<double>(now - last_).count() < 0.2 && done != total_) return;
  if (log_ && now - last_log_ < kLogEvery) return;
  last_ = last_log_ = now;
  const double el = std::chrono::duration<double>(now - start_).count();
  const double rate = el > 0 ? static_cast<double>(done - first_) / el : 0.0;  // [iteration/s]
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
  const long long epoch = (done - 1) / ipe_ + 1, epochs = (total_ + ipe_ - 1) / ipe_;
  const std::string facts = fmt::format("{}/{} iterations, loss {:.4f} acc {:.1f}%, {:.0f} {}/s, {}, ETA {}", done,
                                        total_, loss, 100 * acc, rate * double(batch_), unit_,
                                        bits.empty() ? "" : "bits " + bits, clock(eta));
  if (log_) {
    spdlog::info("epoch {}/{}: {}", epoch, epochs, facts);
    return;
  }
  const int width = 24, filled = static_cast<int>(width * ((done - 1) % ipe_ + 1) / ipe_);
  std::fprintf(stderr, "\repoch %lld/%lld [%s%s] %s   ", epoch, epochs, std::string(filled, '#').c_str(),
               std::string(width - filled, '.').c_str(), facts.c_str());
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
