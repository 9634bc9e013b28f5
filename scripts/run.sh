#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Sets everything up, builds modvm and boots the default guest on this terminal:
# Debian 12's ppc64el kernel (fetched once from Debian's archive and cached by
# scripts/fetch-guests.sh) with a busybox shell in an initramfs, on the default
# pseries machine (POWER9) through modvm's own firmware (VOF, x-vof=on; without it
# the boot goes through SLOF, as on QEMU, and takes longer). Leaving the shell powers
# the guest off; Ctrl-A x quits modvm.
# Extra arguments go to modvm.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/setup.sh" --guest
"$top/scripts/build.sh" "$top/build"
kernel=$("$top/scripts/fetch-guests.sh" | awk '$1 == "kernel:" { print $2 }')
initrd="$top/build/guest-shell.cpio.gz"
"$top/scripts/make-initramfs.sh" "$initrd" "$top/scripts/guest/interactive-shell"
echo "modvm: booting Debian's kernel on pseries (POWER9, 1G); Ctrl-A x quits" >&2
exec "$top/build/core/modvm" -M pseries,x-vof=on -cpu POWER9 -m 1G -nographic \
  -kernel "$kernel" -initrd "$initrd" -append "console=hvc0 quiet" "$@"
