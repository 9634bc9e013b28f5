#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sets everything up, builds modvm and runs its main job on the default machine.
#
# Until modvm boots Linux (SLOF, floating point, vector, radix and the
# interrupt controllers are still missing), the most useful thing it runs is a
# real guest program: tests/guest/ppc64/hello.c, built with Debian's cross
# compiler, booted on a pseries machine through modvm's own firmware (VOF). It
# prints what it found in the device tree and powers the machine off. Extra
# arguments go to modvm.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/setup.sh" --guest
"$top/scripts/build.sh" "$top/build"
guest="$top/build/tests/guest/hello-le.elf"
if [ ! -f "$guest" ]; then
  echo "modvm: $guest was not built (is powerpc64le-linux-gnu-gcc installed?)" >&2
  exit 1
fi
echo "modvm: booting $guest on pseries (VOF); Ctrl-A x quits" >&2
exec "$top/build/core/modvm" -M pseries,x-vof=on -cpu POWER9 -m 512M -nographic \
  -kernel "$guest" "$@"
