#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Boots Debian 12's ppc64el kernel with a busybox initramfs on modvm and on QEMU (the
reference) and compares what the guest's /init reports. Prints TAP.

  boot.py --modvm M --qemu Q --source-root DIR --work DIR [--cpu POWER9] [--smp N]
          [--firmware vof|slof] [--checks SCRIPT --name NAME --expect LINE...
          -- EXTRA-EMULATOR-ARGS...]

--checks replaces the initramfs' default checks (scripts/make-initramfs.sh); --expect lines
must be in modvm's report; what follows -- goes to both emulators (devices, backends).

The kernel and busybox come from scripts/fetch-guests.sh (downloaded from Debian's archive
once and cached); the initramfs from scripts/make-initramfs.sh."""
import argparse
import os
import subprocess
import sys
import time

BEGIN, END = "MODVM-INITRAMFS-BEGIN", "MODVM-INITRAMFS-END"
# Lines not compared, by CPU model: none now. (MemTotal on POWER9 differed by 17664 KiB
# while modvm offered hash only: a radix guest's kernel reserves more at boot.)
NOT_COMPARED = {}

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import Tap  # noqa: E402  (tests/guest/tap.py)
import guests  # noqa: E402  (tests/guest/linux/guests.py)

TAP = Tap("/guest/linux")
check = TAP.check


def boot(emulator, kernel, initrd, cpu, smp, firmware, timeout, extra):
    # SLOF is pseries' default firmware; VOF is QEMU's x-vof=on.
    machine = "pseries" if firmware == "slof" else "pseries,x-vof=on"
    args = [emulator, "-M", machine, "-cpu", cpu, "-smp", smp, "-m", "1G", "-nographic",
            "-kernel", kernel, "-initrd", initrd, "-append", "console=hvc0 quiet"] + extra
    start = time.monotonic()
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                           stdin=subprocess.DEVNULL, errors="replace")
        code, out = p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) \
            else (e.stdout or "")
        code = "timeout"
    return code, out, time.monotonic() - start


def report(out):
    lines = out.replace("\r", "").splitlines()
    # The kernel's early console may stop mid-line when the real console takes over
    # (seen through SLOF on QEMU: "#1 SMP Debian 6.MODVM-INITRAMFS-BEGIN").
    begin = next((i for i, l in enumerate(lines) if l.endswith(BEGIN)), None)
    if begin is None or END not in lines[begin:]:
        return None
    return lines[begin + 1:lines.index(END, begin)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--modvm", required=True)
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--source-root", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--cpu", default="POWER9")
    ap.add_argument("--smp", default="1")
    ap.add_argument("--firmware", choices=("vof", "slof"), default="vof",
                    help="boot through VOF (x-vof=on) or through SLOF (the default firmware)")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--checks")
    ap.add_argument("--name", default="")
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("extra", nargs="*")
    a = ap.parse_args()

    info = guests.fetch(a.source_root, check)
    if info is None:
        return finish()
    os.makedirs(a.work, exist_ok=True)
    initrd = os.path.join(a.work, "initrd.cpio.gz")
    if not guests.initramfs(a.source_root, initrd, a.checks, check):
        return finish()

    q_code, q_out, q_time = boot(a.qemu, info["kernel"], initrd, a.cpu, a.smp, a.firmware,
                                 a.timeout, a.extra)
    m_code, m_out, m_time = boot(a.modvm, info["kernel"], initrd, a.cpu, a.smp, a.firmware,
                                 a.timeout, a.extra)
    q_rep, m_rep = report(q_out), report(m_out)
    tag = f"{a.name}{a.cpu}-smp{a.smp}" + ("-slof" if a.firmware == "slof" else "")
    check(f"qemu-boot-{tag}", q_code == 0 and q_rep is not None, q_out[-3000:])
    check(f"modvm-boot-{tag}", m_code == 0 and m_rep is not None
          and "reboot: Power down" in m_out, m_out[-3000:])
    if q_rep is not None and m_rep is not None:
        skip = NOT_COMPARED.get(a.cpu, ())
        q_cmp = [l for l in q_rep if not skip or not l.startswith(skip)]
        m_cmp = [l for l in m_rep if not skip or not l.startswith(skip)]
        check(f"same-report-{tag}", q_cmp == m_cmp and len(m_cmp) >= (1 if a.checks else 4),
              "qemu:\n" + "\n".join(q_rep) + "\nmodvm:\n" + "\n".join(m_rep))
        if not a.checks:
            check(f"cpus-online-{tag}", f"cpus: {a.smp}" in m_rep, "\n".join(m_rep))
        for line in a.expect:
            check(f"expect-{tag}: {line}", line in m_rep, "\n".join(m_rep))
    print(f"# {tag}: modvm {m_time:.1f} s, qemu {q_time:.1f} s (wall, boot to power-off)")
    return finish()


def finish():
    return TAP.finish()


if __name__ == "__main__":
    sys.exit(main())
