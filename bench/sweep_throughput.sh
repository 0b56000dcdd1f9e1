#!/usr/bin/env bash
# Sweep throughput (points per minute) of configs/sweeps/bitfusion-vs-bitserial.yaml (12 points,
# ResNet-20 / CIFAR-10, 160 epochs of training) on N workers (default 2): cold (empty memo cache,
# traces not yet generated) and warm (same cache and traces, a fresh results DB).
# Usage: bench/sweep_throughput.sh [build-dir] [jobs]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}"
JOBS="${2:-2}"
VPSIM="$(realpath "$BUILD/vpsim")"
SPEC="$(realpath configs/sweeps/bitfusion-vs-bitserial.yaml)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

run() {  # $1 = label, $2 = db
  local t0 t1 points
  t0=$(date +%s.%N)
  "$VPSIM" --log-level warn sweep "$SPEC" --jobs "$JOBS" --db "$2" --cache "$WORK/memo.sqlite" --no-progress >/dev/null
  t1=$(date +%s.%N)
  points=$("$VPSIM" sweep --export csv --db "$2" | grep -c ',ok,' || true)
  awk -v l="$1" -v p="$points" -v a="$t0" -v b="$t1" -v j="$JOBS" \
    'BEGIN { printf "%-5s %2d points on %d workers in %6.1f s: %6.1f points/min\n", l, p, j, b - a, 60 * p / (b - a) }'
}

run cold "$WORK/cold.sqlite"
run warm "$WORK/warm.sqlite"
