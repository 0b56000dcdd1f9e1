#!/usr/bin/env bash
# The main job on its embedded default: co-simulated low-precision training. The small CNN trains
# on Fashion-MNIST (Debian's dataset-fashion-mnist) for 2 epochs under CPT 3-8/8 while every
# iteration's per-layer bits are costed on Bit Fusion (configs/hw/bitfusion.yaml); it ends with the
# per-epoch cycles / energy table. Outputs: out/fmnist-cnn-cpt/ (trace.jsonl, metrics.csv,
# cosim/{summary.json, epochs.csv, layers.csv, bits_per_epoch.csv}).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
mkdir -p out
build/vpsim train --config configs/train/fmnist-cnn-cpt.yaml --set epochs=2 \
  --cosim hw/bitfusion.yaml --cache out/memo.sqlite --out out/fmnist-cnn-cpt
