#!/usr/bin/env python3
# Symbols test: xfer's drop-in must export every curl_* symbol of Debian's libcurl at CURL_OPENSSL_4.
import argparse
import subprocess
import sys

# Exported by xfer beyond 7.88's set: added in libcurl 8.4, harmless for 7.88 binaries.
# Newer libcurl API that xfer offers on top of 7.88's: 8.4 get_handles, 8.8 waitfds.
EXTRA_ALLOWED = {"curl_multi_get_handles", "curl_multi_waitfds"}
VERSION_NODE = "CURL_OPENSSL_4"


def defined_symbols(path):
    """Maps each defined dynamic symbol name to its version node (or '' when unversioned)."""
    out = subprocess.run(["nm", "-D", "--defined-only", path], check=True,
                         capture_output=True, text=True).stdout
    symbols = {}
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        name = fields[2]
        if name == VERSION_NODE or name.startswith("CURL_OPENSSL_"):
            continue  # the version definition itself shows up as an absolute symbol
        version = ""
        if "@" in name:
            name, version = name.split("@", 1)
            version = version.lstrip("@")
        symbols[name] = version
    return symbols


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ref", required=True, help="Debian's libcurl.so.4")
    parser.add_argument("--xfer", required=True, help="xfer's drop-in libcurl.so.4")
    args = parser.parse_args()
    ref = {n: v for n, v in defined_symbols(args.ref).items() if n.startswith("curl_")}
    ours = defined_symbols(args.xfer)
    missing = sorted(n for n in ref if n not in ours)
    wrong_version = sorted(n for n in ref if n in ours and ours[n] != VERSION_NODE)
    extra = sorted(n for n in ours if n not in ref and n not in EXTRA_ALLOWED)
    print("reference curl_* symbols: %d, xfer symbols: %d" % (len(ref), len(ours)))
    for title, names in (("missing", missing), ("not at " + VERSION_NODE, wrong_version),
                         ("unexpected extra", extra)):
        if names:
            print("%s (%d):" % (title, len(names)))
            for n in names:
                print("  " + n)
    return 1 if (missing or wrong_version or extra) else 0


if __name__ == "__main__":
    sys.exit(main())
