#!/usr/bin/env bash
# Bit-accurate MACs per second of whole layer passes with values (`vpsim layer --values`, the SystemC
# accelerator, every output checked against the reference), per shipped PE kind at 2x2, 4x4 and
# 8x8 bits: tile fidelity on a ResNet-style conv (8 x 64 -> 64 channels, 3x3, 14x14: 57.8 M MACs),
# cycle fidelity on a small one (2 x 16 -> 16, 3x3, 8x8: 0.29 M MACs). Process CPU time of the pass.
# Usage: bench/layer_values.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
VPSIM="${1:-build}/vpsim"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
printf "%-10s %-6s %10s %10s %10s   (M bit-accurate MAC/s)\n" pe fidelity 2x2 4x4 8x8
for hw in bitfusion stripes loom int8; do
  for fid in tile cycle; do
    op="conv:8,64,64,3,1,14"; [ "$fid" = cycle ] && op="conv:2,16,16,3,1,8"
    printf "%-10s %-6s" "$hw" "$fid"
    for b in 2 4 8; do
      rate=$("$VPSIM" layer --hw "hw/$hw.yaml" --op "$op" --bits "$b/$b" --fidelity "$fid" --values random:1 --json |
             /usr/bin/python3 -c 'import json,sys; v=json.load(sys.stdin)["values"]; assert v["mismatches"]==0; print("%.1f" % (v["macs_per_second"]/1e6))')
      printf " %10s" "$rate"
    done
    printf "\n"
  done
done
