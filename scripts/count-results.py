#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Counts test results from meson's testlog.json files: each TAP subtest counts once,
a test without TAP output counts as one. Prints 'N passed, N failed, N skipped' last
and exits non-zero when anything failed (or nothing ran)."""
import json
import re
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path).read().splitlines()
    except OSError as e:
        print(f"cannot read {path}: {e}", file=sys.stderr)
        failed += 1
        continue
    for line in lines:
        rec = json.loads(line)
        name, result, out = rec["name"], rec["result"], rec.get("stdout") or ""
        tap = [l for l in out.splitlines() if re.match(r"(not )?ok \d+", l)]
        # meson's log does not say which tests speak TAP: TAP lines in stdout do.
        if tap:
            for l in tap:
                if l.startswith("not ok"):
                    failed += 1
                elif "# SKIP" in l or "# skip" in l:
                    skipped += 1
                else:
                    passed += 1
            # A TAP test that died part-way failed even if its subtests passed.
            if result not in ("OK", "EXPECTEDFAIL") and not any(l.startswith("not ok") for l in tap):
                failed += 1
        elif result == "SKIP":
            skipped += 1
        elif result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        else:
            failed += 1
        if result not in ("OK", "SKIP", "EXPECTEDFAIL"):
            print(f"FAILED: {name} ({result})", file=sys.stderr)
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
