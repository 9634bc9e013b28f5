#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds a gzipped newc initramfs: ppc64el busybox, the kernel modules fetch-guests.sh keeps,
# and an /init that mounts /proc, /sys and /dev, loads the modules, prints checks between
# markers and powers off.
#   scripts/make-initramfs.sh OUT.cpio.gz [INIT-SCRIPT]
# INIT-SCRIPT replaces the default checks (it runs as /init.d/checks under busybox sh).
# Busybox comes from scripts/fetch-guests.sh (run if needed). Uses cpio if installed, else a
# Python newc writer; either way the archive is reproducible (owner 0:0, mtime 0, sorted).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: make-initramfs.sh OUT.cpio.gz [INIT-SCRIPT]}
checks=${2:-}

guests=$("$top/scripts/fetch-guests.sh")
busybox=$(awk '$1 == "busybox:" { print $2 }' <<<"$guests")
modules=$(awk '$1 == "kernel-modules:" { print $2 }' <<<"$guests")
[ -x "$busybox" ] || { echo "make-initramfs: no busybox" >&2; exit 1; }
[ -f "$modules/modules.order" ] || { echo "make-initramfs: no kernel modules" >&2; exit 1; }

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree"/{bin,sbin,dev,proc,sys,tmp,init.d,lib/modules}
cp "$busybox" "$tree/bin/busybox"
cp "$modules"/modules.order "$modules"/*.ko "$tree/lib/modules/"
for applet in sh mount umount cat echo ls uname poweroff reboot sleep dmesg grep head insmod od \
              wc tr; do
  ln -s busybox "$tree/bin/$applet"
done

cat > "$tree/init" <<'EOF'
#!/bin/sh
# modvm test initramfs: mount the pseudo file systems, run the checks, power off.
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev 2>/dev/null
# Drivers Debian builds as modules (pseries-rng: /dev/hwrng when there is an spapr-rng).
for m in $(/bin/busybox cat /lib/modules/modules.order); do
  /bin/busybox insmod "/lib/modules/$m" || echo "init: insmod $m failed"
done
echo "MODVM-INITRAMFS-BEGIN"
. /init.d/checks
echo "MODVM-INITRAMFS-END"
/bin/busybox poweroff -f
EOF
chmod 755 "$tree/init"

if [ -n "$checks" ]; then
  cp "$checks" "$tree/init.d/checks"
else
  cat > "$tree/init.d/checks" <<'EOF'
echo "kernel: $(uname -r) $(uname -m)"
echo "cpus: $(grep -c '^processor' /proc/cpuinfo)"
echo "cpu: $(grep -m1 '^cpu' /proc/cpuinfo | sed 's/^[^:]*: //')"
echo "platform: $(grep -m1 '^platform' /proc/cpuinfo | sed 's/^[^:]*: //')"
echo "mmu: $(grep -m1 '^MMU' /proc/cpuinfo | sed 's/^[^:]*: //')"
echo "memtotal: $(grep MemTotal /proc/meminfo | sed 's/  */ /g')"
echo "console: $(cat /sys/class/tty/console/active 2>/dev/null)"
echo "intc: $(grep -m1 -o -E 'XIVE|XICS' /proc/interrupts), $(grep -o -E '(XIVE-IRQ|XICS) +[0-9]+ +[A-Za-z]+ +hvc_console' /proc/interrupts)"
echo "ras: $(grep -o -E '(XIVE-IRQ|XICS) +[0-9]+ +[A-Za-z]+ +RAS_[A-Z]+' /proc/interrupts | tr -s ' \n' ' ')"
EOF
fi

find "$tree" -exec touch -h -d @0 {} +
if command -v cpio >/dev/null; then
  (cd "$tree" && find . -mindepth 1 | LC_ALL=C sort |
     cpio -o -H newc --owner 0:0 --reproducible --quiet) | gzip -9 -n > "$out"
else
  python3 - "$tree" <<'EOF' | gzip -9 -n > "$out"
# newc writer: 110-byte ASCII headers, names and data padded to 4 bytes.
import os, stat, sys
root = sys.argv[1]
out = sys.stdout.buffer
def entry(name, st, data, ino):
    name_b = name.encode() + b"\0"
    mode = st.st_mode if st else 0
    fields = [ino, mode, 0, 0, 1 if not st or not stat.S_ISDIR(mode) else 2, 0, len(data),
              0, 0, 0, 0, len(name_b), 0]
    out.write(b"070701" + b"".join(b"%08x" % f for f in fields) + name_b)
    out.write(b"\0" * (-(110 + len(name_b)) % 4) + data + b"\0" * (-len(data) % 4))
paths = []
for d, dirs, files in os.walk(root):
    for n in dirs + files:
        paths.append(os.path.relpath(os.path.join(d, n), root))
for ino, rel in enumerate(sorted(paths), start=1):
    full = os.path.join(root, rel)
    st = os.lstat(full)
    if stat.S_ISLNK(st.st_mode):
        data = os.readlink(full).encode()
    elif stat.S_ISREG(st.st_mode):
        with open(full, "rb") as f:
            data = f.read()
    else:
        data = b""
    entry(rel, st, data, ino)
entry("TRAILER!!!", None, b"", 0)
EOF
fi
echo "initramfs: $out ($(stat -c %s "$out") bytes)"
