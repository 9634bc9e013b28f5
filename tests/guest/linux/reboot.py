#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Reboots Debian 12's ppc64el kernel on modvm and on QEMU (the reference) and checks that
both behave the same way. Prints TAP.

  reboot.py --modvm M --qemu Q --source-root DIR --work DIR [--cpu POWER9] [--smp 1]

Three runs on each emulator:
  no-reboot     /init runs `reboot -f` (RTAS system-reboot) under -no-reboot: the emulator
                exits with status 0 after "reboot: Restarting system", booted once.
  guest-reboot  the same /init without -no-reboot: the machine resets and the kernel boots
                again; QMP reports one RESET (guest, guest-reset) between the two boots; the
                test quits through QMP once the second boot reaches /init.
  qmp-reset     an /init that waits; QMP system_reset restarts the guest (RESET with
                guest false, host-qmp-system-reset) and it boots again.
  nmi           the waiting /init; QMP inject-nmi sends every CPU a system reset, which
                Linux takes through its firmware-assisted NMI handler (ibm,nmi-register,
                cap-fwnmi on by default): "Oops: System Reset", a panic, RTAS ibm,os-term.
                With the default -action panic=shutdown the emulator exits 0 after
                GUEST_PANICKED (poweroff) and SHUTDOWN (guest-panic); with panic=pause it
                stops in state guest-panicked until QMP quit.
"""
import argparse
import json
import os
import select
import socket
import subprocess
import sys
import tempfile
import time

BEGIN = "MODVM-INITRAMFS-BEGIN"
RESTART = "reboot: Restarting system"

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tap import Tap  # noqa: E402  (tests/guest/tap.py)
import guests  # noqa: E402  (tests/guest/linux/guests.py)

TAP = Tap("/guest/linux/reboot")
check = TAP.check


class Run:
    """An emulator with its console on a pipe and a QMP socket; events are collected."""

    def __init__(self, emulator, args, qmp_path):
        self.qmp_path = qmp_path
        self.proc = subprocess.Popen([emulator] + args + ["-qmp", f"unix:{qmp_path},server=on,wait=off"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.out = b""
        self.events = []        # (name, data, console offset when it arrived)
        self.replies = []       # the "return" of each command, in order
        self.qmp = None
        self.qbuf = b""

    def connect(self, deadline):
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(self.qmp_path)
                self.qmp = s
                self.command("qmp_capabilities")
                return True
            except (FileNotFoundError, ConnectionRefusedError):
                s.close()
                self.pump(0.1)
        return False

    def command(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.qmp.sendall(json.dumps(msg).encode() + b"\n")

    def text(self):
        return self.out.decode(errors="replace").replace("\r", "")

    def pump(self, timeout):
        """Reads what arrived within @timeout seconds; FALSE once the emulator is gone."""
        fds = [self.proc.stdout] + ([self.qmp] if self.qmp else [])
        ready, _, _ = select.select(fds, [], [], timeout)
        if self.proc.stdout in ready:
            data = os.read(self.proc.stdout.fileno(), 65536)
            if not data:
                self.proc.wait()
                return False
            self.out += data
        if self.qmp and self.qmp in ready:
            try:
                data = self.qmp.recv(65536)
            except ConnectionResetError:
                data = b""
            if not data:
                self.qmp.close()
                self.qmp = None
            self.qbuf += data
            while b"\n" in self.qbuf:
                line, self.qbuf = self.qbuf.split(b"\n", 1)
                if line.strip():
                    msg = json.loads(line)
                    if "event" in msg:
                        self.events.append((msg["event"], msg.get("data", {}),
                                            len(self.text())))
                    elif "return" in msg or "error" in msg:
                        self.replies.append(msg)
        return True

    def wait_for(self, pred, deadline):
        while not pred():
            if time.monotonic() > deadline or not self.pump(0.5):
                return pred()
        return True

    def finish(self, deadline):
        """Reads until the emulator exits (or kills it at @deadline); its exit status."""
        while self.pump(0.5):
            if time.monotonic() > deadline:
                self.proc.kill()
        self.proc.wait()
        while self.pump(0):
            pass
        return self.proc.returncode


def emulator_args(kernel, initrd, cpu, smp, extra):
    return ["-M", "pseries,x-vof=on", "-cpu", cpu, "-smp", smp, "-m", "1G", "-nographic",
            "-kernel", kernel, "-initrd", initrd, "-append", "console=hvc0 quiet"] + extra


def run_no_reboot(name, emulator, kernel, initrd, cpu, smp, timeout):
    with tempfile.TemporaryDirectory() as tmp:
        r = Run(emulator, emulator_args(kernel, initrd, cpu, smp, ["-no-reboot"]),
                os.path.join(tmp, "qmp"))
        deadline = time.monotonic() + timeout
        r.connect(deadline)
        code = r.finish(deadline)
    out = r.text()
    shutdowns = [d for e, d, _ in r.events if e == "SHUTDOWN"]
    check(f"{name}-no-reboot-exits-0", code == 0, f"exit status {code}\n" + out[-3000:])
    check(f"{name}-no-reboot-restarting", out.count(BEGIN) == 1 and RESTART in out,
          out[-3000:])
    check(f"{name}-no-reboot-event", shutdowns == [{"guest": True, "reason": "guest-reset"}],
          repr(r.events))


def run_reboot(name, emulator, kernel, initrd, cpu, smp, timeout, qmp_reset):
    """Two boots: by the guest's reboot, or by QMP system_reset once the first reached /init."""
    test = f"{name}-{'qmp-reset' if qmp_reset else 'guest-reboot'}"
    with tempfile.TemporaryDirectory() as tmp:
        r = Run(emulator, emulator_args(kernel, initrd, cpu, smp, []), os.path.join(tmp, "qmp"))
        deadline = time.monotonic() + timeout
        connected = r.connect(deadline)
        if qmp_reset and connected and r.wait_for(lambda: BEGIN in r.text(), deadline):
            r.command("system_reset")
        second = connected and r.wait_for(lambda: r.text().count(BEGIN) >= 2, deadline)
        if r.qmp:
            r.command("quit")
        code = r.finish(time.monotonic() + 60)
    out = r.text()
    first_end = out.find(BEGIN)
    second_begin = out.find(BEGIN, first_end + 1)
    resets = [(d, at) for e, d, at in r.events if e == "RESET"]
    want = {"guest": False, "reason": "host-qmp-system-reset"} if qmp_reset else \
        {"guest": True, "reason": "guest-reset"}
    check(f"{test}-boots-twice", second and second_begin > 0, out[-3000:])
    if not qmp_reset:
        check(f"{test}-restarting", RESTART in out[first_end:second_begin], out[-3000:])
    check(f"{test}-reset-event",
          len(resets) == 1 and resets[0][0] == want and first_end < resets[0][1] <= second_begin,
          repr(r.events))
    check(f"{test}-quit", code == 0 and
          [d for e, d, _ in r.events if e == "SHUTDOWN"] == [{"guest": False,
                                                               "reason": "host-qmp-quit"}],
          f"exit status {code}; events {r.events!r}")


def run_nmi(name, emulator, kernel, initrd, cpu, smp, timeout, pause):
    test = f"{name}-nmi{'-pause' if pause else ''}"
    extra = ["-action", "panic=pause"] if pause else []
    with tempfile.TemporaryDirectory() as tmp:
        r = Run(emulator, emulator_args(kernel, initrd, cpu, smp, extra), os.path.join(tmp, "qmp"))
        deadline = time.monotonic() + timeout
        if r.connect(deadline) and r.wait_for(lambda: BEGIN in r.text(), deadline):
            r.command("inject-nmi")
            if pause:
                r.wait_for(lambda: any(e == "STOP" for e, _, _ in r.events), deadline)
                r.command("query-status")
                r.wait_for(lambda: len(r.replies) >= 3, deadline)
                r.command("quit")
        code = r.finish(deadline)
    out = r.text()
    after = out[out.find(BEGIN):] if BEGIN in out else ""
    check(f"{test}-oops", "Oops: System Reset" in after and
          "Kernel panic - not syncing: System Reset" in after, out[-3000:])
    # Linux checks that the r3 the firmware saved lies in its RTAS area (fwnmi_get_savep).
    check(f"{test}-fwnmi-save-area", "FWNMI: corrupt r3" not in out, out[-3000:])
    events = [(e, d) for e, d, _ in r.events]
    if pause:
        status = [m["return"].get("status") for m in r.replies
                  if isinstance(m.get("return"), dict) and "status" in m["return"]]
        check(f"{test}-events", events == [("GUEST_PANICKED", {"action": "pause"}), ("STOP", {}),
                                           ("SHUTDOWN", {"guest": False, "reason": "host-qmp-quit"})],
              repr(r.events))
        check(f"{test}-status", status == ["guest-panicked"] and code == 0,
              f"exit status {code}; replies {r.replies!r}")
    else:
        check(f"{test}-events", events == [("GUEST_PANICKED", {"action": "poweroff"}),
                                           ("SHUTDOWN", {"guest": True, "reason": "guest-panic"})],
              repr(r.events))
        check(f"{test}-exits-0", code == 0, f"exit status {code}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--modvm", required=True)
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--source-root", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--cpu", default="POWER9")
    ap.add_argument("--smp", default="1")
    ap.add_argument("--timeout", type=float, default=600)
    a = ap.parse_args()

    info = guests.fetch(a.source_root, check)
    if info is None:
        return finish()
    os.makedirs(a.work, exist_ok=True)
    initrds = {}
    for kind, script in (("reboot", "/bin/busybox reboot -f\n"),
                         ("wait", "/bin/busybox sleep 3600\n")):
        checks = os.path.join(a.work, f"{kind}.sh")
        with open(checks, "w") as f:
            f.write(script)
        initrds[kind] = os.path.join(a.work, f"{kind}.cpio.gz")
        if not guests.initramfs(a.source_root, initrds[kind], checks, check,
                                f"make-initramfs-{kind}"):
            return finish()

    tag = f"{a.cpu}-smp{a.smp}"
    for name, emulator in (("qemu", a.qemu), ("modvm", a.modvm)):
        run_no_reboot(f"{name}-{tag}", emulator, info["kernel"], initrds["reboot"], a.cpu,
                      a.smp, a.timeout)
        run_reboot(f"{name}-{tag}", emulator, info["kernel"], initrds["reboot"], a.cpu, a.smp,
                   a.timeout, qmp_reset=False)
        run_reboot(f"{name}-{tag}", emulator, info["kernel"], initrds["wait"], a.cpu, a.smp,
                   a.timeout, qmp_reset=True)
        for pause in (False, True):
            run_nmi(f"{name}-{tag}", emulator, info["kernel"], initrds["wait"], a.cpu, a.smp,
                    a.timeout, pause)
    return finish()


def finish():
    return TAP.finish()


if __name__ == "__main__":
    sys.exit(main())
