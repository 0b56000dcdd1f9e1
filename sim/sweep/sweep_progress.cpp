// Progress bar for sweeps (see sweep_progress.h).
#include "sim/sweep/sweep_progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "sim/sweep/sweep_worker.h"

namespace vpsim {

SweepProgress::SweepProgress(size_t total, size_t already_done, bool enabled)
    : total_(total), done_(already_done), start_done_(already_done), started_(SweepWorker::now()),
      enabled_(enabled), tty_(::isatty(2) != 0) {
  if (enabled_ && tty_) std::fprintf(stderr, "%s", line().c_str());
}

std::string SweepProgress::duration(double s) {
  const long t = static_cast<long>(s + 0.5);
  if (t >= 3600) return fmt::format("{}h{:02}m", t / 3600, (t % 3600) / 60);
  if (t >= 60) return fmt::format("{}m{:02}s", t / 60, t % 60);
  return fmt::format("{}s", t);
}

std::string SweepProgress::line() const {
  const int width = 30;
  const int filled = total_ ? static_cast<int>(width * done_ / total_) : width;
  const double elapsed = SweepWorker::now() - started_;
  const size_t ran = done_ - start_done_;
  const double per_min = elapsed > 0 ? 60.0 * ran / elapsed : 0;
  const std::string eta = ran ? duration(elapsed / ran * (total_ - done_)) : "?";
  return fmt::format("[{}{}] {}/{} points{} | {:.1f} points/min | elapsed {} | ETA {}",
                     std::string(filled, '#'), std::string(width - filled, '.'), done_, total_,
                     failed_ ? fmt::format(" ({} failed)", failed_) : "", per_min, duration(elapsed), eta);
}

void SweepProgress::pointDone(bool ok, const std::string& label) {
  ++done_;
  failed_ += ok ? 0 : 1;
  if (!enabled_) return;
  if (tty_ && ok) std::fprintf(stderr, "\r%s\033[K", line().c_str());
  else if (tty_) std::fprintf(stderr, "\r\033[KFAILED %s\n%s", label.c_str(), line().c_str());
  else std::fprintf(stderr, "%s %s: %s\n", line().c_str(), ok ? "done" : "FAILED", label.c_str());
  std::fflush(stderr);
}

void SweepProgress::finish() {
  if (enabled_ && tty_) std::fprintf(stderr, "\n");
}

}  // namespace vpsim
