#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Configures (once) and builds modvm in DIR (default build/); extra args go to meson setup.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-"$top/build"}
shift || true
if [ ! -f "$dir/build.ninja" ]; then
  meson setup "$dir" "$top" "$@" >/dev/null
fi
ninja -C "$dir" >/dev/null
