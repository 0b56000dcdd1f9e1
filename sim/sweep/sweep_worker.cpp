// One point, one process (see sweep_worker.h).
#include "sim/sweep/sweep_worker.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "sim/sweep/sweep_yaml.h"
#include "traces/yaml_guard.h"

namespace vpsim {

namespace {

std::string lastLine(const std::string& text) {
  std::string last, line;
  std::stringstream ss(text);
  while (std::getline(ss, line))
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  return last;
}

std::string utcNow() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

std::string hostName() {
  char buf[256] = {0};
  ::gethostname(buf, sizeof buf - 1);
  return buf;
}

// Writes `text` to `path` through a temporary file, so a reader never sees half a file.
void writeAtomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  std::ofstream(tmp) << text;
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw std::runtime_error("cannot write " + path);
}

}  // namespace

double SweepWorker::now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

SweepAttempt SweepWorker::start(const SweepPoint& p, const std::string& trace, const SweepRunOptions& opt) {
  SweepAttempt a;
  a.point = &p;
  const std::string base = opt.work_dir + "/" + p.key;
  const std::string hw_file = base + ".hw.yaml";
  writeAtomically(hw_file, "# sweep " + opt.sweep_name + " point " + std::to_string(p.index) + ": " + p.label() +
                               "\n" + sweep_yaml::emit(p.hw));
  // A killed earlier sweep may have left a worker writing; a name of our own avoids mixing outputs.
  const std::string tag = "." + std::to_string(::getpid());
  a.out_file = base + tag + ".out.json";
  a.err_file = base + tag + ".err.txt";
  std::vector<std::string> args = {opt.program, "run", "--hw", hw_file, "--trace", trace, "--json", "--fidelity", opt.fidelity};
  if (opt.no_cache) args.push_back("--no-cache");
  else if (!opt.cache.empty()) args.insert(args.end(), {"--cache", opt.cache});
  a.started = now();
  a.pid = ::fork();
  if (a.pid < 0) throw std::runtime_error("fork failed");
  if (a.pid == 0) {
    const int out = ::open(a.out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(a.err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0) ::_exit(126);
    ::dup2(out, 1), ::dup2(err, 2);
    std::vector<char*> argv;
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return a;
}

SweepRow SweepWorker::finish(const SweepAttempt& a, int wait_status, const SweepRunOptions& opt) {
  const SweepPoint& p = *a.point;
  SweepRow r;
  r.key = p.key, r.index = p.index, r.sweep = opt.sweep_name, r.workload = p.workload.name;
  r.schedule = p.workload.schedule, r.hw_name = p.hw_name, r.hw_hash = p.hw_hash, r.axes = p.axes;
  r.config = {{"hw", sweep_yaml::toJson(p.hw)}, {"hw_resolved", p.hw_resolved}, {"fidelity", opt.fidelity},
              {"workload", nlohmann::json::parse(SweepGrid::workloadIdentity(p.workload))}};
  r.config["workload"]["name"] = p.workload.name;
  if (!p.workload.generated()) r.config["workload"]["trace"] = p.workload.trace;
  r.wall_seconds = now() - a.started, r.host = hostName(), r.finished_at = utcNow();
  const std::string out = readFileOrEmpty(a.out_file), err = readFileOrEmpty(a.err_file);
  if (WIFSIGNALED(wait_status)) {
    r.status = "error", r.error = "worker killed by signal " + std::to_string(WTERMSIG(wait_status));
  } else if (WEXITSTATUS(wait_status) != 0) {
    r.status = "error";
    r.error = "exit code " + std::to_string(WEXITSTATUS(wait_status)) + ": " + lastLine(err);
    if (WEXITSTATUS(wait_status) == 127) r.error += "cannot execute " + opt.program;
  } else {
    r.summary = nlohmann::json::parse(out, nullptr, false);
    if (r.summary.is_discarded() || !r.summary.is_object())
      r.status = "error", r.error = "worker printed no JSON object: " + lastLine(err), r.summary = nlohmann::json::object();
  }
  if (r.schedule.empty() && r.summary.contains("trace")) r.schedule = r.summary["trace"].value("schedule", "");
  std::remove(a.out_file.c_str());
  if (r.status == "ok") std::remove(a.err_file.c_str());  // failed points keep their log
  return r;
}

}  // namespace vpsim
