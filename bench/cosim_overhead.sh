#!/usr/bin/env bash
# Benchmark (issue: co-simulation): training time of the small CNN on Fashion-MNIST (2 epochs on a
# 10,000-image subset, CPT 3-8/8) without and with --cosim on Bit Fusion (cold, then warm memo
# cache), and the cost of bit-exact spot checks (every iteration vs none). Whole-run times are noisy on
# a shared machine; the run also logs the time spent inside the co-simulation observer, printed here
# as a share of the training time. Usage: bench/cosim_overhead.sh [build-dir]
set -euo pipefail
BIN="$(cd "${1:-build}" && pwd)/vpsim"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
cd "$(dirname "$0")/.."
ARGS=(train --config configs/train/fmnist-cnn-cpt.yaml --set epochs=2 --set subset=10000 --set progress=off --set threads=2)
run() {  # label, extra args...: wall and CPU (user + sys) seconds; CPU is steadier on a shared machine
  local label=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$TMP/t" "$BIN" "${ARGS[@]}" "$@" --out "$TMP/out" >/dev/null 2>"$TMP/log"
  rm -rf "$TMP/out"
  read -r wall user sys < "$TMP/t"
  local cosim train share=""
  cosim=$(sed -n 's/.*co-simulation took \([0-9.]*\) s.*/\1/p' "$TMP/log")
  train=$(sed -n 's/.*iterations in \([0-9.]*\) s.*/\1/p' "$TMP/log")
  [ -n "$cosim" ] && share=$(printf '   observer %.3f s = %.2f%% of training' "$cosim" "$(echo "100 * $cosim / $train" | bc -l)")
  printf '%-42s wall %7.2f s   cpu %7.2f s%s\n' "$label" "$wall" "$(echo "$user + $sys" | bc -l)" "$share"
}
run "train (no cosim)"
run "train --cosim, cold cache" --cosim hw/bitfusion.yaml --cache "$TMP/memo.sqlite"
run "train --cosim, warm cache" --cosim hw/bitfusion.yaml --cache "$TMP/memo.sqlite"
run "train (no cosim), again"
run "train --cosim warm, spot check every it" --cosim hw/bitfusion.yaml --cache "$TMP/memo.sqlite" --spot-check 1
