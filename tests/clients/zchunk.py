#!/usr/bin/env python3
# zchunk's zckdl (package zchunk): downloads a .zck file by HTTP range requests from Debian's
# nginx, in full and as a delta against an older version, on Debian's libcurl and on xfer.
import os
import random
import shutil
import subprocess
import sys

from harness import Harness

ZCKDL = "/usr/bin/zckdl"
ZCK = "/usr/bin/zck"


def make_versions(www):
    """Two versions of a text file that differ in a few places, each compressed with zck."""
    rnd = random.Random(14)
    lines = ["line %d %s\n" % (i, "".join(rnd.choice("abcdefgh") for _ in range(60)))
             for i in range(20000)]
    for version in (1, 2):
        if version == 2:
            lines[5000:5010] = ["changed %d\n" % i for i in range(10)]
            lines[15000] = "another change\n"
        path = os.path.join(www, "v%d.txt" % version)
        with open(path, "w") as f:
            f.write("".join(lines))
        subprocess.run([ZCK, path], cwd=www, check=True, timeout=60,
                       stdout=subprocess.DEVNULL)


def main():
    h = Harness("zchunk", __doc__)
    h.require(ZCKDL, ZCK, package="zchunk")
    www = os.path.join(h.tmp, "www")
    os.makedirs(www)
    make_versions(www)
    port = h.nginx(www)
    url = "http://127.0.0.1:%d/v2.txt.zck" % port

    def with_source(cwd):
        shutil.copy(os.path.join(www, "v1.txt.zck"), cwd)

    # zckdl prints "Missing chunks: N" and "Downloaded N bytes"; the file must be v2.txt.zck.
    h.cmd("zckdl-full", [ZCKDL, url], files=["v2.txt.zck"], stderr=True,
          timeout=60)
    h.cmd("zckdl-delta", [ZCKDL, "-s", "v1.txt.zck", url], files=["v2.txt.zck"], stderr=True,
          setup=with_source, timeout=60)
    h.cmd("zckdl-up-to-date", [ZCKDL, "-s", "v2.txt.zck", url], files=["v2.txt.zck"],
          stderr=True, setup=lambda cwd: shutil.copy(os.path.join(www, "v2.txt.zck"), cwd),
          timeout=60)
    # the reference run must have rebuilt v2.txt.zck exactly
    ref = os.path.join(h.tmp, "ref", "zckdl-delta", "v2.txt.zck")
    if os.path.exists(ref):
        with open(ref, "rb") as a, open(os.path.join(www, "v2.txt.zck"), "rb") as b:
            same = a.read() == b.read()
        h._record("zckdl-delta-reference-file", "PASS" if same else "FAIL",
                  "" if same else "zckdl on Debian's libcurl did not rebuild v2.txt.zck")
    return h.finish()


if __name__ == "__main__":
    sys.exit(main())
