// Progress of a sweep (see sweep_progress.h): the facts of the points so far, drawn by the shared
// ProgressLine.
#include "sim/sweep/sweep_progress.h"

#include <fmt/format.h>

#include "sim/sweep/sweep_worker.h"

namespace vpsim {

SweepProgress::SweepProgress(size_t total, size_t already_done, bool enabled)
    : total_(total),
      done_(already_done),
      start_done_(already_done),
      started_(SweepWorker::now()),
      line_(enabled ? ProgressLine::modeFor("auto") : ProgressLine::Mode::Off, std::chrono::milliseconds(0)) {
  if (line_.mode() == ProgressLine::Mode::Terminal) line_.show(line());
}

std::string SweepProgress::line() const {
  const double elapsed = SweepWorker::now() - started_;
  const size_t ran = done_ - start_done_;
  const double per_min = elapsed > 0 ? 60.0 * ran / elapsed : 0;
  const std::string eta = ran ? ProgressLine::duration(elapsed / ran * (total_ - done_)) : "?";
  return fmt::format("{} {}/{} points{} | {:.1f} points/min | elapsed {} | ETA {}",
                     ProgressLine::bar(total_ ? double(done_) / double(total_) : 1.0, 30), done_, total_,
                     failed_ ? fmt::format(" ({} failed)", failed_) : "", per_min, ProgressLine::duration(elapsed),
                     eta);
}

void SweepProgress::pointDone(bool ok, const std::string& label) {
  ++done_;
  failed_ += ok ? 0 : 1;
  if (line_.mode() == ProgressLine::Mode::Log) {  // logs, CI, Slurm: a line per finished point
    line_.show(fmt::format("{} {}: {}", line(), ok ? "done" : "FAILED", label));
    return;
  }
  if (!ok) line_.keep("FAILED " + label);
  line_.show(line());  // every finished point redraws
}

void SweepProgress::finish() { line_.finish(); }

}  // namespace vpsim
