#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The interactive console as a user at a terminal meets it: Debian's ppc64el kernel with the
busybox shell of scripts/run.sh, on modvm and on QEMU (the reference), each on a
pseudo-terminal of its own as with -nographic on a real terminal. Prints TAP.

  console.py --modvm M --qemu Q --source-root DIR --work DIR

On each emulator:
  prompt        the shell's greeting and prompt arrive
  command       a typed command runs and prints its result (typed characters are echoed)
  ctrl-c        Ctrl-C interrupts a command the shell runs (job control on hvc0; -nographic's
                stdio passes the character to the guest instead of raising SIGINT)
  ctrl-a-x      Ctrl-A x ends the emulator, with exit status 0
  terminal      the terminal's settings afterwards are those it had before (raw mode undone)
"""
import argparse
import os
import pty
import re
import select
import subprocess
import sys
import termios
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import Tap  # noqa: E402  (tests/guest/tap.py)
import guests  # noqa: E402  (tests/guest/linux/guests.py)

TAP = Tap("/guest/linux/console")
check = TAP.check
GREETING = "Ctrl-A x ends modvm."
PROMPT = "# "


class Terminal:
    """An emulator whose stdin, stdout and stderr are the slave side of a new pty."""

    def __init__(self, argv):
        self.master, self.slave = pty.openpty()
        self.before = termios.tcgetattr(self.slave)
        self.proc = subprocess.Popen(argv, stdin=self.slave, stdout=self.slave, stderr=self.slave,
                                     start_new_session=True, close_fds=True)
        self.out = b""

    def text(self):
        # Without the escape sequences of busybox's line editing (e.g. its cursor position query).
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "",
                      self.out.decode(errors="replace").replace("\r", ""))

    def read(self, timeout):
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                data = b""
            self.out += data
            return bool(data)
        return True

    def wait_for(self, pred, timeout):
        deadline = time.monotonic() + timeout
        while not pred():
            if time.monotonic() > deadline or self.proc.poll() is not None and not self.read(0):
                return pred()
            self.read(0.2)
        return True

    def type(self, data):
        # A person types: one character at a time, so no line is lost to a full buffer.
        for ch in data:
            os.write(self.master, bytes([ch]))
            time.sleep(0.01)

    def expect_after(self, mark, needle, timeout):
        """Waits for @needle in what arrived after offset @mark."""
        return self.wait_for(lambda: needle in self.text()[mark:], timeout)

    def close(self, timeout):
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self.read(0)
        after = termios.tcgetattr(self.slave)
        os.close(self.master)
        os.close(self.slave)
        return code, after


def session(name, emulator, kernel, initrd, timeout):
    t = Terminal([emulator, "-M", "pseries,x-vof=on", "-cpu", "POWER9", "-m", "1G", "-nographic",
                  "-kernel", kernel, "-initrd", initrd, "-append", "console=hvc0 quiet"])
    ok = t.wait_for(lambda: GREETING in t.text() and t.text().rstrip(" ").endswith("#"), timeout)
    check(f"{name}-prompt", ok, t.text()[-3000:])
    if ok:
        mark = len(t.text())
        t.type(b"echo $((6*7))modvm\r")
        # The shell computes what was typed: "42modvm" appears only if the command ran.
        check(f"{name}-command", t.expect_after(mark, "42modvm\n", 60),
              t.text()[-2000:])
        t.expect_after(mark, PROMPT, 30)
        mark = len(t.text())
        t.type(b"sleep 600; echo $((3+4))-uninterrupted\r")
        t.expect_after(mark, "sleep 600", 30)
        time.sleep(1)
        mark = len(t.text())
        t.type(b"\x03")
        t.expect_after(mark, PROMPT, 60)
        mark = len(t.text())
        t.type(b"echo after-$((1+1))\r")
        check(f"{name}-ctrl-c", t.expect_after(mark, "after-2\n", 60) and
              "7-uninterrupted" not in t.text(), t.text()[-2000:])
    t.type(b"\x01x")
    code, after = t.close(60)
    check(f"{name}-ctrl-a-x", code == 0, f"exit status {code}\n" + t.text()[-2000:])
    # iflag, oflag, cflag, lflag and the control characters; the speeds cannot change on a pty.
    check(f"{name}-terminal", after[:4] == t.before[:4] and after[6] == t.before[6],
          f"before {t.before[:4]}, after {after[:4]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--modvm", required=True)
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--source-root", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--timeout", type=float, default=600)
    a = ap.parse_args()

    info = guests.fetch(a.source_root, check)
    if info is None:
        return TAP.finish()
    os.makedirs(a.work, exist_ok=True)
    initrd = os.path.join(a.work, "shell.cpio.gz")
    if not guests.initramfs(a.source_root, initrd,
                            os.path.join(a.source_root, "scripts", "guest", "interactive-shell"), check):
        return TAP.finish()
    for name, emulator in (("qemu", a.qemu), ("modvm", a.modvm)):
        session(name, emulator, info["kernel"], initrd, a.timeout)
    return TAP.finish()


if __name__ == "__main__":
    sys.exit(main())
