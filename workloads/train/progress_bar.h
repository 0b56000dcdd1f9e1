// ProgressBar: on a terminal, one self-rewriting line on stderr per iteration (epoch, bar,
// iterations done/total, loss, accuracy, images/s, the iteration's bits, ETA); otherwise a log line
// every kLogEvery of wall time with the same facts; and a log line per finished epoch.
// Mode "auto" picks by whether stderr is a terminal, "on" forces the bar, "off" leaves only the
// epoch lines.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "traces/progress_line.h"

namespace vpsim {

class ProgressBar {
 public:
  static constexpr std::chrono::seconds kLogEvery{30};  // [s] of wall time between log lines when not a terminal

  // unit: what a batch holds ("images", "sequences"); batch: that many per iteration
  ProgressBar(const std::string& mode, int64_t total_iters, int64_t iters_per_epoch, int64_t batch = 1,
              std::string unit = "images");
  // bits: the iteration's operand widths as the reader should see them ("w/a/g 5/5/8")
  void update(int64_t done_iters, double loss, double acc, const std::string& bits = "");
  void epochDone(int64_t epoch, double loss, double train_acc, double test_acc, double avg_bits);
  void finish();

 private:
  ProgressLine line_;
  int64_t total_, ipe_, batch_, first_ = -1;
  std::string unit_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace vpsim
