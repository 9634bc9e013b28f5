#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The modvm binary as users and scripts see it: listings, refusals, exit codes, --dump-machine."""
import json
import os
import subprocess
import sys
import tempfile

MODVM = sys.argv[1]
ABI = sys.argv[2]            # MAJOR.MINOR, from meson.build
BUILD_ROOT = os.environ["MODVM_BUILD_ROOT"]
results = []


def run(*args, env_extra=None, timeout=60):
    env = dict(os.environ)
    env.update(env_extra or {})
    p = subprocess.run([MODVM, *args], capture_output=True, text=True, env=env,
                       timeout=timeout, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=""):
    results.append((name, bool(cond), detail))


def expect_refusal(name, args, message, env_extra=None):
    code, out, err = run(*args, env_extra=env_extra)
    # Exit status 1 and a message: never a crash (negative codes are signals).
    check(name, code == 1 and message in err,
          f"exit {code}, stderr: {err.strip()[:400]!r}, wanted {message!r}")


def test_version():
    code, out, _ = run("-version")
    check("version", code == 0 and "modvm version" in out and f"plugin ABI {ABI}" in out
          and "dev-spapr" in out and "cpu-power" in out, out)


def test_machine_help():
    code, out, _ = run("-M", "help")
    lines = out.splitlines()
    check("machine-help/alias",
          any(l.startswith("pseries ") and "(alias of pseries-7.2)" in l for l in lines), out[:600])
    check("machine-help/default",
          any(l.startswith("pseries-7.2 ") and l.endswith("(default)") for l in lines), out[:600])
    check("machine-help/old-versions",
          any(l.startswith("pseries-2.1 ") for l in lines)
          and any(l.startswith("pseries-2.12-sxxm ") for l in lines), "")
    check("machine-help/s390", any(l.startswith("s390-ccw-virtio-7.2 ") for l in lines), "")


def test_device_help():
    code, out, _ = run("-device", "help")
    check("device-help/list", code == 0 and 'name "spapr-vty"' in out
          and 'name "spapr-rng"' in out, out[:800])
    code, out, _ = run("-device", "spapr-vty,help")
    check("device-help/props", code == 0 and "chardev" in out and "reg" in out, out)
    expect_refusal("device-help/unknown", ["-device", "warp-core,help"],
                   "no plugin provides type 'warp-core'")


def test_cpu_help():
    code, out, _ = run("-cpu", "help")
    check("cpu-help", code == 0 and "POWER9" in out and "POWER8" in out
          and "(default)" in out, out)
    expect_refusal("cpu/unknown", ["-M", "pseries", "-cpu", "POWER99", "--dump-machine"],
                   "unknown CPU model 'POWER99'")


def dump(*args):
    code, out, err = run(*args, "--dump-machine", "-serial", "null")
    if code != 0:
        return None, err
    return json.loads(out), err


def find(doc, path):
    for o in doc["objects"]:
        if o["path"] == path:
            return o
    return None


def test_dump_machine():
    doc, err = dump("-M", "pseries-6.1")
    check("dump/loads", doc is not None, err)
    if doc is None:
        return
    check("dump/chain", doc["version-chain"][0] == "pseries-6.1"
          and doc["version-chain"][-1] == "pseries-7.2", doc.get("version-chain"))
    m = find(doc, "/machine")
    check("dump/machine", m is not None and m["type"] == "spapr-machine", "")
    sources = {p["source"] for p in m["properties"].values()}
    check("dump/has-sources", "machine" in sources and "default" in sources, sources)
    cpu = find(doc, "/machine/cpu0")
    check("dump/cpu0", cpu is not None and cpu["realized"], cpu)
    # -global beats compat and the description; the user's -M value beats -global.
    doc2, err = dump("-M", "pseries-6.1,ram-size=768M", "-global", "spapr-machine.ram-size=2G",
                     "-global", "spapr-nvram.size=128K", "-m", "1G")
    m2 = find(doc2, "/machine") if doc2 else None
    check("dump/user-wins", m2 and m2["properties"]["ram-size"] == {"value": "1G", "source": "user"},
          m2 and m2["properties"]["ram-size"] or err)
    nv = [o for o in doc2["objects"] if o["type"] == "spapr-nvram"] if doc2 else []
    check("dump/global", len(nv) == 1 and nv[0]["properties"]["size"] ==
          {"value": "128K", "source": "global"}, nv)
    # As with QEMU, -nodefaults drops the default console but not NVRAM and the first PHB;
    # an explicit -serial (dump() gives one) still gets its vty.
    doc3, err = dump("-M", "pseries", "-nodefaults")
    types = [o["type"] for o in doc3["objects"]] if doc3 else []
    check("dump/nodefaults", doc3 is not None and types.count("spapr-vty") == 1
          and "spapr-nvram" in types and "spapr-pci-host-bridge" in types, err or types)
    doc4, err = dump("-M", "pseries")
    vty = find(doc4, "/machine/vio/vty@71000000") if doc4 else None
    check("dump/console-vty", vty is not None and vty["properties"]["chardev"]["value"] == "serial0",
          err or vty)
    # The default console is QEMU's -nographic one, mon:stdio: Ctrl-C goes to the guest.
    code, out, err = run("-M", "pseries", "--dump-machine")
    doc5 = json.loads(out) if code == 0 else None
    con = find(doc5, "/machine/chardev/serial0") if doc5 else None
    check("dump/console-ctrl-c-to-guest",
          con is not None and con["properties"]["signal"]["value"] == "off", err or con)
    doc6, err = dump("-M", "pseries", "-serial", "stdio")
    con = find(doc6, "/machine/chardev/serial0") if doc6 else None
    check("dump/serial-stdio-signals",
          con is not None and con["properties"]["signal"]["value"] == "on", err or con)


def test_drives():
    """-drive: raw files for pseries' NVRAM (if=pflash unit 0, or if=none and drive=)."""
    with tempfile.TemporaryDirectory() as tmp:
        nv16, nv4 = os.path.join(tmp, "nv16.bin"), os.path.join(tmp, "nv4.bin")
        for path, size in ((nv16, 16 * 1024), (nv4, 4096)):
            with open(path, "wb") as f:
                f.write(bytes(size))
        doc, err = dump("-M", "pseries", "-drive", f"if=pflash,file={nv16},format=raw")
        nv = [o for o in doc["objects"] if o["type"] == "spapr-nvram"] if doc else []
        check("drive/pflash", len(nv) == 1, err or nv)
        doc, err = dump("-M", "pseries", "-drive", f"if=none,id=nv,file={nv16},format=raw",
                        "-global", "spapr-nvram.drive=nv")
        nv = [o for o in doc["objects"] if o["type"] == "spapr-nvram"] if doc else []
        check("drive/global", len(nv) == 1 and nv[0]["properties"]["drive"]["value"] ==
              "nv" and nv[0]["properties"]["size"]["value"] == "16K", err or nv)
        for name, spec, message in (
            ("missing", f"if=pflash,file={tmp}/nope.bin,format=raw",
             f"Could not open '{tmp}/nope.bin': No such file or directory"),
            ("unit1", f"if=pflash,file={nv16},format=raw,unit=1",
             "machine type does not support if=pflash,bus=0,unit=1"),
            ("too-small", f"if=pflash,file={nv4},format=raw",
             "spapr-nvram must be between 8192 and 1048576 bytes in size, not 4096"),
            ("read-only", f"if=pflash,file={nv16},format=raw,readonly=on",
             "drive 'pflash0' is read-only"),
            ("no-if", f"file={nv16},format=raw", "give if=pflash or if=none"),
            ("if-virtio", f"if=virtio,file={nv16}", "-drive if=virtio is not supported yet"),
            ("format", f"if=pflash,file={nv16},format=qcow2", "modvm reads raw images only"),
            ("unknown-key", f"if=pflash,file={nv16},cache=none", "-drive cache= is not supported"),
            ("no-file", "if=pflash,format=raw", "-drive needs file=PATH"),
        ):
            expect_refusal(f"drive/refuse-{name}", ["-M", "pseries", "-drive", spec,
                                                   "--dump-machine"], message)
        expect_refusal("drive/refuse-duplicate-id",
                       ["-drive", f"if=none,id=d,file={nv16},format=raw",
                        "-drive", f"if=none,id=d,file={nv4},format=raw", "--dump-machine"],
                       "Duplicate ID 'd' for drive")
        expect_refusal("drive/refuse-locked",
                       ["-drive", f"if=none,id=a,file={nv16},format=raw",
                        "-drive", f"if=none,id=b,file={nv16},format=raw", "--dump-machine"],
                       "lock on")


def test_refusals():
    expect_refusal("refuse/unknown-option", ["-frobnicate"], "unknown option -frobnicate")
    expect_refusal("refuse/not-yet", ["-gdb", "tcp::1234"], "option -gdb is not supported by modvm yet")
    expect_refusal("refuse/machine", ["-M", "vax-11"], "unsupported machine type 'vax-11'")
    expect_refusal("refuse/bad-prop", ["-M", "pseries,ic-mode=sideways", "--dump-machine"],
                   "'sideways' is not one of")
    expect_refusal("refuse/global-unknown", ["-global", "spapr-vty.colour=red", "--dump-machine"],
                   "type 'spapr-vty' has no property 'colour'")
    expect_refusal("refuse/no-accel", ["-M", "pseries", "-accel", "kvm", "-serial", "null"],
                   "accelerator 'kvm' is not available")
    expect_refusal("refuse/s390-plugins", ["-M", "s390-ccw-virtio", "--dump-machine"],
                   "plugin 'cpu-s390x' (needed by machine 's390-ccw-virtio-7.2'")
    expect_refusal("refuse/device-machine-owned", ["-device", "spapr-vio-bus", "--dump-machine"],
                   "spapr-vio-bus")
    expect_refusal("refuse/rtc-base", ["-M", "pseries", "-rtc", "base=2006-02-30",
                                       "--dump-machine"],
                   "-rtc base=2006-02-30: expected utc, localtime, or a date and time")
    expect_refusal("refuse/rtc-clock", ["-M", "pseries", "-rtc", "clock=rt", "--dump-machine"],
                   "'rt' is not one of: host, vm")
    expect_refusal("refuse/rtc-key", ["-M", "pseries", "-rtc", "driftfix=slew", "--dump-machine"],
                   "-rtc driftfix is not supported")
    # -action: QEMU's words for a bad value or key; modvm has no watchdog to act on.
    expect_refusal("refuse/action-value", ["-action", "panic=foo", "--dump-machine"],
                   "-action panic=foo: Parameter 'panic' does not accept value 'foo'")
    expect_refusal("refuse/action-key", ["-action", "bogus=1", "--dump-machine"],
                   "-action bogus=1: Invalid parameter 'bogus'")
    expect_refusal("refuse/action-watchdog", ["-action", "watchdog=pause", "--dump-machine"],
                   "modvm has no watchdog devices yet")
    code, _, err = run("-M", "pseries", "-action", "reboot=shutdown,shutdown=pause,panic=none",
                       "--dump-machine")
    check("action/accepted", code == 0, err[-400:])
    abi_dir = os.path.join(BUILD_ROOT, "tests", "plugins", "abi")
    code, out, _ = run("-L", abi_dir, "-version")
    check("refuse/abi-listed", code == 0 and "UNUSABLE" in out and "ABI 99.0" in out, out)


def test_json_errors():
    bad = {
        "syntax": ('{"family": "x",', "invalid JSON"),
        "unknown-key": ('{"family": "x", "description": "d", "machine": {"type": "spapr-machine"},'
                        ' "versions": [{"name": "x-1"}], "colour": 1}', "$: unknown key 'colour'"),
        "missing-base": ('{"family": "x", "description": "d", "machine": {"type": "spapr-machine"},'
                         ' "versions": [{"name": "x-2"}, {"name": "x-1", "base": "x-0"}]}',
                         "$.versions[1].base: base version 'x-0'"),
        "cycle": ('{"family": "x", "description": "d", "machine": {"type": "spapr-machine"},'
                  ' "versions": [{"name": "a", "base": "b"}, {"name": "b", "base": "a"}]}',
                  "form a cycle"),
        "unknown-type": ('{"family": "x", "description": "d", "plugins": ["dev-spapr", "cpu-power"],'
                         ' "machine": {"type": "spapr-machine"}, "default-cpu": "POWER9",'
                         ' "versions": [{"name": "x-1", "compat": [{"type": "no-such-dev",'
                         ' "property": "a", "value": 1}]}]}', "unknown type 'no-such-dev'"),
        "unknown-property": ('{"family": "x", "description": "d", "plugins": ["dev-spapr", "cpu-power"],'
                             ' "machine": {"type": "spapr-machine"}, "default-cpu": "POWER9",'
                             ' "versions": [{"name": "x-1", "compat": [{"type": "spapr-vty",'
                             ' "property": "colour", "value": 1}]}]}',
                             "type 'spapr-vty' has no property 'colour'"),
        "bad-value": ('{"family": "x", "description": "d", "plugins": ["dev-spapr", "cpu-power"],'
                      ' "machine": {"type": "spapr-machine", "properties": {"ic-mode": "sideways"}},'
                      ' "default-cpu": "POWER9", "versions": [{"name": "x-1"}]}',
                      "$.machine.properties.ic-mode: property 'ic-mode' of 'spapr-machine'"),
    }
    for kind, (text, message) in bad.items():
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.json")
            with open(path, "w") as f:
                f.write(text)
            env = {"MODVM_MACHINE_PATH": d}
            args = ["-M", "help"] if kind in ("syntax", "unknown-key", "missing-base", "cycle") \
                else ["-M", "x", "--dump-machine", "-serial", "null"]
            code, out, err = run(*args, env_extra=env)
            check(f"json-error/{kind}", code == 1 and path in err and message in err,
                  f"exit {code}: {err.strip()[:400]!r}")


def test_firmware():
    """-bios: found in -L directories as QEMU searches them; clear refusals."""
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "fw.bin"), "wb") as f:
            f.write(b"\0" * 0x100 + b"\x48\0\0\0")
        with open(os.path.join(d, "huge.bin"), "wb") as f:
            f.truncate(0x400001)
        dtb = os.path.join(d, "out.dtb")
        code, out, err = run("-L", d, "-M", f"pseries,dumpdtb={dtb}", "-bios", "fw.bin",
                             "-serial", "null")
        check("firmware/found-in-L", code == 0 and os.path.exists(dtb), err[-400:])
        expect_refusal("firmware/missing", ["-M", f"pseries,dumpdtb={dtb}", "-bios",
                                            os.path.join(d, "nope.bin"), "-serial", "null"],
                       "-bios: could not find LPAR firmware")
        expect_refusal("firmware/not-in-L", ["-L", d, "-M", f"pseries,dumpdtb={dtb}", "-bios",
                                             "nope.bin", "-serial", "null"],
                       "firmware 'nope.bin' not found (looked in " + d)
        expect_refusal("firmware/too-big", ["-L", d, "-M", f"pseries,dumpdtb={dtb}", "-bios",
                                            "huge.bin", "-serial", "null"],
                       "4194305 bytes, more than the 4096 KiB")
        expect_refusal("firmware/with-vof", ["-L", d, "-M", f"pseries,x-vof=on,dumpdtb={dtb}",
                                             "-bios", "fw.bin", "-serial", "null"],
                       "-bios and x-vof=on do not go together")


for t in [test_version, test_machine_help, test_device_help, test_cpu_help, test_dump_machine,
          test_refusals, test_drives, test_json_errors, test_firmware]:
    try:
        t()
    except Exception as e:  # a crash of the harness is a failure of that group
        results.append((t.__name__, False, f"exception: {e!r}"))

print(f"1..{len(results)}")
for i, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} /cli/{name}")
    if not ok:
        for line in str(detail).splitlines()[:20]:
            print(f"# {line}")
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
