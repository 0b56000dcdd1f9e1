#!/usr/bin/env bash
# Benchmark (issue: accelerator): a full 64,000-iteration CPT 3-8/8 ResNet-74/CIFAR-100 trace on
# configs/hw/bitfusion.yaml with a cold and a warm memo cache (wall time, peak RSS), and the
# simulation time of one pass at tile and cycle fidelity. Usage: bench/run_trace.sh [build-dir]
set -euo pipefail
BIN="$(cd "${1:-build}" && pwd)/vpsim"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
cd "$(dirname "$0")/.."
"$BIN" trace gen --model resnet74 --dataset cifar100 --schedule cpt:3-8/8 --iterations 64000 --batch 128 \
  -o "$TMP/r74.jsonl" 2>/dev/null
measure() {  # label, command...: wall seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %M KiB peak RSS" "$@" >/dev/null 2>"$TMP/time" || { cat "$TMP/time"; exit 1; }
  tail -1 "$TMP/time"
}
measure "run cold cache" "$BIN" run --hw configs/hw/bitfusion.yaml --trace "$TMP/r74.jsonl" --cache "$TMP/memo.sqlite" --json
measure "run warm cache" "$BIN" run --hw configs/hw/bitfusion.yaml --trace "$TMP/r74.jsonl" --cache "$TMP/memo.sqlite" --json
"$BIN" run --hw configs/hw/bitfusion.yaml --trace "$TMP/r74.jsonl" --cache "$TMP/memo.sqlite" --json |
  /usr/bin/python3 -c 'import json,sys; j=json.load(sys.stdin); print("unique passes %d, cycles %.4g, energy %.4g J" % (j["unique_passes"], j["cycles"], j["energy_j"]["total"]))'
for fid in tile cycle; do
  measure "one pass (conv:8,16,16,3,1,16 bwd_weight 4/4/8), $fid fidelity" \
    "$BIN" layer --hw configs/hw/bitfusion.yaml --op conv:8,16,16,3,1,16 --bits 4/4/8 --pass bwd_weight --fidelity $fid --json
done
