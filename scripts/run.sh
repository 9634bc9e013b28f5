#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sets everything up, builds modvm and runs its main job on the default machine.
# Until an accelerator plugin can execute guest code, the most useful thing modvm
# does is build the default pseries machine and show it: its objects, every
# property and where each value came from. Extra arguments go to modvm.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/setup.sh"
"$top/scripts/build.sh" "$top/build"
modvm="$top/build/core/modvm"
if "$modvm" -accel help | grep -q "plugin accel-"; then
  exec "$modvm" -M pseries -m 1G -nographic "$@"
fi
echo "modvm: no accelerator plugin is built yet, so guests cannot run; showing the default machine." >&2
"$modvm" -M help
exec "$modvm" -M pseries -m 1G -serial null --dump-machine "$@"
