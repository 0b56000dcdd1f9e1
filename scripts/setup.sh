#!/usr/bin/env bash
# Installs the Debian packages vpsim needs (only the missing ones; fast when all are present) and
# builds vpsim (Release) into build/. Run as root on Debian 12.
# Usage: scripts/setup.sh [--tests] [build-dir]
#   default:  the packages `vpsim` needs, and only the `vpsim` target (what scripts/quickstart.sh runs)
#   --tests:  also what the tests use (chromium for the report pages, slurm-wlm and munge for the
#             Slurm sweep test, which starts its own cluster, clang-format and clang-tidy for the
#             Style tests), and every target with -Werror
#             (what scripts/test.sh and CI run). Tests never install anything themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
TESTS=0
if [ "${1:-}" = "--tests" ]; then TESTS=1; shift; fi
BUILD_DIR="${1:-build}"

PACKAGES=(build-essential cmake pkg-config git
          libsystemc-dev libboost-dev libyaml-cpp-dev libgtest-dev libgmock-dev
          libspdlog-dev libfmt-dev nlohmann-json3-dev libcli11-dev libsqlite3-dev
          libeigen3-dev zlib1g-dev libssl-dev libpng-dev libjpeg-dev dataset-fashion-mnist vim-runtime gnuplot-nox)
if ((TESTS)); then PACKAGES+=(python3-torch chromium slurm-wlm munge clang-format clang-tidy); fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  if ((TESTS)); then
    # The packages start their own daemons (munge, slurmctld, slurmd) with the distribution's
    # configuration; the tests run their own. Leave the machine as it was.
    for s in slurmd slurmctld munge; do
      $SUDO systemctl disable --now "$s" >/dev/null 2>&1 || $SUDO service "$s" stop >/dev/null 2>&1 || true
    done
  fi
fi

WERROR=OFF; ((TESTS)) && WERROR=ON
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DVPSIM_WERROR="$WERROR" >&2
if ((TESTS)); then
  cmake --build "$BUILD_DIR" -j"$(nproc)" >&2
else
  cmake --build "$BUILD_DIR" -j"$(nproc)" --target vpsim >&2
fi
