#!/usr/bin/env bash
# Installs the Debian packages vpsim needs (only the missing ones; fast when all are present) and
# builds vpsim (Release) into build/. Run as root on Debian 12. Usage: scripts/setup.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${1:-build}"

PACKAGES=(build-essential cmake pkg-config git
          libsystemc-dev libboost-dev libyaml-cpp-dev libgtest-dev libgmock-dev
          libspdlog-dev libfmt-dev nlohmann-json3-dev libcli11-dev libsqlite3-dev
          libeigen3-dev zlib1g-dev libssl-dev libpng-dev libjpeg-dev dataset-fashion-mnist vim-runtime gnuplot-nox python3-torch)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >&2
cmake --build "$BUILD_DIR" -j"$(nproc)" >&2
