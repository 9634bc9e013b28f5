#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetches and caches Debian 12's ppc64el kernel and busybox for the functional tests (idempotent).
#   scripts/fetch-guests.sh            fetch what is missing, print where things are
#   scripts/fetch-guests.sh --refresh  fetch again even if cached
# Cache: $MODVM_GUEST_CACHE, else ~/.cache/modvm/guests. The Debian mirror is the one this
# host's apt uses (override with MODVM_DEBIAN_MIRROR=URL). Prints "name: value" lines.
set -euo pipefail

cache=${MODVM_GUEST_CACHE:-"$HOME/.cache/modvm/guests"}
arch=ppc64el
suite=bookworm
refresh=0
[ "${1:-}" = "--refresh" ] && refresh=1

dir="$cache/debian-$suite-$arch"
kernel_dir="$dir/linux"
busybox_dir="$dir/busybox"
mkdir -p "$dir"

# The host's Debian mirror: the first deb URI serving $suite (not -security) in
# /etc/apt/sources.list or /etc/apt/sources.list.d/ (one-line or deb822 format).
host_mirror() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v s="$suite" '$1 == "deb" {
        i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) == s) { print $i; exit } }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v s="$suite" '
      /^[ \t]*$/ { if (deb && uri != "" && hit) { print uri; exit } deb = 0; uri = ""; hit = 0; next }
      /^Types:/ { deb = ($0 ~ /(^|[ \t])deb([ \t]|$)/) }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) hit = 1 }
      END { if (deb && uri != "" && hit) print uri }' "$f"
  done
}

mirror=${MODVM_DEBIAN_MIRROR:-$(host_mirror | head -n 1)}
if [ -z "$mirror" ]; then
  echo "fetch-guests: no Debian '$suite' mirror in this host's apt sources;" \
       "set MODVM_DEBIAN_MIRROR=URL" >&2
  exit 1
fi

apt_dir="$dir/apt"
apt_opts=(
  -o "APT::Architecture=$arch" -o "APT::Architectures=$arch"
  -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
  -o "Dir::State::status=$apt_dir/status" -o "APT::Sandbox::User=root"
  -o "Debug::NoLocking=1" -o "Acquire::Languages=none"
)

apt_setup() {
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/sources.list.d"
  : > "$apt_dir/status"
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  local signed=""
  [ -f "$keyring" ] && signed=" signed-by=$keyring"
  echo "deb [arch=$arch$signed] $mirror $suite main" > "$apt_dir/sources.list"
  if [ $refresh = 1 ] || ! compgen -G "$apt_dir/lists/*_Packages*" >/dev/null; then
    echo "fetch-guests: apt-get update for $arch from $mirror" >&2
    apt-get "${apt_opts[@]}" update -qq >&2
  fi
}

# Downloads package $1 into $2/ and extracts it to $2/root; prints the .deb's version.
fetch_deb() {
  local pkg=$1 out=$2
  mkdir -p "$out"
  rm -f "$out"/*.deb
  (cd "$out" && apt-get "${apt_opts[@]}" download -qq "$pkg" >&2)
  local deb
  deb=$(find "$out" -maxdepth 1 -name '*.deb' | head -n 1)
  rm -rf "$out/root"
  dpkg-deb -x "$deb" "$out/root"
  dpkg-deb -f "$deb" Version
}

# The kernel modules the tests load from their initramfs (pseries-rng: /dev/hwrng from
# H_RANDOM; the hw_random core is built in), kept under $kernel_dir/modules/ in the order
# they load (modules.order).
modules=(hw_random/pseries-rng)

modules_ok() {
  local m
  for m in "${modules[@]}"; do
    [ -f "$kernel_dir/modules/$(basename "$m").ko" ] || return 1
  done
}
kernel_ok() { [ -f "$kernel_dir/vmlinux" ] && [ -f "$kernel_dir/version" ] && modules_ok; }
busybox_ok() { [ -x "$busybox_dir/busybox" ] && [ -f "$busybox_dir/version" ]; }

if [ $refresh = 1 ] || ! kernel_ok || ! busybox_ok; then
  apt_setup
fi

if [ $refresh = 1 ] || ! kernel_ok; then
  # linux-image-powerpc64le is a metapackage; its first dependency is the versioned image.
  image=$(apt-cache "${apt_opts[@]}" depends linux-image-powerpc64le |
          awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
  if [ -z "$image" ]; then
    echo "fetch-guests: cannot resolve linux-image-powerpc64le" >&2
    exit 1
  fi
  mkdir -p "$kernel_dir"
  version=$(fetch_deb "$image" "$kernel_dir/deb")
  vmlinux=$(find "$kernel_dir/deb/root/boot" -name 'vmlinu[xz]-*' | head -n 1)
  cp "$vmlinux" "$kernel_dir/vmlinux"
  echo "$image" > "$kernel_dir/package"
  echo "$version" > "$kernel_dir/package-version"
  basename "$vmlinux" | sed 's/^vmlinu[xz]-//' > "$kernel_dir/version"
  rm -rf "$kernel_dir/modules"
  mkdir -p "$kernel_dir/modules"
  : > "$kernel_dir/modules/modules.order"
  for m in "${modules[@]}"; do
    ko=$(find "$kernel_dir/deb/root/lib/modules" -path "*/drivers/char/$m.ko*" | head -n 1)
    name=$(basename "$m").ko
    case "$ko" in
      "") echo "fetch-guests: $image has no module drivers/char/$m" >&2; exit 1 ;;
      *.xz) xz -dc "$ko" > "$kernel_dir/modules/$name" ;;
      *.zst) zstd -qdc "$ko" > "$kernel_dir/modules/$name" ;;
      *) cp "$ko" "$kernel_dir/modules/$name" ;;
    esac
    echo "$name" >> "$kernel_dir/modules/modules.order"
  done
  rm -rf "$kernel_dir/deb"    # only the modules above are kept
fi

if [ $refresh = 1 ] || ! busybox_ok; then
  mkdir -p "$busybox_dir"
  version=$(fetch_deb busybox-static "$busybox_dir/deb")
  cp "$busybox_dir/deb/root/bin/busybox" "$busybox_dir/busybox"
  echo "$version" > "$busybox_dir/version"
  rm -rf "$busybox_dir/deb"
fi

echo "cache: $dir"
echo "kernel: $kernel_dir/vmlinux"
echo "kernel-version: $(cat "$kernel_dir/version")"
echo "kernel-package: $(cat "$kernel_dir/package") $(cat "$kernel_dir/package-version")"
echo "kernel-modules: $kernel_dir/modules"
echo "busybox: $busybox_dir/busybox"
echo "busybox-version: $(cat "$busybox_dir/version")"
