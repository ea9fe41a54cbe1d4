#!/usr/bin/env python3
"""Fails when docs/OPTIONS.md differs from what tools/option_matrix prints (keeps docs true)."""
import subprocess
import sys

out = subprocess.run([sys.argv[1]], capture_output=True, text=True, check=True).stdout
with open(sys.argv[2], encoding="utf-8") as f:
    doc = f.read()
if out != doc:
    sys.stdout.write("docs/OPTIONS.md is stale: run `ninja -C build option-matrix`\n")
    sys.exit(1)
print("docs/OPTIONS.md matches the library")
