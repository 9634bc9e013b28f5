#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs bare-metal guest test programs on QEMU and modvm and compares what they print.

Each program prints "MODVM-TEST-BEGIN <name> <endian>", its result lines and
"MODVM-TEST-END <name>", then powers off; only the lines between the markers
are compared (firmware and handover noise stays out).

Modes:
  diff   (default) run QEMU and modvm; the reference is QEMU's output, or
         expected/<prog>.txt where QEMU is wrong by the ISA (that file says why);
  qemu   run QEMU only and compare with golden/<prog>.txt (QEMU's committed output);
  modvm  run modvm only and compare with expected/<prog>.txt or golden/<prog>.txt.
--update writes golden/<prog>.txt from QEMU's output (qemu mode).

The exit status is 0 only if every program reached its end marker, powered
off, and matched. <prog> is the ELF file name without ".elf" (e.g. arith-le).
"""

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import time

BEGIN = "MODVM-TEST-BEGIN"
END = "MODVM-TEST-END"
HERE = os.path.dirname(os.path.abspath(__file__))
MAX_DIFF_LINES = 200
RANDOM_HINT = "tests/guest/{arch}/random/gen.py --seed {seed} --list {block}"


def machine_args(elf, arch, cpu, extra=()):
    """The command line both emulators get (modvm takes QEMU's syntax)."""
    if arch != "ppc64":
        raise SystemExit(f"unknown guest architecture {arch}")
    return ["-M", "pseries,x-vof=on", "-cpu", cpu, "-m", "512M",
            "-nographic", "-nodefaults", "-serial", "stdio", "-no-reboot",
            "-kernel", elf] + list(extra)


class Run:
    def __init__(self, lines, complete, status, seconds, raw):
        self.lines = lines          # the lines between the markers
        self.complete = complete    # END marker seen
        self.status = status        # text: how the emulator ended
        self.seconds = seconds
        self.raw = raw              # whole console output, for diagnosis


def run(emulator, elf, arch, cpu, timeout, extra=()):
    cmd = [emulator] + machine_args(elf, arch, cpu, extra)
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout)
        out, err = proc.stdout, proc.stderr
        status = f"exit status {proc.returncode}"
        timed_out = False
    except subprocess.TimeoutExpired as e:
        out, err = e.stdout or b"", e.stderr or b""
        status = f"timed out after {timeout}s (no power-off)"
        timed_out = True
    except OSError as e:
        return Run([], False, f"cannot run {emulator}: {e}", 0.0, "")
    seconds = time.monotonic() - start
    text = out.decode("utf-8", "replace").replace("\r", "")
    lines, inside, complete = [], False, False
    for line in text.split("\n"):
        if line.startswith(BEGIN):
            lines, inside = [], True
            continue
        if line.startswith(END):
            complete = inside
            inside = False
            continue
        if inside:
            lines.append(line)
    if complete and timed_out:
        complete = False
    while not complete and lines and not lines[-1]:
        lines.pop()
    errtext = err.decode("utf-8", "replace").strip()
    if not complete and errtext:
        status += "; stderr: " + errtext[-2000:]
    return Run(lines, complete, status, seconds, text)


def read_reference(path):
    """A golden or expected file: '#' lines at the top are comments (citations)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def write_golden(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def random_hints(name, ref, got, arch):
    """For random-s<seed> programs: the blocks that diverged and how to list their streams."""
    if not name.startswith("random-s"):
        return
    seed = name[len("random-s"):].split("-")[0]
    blocks = sorted({a.split()[1] for a, b in zip(ref, got)
                     if a != b and a.startswith("block ")}, key=int)
    for block in blocks:
        print(f"    block {block} diverged: " +
              RANDOM_HINT.format(arch=arch, seed=seed, block=block))


def compare(name, ref_label, ref, got_label, got):
    """Prints a unified diff; returns True if equal."""
    if ref == got:
        return True
    diff = list(difflib.unified_diff(ref, got, ref_label, got_label, lineterm="", n=2))
    first = next((i for i, (a, b) in enumerate(zip(ref, got)) if a != b), min(len(ref), len(got)))
    print(f"FAIL {name}: output differs from {ref_label} (first at result line {first + 1}; "
          f"{len(ref)} vs {len(got)} lines)")
    for line in diff[:MAX_DIFF_LINES]:
        print("    " + line)
    if len(diff) > MAX_DIFF_LINES:
        print(f"    ... {len(diff) - MAX_DIFF_LINES} more diff lines (--max-diff-lines)")
    return False


def describe_incomplete(name, who, r):
    print(f"FAIL {name}: {who} did not reach the end marker ({r.status}); "
          f"{len(r.lines)} result lines")
    tail = [l for l in r.raw.split("\n") if l.strip()][-15:]
    for line in tail:
        print(f"    {who}| {line}")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("programs", nargs="+", help="guest ELF files")
    ap.add_argument("--mode", choices=["diff", "qemu", "modvm"], default="diff")
    ap.add_argument("--qemu", default=shutil.which("qemu-system-ppc64") or "qemu-system-ppc64")
    ap.add_argument("--modvm", default=os.path.join(HERE, "..", "..", "build", "core", "modvm"))
    ap.add_argument("--arch", default="ppc64")
    ap.add_argument("--cpu", default="POWER9", help="-cpu model for both emulators")
    ap.add_argument("--emu-arg", action="append", default=[], metavar="ARG",
                    help="one more argument for both emulators (repeat; --emu-arg=-rtc)")
    ap.add_argument("--dir", default=None,
                    help="folder with golden/ and expected/ (default: tests/guest/<arch>)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per run")
    ap.add_argument("--update", action="store_true", help="qemu mode: rewrite the golden files")
    ap.add_argument("--max-diff-lines", type=int, default=MAX_DIFF_LINES)
    ap.add_argument("-v", "--verbose", action="store_true", help="print the whole console output")
    args = ap.parse_args()
    globals()["MAX_DIFF_LINES"] = args.max_diff_lines

    base = args.dir or os.path.join(HERE, args.arch)
    failed = 0
    for elf in args.programs:
        name = os.path.basename(elf)
        if name.endswith(".elf"):
            name = name[:-4]
        golden = os.path.join(base, "golden", name + ".txt")
        expected = os.path.join(base, "expected", name + ".txt")
        ok = True

        if args.mode in ("diff", "qemu"):
            q = run(args.qemu, elf, args.arch, args.cpu, args.timeout, args.emu_arg)
            if args.verbose:
                print(q.raw)
            if not q.complete:
                describe_incomplete(name, "qemu", q)
                failed += 1
                continue

        if args.mode == "qemu":
            if args.update:
                write_golden(golden, q.lines)
                print(f"UPDATED {golden} ({len(q.lines)} lines, {q.seconds:.1f}s)")
                continue
            if not os.path.exists(golden):
                print(f"FAIL {name}: no golden file {golden} (run with --update)")
                failed += 1
                continue
            ok = compare(name, f"golden/{name}.txt", read_reference(golden), "qemu", q.lines)
            if ok:
                print(f"PASS {name}: qemu matches golden ({len(q.lines)} lines, {q.seconds:.1f}s)")
            failed += not ok
            continue

        m = run(args.modvm, elf, args.arch, args.cpu, args.timeout, args.emu_arg)
        if args.verbose:
            print(m.raw)
        if not m.complete:
            describe_incomplete(name, "modvm", m)
            failed += 1
            continue
        if os.path.exists(expected):
            ref_label, ref = f"expected/{name}.txt", read_reference(expected)
        elif args.mode == "diff":
            ref_label, ref = "qemu", q.lines
        elif os.path.exists(golden):
            ref_label, ref = f"golden/{name}.txt", read_reference(golden)
        else:
            print(f"FAIL {name}: no golden or expected file to compare modvm with")
            failed += 1
            continue
        ok = compare(name, ref_label, ref, "modvm", m.lines)
        if not ok:
            random_hints(name, ref, m.lines, args.arch)
        if ok:
            timing = f"modvm {m.seconds:.1f}s"
            if args.mode == "diff":
                timing = f"qemu {q.seconds:.1f}s, " + timing
            print(f"PASS {name}: modvm matches {ref_label} ({len(ref)} lines; {timing})")
        failed += not ok

    total = len(args.programs)
    print(f"run-diff: {total} programs, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
