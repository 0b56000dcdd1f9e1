#!/usr/bin/env bash
# House style checks (.clang-format, .clang-tidy). Run by ctest (Style.* tests) and by hand.
# Usage: scripts/check_style.sh format          every tracked .cpp/.h is clang-formatted
#        scripts/check_style.sh tidy BUILD [BASE]  clang-tidy clean on the .cpp files changed since BASE
#                                                  (default HEAD~1: the last commit), BUILD's compile_commands.json
# Exit 1 on a difference or a warning (the file is named), 2 on bad usage or a missing tool.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-}"
case "$what" in
  format)
    command -v clang-format >/dev/null || { echo "check_style: clang-format is not installed (scripts/setup.sh --tests)" >&2; exit 2; }
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
      mapfile -t files < <(git ls-files '*.cpp' '*.h')
    else  # an exported tree: every source outside build folders
      mapfile -t files < <(find . -path './build*' -prune -o \( -name '*.cpp' -o -name '*.h' \) -print | sed 's|^\./||' | sort)
    fi
    clang-format --dry-run --Werror "${files[@]}"
    echo "check_style: ${#files[@]} files clang-formatted"
    ;;
  tidy)
    build="${2:?usage: check_style.sh tidy BUILD [BASE]}"
    base="${3:-HEAD~1}"
    command -v clang-tidy >/dev/null || { echo "check_style: clang-tidy is not installed (scripts/setup.sh --tests)" >&2; exit 2; }
    [ -f "$build/compile_commands.json" ] || { echo "check_style: $build/compile_commands.json missing" >&2; exit 2; }
    if ! git rev-parse -q --verify "$base^{commit}" >/dev/null 2>&1; then
      echo "check_style: no commit $base (a shallow or single-commit checkout): nothing to compare"; exit 0
    fi
    mapfile -t files < <(git diff --name-only --diff-filter=AM "$base" -- '*.cpp' | grep -v '^tests/fuzz/' || true)
    # A tree-wide mechanical commit (formatting, a move) is not tidied file by file here.
    if ((${#files[@]} > 25)); then
      echo "check_style: ${#files[@]} changed .cpp files since $base: a tree-wide change, tidy skipped"; exit 0
    fi
    if ((${#files[@]} == 0)); then echo "check_style: no .cpp file changed since $base"; exit 0; fi
    clang-tidy -p "$build" --quiet "${files[@]}"
    echo "check_style: clang-tidy clean on ${#files[@]} changed files: ${files[*]}"
    ;;
  *) echo "usage: scripts/check_style.sh format | tidy BUILD [BASE]" >&2; exit 2 ;;
esac
