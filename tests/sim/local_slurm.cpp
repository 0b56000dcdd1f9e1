// A test-owned single-node Slurm cluster (see local_slurm.h).
#include "tests/sim/local_slurm.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "tests/common/files.h"
#include "tests/common/run_command.h"

namespace vpsim::testing {

namespace {

namespace fs = std::filesystem;

constexpr auto kStopGrace = std::chrono::seconds(5);  // SIGTERM to SIGKILL
constexpr auto kPoll = std::chrono::milliseconds(100);

// A TCP port nobody listens on now (the kernel's pick), so concurrent clusters do not collide.
int freePort() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = -1;
  if (s >= 0 && ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  if (s >= 0) ::close(s);
  return port;
}

std::string hostName() {
  char buf[256] = {};
  ::gethostname(buf, sizeof buf - 1);
  std::string h(buf);
  return h.substr(0, h.find('.'));
}

// Parent pid and state of a process from /proc/PID/stat; false if it is gone.
bool procStat(pid_t pid, pid_t* ppid, char* state) {
  const std::string s = readFile("/proc/" + std::to_string(pid) + "/stat");
  const size_t close = s.rfind(')');  // the command name may hold spaces and parentheses
  if (close == std::string::npos) return false;
  std::istringstream rest(s.substr(close + 1));
  rest >> *state >> *ppid;
  return bool(rest);
}

std::vector<pid_t> allPids() {
  std::vector<pid_t> out;
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string n = e.path().filename().string();
    if (!n.empty() && n.find_first_not_of("0123456789") == std::string::npos) out.push_back(std::stoi(n));
  }
  return out;
}

bool waitGone(pid_t pid, std::chrono::steady_clock::duration limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (::waitpid(pid, nullptr, WNOHANG) == pid || !processAlive(pid)) return true;
    std::this_thread::sleep_for(kPoll);
  }
  return false;
}

void stopPid(pid_t pid) {
  if (!processAlive(pid)) {
    ::waitpid(pid, nullptr, WNOHANG);
    return;
  }
  ::kill(pid, SIGTERM);
  if (!waitGone(pid, kStopGrace)) {
    ::kill(pid, SIGKILL);
    waitGone(pid, kStopGrace);
  }
  ::waitpid(pid, nullptr, WNOHANG);
}

}  // namespace

bool processAlive(pid_t pid) {
  pid_t ppid = 0;
  char state = 0;
  return procStat(pid, &ppid, &state) && state != 'Z' && state != 'X';
}

std::vector<pid_t> processesMentioning(const std::string& text) {
  std::vector<pid_t> out;
  for (pid_t pid : allPids()) {
    if (pid == ::getpid() || !processAlive(pid)) continue;
    std::string cmd = readFile("/proc/" + std::to_string(pid) + "/cmdline");
    for (char& c : cmd)
      if (c == '\0') c = ' ';
    if (cmd.find(text) != std::string::npos) out.push_back(pid);
  }
  return out;
}

LocalSlurm::LocalSlurm(std::string dir) : dir_(std::move(dir)), conf_(dir_ + "/slurm.conf") {
  for (const char* d : {"", "/state", "/spool", "/log"}) fs::create_directories(dir_ + d);
  fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::replace);  // munged refuses an open key folder
}

LocalSlurm::~LocalSlurm() { stop(); }

bool LocalSlurm::spawn(const std::vector<std::string>& argv, const std::string& log, std::string* error) {
  const pid_t pid = ::fork();
  if (pid < 0) {
    *error = "fork failed for " + argv[0];
    return false;
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // the test process died: so does the daemon
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  pids_.push_back(pid);
  return true;
}

void LocalSlurm::writeConfig(int ctld_port, int slurmd_port) const {
  const std::string h = hostName();
  std::ofstream(conf_) << "# Single-node test cluster (tests/sim/local_slurm.cpp)\n"
                       << "ClusterName=vpsimtest\nSlurmctldHost=" << h << "(127.0.0.1)\n"
                       << "SlurmctldPort=" << ctld_port << "\nSlurmdPort=" << slurmd_port << "\n"
                       << "SlurmUser=root\nSlurmdUser=root\nAuthType=auth/munge\nCredType=cred/munge\n"
                       << "AuthInfo=socket=" << dir_ << "/munge.socket\n"
                       << "StateSaveLocation=" << dir_ << "/state\nSlurmdSpoolDir=" << dir_ << "/spool\n"
                       << "SlurmctldPidFile=" << dir_ << "/slurmctld.pid\nSlurmdPidFile=" << dir_ << "/slurmd.pid\n"
                       << "SlurmctldLogFile=" << dir_ << "/log/slurmctld.log\nSlurmdLogFile=" << dir_
                       << "/log/slurmd.log\n"
                       << "ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\nSelectType=select/cons_tres\n"
                       << "SelectTypeParameters=CR_Core\nJobAcctGatherType=jobacct_gather/none\n"
                       << "AccountingStorageType=accounting_storage/none\nMpiDefault=none\nReturnToService=2\n"
                       << "SchedulerType=sched/backfill\nSchedulerParameters=sched_interval=1\nMinJobAge=30\n"
                       << "NodeName=" << h << " NodeAddr=127.0.0.1 CPUs=" << std::thread::hardware_concurrency()
                       << " State=UNKNOWN\nPartitionName=debug Nodes=" << h
                       << " Default=YES MaxTime=INFINITE State=UP\n";
}

std::string LocalSlurm::logTails() const {
  std::string out;
  for (const char* f :
       {"/log/munged.out", "/log/slurmctld.out", "/log/slurmd.out", "/log/slurmctld.log", "/log/slurmd.log"}) {
    const std::string t = readFile(dir_ + f);
    out += "\n--- " + std::string(f + 5) + ":\n" + (t.size() > 1500 ? t.substr(t.size() - 1500) : t);
  }
  return out;
}

bool LocalSlurm::start(std::string* error, int timeout_s) {
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);  // what the daemons fork and orphan comes back to us
  for (const char* bin : {"munged", "slurmctld", "slurmd", "sinfo", "sbatch"})
    if (runCommand(std::string("command -v ") + bin).exit_code != 0) {
      *error = std::string(bin) +
               " is not installed: scripts/setup.sh --tests (which scripts/test.sh runs) installs slurm-wlm and munge";
      return false;
    }
  {
    std::mt19937_64 rng(std::random_device{}());
    std::ofstream key(dir_ + "/munge.key", std::ios::binary);
    for (int i = 0; i < 128; ++i) {
      const uint64_t v = rng();
      key.write(reinterpret_cast<const char*>(&v), sizeof v);
    }
  }
  fs::permissions(dir_ + "/munge.key", fs::perms::owner_read, fs::perm_options::replace);
  const int ctld_port = freePort(), slurmd_port = freePort();
  if (ctld_port < 0 || slurmd_port < 0 || ctld_port == slurmd_port) {
    *error = "no free TCP ports";
    return false;
  }
  writeConfig(ctld_port, slurmd_port);
  if (!spawn({"munged", "--foreground", "--force", "--num-threads=2", "--socket=" + dir_ + "/munge.socket",
              "--key-file=" + dir_ + "/munge.key", "--log-file=" + dir_ + "/log/munged.log",
              "--pid-file=" + dir_ + "/munged.pid", "--seed-file=" + dir_ + "/munged.seed"},
             dir_ + "/log/munged.out", error))
    return false;
  for (int i = 0; i < 50 && !fs::exists(dir_ + "/munge.socket"); ++i) std::this_thread::sleep_for(kPoll);
  if (!spawn({"slurmctld", "-D", "-c", "-f", conf_}, dir_ + "/log/slurmctld.out", error)) return false;
  if (!spawn({"slurmd", "-D", "-f", conf_}, dir_ + "/log/slurmd.out", error)) return false;
  for (int i = 0; i < timeout_s; ++i) {
    for (pid_t pid : pids_)
      if (!processAlive(pid)) {
        *error = "a Slurm daemon exited at start-up (pid " + std::to_string(pid) + ")" + logTails();
        return false;
      }
    const auto r = runCommand(env() + " timeout 5 sinfo -h -o '%T'");
    if (r.out.find("idle") != std::string::npos || r.out.find("mixed") != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  *error = "node did not come up in " + std::to_string(timeout_s) + " s" + logTails();
  return false;
}

void LocalSlurm::stop() {
  // slurmd first (it ends its steps), then the controller, then munge, which both authenticate with.
  for (auto it = pids_.rbegin(); it != pids_.rend(); ++it) stopPid(*it);
  // Orphans of the daemons (slurmstepd, slurmscriptd) were reparented to this process: stop and reap.
  for (pid_t pid : allPids()) {
    pid_t ppid = 0;
    char state = 0;
    if (!procStat(pid, &ppid, &state) || ppid != ::getpid()) continue;
    const std::string comm = readFile("/proc/" + std::to_string(pid) + "/comm");
    if (comm.find("slurm") == std::string::npos && comm.find("munge") == std::string::npos) continue;
    stopPid(pid);
  }
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

}  // namespace vpsim::testing
