#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs bare-metal benchmark programs on modvm and on QEMU side by side and prints the ratios.

Each program (bench/ppc64/*.c, on the runtime of tests/guest/ppc64/runtime)
prints "bench <name> checksum=<hex> ticks=<n> tbfreq=<hz>" between the test
markers: the checksum must be the same on both emulators (a mismatch is an
error, not a number); ticks is the guest's own timebase difference around the
workload, so firmware and boot time stay out of it. The wall time of the
whole process and the peak RSS of the emulator are measured too.

The table shows medians over --runs runs. ratio = modvm / QEMU (above 1:
modvm is slower). No timing is ever asserted: the exit status is non-zero only
if a program failed to build, did not finish, or the checksums differ.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RUNTIME = os.path.join(ROOT, "tests", "guest", "ppc64", "runtime")
SRC = os.path.join(HERE, "ppc64")

# The programs: name, source file, extra compiler flags. Add a row to add a benchmark
# (floating point and vector ones: -mhard-float -maltivec -mvsx in their flags win over CFLAGS).
PROGRAMS = [
    ("sieve", "sieve.c", []),
    ("sieve-mmu", "sieve.c", ["-DBENCH_MMU=1"]),
    ("sieve-radix", "sieve.c", ["-DBENCH_MMU=2"]),
    ("intmix", "intmix.c", []),
    ("memcpy", "memcpy.c", []),
    ("memcpy-mmu", "memcpy.c", ["-DBENCH_MMU=1"]),
    ("memcpy-radix", "memcpy.c", ["-DBENCH_MMU=2"]),
    ("calls", "calls.c", []),
    ("fpvec", "fpvec.c", ["-mhard-float", "-maltivec", "-mvsx", "-fno-math-errno"]),
]

# The flags of tests/guest/meson.build (ppc64_cflags), little-endian.
CFLAGS = [
    "-mlittle-endian", "-mcpu=power9", "-O2", "-ffreestanding", "-nostdlib", "-static",
    "-fno-stack-protector", "-fno-asynchronous-unwind-tables",
    "-msoft-float", "-mno-altivec", "-mno-vsx", "-Wall", "-Wextra",
    "-I" + RUNTIME, "-I" + SRC, "-T", os.path.join(RUNTIME, "link.ld"),
    "-Wl,--build-id=none", "-Wl,--no-warn-rwx-segments",
]

LINE = re.compile(r"^bench (\S+) checksum=([0-9a-f]+) ticks=(\d+) tbfreq=(\d+)")


def machine_args(elf):
    """What tests/guest/run-diff.py gives both emulators."""
    return ["-M", "pseries,x-vof=on", "-cpu", "POWER9", "-m", "512M", "-nographic",
            "-nodefaults", "-serial", "stdio", "-no-reboot", "-kernel", elf]


def build(cc, outdir, quick):
    os.makedirs(outdir, exist_ok=True)
    rt = [os.path.join(RUNTIME, "crt0.S"), os.path.join(RUNTIME, "rt.c")]
    deps = [os.path.join(SRC, "bench.h"), __file__] + rt + \
           [os.path.join(RUNTIME, f) for f in ("rt.h", "rt-asm.h", "rt-radix.h", "link.ld")]
    elfs = {}
    for name, src, flags in PROGRAMS:
        elf = os.path.join(outdir, name + ".elf")
        srcpath = os.path.join(SRC, src)
        newest = max(os.path.getmtime(p) for p in deps + [srcpath])
        if not os.path.exists(elf) or os.path.getmtime(elf) < newest:
            cmd = [cc] + CFLAGS + flags + (["-DBENCH_QUICK"] if quick else []) + \
                  ['-DPROG_NAME="%s"' % name, "-o", elf] + rt + [srcpath]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode:
                sys.exit(f"building {name} failed:\n{' '.join(cmd)}\n{r.stderr}")
        elfs[name] = elf
    return elfs


class Result:
    def __init__(self, ok, why="", checksum=None, guest_s=None, wall_s=None, rss_kb=None):
        self.ok, self.why = ok, why
        self.checksum, self.guest_s, self.wall_s, self.rss_kb = checksum, guest_s, wall_s, rss_kb


def run_child(emulator, elf, name, timeout):
    start = time.monotonic()
    cmd = [emulator] + machine_args(elf)
    outpath = f"/tmp/modvm-bench-{os.getpid()}.out"
    with open(outpath, "wb") as outf:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=outf,
                                stderr=subprocess.STDOUT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                os.unlink(outpath)
                return Result(False, f"timed out after {timeout}s")
            time.sleep(0.005)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    with open(outpath, "rb") as f:
        text = f.read().decode("utf-8", "replace").replace("\r", "")
    os.unlink(outpath)
    for line in text.split("\n"):
        m = LINE.match(line)
        if m and m.group(1) == name:
            if "MODVM-TEST-END" not in text:
                break
            return Result(True, checksum=m.group(2),
                          guest_s=int(m.group(3)) / int(m.group(4)), wall_s=wall,
                          rss_kb=usage.ru_maxrss)
    tail = "\n".join(l for l in text.split("\n") if l.strip())[-1500:]
    return Result(False, f"no result line (exit status {proc.returncode}):\n{tail}")


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--modvm", default=None,
                    help="modvm binary (default: build/core/modvm, then $MODVM)")
    ap.add_argument("--qemu", default=shutil.which("qemu-system-ppc64") or "qemu-system-ppc64")
    ap.add_argument("--cc", default="powerpc64le-linux-gnu-gcc")
    ap.add_argument("--runs", type=int, default=3, help="runs per program and emulator (median)")
    ap.add_argument("--quick", action="store_true", help="small workloads, one run: a smoke test")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per run")
    ap.add_argument("--out", default=None, help="where the ELFs go (default: bench/build[-quick])")
    ap.add_argument("programs", nargs="*", help="run only these (default: all)")
    args = ap.parse_args()

    modvm = args.modvm or os.environ.get("MODVM") or os.path.join(ROOT, "build", "core", "modvm")
    if not os.access(modvm, os.X_OK):
        sys.exit(f"no modvm binary at {modvm}: build it or pass --modvm")
    if args.quick:
        args.runs = 1
    outdir = args.out or os.path.join(HERE, "build-quick" if args.quick else "build")
    elfs = build(args.cc, outdir, args.quick)
    names = args.programs or [p[0] for p in PROGRAMS]
    for n in names:
        if n not in elfs:
            sys.exit(f"unknown program {n} (known: {', '.join(elfs)})")

    load = os.getloadavg()
    print(f"# modvm {modvm}\n# qemu  {args.qemu}\n# runs {args.runs}, "
          f"{'quick' if args.quick else 'full'} workloads, {os.cpu_count()} CPUs, "
          f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    hdr = (f"{'program':<12} {'modvm s':>9} {'QEMU s':>9} {'ratio':>7}   "
           f"{'modvm wall':>10} {'QEMU wall':>10} {'ratio':>7}   {'modvm RSS':>10} {'QEMU RSS':>10}")
    print(hdr)
    print("-" * len(hdr), flush=True)
    failed = False
    for name in names:
        res = {"modvm": [], "qemu": []}
        err = None
        for _ in range(args.runs):
            for who, exe in (("qemu", args.qemu), ("modvm", modvm)):
                r = run_child(exe, elfs[name], name, args.timeout)
                if not r.ok:
                    err = f"{who}: {r.why}"
                    break
                res[who].append(r)
            if err:
                break
        sums = {r.checksum for rs in res.values() for r in rs}
        if not err and len(sums) != 1:
            err = "checksums differ: " + ", ".join(
                f"{who} {r.checksum}" for who, rs in res.items() for r in rs)
        if err:
            failed = True
            print(f"{name:<12} ERROR {err}", flush=True)
            continue
        g = {w: median([r.guest_s for r in rs]) for w, rs in res.items()}
        wl = {w: median([r.wall_s for r in rs]) for w, rs in res.items()}
        rss = {w: max(r.rss_kb for r in rs) / 1024 for w, rs in res.items()}
        print(f"{name:<12} {g['modvm']:9.3f} {g['qemu']:9.3f} {g['modvm'] / g['qemu']:7.2f}   "
              f"{wl['modvm']:10.3f} {wl['qemu']:10.3f} {wl['modvm'] / wl['qemu']:7.2f}   "
              f"{rss['modvm']:8.0f}Mi {rss['qemu']:8.0f}Mi", flush=True)
    load = os.getloadavg()
    print(f"# load average at end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
