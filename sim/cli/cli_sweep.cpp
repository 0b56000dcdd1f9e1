// vpsim sweep: run a design-space sweep (local worker processes or a Slurm job array), merge
// shard databases, export results as CSV. Spec format: sim/sweep/sweep_spec.h; DB schema: sim/sweep/sweep_db.h.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "sim/cli/cli_commands.h"
#include "sim/cli/cli_util.h"
#include "sim/run/atomic_file.h"
#include "sim/sweep/sweep_export.h"
#include "sim/sweep/sweep_runner.h"
#include "sim/sweep/sweep_slurm.h"
#include "sim/sweep/sweep_traces.h"
#include "traces/input_error.h"

namespace vpsim::cli {

namespace {

namespace fs = std::filesystem;

struct SweepArgs {
  std::string spec, db, backend = "local", cache, worker, traces_dir, work_dir, shard, export_format, output;
  std::vector<std::string> merge;
  int jobs = 1;
  bool no_cache = false, retry_failed = false, dry_run = false, no_progress = false;
  SlurmOptions slurm;
};

std::string self() { return fs::read_symlink("/proc/self/exe").string(); }

void exportCsv(const SweepArgs& a) {
  if (!fs::exists(a.db)) throw InputError(a.db + ": no such results database");
  if (!a.output.empty() && a.output != "-") checkOutputPath(a.output);
  SweepDb db(a.db);
  if (const size_t old = db.otherVersionRows())
    spdlog::warn("{}: {} points made by another model version left out (this is {})", a.db, old, kModelVersion);
  const std::string text = SweepExport::csv(db.rows());
  if (a.output.empty() || a.output == "-") {
    std::cout << text;
    return;
  }
  writeFileAtomic(a.output, text);
  spdlog::info("wrote {}", a.output);
}

void merge(const SweepArgs& a) {
  SweepDb db(a.db);
  for (const auto& shard : a.merge) {
    if (!fs::exists(shard)) {
      spdlog::warn("sweep merge: {} does not exist (a shard that never started), skipped", shard);
      continue;
    }
    const size_t added = db.merge(shard);
    spdlog::info("sweep merge: {} -> {}: {} new finished rows", shard, a.db, added);
  }
}

std::pair<int, int> parseShard(const std::string& s) {
  int i = -1, k = 0;
  char slash = 0;
  std::istringstream in(s);
  if (!(in >> i >> slash >> k) || slash != '/' || k < 1 || i < 0 || i >= k)
    throw InputError("--shard: expected I/K with 0 <= I < K, got '" + s + "'");
  return {i, k};
}

SweepRunOptions runOptions(const SweepArgs& a, const SweepSpec& spec) {
  SweepRunOptions o;
  const char* env = std::getenv("VPSIM_SWEEP_WORKER");
  o.program = !a.worker.empty() ? a.worker : env && *env ? env : self();
  o.cache = a.cache.empty() ? "" : fs::absolute(a.cache).string();
  o.no_cache = a.no_cache;
  o.work_dir = a.work_dir.empty() ? a.db + ".work" : a.work_dir;
  o.fidelity = spec.fidelity;
  o.sweep_name = spec.name;
  o.jobs = a.jobs;
  o.retry_failed = a.retry_failed;
  o.progress = !a.no_progress;
  return o;
}

void runSweep(SweepArgs a) {
  if (a.spec.empty()) throw InputError("vpsim sweep: give a spec file (or --merge / --export)");
  if (!a.shard.empty()) parseShard(a.shard);  // flags before any work
  const SweepSpec spec = SweepSpec::load(resolveConfigPath(a.spec));
  if (a.db.empty()) a.db = spec.name + ".sqlite";
  a.db = fs::absolute(a.db).string();
  SweepGridStats gs;
  std::vector<SweepPoint> points = SweepGrid::expand(spec, configsDir(), &gs);
  spdlog::info("sweep {}: {} points ({} combinations, {} filtered out, {} duplicates)", spec.name, points.size(),
               gs.combinations, gs.filtered_out, gs.duplicates);
  if (!a.shard.empty()) {
    const auto [i, k] = parseShard(a.shard);
    points = SweepRunner::shard(points, i, k);
  }
  if (a.dry_run) {
    for (const auto& p : points) std::cout << fmt::format("{:>5} {} {}\n", p.index, p.key, p.label());
    return;
  }
  const std::string traces_dir =
      a.traces_dir.empty() ? (fs::path(a.db).parent_path() / "traces").string() : a.traces_dir;
  const auto traces = SweepTraces::prepare(points, fs::absolute(traces_dir).string(), configsDir());
  SweepRunOptions opt = runOptions(a, spec);
  if (a.backend == "slurm") {
    const auto s = SweepSlurm::submit(self(), fs::absolute(resolveConfigPath(a.spec)).string(), a.db,
                                      fs::absolute(traces_dir).string(), a.slurm, opt);
    std::cout << fmt::format("slurm: array job {}, merge job {}, scripts and logs in {}\n", s.array_job, s.merge_job,
                             s.dir);
    return;
  }
  SweepDb db(a.db);
  db.setMeta("sweep", spec.name);
  db.setMeta("spec", fs::absolute(spec.file).string());
  const SweepRunStats st = SweepRunner(opt, db).run(points, traces);
  const size_t ran = st.ok + st.failed;
  std::cout << fmt::format(
      "sweep {}: {} points: {} ran ({} ok, {} failed), {} already done; {:.1f} s, {:.1f} points/min; db {}\n",
      spec.name, st.total, ran, st.ok, st.failed, st.skipped, st.seconds,
      st.seconds > 0 ? 60.0 * ran / st.seconds : 0.0, a.db);
}

}  // namespace

void addSweepCommands(CLI::App& app) {
  auto a = std::make_shared<SweepArgs>();
  auto* s = app.add_subcommand("sweep", "run a design-space sweep (configs/sweeps/*.yaml) into an SQLite DB");
  s->add_option("spec", a->spec, "sweep spec (YAML); see configs/sweeps/");
  s->add_option("--db", a->db, "results database (default <sweep name>.sqlite)");
  s->add_option("-j,--jobs", a->jobs, "worker processes (local backend; per task on Slurm)")
      ->check(CLI::Range(1, 1024));
  s->add_option("--backend", a->backend, "local | slurm")->check(CLI::IsMember({"local", "slurm"}));
  s->add_option("--cache", a->cache, "memo cache shared by all workers (default: the workers' default)");
  s->add_flag("--no-cache", a->no_cache, "workers run without the memo cache");
  s->add_flag("--retry-failed", a->retry_failed, "run points recorded as failed again");
  s->add_flag("--dry-run", a->dry_run, "list the points (index, key, label) and stop");
  s->add_option("--shard", a->shard, "run only shard I of K (I/K), round robin on the point index");
  s->add_option("--shards", a->slurm.shards, "slurm: array tasks (default 4)")->check(CLI::Range(1, 100000));
  s->add_option("--sbatch-args", a->slurm.sbatch_args, "slurm: extra sbatch options");
  s->add_flag("--wait", a->slurm.wait, "slurm: return when the merge job has finished");
  s->add_option("--traces-dir", a->traces_dir, "where workload traces are generated (default: traces/ beside the DB)");
  s->add_option("--work-dir", a->work_dir, "point configs and worker logs (default: <db>.work)");
  s->add_flag("--no-progress", a->no_progress, "no progress bar");
  s->add_option("--merge", a->merge, "merge these shard databases into --db")->expected(1, -1);
  s->add_option("--export", a->export_format, "export --db as csv")->check(CLI::IsMember({"csv"}));
  s->add_option("-o,--output", a->output, "export: file to write (default stdout)");
  s->add_option("--worker", a->worker, "program that runs one point (default: this vpsim; also $VPSIM_SWEEP_WORKER)")
      ->group("");
  s->callback([a] {
    a->slurm.cpus_per_task = a->jobs;
    if (!a->merge.empty() || !a->export_format.empty()) {
      if (a->db.empty()) throw InputError("vpsim sweep: --merge and --export need --db FILE");
      if (!a->merge.empty()) merge(*a);
      if (!a->export_format.empty()) exportCsv(*a);
      return;
    }
    runSweep(*a);
  });
}

}  // namespace vpsim::cli
