#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Boots Debian's ppc64el kernel with the test initramfs to its shell checks and back to
power-off on modvm and on QEMU side by side, and prints wall time, peak RSS and the ratios.

  bench/boot.py                                   VOF and SLOF, POWER9 and POWER8, 1 run each
  bench/boot.py --firmware vof --cpu POWER9 --runs 3
  bench/boot.py --modvm /tmp/build-x/core/modvm   another build (or MODVM=...)

The kernel and busybox come from scripts/fetch-guests.sh, the initramfs from
scripts/make-initramfs.sh (its /init prints its checks and powers off). Firmware "vof" is
-M pseries,x-vof=on; "slof" is the default firmware (QEMU's slof.bin). Where modvm cannot
boot a configuration yet (it refuses the command line or never reaches the checks), the
row says so instead of a ratio. ratio = modvm / QEMU (above 1: modvm is slower or bigger).
Medians over --runs. Nothing is asserted: the exit status is non-zero only if QEMU fails.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
END = "MODVM-INITRAMFS-END"


def boot(emulator, kernel, initrd, firmware, cpu, timeout):
    """(ok, wall seconds, peak RSS in KiB, the last lines of output)."""
    machine = "pseries,x-vof=on" if firmware == "vof" else "pseries"
    args = [emulator, "-M", machine, "-cpu", cpu, "-m", "1G", "-nographic", "-kernel", kernel,
            "-initrd", initrd, "-append", "console=hvc0 quiet"]
    with tempfile.TemporaryFile() as out:
        start = time.monotonic()
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        wall = time.monotonic() - start
        out.seek(0)
        text = out.read().decode(errors="replace").replace("\r", "")
    ok = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and END in text.split("\n")
    return ok, wall, usage.ru_maxrss, text.strip().split("\n")[-3:]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--modvm", default=os.environ.get("MODVM",
                                                      os.path.join(ROOT, "build", "core", "modvm")))
    ap.add_argument("--qemu", default="qemu-system-ppc64")
    ap.add_argument("--firmware", action="append", choices=["vof", "slof"])
    ap.add_argument("--cpu", action="append")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=900)
    a = ap.parse_args()
    firmwares = a.firmware or ["vof", "slof"]
    cpus = a.cpu or ["POWER9", "POWER8"]

    fetch = subprocess.run(["bash", os.path.join(ROOT, "scripts", "fetch-guests.sh")],
                           capture_output=True, text=True, check=True)
    info = dict(l.split(": ", 1) for l in fetch.stdout.splitlines() if ": " in l)
    work = tempfile.mkdtemp(prefix="modvm-bench-boot.")
    initrd = os.path.join(work, "initrd.cpio.gz")
    subprocess.run(["bash", os.path.join(ROOT, "scripts", "make-initramfs.sh"), initrd],
                   capture_output=True, check=True)

    hdr = (f"{'firmware':8} {'cpu':7} {'modvm s':>8} {'QEMU s':>8} {'ratio':>6}   "
           f"{'modvm RSS':>9} {'QEMU RSS':>9} {'ratio':>6}")
    print(f"# kernel {info.get('kernel-version', '?')}, {a.runs} run(s) each, medians; "
          "wall time from start to power-off")
    print(hdr)
    print("-" * len(hdr), flush=True)
    failed = False
    for fw in firmwares:
        for cpu in cpus:
            q = [boot(a.qemu, info["kernel"], initrd, fw, cpu, a.timeout) for _ in range(a.runs)]
            m = [boot(a.modvm, info["kernel"], initrd, fw, cpu, a.timeout)
                 for _ in range(a.runs)]
            if not all(r[0] for r in q):
                failed = True
                print(f"{fw:8} {cpu:7} QEMU did not boot: {' | '.join(q[0][3])}", flush=True)
                continue
            q_s = statistics.median(r[1] for r in q)
            q_rss = max(r[2] for r in q) / 1024
            if not all(r[0] for r in m):
                why = next((l for l in m[0][3] if l.startswith("modvm:")), m[0][3][-1])
                print(f"{fw:8} {cpu:7} {'-':>8} {q_s:8.1f} {'-':>6}   {'-':>9} {q_rss:8.0f}M "
                      f"{'-':>6}   modvm does not support this yet: {why}", flush=True)
                continue
            m_s = statistics.median(r[1] for r in m)
            m_rss = max(r[2] for r in m) / 1024
            print(f"{fw:8} {cpu:7} {m_s:8.1f} {q_s:8.1f} {m_s / q_s:6.2f}   {m_rss:8.0f}M "
                  f"{q_rss:8.0f}M {m_rss / q_rss:6.2f}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
