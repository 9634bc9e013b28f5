# SPDX-License-Identifier: GPL-2.0-or-later
"""TAP for the guest tests' harness scripts (boot.py, reboot.py, prompt.py, nvram-persist.py):
collect named checks, then print them as TAP with the tail of each failure's detail."""


class Tap:
    def __init__(self, prefix):
        self.prefix = prefix
        self.results = []

    def check(self, name, ok, detail=""):
        self.results.append((name, bool(ok), detail))

    def finish(self):
        """Prints the plan and the results; the exit status (0 only if all passed, and some ran)."""
        print(f"1..{len(self.results)}")
        for i, (name, ok, detail) in enumerate(self.results, 1):
            print(f"{'ok' if ok else 'not ok'} {i} {self.prefix}/{name}")
            if not ok:
                for line in str(detail).splitlines()[-40:]:
                    print(f"# {line}")
        return 0 if self.results and all(ok for _, ok, _ in self.results) else 1
