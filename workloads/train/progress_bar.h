// ProgressBar: one self-rewriting line on stderr (epoch, bar, loss, accuracy, images/s, ETA), and a
// log line per finished epoch. "auto" draws the bar only when stderr is a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace vpsim {

class ProgressBar {
 public:
  ProgressBar(const std::string& mode, int64_t total_iters, int64_t iters_per_epoch);
  void update(int64_t done_iters, double loss, double acc);
  void epochDone(int64_t epoch, double loss, double train_acc, double test_acc, double avg_bits);
  void finish();

 private:
  bool draw_;
  int64_t total_, ipe_, first_ = -1;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace vpsim
