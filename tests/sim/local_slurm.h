// A single-node Slurm cluster owned by one test: munged, slurmctld and slurmd run in the foreground
// as children of the test process, every file (config, munge key and socket, state, spool, logs)
// inside one folder, on two free TCP ports. The destructor stops each daemon by its pid (SIGTERM,
// then SIGKILL after a grace period) and reaps it, so a failing assertion cannot leave one behind;
// PR_SET_PDEATHSIG kills them if the test process itself dies (ctest's timeout), and the test
// process is the subreaper of what they fork (slurmscriptd, slurmstepd), so those are reaped too.
// The packages (slurm-wlm, munge) come from `scripts/setup.sh --tests`; a test never installs them.
#pragma once

#include <string>
#include <vector>

#include <sys/types.h>

namespace vpsim::testing {

class LocalSlurm {
 public:
  explicit LocalSlurm(std::string dir);  // dir: created, 0700; the caller removes it
  ~LocalSlurm();
  LocalSlurm(const LocalSlurm&) = delete;
  LocalSlurm& operator=(const LocalSlurm&) = delete;

  // Starts the three daemons and waits (up to timeout_s) for the node to be idle. On failure returns
  // false with `error` naming what failed and the daemons' log tails; the daemons started so far
  // keep running until stop() or the destructor.
  bool start(std::string* error, int timeout_s = 30);
  void stop();  // idempotent

  std::string env() const { return "SLURM_CONF=" + conf_; }  // prefix for a command line
  const std::vector<pid_t>& pids() const { return pids_; }   // daemons started, in start order
  const std::string& dir() const { return dir_; }

 private:
  bool spawn(const std::vector<std::string>& argv, const std::string& log, std::string* error);
  void writeConfig(int ctld_port, int slurmd_port) const;
  std::string logTails() const;

  std::string dir_, conf_;
  std::vector<pid_t> pids_;
};

bool processAlive(pid_t pid);                                     // exists and is not a zombie
std::vector<pid_t> processesMentioning(const std::string& text);  // whose command line contains text

}  // namespace vpsim::testing
