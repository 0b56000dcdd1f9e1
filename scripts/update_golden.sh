#!/usr/bin/env bash
# Regenerates the model-version golden files (tests/golden/model/*.json) after a bump of
# kModelVersion in sim/arch/model_version.h. Refuses (the test fails) if a result changed while the
# model version did not. Usage: scripts/update_golden.sh [build-dir]   (default build/)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${1:-build}"
cmake --build "$BUILD_DIR" -j2 --target vpsim test_sim >&2
VPSIM_UPDATE_GOLDEN=1 SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 \
  "$BUILD_DIR/tests/test_sim" --gtest_filter='ShippedConfigs/ModelGolden.*' --gtest_brief=1
git status --short tests/golden/model
