#!/usr/bin/env bash
# Benchmark (issue: foundation): `vpsim trace gen` + `vpsim trace info` on a 64,000-iteration CPT
# 3-8/8 ResNet-74/CIFAR-100 trace. Prints the median of 5 runs of each, the file size and peak RSS.
# Usage: bench/trace_gen_info.sh [build-dir]
set -euo pipefail
BIN="${1:-build}/vpsim"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_cmd() {  # prints seconds
  local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l
}
GEN=("$BIN" trace gen --model resnet74 --dataset cifar100 --schedule cpt:3-8/8 --iterations 64000 --batch 128 -o "$TMP/t.jsonl")
INFO=("$BIN" trace info "$TMP/t.jsonl" --json)
gen=$(for i in 1 2 3 4 5; do time_cmd "${GEN[@]}"; done | median)
info=$(for i in 1 2 3 4 5; do time_cmd "${INFO[@]}"; done | median)
rss_gen=$(/usr/bin/time -f %M "${GEN[@]}" 2>&1 >/dev/null | tail -1)
rss_info=$(/usr/bin/time -f %M "${INFO[@]}" 2>&1 >/dev/null | tail -1)
size=$(stat -c %s "$TMP/t.jsonl")
printf 'trace gen   median %.3f s  peak RSS %s KiB\n' "$gen" "$rss_gen"
printf 'trace info  median %.3f s  peak RSS %s KiB\n' "$info" "$rss_info"
printf 'trace file  %s bytes (%.2f MB)\n' "$size" "$(echo "$size / 1000000" | bc -l)"
