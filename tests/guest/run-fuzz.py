#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs the guest-side fuzzer (ppc64/hcallfuzz.c) on modvm and checks that the machine
survived it: the program reaches its end marker having issued every call, and modvm exits
with status 0 and without a sanitizer report. Prints TAP.

  run-fuzz.py --modvm M --elf hcallfuzz-le.elf [--append "seed=1 hcalls=N rtas=N"]

A failure prints the seed: run the same command line to reproduce it."""
import argparse
import subprocess
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--modvm", required=True)
ap.add_argument("--elf", required=True)
ap.add_argument("--append", default="seed=1 hcalls=1000000 rtas=200000")
ap.add_argument("--timeout", type=float, default=300)
a = ap.parse_args()

cmd = [a.modvm, "-M", "pseries,x-vof=on", "-cpu", "POWER9", "-m", "512M", "-nographic",
       "-nodefaults", "-serial", "stdio", "-no-reboot", "-device", "spapr-rng",
       "-kernel", a.elf, "-append", a.append]
want = dict(kv.split("=", 1) for kv in a.append.split() if "=" in kv)
try:
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=a.timeout)
    out = p.stdout.decode(errors="replace").replace("\r", "")
    err = p.stderr.decode(errors="replace")
    code = p.returncode
except subprocess.TimeoutExpired as e:
    out, err, code = (e.stdout or b"").decode(errors="replace"), "", "timeout"

lines = out.split("\n")
checks = [
    ("exit-status-0", code == 0, f"exit status {code}"),
    ("end-marker", "MODVM-TEST-END hcallfuzz" in lines, out[-2000:]),
    ("hcalls-issued", f"hcalls issued: {want.get('hcalls', '')}" in lines, out[-2000:]),
    ("rtas-issued", f"rtas calls issued: {want.get('rtas', '')}" in lines, out[-2000:]),
    ("no-sanitizer-report", "ERROR: AddressSanitizer" not in err and "runtime error:" not in err,
     err[-3000:]),
]
print(f"1..{len(checks)}")
for i, (name, ok, detail) in enumerate(checks, 1):
    print(f"{'ok' if ok else 'not ok'} {i} /guest/hcallfuzz/{name}")
    if not ok:
        print(f"# reproduce: {' '.join(cmd[:-1])} '{a.append}'")
        for line in str(detail).splitlines()[-30:]:
            print(f"# {line}")
for line in lines:
    if line.startswith("# hcall results") or line.startswith("# rtas results") or \
            line.startswith("# interrupts"):
        print(line)
sys.exit(0 if all(ok for _, ok, _ in checks) else 1)
