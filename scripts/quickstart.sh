#!/usr/bin/env bash
# The main job on its embedded default: a CPT 3-8/8 trace of ResNet-20 on CIFAR-10 (64,000
# iterations, batch 128), its training-cost table (BitOPs), then the trace simulated on Bit Fusion
# (configs/hw/bitfusion.yaml) with the per-epoch cycles / energy table. Outputs land in out/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
mkdir -p out
build/vpsim trace gen --model resnet20 --dataset cifar10 --schedule cpt:3-8/8 --iterations 64000 --batch 128 \
  -o out/resnet20-cpt.trace.jsonl
build/vpsim trace info out/resnet20-cpt.trace.jsonl | head -8
build/vpsim run --hw configs/hw/bitfusion.yaml --trace out/resnet20-cpt.trace.jsonl --out out/resnet20-cpt-bitfusion \
  --cache out/memo.sqlite
