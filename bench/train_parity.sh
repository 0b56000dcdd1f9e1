#!/usr/bin/env bash
# vpsim's trainer against PyTorch on the same recipe, data order and seeds (bench/train_parity.py):
# ResNet-20 on Fashion-MNIST 28x28, SGD 0.9, weight decay 1e-4, batch 128, constant LR 0.1, crop
# (pad 2) + flip, one epoch, FP32. Both sides see the same batches (vpsim's permutation and
# augmentation draws). Two pairings (INITS):
#   recipe:  vpsim's default init (N(0, sqrt(2/(k*k*Cout)))), PyTorch starting from vpsim's exact
#            initial weights: the same computation, so only float rounding separates the curves;
#   pytorch: vpsim with init=pytorch, PyTorch with its default init (kaiming_uniform a=sqrt(5)),
#            what a PyTorch user's model starts from.
# Prints both loss curves side by side (means over 50-iteration windows) and, per seed, the mean
# train loss of the last 50 iterations.
# BITS=8/8 trains both quantized (vpsim static:8/8; PyTorch with train_parity.py's copy of the
# methods.md quantizer, the same stochastic-rounding draws) instead of FP32.
# Usage: bench/train_parity.sh [build-dir] [seeds, e.g. "0 1 2"] [iterations, 0 = one epoch]
#        env: INITS="recipe pytorch"  BITS=fp32|W/G  VPSIM_SETS="--set key=value ..."  THREADS=2
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}" SEEDS="${2:-0 1 2}" ITERS="${3:-0}"
DATA=/usr/share/datasets/fashion-mnist INITS="${INITS:-recipe pytorch}" THREADS="${THREADS:-2}"
BITS="${BITS:-fp32}"
if [ "$BITS" = fp32 ]; then schedule=fp32 torch_bits=(); else
  schedule="static:$BITS" torch_bits=(--bits "${BITS%/*}/${BITS%/*}/${BITS#*/}"); fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat > "$out/c.yaml" <<EOF
model: resnet20
dataset: fashion-mnist
data_dir: $DATA
epochs: 1
iterations: $ITERS
batch: 128
lr: 0.1
momentum: 0.9
weight_decay: 1.0e-4
lr_schedule: constant
augment: {crop_pad: 2, flip: true}
normalize: {mean: [0.2860], std: [0.3530]}
schedule: "$schedule"
test_subset: 1000
progress: off
EOF
# Means of column 2 of "iteration,loss" rows over windows of 50 iterations, one per line.
windows() { awk -F, 'NR > 1 { s += $2; n++; if (n == 50) { print s / n; s = 0; n = 0 } } END { if (n) print s / n }' "$1"; }
last50() { tail -n +2 "$1" | tail -n 50 | awk -F, '{ s += $2 } END { printf "%.4f", s / NR }'; }
for init in $INITS; do
  torch_init=$([ "$init" = recipe ] && echo vpsim || echo torch)
  summary=""
  for seed in $SEEDS; do
    t0=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$BUILD/vpsim" train --config "$out/c.yaml" --set seed="$seed" --set init="$init" --set threads="$THREADS" \
      ${VPSIM_SETS:-} --out "$out/v$seed" 2>"$out/v$seed.log" || { cat "$out/v$seed.log"; exit 1; }
    t1=$(date +%s.%N)
    cut -d, -f1,3 "$out/v$seed/iterations.csv" > "$out/v$seed.csv"
    /usr/bin/python3 bench/train_parity.py --data "$DATA" --seed "$seed" --iterations "$ITERS" --init "$torch_init" \
      --threads "$THREADS" "${torch_bits[@]}" > "$out/t$seed.csv"
    t2=$(date +%s.%N)
    echo "init $init, seed $seed: train loss, means over 50 iterations" \
      "(vpsim $(echo "$t1 - $t0" | bc) s, pytorch $(echo "$t2 - $t1" | bc) s)"
    echo "  iters      vpsim   pytorch"
    paste <(windows "$out/v$seed.csv") <(windows "$out/t$seed.csv") |
      awk '{ printf "  %4d-%-4d %7.4f  %7.4f\n", 50 * (NR - 1), 50 * NR - 1, $1, $2 }'
    summary+="$seed $(last50 "$out/v$seed.csv") $(last50 "$out/t$seed.csv")"$'\n'
  done
  echo "init $init, $schedule: mean train loss of the last 50 iterations (pytorch --init $torch_init)"
  echo "  seed   vpsim  pytorch  vpsim-pytorch"
  printf "%s" "$summary" | awk '{ printf "  %4s  %.4f  %.4f  %+.4f\n", $1, $2, $3, $2 - $3; v += $2; t += $3; n++ }
    END { printf "  mean  %.4f  %.4f  %+.4f\n", v / n, t / n, (v - t) / n }'
done
