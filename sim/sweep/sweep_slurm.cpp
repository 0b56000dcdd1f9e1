// Job array + dependent merge job for sweeps on Slurm (see sweep_slurm.h).
#include "sim/sweep/sweep_slurm.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace vpsim {

namespace {

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs a command, returns its stdout; throws with its output if it fails.
std::string capture(const std::string& cmd) {
  FILE* pipe = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run: " + cmd);
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("'" + cmd + "' failed (exit " + std::to_string(WEXITSTATUS(status)) + "): " + out);
  return out;
}

std::string jobId(const std::string& parsable) {
  const std::string first = parsable.substr(0, parsable.find_first_of(";\n"));
  if (first.empty() || first.find_first_not_of("0123456789") != std::string::npos)
    throw std::runtime_error("sbatch did not print a job id: " + parsable);
  return first;
}

void writeScript(const std::string& path, const std::string& text) {
  std::ofstream(path + ".tmp") << text;
  std::filesystem::rename(path + ".tmp", path);
  ::chmod(path.c_str(), 0755);
}

std::string workerFlags(const SweepRunOptions& run) {
  std::string f;
  if (run.no_cache)
    f += " --no-cache";
  else if (!run.cache.empty())
    f += " --cache " + quote(run.cache);
  if (run.retry_failed) f += " --retry-failed";
  return f;
}

}  // namespace

SlurmSubmission SweepSlurm::submit(const std::string& self, const std::string& spec, const std::string& db,
                                   const std::string& traces_dir, const SlurmOptions& slurm,
                                   const SweepRunOptions& run) {
  SlurmSubmission s;
  s.dir = db + ".slurm";
  std::filesystem::create_directories(s.dir);
  const std::string array_sh = s.dir + "/array.sh", merge_sh = s.dir + "/merge.sh";
  writeScript(array_sh,
              fmt::format("#!/bin/bash\n# vpsim sweep {name}: task i runs shard i of {k} into its own SQLite file.\n"
                          "#SBATCH --job-name=vpsim-{name}\n#SBATCH --array=0-{last}\n#SBATCH --cpus-per-task={cpus}\n"
                          "#SBATCH --output={dir}/shard-%a.log\nset -euo pipefail\n"
                          "exec {self} sweep {spec} --shard \"$SLURM_ARRAY_TASK_ID/{k}\" --db "
                          "{dir}/shard-\"$SLURM_ARRAY_TASK_ID\".sqlite "
                          "--jobs {cpus} --traces-dir {traces} --work-dir {dir}/work --no-progress{flags}\n",
                          fmt::arg("name", run.sweep_name), fmt::arg("k", slurm.shards),
                          fmt::arg("last", slurm.shards - 1), fmt::arg("cpus", slurm.cpus_per_task),
                          fmt::arg("dir", quote(s.dir)), fmt::arg("self", quote(self)), fmt::arg("spec", quote(spec)),
                          fmt::arg("traces", quote(traces_dir)), fmt::arg("flags", workerFlags(run))));
  std::string shard_files;
  for (int i = 0; i < slurm.shards; ++i) shard_files += " " + quote(s.dir + "/shard-" + std::to_string(i) + ".sqlite");
  writeScript(merge_sh,
              fmt::format("#!/bin/bash\n# vpsim sweep {name}: gathers the shards' rows into the results DB.\n"
                          "#SBATCH --job-name=vpsim-{name}-merge\n#SBATCH --output={dir}/merge.log\nset -euo pipefail\n"
                          "exec {self} sweep --merge{files} --db {db}\n",
                          fmt::arg("name", run.sweep_name), fmt::arg("dir", quote(s.dir)),
                          fmt::arg("self", quote(self)), fmt::arg("files", shard_files), fmt::arg("db", quote(db))));
  const std::string extra = slurm.sbatch_args.empty() ? "" : " " + slurm.sbatch_args;
  s.array_job = jobId(capture("sbatch --parsable" + extra + " " + quote(array_sh)));
  spdlog::info("sweep: submitted job array {} ({} tasks)", s.array_job, slurm.shards);
  // --wait blocks until the merge job ends and fails if it failed.
  s.merge_job = jobId(capture("sbatch --parsable" + extra + (slurm.wait ? " --wait" : "") +
                              " --dependency=afterany:" + s.array_job + " " + quote(merge_sh)));
  spdlog::info("sweep: merge job {} {}", s.merge_job, slurm.wait ? "finished" : "submitted");
  return s;
}

}  // namespace vpsim
