#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sets everything up, builds and runs the whole test suite; the last line is the count.
#   scripts/test.sh             the suite on a normal build (build/)
#   scripts/test.sh --sanitize  the suite under AddressSanitizer + UndefinedBehaviorSanitizer
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/setup.sh" --guest || exit 1

dirs=()
case "${1:-}" in
  --sanitize) dirs+=("$top/build-asan:-Db_sanitize=address,undefined -Db_lundef=false") ;;
  --all) dirs+=("$top/build:" "$top/build-asan:-Db_sanitize=address,undefined -Db_lundef=false") ;;
  *) dirs+=("$top/build:") ;;
esac

logs=()
for entry in "${dirs[@]}"; do
  dir=${entry%%:*}
  opts=${entry#*:}
  # shellcheck disable=SC2086
  if ! "$top/scripts/build.sh" "$dir" $opts; then
    echo "build failed in $dir" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
  echo "== meson test in $dir" >&2
  # guest-ppc64-pending: guest programs modvm cannot run yet (see tests/guest/meson.build).
  meson test -C "$dir" --print-errorlogs --num-processes 2 --no-suite guest-ppc64-pending >&2
  logs+=("$dir/meson-logs/testlog.json")
done
python3 "$top/scripts/count-results.py" "${logs[@]}"
