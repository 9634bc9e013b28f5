#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Boots pseries with nothing to boot through SLOF (the default firmware, Debian's slof.bin) on
modvm and on QEMU (the reference), types at the Open Firmware prompt both reach, and compares
what the console shows. Prints TAP.

  prompt.py --modvm M --qemu Q [--cpu POWER9] [--reset] [--timeout S]

--reset ends with reset-all: SLOF boots again (RTAS system-reboot, the machine's reset)
and finds the NVRAM partition it made the first time.

The console text is compared line by line once the terminal control sequences and SLOF's
progress codes (C0000...) are taken out."""
import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

PROMPT = b"0 > "
# What is typed at the prompt, one line each time it shows, and what Forth must answer.
TYPED = [(b"\r", "ok"), (b"1 2 + .\r", "3  ok"), (b"decimal 6 7 * .\r", "42  ok")]
ESCAPES = re.compile(rb"\x1b(\[[0-9;?]*[A-Za-z]|[78])")
PROGRESS = re.compile(r"^C[0-9A-F]{4}$")

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import Tap  # noqa: E402  (tests/guest/tap.py)

TAP = Tap("/guest/slof")
check = TAP.check


class Console:
    """An emulator on a pipe: what it printed so far, and a way to wait for more."""

    def __init__(self, args):
        # The console only: the emulators' own messages (QEMU's "terminating on signal")
        # go to stderr, kept for the failure report.
        self.err = tempfile.TemporaryFile()
        self.p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=self.err, start_new_session=True)
        self.out = bytearray()
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            b = os.read(self.p.stdout.fileno(), 4096)
            with self.cond:
                if not b:
                    self.cond.notify_all()
                    return
                self.out += b
                self.cond.notify_all()

    def wait_for(self, what, start, deadline):
        """The offset just after @what at or past @start, or None at the deadline or exit."""
        with self.cond:
            while True:
                at = self.out.find(what, start)
                if at >= 0:
                    return at + len(what)
                left = deadline - time.monotonic()
                if left <= 0 or self.p.poll() is not None:
                    return None
                self.cond.wait(min(left, 1.0))

    def type(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def stop(self):
        if self.p.poll() is None:
            os.killpg(self.p.pid, signal.SIGTERM)
            try:
                self.p.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.p.pid, signal.SIGKILL)
                self.p.wait()


def session(emulator, cpu, reset, timeout):
    """Runs one emulator to the prompt and through TYPED; (console lines, seconds to prompt)."""
    args = [emulator, "-M", "pseries", "-cpu", cpu, "-m", "1G", "-nographic", "-nodefaults",
            "-serial", "mon:stdio"]
    start = time.monotonic()
    c = Console(args)
    deadline = start + timeout
    to_prompt = None
    try:
        at = c.wait_for(PROMPT, 0, deadline)
        if at is not None:
            to_prompt = time.monotonic() - start
        for data in [d for d, _ in TYPED] + ([b"reset-all\r"] if reset else []):
            if at is None:
                break
            c.type(data)
            at = c.wait_for(PROMPT, at, deadline)
    finally:
        c.stop()
    c.err.seek(0)
    err = c.err.read().decode(errors="replace")
    if to_prompt is None and err:
        print("# " + emulator + " stderr:\n# " + "\n# ".join(err.splitlines()[-20:]))
    return lines(bytes(c.out)), to_prompt


def lines(raw):
    # The emulator is stopped at the last prompt, possibly in the middle of an escape
    # sequence SLOF was writing after it: that unfinished sequence is not console text.
    raw = re.sub(rb"\x1b(\[[0-9;?]*)?$", b"", bytes(raw))
    text = ESCAPES.sub(b"", raw).decode(errors="replace")
    out = []
    for line in re.split(r"[\r\n]+", text):
        line = line.rstrip()
        if line and not PROGRESS.match(line.strip()):
            out.append(line)
    return out


def firmware_part(console):
    """From SLOF's first line on (the emulators' own messages come before it)."""
    for i, line in enumerate(console):
        if line.startswith("SLOF"):
            return console[i:]
    return []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--modvm", required=True)
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--cpu", default="POWER9")
    ap.add_argument("--reset", action="store_true", help="end with reset-all")
    ap.add_argument("--timeout", type=float, default=600)
    a = ap.parse_args()

    q_lines, q_time = session(a.qemu, a.cpu, a.reset, a.timeout)
    m_lines, m_time = session(a.modvm, a.cpu, a.reset, a.timeout)
    q_fw, m_fw = firmware_part(q_lines), firmware_part(m_lines)
    check("qemu-reaches-prompt", q_time is not None, "\n".join(q_lines[-30:]))
    check("modvm-reaches-prompt", m_time is not None, "\n".join(m_lines[-30:]))
    for name, fw in (("qemu", q_fw), ("modvm", m_fw)):
        answers = [l for l in fw if l.startswith("0 >")]
        check(f"{name}-answers", all(any(l.endswith(want) for l in answers)
                                     for _, want in TYPED), "\n".join(answers))
    q_cmp, m_cmp = q_fw, m_fw
    check("same-console", q_cmp == m_cmp and any("Welcome to Open Firmware" in l for l in m_cmp),
          diff(q_cmp, m_cmp))
    check("same-banner", q_fw[:4] == m_fw[:4] and len(m_fw) >= 4,
          "qemu:\n" + "\n".join(q_fw[:4]) + "\nmodvm:\n" + "\n".join(m_fw[:4]))
    if a.reset:
        banners = sum(1 for l in m_fw if l.startswith("SLOF"))
        check("modvm-boots-again", banners == 2 and m_fw[-1].startswith("0 >"),
              f"{banners} SLOF banners, last line {m_fw[-1:]!r}")
    print(f"# {a.cpu}: to the prompt: modvm {m_time or 0:.1f} s, qemu {q_time or 0:.1f} s (wall)")
    return finish()


def diff(a, b):
    import difflib
    return "\n".join(difflib.unified_diff(a, b, "qemu", "modvm", lineterm=""))


def finish():
    return TAP.finish()


if __name__ == "__main__":
    sys.exit(main())
