#!/usr/bin/env bash
# Long fuzzing runs of every libFuzzer target (tests/fuzz/) of a VPSIM_FUZZ build, one after the
# other, each for SECONDS (default 3600) on JOBS workers (default 1). New inputs go to
# BUILD/fuzz/corpus/<target>/ (kept between runs), crashes to BUILD/fuzz/artifacts/; the line per
# target gives executions, executions per second, coverage and whether it ended clean.
# Usage: bench/fuzz_long.sh BUILD [SECONDS] [JOBS] [TARGET...]
#   cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DVPSIM_FUZZ=ON && cmake --build build-fuzz -j2
#   bench/fuzz_long.sh build-fuzz 3600
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: bench/fuzz_long.sh BUILD [SECONDS] [JOBS] [TARGET...]}" && pwd)
seconds=${2:-3600}
jobs=${3:-1}
shift $(( $# < 3 ? $# : 3 ))
targets=${*:-trace hw dram energy schedule sweep isa_asm}
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1  # sanitizer options: sim/cli/sanitizer_defaults.h
declare -A extra=([hw]=configs/hw [dram]=configs/dram [energy]=configs/energy [sweep]=configs/sweeps)
status=0
for t in $targets; do
  bin=$build/fuzz/fuzz_$t
  [ -x "$bin" ] || { echo "$t: no $bin (configure with -DVPSIM_FUZZ=ON)" >&2; exit 2; }
  mkdir -p "$build/fuzz/corpus/$t" "$build/fuzz/artifacts"
  dict=()
  [ -f "$root/tests/fuzz/$t.dict" ] && dict=(-dict="$root/tests/fuzz/$t.dict")
  seeds=("$root/tests/fuzz/corpus/$t")
  [ -n "${extra[$t]:-}" ] && seeds+=("$root/${extra[$t]}")
  log=$build/fuzz/$t.log
  fork=()
  [ "$jobs" -gt 1 ] && fork=(-fork="$jobs")
  rc=0
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" \
    -artifact_prefix="$build/fuzz/artifacts/$t-" "${fork[@]}" \
    "$build/fuzz/corpus/$t" "${seeds[@]}" >"$log" 2>&1 || rc=$?
  runs=$(grep -oP 'stat::number_of_executed_units:\s*\K\d+' "$log" | awk '{s+=$1} END {print s+0}')
  if [ "$runs" = 0 ]; then runs=$(grep -oP '^#\K\d+' "$log" | tail -1); fi
  cov=$(grep -oP 'cov: \K\d+' "$log" | tail -1)
  printf '%-9s %12s executions %8.0f/s  cov %-6s %s\n' "$t" "${runs:-0}" "$(echo "${runs:-0} / $seconds" | bc -l)" \
    "${cov:-?}" "$([ $rc = 0 ] && echo clean || echo "FINDING (exit $rc, see $log)")"
  [ $rc = 0 ] || status=1
done
exit $status
