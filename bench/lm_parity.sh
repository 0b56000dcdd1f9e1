#!/usr/bin/env bash
# vpsim's LSTM language model against PyTorch's on the same data and recipe (bench/lm_torch.py):
# the Vim user manual, 2 x W LSTM, vocabulary 500, 16 streams x 16 steps, SGD lr 1, clip 5, FP32
# (static:32/32) and vpsim at static 8/8. Prints the valid perplexity per epoch side by side.
# Usage: bench/lm_parity.sh [build-dir] [width] [epochs]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}" W="${2:-64}" E="${3:-4}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() {  # $1 schedule
  "$BUILD/vpsim" train --config configs/train/vimdoc-lstm-cpt.yaml --set schedule="$1" --set batch=16 \
    --set subset=60000 --set test_subset=4000 --set lm.steps=16 --set lm.width="$W" --set lm.vocab=500 \
    --set lm.dropout=0 --set lr=1 --set lr_schedule=constant --set grad_clip=5 --set epochs="$E" \
    --set progress=off --set threads=2 --out "$out/$2" 2>/dev/null
  tail -n +2 "$out/$2/metrics.csv" | awk -F, '{print $NF}'
}
run static:32/32 fp32 > "$out/v32"
run static:8/8 q8 > "$out/v8"
/usr/bin/python3 bench/lm_torch.py --width "$W" --epochs "$E" | awk '{print $2}' > "$out/torch"
echo "epoch  pytorch_fp32  vpsim_fp32  vpsim_8/8   (valid perplexity)"
paste "$out/torch" "$out/v32" "$out/v8" | awk '{printf "%5d  %12s  %10s  %9s\n", NR, $1, $2, $3}'
