// ProgressLine: the one progress display of vpsim (`train`, `run`, `sweep` each format their facts
// and hand the line over). On a terminal it rewrites one line on stderr (at most every 200 ms unless
// forced); off a terminal it writes a log line at most every `log_every`; off, nothing. Lines that
// must stay (a failed sweep point, an epoch summary) go through keep(), which never breaks the
// rewritten line. It lives in traces/, the lowest library, so that the trainer and sim/ share it.
#pragma once

#include <chrono>
#include <string>

namespace vpsim {

class ProgressLine {
 public:
  enum class Mode { Off, Terminal, Log };
  // "auto": Terminal when stderr is a terminal, else Log; "on": Terminal; "off": Off.
  static Mode modeFor(const std::string& setting);

  ProgressLine(Mode mode, std::chrono::milliseconds log_every);
  Mode mode() const { return mode_; }
  // Whether a new line is worth drawing now: 200 ms (Terminal) or log_every (Log) after the last one
  // or the start; forced: always, unless Off. Resets the clock when it says yes.
  bool due(bool force = false);
  void show(const std::string& line);  // Terminal: rewrites the line; Log: a log line; Off: nothing
  void keep(const std::string& line);  // a line that stays (Terminal: above the rewritten one; Log: logged)
  void finish();                       // Terminal: ends the rewritten line

  static std::string bar(double fraction, int width);  // "[####......]"
  static std::string duration(double seconds);         // "1h02m", "3m05s", "12s"
  static std::string clock(double seconds);            // "0:01:05"

 private:
  Mode mode_;
  std::chrono::milliseconds log_every_;
  std::chrono::steady_clock::time_point last_;
  bool drawn_ = false;
  std::string current_;
};

}  // namespace vpsim
