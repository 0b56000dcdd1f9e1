// The progress display (see progress_line.h).
#include "traces/progress_line.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace vpsim {

ProgressLine::Mode ProgressLine::modeFor(const std::string& setting) {
  if (setting == "off") return Mode::Off;
  if (setting == "on") return Mode::Terminal;
  return ::isatty(STDERR_FILENO) ? Mode::Terminal : Mode::Log;
}

ProgressLine::ProgressLine(Mode mode, std::chrono::milliseconds log_every)
    : mode_(mode), log_every_(log_every), last_(std::chrono::steady_clock::now()) {}

bool ProgressLine::due(bool force) {
  if (mode_ == Mode::Off) return false;
  const auto now = std::chrono::steady_clock::now();
  const auto every = mode_ == Mode::Terminal ? std::chrono::milliseconds(200) : log_every_;
  if (!force && now - last_ < every) return false;
  last_ = now;
  return true;
}

void ProgressLine::show(const std::string& line) {
  if (mode_ == Mode::Log) spdlog::info("{}", line);
  if (mode_ != Mode::Terminal) return;
  std::fprintf(stderr, "\r%s\033[K", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
  current_ = line;
}

void ProgressLine::keep(const std::string& line) {
  if (mode_ == Mode::Log) spdlog::info("{}", line);
  if (mode_ != Mode::Terminal) return;
  std::fprintf(stderr, drawn_ ? "\r\033[K%s\n%s" : "%s\n%s", line.c_str(), current_.c_str());
  std::fflush(stderr);
}

void ProgressLine::finish() {
  if (mode_ == Mode::Terminal && drawn_) std::fprintf(stderr, "\n");
  std::fflush(stderr);
  drawn_ = false;
  current_.clear();
}

std::string ProgressLine::bar(double fraction, int width) {
  const int filled = std::clamp(static_cast<int>(width * fraction), 0, width);
  return "[" + std::string(filled, '#') + std::string(width - filled, '.') + "]";
}

std::string ProgressLine::duration(double s) {
  const long t = std::lround(s);
  if (t >= 3600) return fmt::format("{}h{:02}m", t / 3600, (t % 3600) / 60);
  if (t >= 60) return fmt::format("{}m{:02}s", t / 60, t % 60);
  return fmt::format("{}s", t);
}

std::string ProgressLine::clock(double s) {
  const long t = static_cast<long>(s);
  return fmt::format("{}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60);
}

}  // namespace vpsim
