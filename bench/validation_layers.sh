#!/usr/bin/env bash
# Benchmark (issue 12, fidelity): the 28 rows of the public Bit Fusion simulator's reference sweep
# (4 layers x 7 precision pairs, forward) in ONE `vpsim layer --ops` call on $VPSIM_HW (default configs/hw/bitfusion-public-sim.yaml):
# the wall time of that call (target < 0.3 s; the public simulator needs about 60 CPU-seconds for
# 61 layers) and per row our total cycles against the reference's, with the geomean ratio. It only
# reports: the numbers move as the timing model changes.
# Usage: bench/validation_layers.sh [build-dir]
#   reference: $VPSIM_REFERENCE_CSV, else ../shared/validation/bitfusion_reference_sweep.csv beside
#   the checkout (or beside its parent, for worktrees under wt/)
set -euo pipefail
BIN="$(cd "${1:-build}" && pwd)/vpsim"
cd "$(dirname "$0")/.."
REF="${VPSIM_REFERENCE_CSV:-}"
for d in ../shared ../../shared; do
  [ -z "$REF" ] && [ -f "$d/validation/bitfusion_reference_sweep.csv" ] && REF="$d/validation/bitfusion_reference_sweep.csv"
done
[ -n "$REF" ] || { echo "bitfusion_reference_sweep.csv not found; set VPSIM_REFERENCE_CSV" >&2; exit 2; }
HW="${VPSIM_HW:-configs/hw/bitfusion-public-sim.yaml}"  # the public simulator's accounting; bitfusion.yaml: vpsim's controller
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
/usr/bin/python3 - "$REF" "$TMP/ops.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="") as f, open(sys.argv[2], "w", newline="") as out:
    w = csv.writer(out)
    w.writerow(["op", "bits", "pass"])
    for r in csv.DictReader(f):
        w.writerow([r["vpsim_op"], r["vpsim_bits"], "fwd"])
PY
best=""
for run in 1 2 3; do  # wall time of the whole call (start-up, one elaboration, 28 passes); best of 3
  t0=$(date +%s%N)
  "$BIN" layer --hw "$HW" --ops "$TMP/ops.csv" --format csv >"$TMP/ours.csv"
  t=$(( ($(date +%s%N) - t0) / 1000000 ))
  [ -z "$best" ] || [ "$t" -lt "$best" ] && best=$t
done
/usr/bin/python3 - "$REF" "$TMP/ours.csv" "$best" <<'PY'
import csv, math, sys
ref = list(csv.DictReader(open(sys.argv[1], newline="")))
ours = list(csv.DictReader(open(sys.argv[2], newline="")))
assert len(ours) == len(ref), f"{len(ours)} results for {len(ref)} rows"
print(f"vpsim layer --ops, {len(ref)} rows, one process: {int(sys.argv[3]) / 1000:.3f} s wall (best of 3; target < 0.3 s)")
print(f"{'layer':<34} {'bits':>5} {'ours':>11} {'reference':>11} {'ratio':>6} {'dram ratio':>10}")
logs = []
for r, o in zip(ref, ours):
    assert (o["op"], o["bits"]) == (r["vpsim_op"], r["vpsim_bits"])
    ratio = int(o["cycles"]) / int(r["total_cycles"])
    dram = (int(o["dram_read_bits"]) + int(o["dram_write_bits"])) / (int(r["dram_rd_bits"]) + int(r["dram_wr_bits"]))
    logs.append(math.log(ratio))
    print(f"{r['layer']:<34} {r['vpsim_bits']:>5} {int(o['cycles']):>11} {int(r['total_cycles']):>11} {ratio:>6.3f} {dram:>10.3f}")
print(f"geomean cycle ratio (ours / reference): {math.exp(sum(logs) / len(logs)):.3f}")
PY
