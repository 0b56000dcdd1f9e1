#!/usr/bin/env bash
# Installs what is missing (the tests' packages included: tests never install anything), builds
# every target with -Werror, and runs the whole test suite (each TEST in its own process).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests build
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
cd build && ctest -j"$(nproc)" --output-on-failure --timeout 300
