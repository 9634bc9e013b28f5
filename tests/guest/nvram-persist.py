#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""NVRAM kept in a drive's file, on modvm and on QEMU (the reference). Prints TAP.

  nvram-persist.py --modvm M --qemu Q --elf nvram-le.elf --work DIR

For each way of giving the drive (-drive if=pflash,...; -drive if=none,id=nv,... with
-global spapr-nvram.drive=nv) and each emulator, the guest program nvram-le.elf runs
twice on a fresh 16 KiB file: with "store" on its command line it writes a pattern
through RTAS nvram-store, then a second run prints what nvram-fetch finds. Checks: each
run reaches its end, modvm prints what QEMU prints, the second run sees the first run's
writes, and the files are byte for byte the same afterwards."""
import argparse
import os
import subprocess
import sys

BEGIN, END = "MODVM-TEST-BEGIN", "MODVM-TEST-END"
SIZE = 16 * 1024
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap  # noqa: E402  (tests/guest/tap.py)

TAP = Tap("/guest/nvram-persist")
check = TAP.check


def run(emulator, elf, drive_args, append, timeout):
    args = [emulator, "-M", "pseries,x-vof=on", "-cpu", "POWER9", "-m", "512M", "-nographic",
            "-nodefaults", "-serial", "stdio", "-no-reboot", "-kernel", elf,
            "-append", append] + drive_args
    try:
        p = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        out = (p.stdout + p.stderr).decode(errors="replace").replace("\r", "")
        code = p.returncode
    except subprocess.TimeoutExpired:
        return None, "timeout"
    lines = out.split("\n")
    begin = [i for i, l in enumerate(lines) if l.startswith(BEGIN)]
    end = [i for i, l in enumerate(lines) if l.startswith(END)]
    if code != 0 or not begin or not end:
        return None, f"exit status {code}\n{out[-3000:]}"
    return lines[begin[0] + 1:end[0]], out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--modvm", required=True)
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--timeout", type=float, default=120)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)

    ways = {
        "pflash": lambda f: ["-drive", f"if=pflash,file={f},format=raw"],
        "global": lambda f: ["-drive", f"if=none,id=nv,file={f},format=raw",
                             "-global", "spapr-nvram.drive=nv"],
    }
    for way, drive in ways.items():
        outputs, files = {}, {}
        for name, emulator in (("qemu", a.qemu), ("modvm", a.modvm)):
            path = os.path.join(a.work, f"nvram-{way}-{name}.bin")
            with open(path, "wb") as f:
                f.write(bytes(SIZE))
            first, d1 = run(emulator, a.elf, drive(path), "store", a.timeout)
            second, d2 = run(emulator, a.elf, drive(path), "fetch", a.timeout)
            check(f"{way}-{name}-runs", first is not None and second is not None,
                  d1 if first is None else d2)
            if first is None or second is None:
                continue
            outputs[name] = (first, second)
            with open(path, "rb") as f:
                files[name] = f.read()
            # The second run sees the pattern the first stored (and the file has it).
            stored = [l for l in first if l.startswith("fetch 0x100+32") ][-1:]
            check(f"{way}-{name}-persists", stored and stored[0] in second
                  and "nvram #bytes: 16384" in second and files[name] != bytes(SIZE),
                  "first run:\n" + "\n".join(first) + "\nsecond run:\n" + "\n".join(second))
        if len(outputs) == 2:
            check(f"{way}-same-output", outputs["qemu"] == outputs["modvm"],
                  "qemu:\n" + "\n".join(sum(outputs["qemu"], [])) +
                  "\nmodvm:\n" + "\n".join(sum(outputs["modvm"], [])))
            check(f"{way}-same-file", files["qemu"] == files["modvm"],
                  f"the files differ in {sum(x != y for x, y in zip(files['qemu'], files['modvm']))}"
                  " bytes")
    return TAP.finish()


if __name__ == "__main__":
    sys.exit(main())
