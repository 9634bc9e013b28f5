# SPDX-License-Identifier: GPL-2.0-or-later
"""What the Linux harnesses (boot.py, reboot.py, console.py) share: Debian's guest from
scripts/fetch-guests.sh and initramfs images from scripts/make-initramfs.sh, each step
reported as a TAP check."""
import os
import subprocess


def fetch(source_root, check):
    """The fetch-guests.sh report (kernel, busybox, ...) as a dict, or None after a failed check."""
    p = subprocess.run(["bash", os.path.join(source_root, "scripts", "fetch-guests.sh")],
                       capture_output=True, text=True)
    info = dict(l.split(": ", 1) for l in p.stdout.splitlines() if ": " in l)
    ok = p.returncode == 0 and "kernel" in info
    check("fetch-guests", ok, p.stderr[-2000:])
    return info if ok else None


def initramfs(source_root, out, checks, check, name="make-initramfs"):
    """Builds @out with @checks as its /init.d/checks (None: the default checks); TRUE if built."""
    p = subprocess.run(["bash", os.path.join(source_root, "scripts", "make-initramfs.sh"), out] +
                       ([checks] if checks else []), capture_output=True, text=True)
    ok = p.returncode == 0 and os.path.exists(out)
    check(name, ok, p.stderr[-2000:])
    return ok
