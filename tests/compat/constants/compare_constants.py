#!/usr/bin/env python3
# compare_constants.py: runs the two constants probes and fails on any value that differs.
"""Usage: compare_constants.py OURS_BINARY SYSTEM_BINARY

Each binary prints NAME=value lines (see gen_constants.py). A name both print with different
values is a failure. A name only one prints is listed for information: it means one header
set lacks a name (or it is not a constant there), which is worth fixing but not fatal.
"""

import subprocess
import sys

# Free text that is allowed to differ: it names the authors, not an interface.
ALLOWED_TO_DIFFER = {"LIBCURL_COPYRIGHT"}


def read(binary):
    res = subprocess.run([binary], capture_output=True, text=True, timeout=60)
    if res.returncode != 0:
        sys.exit(f"{binary} exited with {res.returncode}: {res.stderr}")
    values = {}
    for line in res.stdout.splitlines():
        name, _, value = line.partition("=")
        values[name] = value
    return values


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    ours, system = read(sys.argv[1]), read(sys.argv[2])
    differ = [n for n in sorted(ours.keys() & system.keys())
              if ours[n] != system[n] and n not in ALLOWED_TO_DIFFER]
    for name in differ:
        print(f"DIFFERS {name}: xfer {ours[name]} / libcurl {system[name]}")
    for name in sorted(system.keys() - ours.keys()):
        print(f"info: only libcurl has {name}={system[name]}")
    for name in sorted(ours.keys() - system.keys()):
        print(f"info: only xfer has {name}={ours[name]}")
    same = len(ours.keys() & system.keys()) - len(differ)
    print(f"constants: {same} passed, {len(differ)} failed")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
