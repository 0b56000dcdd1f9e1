#!/usr/bin/env bash
# Regenerates the committed seed corpora tests/fuzz/corpus/<target>/ from the shipped configs, the
# test traces and the bad-input catalogue: every row's command runs through the vpsim binary in a
# scratch folder (as tests/sim/bad_input_catalogue_test.cpp runs it) and every file it leaves there
# becomes a seed of the target its kind belongs to; schedule strings come from the rows' --schedule
# arguments and schedule: keys, and from the shipped schedule files and sweeps.
# Usage: tests/fuzz/make_corpus.sh BUILD_DIR   (BUILD_DIR/vpsim of a normal build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
vpsim=$(cd "$1" && pwd)/vpsim
out=$root/tests/fuzz/corpus
targets="trace hw dram energy schedule sweep isa_asm"
rm -rf "$out"
for t in $targets; do mkdir -p "$out/$t"; done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

seed() {  # TARGET FILE: copied under its SHA-1 (libFuzzer's naming) if small enough
  [ -f "$2" ] && [ "$(stat -c %s "$2")" -le 65536 ] || return 0
  cp "$2" "$out/$1/$(sha1sum < "$2" | cut -c1-40)"
}
seed_text() { printf '%s' "$2" > "$scratch/text"; seed "$1" "$scratch/text"; }

# A file's target by its name and contents; a YAML file of no known kind seeds every YAML target.
classify() {
  local f=$1
  case "$f" in
    *.s | *.asm) echo isa_asm; return ;;
    *.hex) return ;;
  esac
  if head -c 4096 "$f" | grep -q 'vpsim-trace'; then echo trace; return; fi
  case "$f" in *.jsonl | *.json) echo trace; return ;; esac
  if grep -qE '^entries:' "$f"; then echo energy
  elif grep -qE '^(timing|organisation|power):' "$f"; then echo dram
  elif grep -qE '^(workloads|axes|base):' "$f"; then echo sweep
  elif grep -qE '^(clock_mhz|array|buffers|dram|energy):' "$f"; then echo hw
  elif grep -qE '^(model|dataset|kind|bits):' "$f"; then return  # train configs, schedule files
  else echo hw dram energy sweep
  fi
}

for t in hw dram energy sweeps; do
  for f in "$root"/configs/$t/*.yaml; do seed "${t%s}" "$f"; done
done
for f in "$root"/tests/golden/*.trace.jsonl "$root"/tests/data/bad_inputs/*.trace.jsonl; do seed trace "$f"; done

# Schedule strings: shipped schedule files (kind:bits,params), sweep workloads, catalogue rows.
for f in "$root"/configs/schedules/*.yaml; do
  kind=$(sed -n 's/^kind: *//p' "$f" | tr -d '"'); bits=$(sed -n 's/^bits: *//p' "$f" | tr -d '"')
  seed_text schedule "$kind:$bits"
done
for s in static:8/8 cpt:3-8/8,cycles=32 pfq:3,4,6,8/6,6,8,8,turns=200/400/600 dpc:4-8/8,capacity=macs \
         twophase:8/8,switch=0.5 random:4,6,8/8,k=10,per_layer=1 ldp:3-8/8,target=0.6 file:t.jsonl fp32 \
         static:4/6/8 dpc:4-8/8,cpt_min=3,cycles=8 twophase:4/8,underflow=0.1,window=5 \
         static:8/8,dw_fwd_bits=8,dw_grad_bits=16; do
  seed_text schedule "$s"
done
grep -ohP "(--schedule '\K[^']+|schedule: \"?\K[^\"}' ]+|'\K(static|cpt|pfq|dpc|twophase|random|ldp|file):[^']*)" \
  "$root"/tests/data/bad_inputs/catalogue.tsv "$root"/configs/sweeps/*.yaml | sort -u | while read -r s; do
  seed_text schedule "$s"
done

# Assembly: programs the compiler writes for a few passes.
for op in gemm:64,64,64 gemm:8,200,30 conv:2,16,32,3,1,8 conv:1,3,16,3,2,16; do
  for b in 8/8 2/4 16/16; do
    "$vpsim" isa compile --op "$op" --bits "$b" > "$scratch/p.s" 2>/dev/null && seed isa_asm "$scratch/p.s"
    "$vpsim" isa compile --op "$op" --bits "$b" --pass bwd_weight > "$scratch/p.s" 2>/dev/null && seed isa_asm "$scratch/p.s"
  done
done

# Files the catalogue's commands write.
n=0
while IFS=$'\t' read -r id fragment command; do
  case "$id" in '' | \#*) continue ;; esac
  n=$((n + 1))
  d=$scratch/row$n
  mkdir -p "$d"
  (cd "$d" && VPSIM=$vpsim CONFIGS=$root/configs DATA=$root/tests/data/bad_inputs VPSIM_CACHE=$d/memo.sqlite \
     SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 timeout 60 bash -c "$command" </dev/null >/dev/null 2>&1) || true
  find "$d" -type f ! -name 'memo.sqlite*' ! -name '*.sqlite*' | while read -r f; do
    for t in $(classify "$f"); do seed "$t" "$f"; done
  done
done < "$root"/tests/data/bad_inputs/catalogue.tsv
for t in $targets; do echo "$t: $(ls "$out/$t" | wc -l) seeds"; done
