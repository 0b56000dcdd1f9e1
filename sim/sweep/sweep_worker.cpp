// One point, one process (see sweep_worker.h).
#include "sim/sweep/sweep_worker.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <filesystem>
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
  const std::string tmp = path + ".tmp." + hostName() + "." + std::to_string(::getpid());
  std::ofstream(tmp) << text;
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw std::runtime_error("cannot write " + path);
}

}  // namespace

namespace {

// "<key>.<host>.<pid>.out.json" -> {key, host, pid, kind}; kind "" if the name is not a worker file.
struct WorkerFile {
  std::string key, host, kind;
  long pid = -1;
};

WorkerFile parseWorkerFile(const std::string& name) {
  WorkerFile w;
  std::string stem;
  for (const char* kind : {".out.json", ".err.txt"})
    if (name.size() > std::strlen(kind) && name.compare(name.size() - std::strlen(kind), std::string::npos, kind) == 0)
      w.kind = kind, stem = name.substr(0, name.size() - std::strlen(kind));
  if (const size_t t = name.find(".tmp."); w.kind.empty() && t != std::string::npos)
    w.kind = ".tmp", stem = name.substr(0, name.find('.')) + "." + name.substr(t + 5);
  const size_t first = stem.find('.'), last = stem.rfind('.');
  if (w.kind.empty() || first == std::string::npos || last <= first) return WorkerFile{};
  w.key = stem.substr(0, first), w.host = stem.substr(first + 1, last - first - 1);
  const std::string pid = stem.substr(last + 1);
  if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos || pid.size() > 9) return WorkerFile{};
  w.pid = std::stol(pid);
  return w;
}

// A zombie (killed, not yet reaped: containers' init may never reap it) counts as dead.
bool processAlive(long pid) {
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  const size_t paren = line.rfind(')');
  return paren == std::string::npos || paren + 2 >= line.size() || line[paren + 2] != 'Z';
}

}  // namespace

size_t SweepWorker::removeStale(const std::string& work_dir, const std::set<std::string>& failed_keys) {
  namespace fs = std::filesystem;
  const std::string host = hostName();
  size_t removed = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(work_dir, ec)) {
    const WorkerFile w = parseWorkerFile(e.path().filename().string());
    if (w.kind.empty() || w.host != host || w.pid == ::getpid() || processAlive(w.pid)) continue;
    if (w.kind == ".err.txt" && failed_keys.count(w.key)) continue;
    if (fs::remove(e.path(), ec)) ++removed;
  }
  return removed;
}

double SweepWorker::now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

SweepAttempt SweepWorker::start(const SweepPoint& p, const std::string& trace, const SweepRunOptions& opt) {
  SweepAttempt a;
  a.point = &p;
  const std::string base = opt.work_dir + "/" + p.key;
  const std::string hw_file = base + ".hw.yaml";
  writeAtomically(hw_file, "# sweep " + opt.sweep_name + " point " + std::to_string(p.index) + ": " + p.label() + "\n" +
                               sweep_yaml::emit(p.hw));
  // A killed earlier sweep may have left a worker writing; a name of our own avoids mixing outputs.
  const std::string tag = "." + hostName() + "." + std::to_string(::getpid());
  a.out_file = base + tag + ".out.json";
  a.err_file = base + tag + ".err.txt";
  std::vector<std::string> args = {opt.program, "run",    "--hw",       hw_file,     "--trace",
                                   trace,       "--json", "--fidelity", opt.fidelity};
  if (opt.no_cache)
    args.push_back("--no-cache");
  else if (!opt.cache.empty())
    args.insert(args.end(), {"--cache", opt.cache});
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
  r.config = {{"hw", sweep_yaml::toJson(p.hw)},
              {"hw_resolved", p.hw_resolved},
              {"fidelity", opt.fidelity},
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
      r.status = "error", r.error = "worker printed no JSON object: " + lastLine(err),
      r.summary = nlohmann::json::object();
  }
  if (r.schedule.empty() && r.summary.contains("trace")) r.schedule = r.summary["trace"].value("schedule", "");
  std::remove(a.out_file.c_str());
  if (r.status == "ok") std::remove(a.err_file.c_str());  // failed points keep their log
  return r;
}

}  // namespace vpsim
