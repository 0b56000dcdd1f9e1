// Progress display for `vpsim train` (see progress_bar.h): the facts of an iteration, drawn by the
// shared ProgressLine.
#include "workloads/train/progress_bar.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace vpsim {

ProgressBar::ProgressBar(const std::string& mode, int64_t total_iters, int64_t iters_per_epoch, int64_t batch,
                         std::string unit)
    : line_(ProgressLine::modeFor(mode), kLogEvery),
      total_(total_iters),
      ipe_(iters_per_epoch),
      batch_(batch),
      unit_(std::move(unit)) {
  start_ = std::chrono::steady_clock::now();
}

void ProgressBar::update(int64_t done, double loss, double acc, const std::string& bits) {
  if (first_ < 0) first_ = done - 1, start_ = std::chrono::steady_clock::now();
  if (!line_.due(line_.mode() == ProgressLine::Mode::Terminal && done == total_)) return;
  const auto now = std::chrono::steady_clock::now();
  const double el = std::chrono::duration<double>(now - start_).count();
  const double rate = el > 0 ? static_cast<double>(done - first_) / el : 0.0;  // [iteration/s]
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
  const long long epoch = (done - 1) / ipe_ + 1, epochs = (total_ + ipe_ - 1) / ipe_;
  const std::string facts =
      fmt::format("{}/{} iterations, loss {:.4f} acc {:.1f}%, {:.0f} {}/s, {}, ETA {}", done, total_, loss, 100 * acc,
                  rate * double(batch_), unit_, bits.empty() ? "" : "bits " + bits, ProgressLine::clock(eta));
  if (line_.mode() == ProgressLine::Mode::Log) {
    line_.show(fmt::format("epoch {}/{}: {}", epoch, epochs, facts));
    return;
  }
  const double in_epoch = double((done - 1) % ipe_ + 1) / double(ipe_);
  line_.show(fmt::format("epoch {}/{} {} {}", epoch, epochs, ProgressLine::bar(in_epoch, 24), facts));
}

void ProgressBar::epochDone(int64_t epoch, double loss, double train_acc, double test_acc, double avg_bits) {
  line_.finish();
  spdlog::info("epoch {}: train loss {:.4f} train acc {:.2f}% test acc {:.2f}% avg bits {:.2f}", epoch, loss,
               100 * train_acc, 100 * test_acc, avg_bits);
}

void ProgressBar::finish() { line_.finish(); }

}  // namespace vpsim
