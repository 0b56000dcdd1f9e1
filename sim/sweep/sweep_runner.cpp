// The local process pool of a sweep (see sweep_runner.h).
#include "sim/sweep/sweep_runner.h"

#include <spdlog/spdlog.h>
#include <sys/wait.h>

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <map>
#include <set>

#include "sim/sweep/sweep_progress.h"

namespace vpsim {

namespace {

std::vector<pid_t>* g_running = nullptr;

// On Ctrl-C / SIGTERM, stop the workers too: rows already written stay, the rest resumes later.
void stopWorkers(int sig) {
  if (g_running)
    for (pid_t p : *g_running) ::kill(p, SIGTERM);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

}  // namespace

std::vector<SweepPoint> SweepRunner::shard(const std::vector<SweepPoint>& points, int shard, int shards) {
  std::vector<SweepPoint> out;
  for (const auto& p : points)
    if (p.index % shards == shard) out.push_back(p);
  return out;
}

std::vector<const SweepPoint*> SweepRunner::pending(const std::vector<SweepPoint>& points, SweepRunStats& st) const {
  const auto done = db_.keys(opt_.retry_failed);  // with --retry-failed only 'ok' rows count as done
  std::vector<const SweepPoint*> out;
  for (const auto& p : points) {
    if (done.count(p.key))
      ++st.skipped;
    else
      out.push_back(&p);
  }
  if (st.skipped) spdlog::info("sweep: {} of {} points already in {}, resuming", st.skipped, st.total, db_.path());
  return out;
}

void SweepRunner::record(const SweepAttempt& a, int wait_status, SweepRunStats& st, SweepProgress& progress) {
  const SweepRow row = SweepWorker::finish(a, wait_status, opt_);
  db_.insert(row);
  if (row.status == "ok")
    ++st.ok;
  else
    ++st.failed;
  progress.pointDone(row.status == "ok", a.point->label() + (row.error.empty() ? "" : ": " + row.error));
}

SweepRunStats SweepRunner::run(const std::vector<SweepPoint>& points,
                               const std::map<std::string, std::string>& traces) {
  std::filesystem::create_directories(opt_.work_dir);
  {
    std::set<std::string> failed;
    const auto ok = db_.keys(true);
    for (const auto& k : db_.keys(false))
      if (!ok.count(k)) failed.insert(k);
    if (const size_t n = SweepWorker::removeStale(opt_.work_dir, failed))
      spdlog::info("sweep: removed {} files of killed sweep workers from {}", n, opt_.work_dir);
  }
  SweepRunStats st;
  st.total = points.size();
  const auto todo = pending(points, st);
  SweepProgress progress(st.total, st.skipped, opt_.progress);
  std::map<pid_t, SweepAttempt> running;
  std::vector<pid_t> pids;
  pids.reserve(static_cast<size_t>(opt_.jobs));  // never reallocated while the signal handler may read it
  g_running = &pids;
  auto old_int = std::signal(SIGINT, stopWorkers), old_term = std::signal(SIGTERM, stopWorkers);
  const double t0 = SweepWorker::now();
  for (size_t next = 0; next < todo.size() || !running.empty();) {
    while (next < todo.size() && static_cast<int>(running.size()) < opt_.jobs) {
      const SweepPoint& p = *todo[next++];
      SweepAttempt a = SweepWorker::start(p, traces.at(SweepGrid::workloadIdentity(p.workload)), opt_);
      running[a.pid] = a;
      pids.push_back(a.pid);
    }
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0 && errno == EINTR) continue;
    if (pid < 0) break;
    auto it = running.find(pid);
    if (it == running.end()) continue;
    record(it->second, status, st, progress);
    running.erase(it);
    pids.erase(std::find(pids.begin(), pids.end(), pid));
  }
  progress.finish();
  std::signal(SIGINT, old_int), std::signal(SIGTERM, old_term);
  g_running = nullptr;
  st.seconds = SweepWorker::now() - t0;
  return st;
}

}  // namespace vpsim
