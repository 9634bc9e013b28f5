#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs what building and testing modvm needs on Debian 12 (idempotent).
#   --guest  also what the guest tests need: the ppc64el cross toolchain and QEMU (the reference)
set -euo pipefail

# qemu-system-data has SLOF (/usr/share/qemu/slof.bin), pseries' default firmware.
packages=(
  build-essential meson ninja-build pkg-config python3
  libglib2.0-dev libjson-glib-dev libfdt-dev libffi-dev libcapstone-dev qemu-system-data
)
if [ "${1:-}" = "--guest" ]; then
  packages+=(gcc-powerpc64le-linux-gnu binutils-powerpc64le-linux-gnu qemu-system-ppc)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "modvm setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
