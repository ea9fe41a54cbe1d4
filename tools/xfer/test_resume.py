# Long jobs: -C - resumes NAME.part with Range + If-Range (after kill -9 too), and --checksum.
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tool_test_lib import CLEAN_ENV, XFER, Checks, Server, pattern, read, run, seen  # noqa: E402


def wait_for(cond, limit_s):
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


def main():
    c = Checks()
    with Server() as srv, tempfile.TemporaryDirectory() as d:
        b = srv.base
        size = 400000
        # About two seconds: 1000 bytes every 5 ms.
        slow = b + "/big.iso?size=%d&ranges=1&etag=v1&drip=5&dripsize=1000" % size
        proc = subprocess.Popen([XFER, "-s", slow], cwd=d, env=CLEAN_ENV,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        part = os.path.join(d, "big.iso.part")
        started = wait_for(lambda: os.path.exists(part) and os.path.getsize(part) >= 20000, 15)
        proc.kill()
        proc.wait(timeout=10)
        c.expect("kill -9 mid-download leaves NAME.part and no NAME",
                 started and not os.path.exists(os.path.join(d, "big.iso")))
        kept = os.path.getsize(part) if os.path.exists(part) else 0
        c.expect("the validator is saved beside the .part",
                 os.path.exists(part + ".meta") and read(part + ".meta").strip() == b'"v1"')
        p = run(["-s", "--json", "-C", "-", b + "/big.iso?size=%d&ranges=1&etag=v1&key=resume1" % size], d)
        row = json.loads(p.stdout.splitlines()[0]) if p.returncode == 0 else {}
        c.expect("-C - finishes the file", p.returncode == 0, p)
        c.expect("the resumed file is byte-identical", read(os.path.join(d, "big.iso")) == pattern(size))
        c.expect("the server saw one Range request", seen(b, "resume1") == (1, 1))
        c.expect("only the missing bytes were fetched",
                 row.get("resumed_from") == kept and row.get("bytes") == size - kept, p)
        c.expect("the .part and .meta are gone", sorted(os.listdir(d)) == ["big.iso"], p)

        # A changed file: If-Range does not match, the server sends 200, xfer starts over.
        with open(os.path.join(d, "chg.bin.part"), "wb") as f:
            f.write(b"X" * 500)
        with open(os.path.join(d, "chg.bin.part.meta"), "wb") as f:
            f.write(b'"old"\n')
        p = run(["-s", "--continue", b + "/chg.bin?size=2000&ranges=1&etag=new&key=chg"], d)
        c.expect("a changed file (If-Range mismatch) restarts from zero",
                 p.returncode == 0 and read(os.path.join(d, "chg.bin")) == pattern(2000), p)
        c.expect("the restart still asked with Range + If-Range", seen(b, "chg") == (1, 1))

        # A .part that is already whole: the server answers 416 with the full length.
        with open(os.path.join(d, "whole.bin.part"), "wb") as f:
            f.write(pattern(1000))
        with open(os.path.join(d, "whole.bin.part.meta"), "wb") as f:
            f.write(b'"w"\n')
        p = run(["-s", "-f", "-C", "-", b + "/whole.bin?size=1000&ranges=1&etag=w"], d)
        c.expect("a whole .part (416 bytes */N) is renamed, not refetched, even with -f",
                 p.returncode == 0 and read(os.path.join(d, "whole.bin")) == pattern(1000)
                 and b"already complete" in p.stdout, p)

        # No validator saved: a plain Range request, as curl -C - sends.
        with open(os.path.join(d, "plain.bin.part"), "wb") as f:
            f.write(pattern(300))
        p = run(["-s", "-C", "-", b + "/plain.bin?size=1000&ranges=1&key=plain"], d)
        c.expect("-C - without a .meta resumes with a plain Range",
                 p.returncode == 0 and read(os.path.join(d, "plain.bin")) == pattern(1000)
                 and seen(b, "plain") == (1, 1), p)

        # Without -C a leftover .part is not touched: the download takes a numbered name.
        with open(os.path.join(d, "left.bin.part"), "wb") as f:
            f.write(b"partial")
        p = run(["-s", b + "/left.bin?size=10"], d)
        c.expect("without -C a leftover .part is left alone",
                 p.returncode == 0 and read(os.path.join(d, "left.bin.part")) == b"partial"
                 and read(os.path.join(d, "left.bin.1")) == pattern(10), p)

        good = hashlib.sha256(pattern(5000)).hexdigest()
        p = run(["-s", "--checksum", "sha256=" + good, b + "/sum.bin?size=5000"], d)
        c.expect("--checksum with the right sha256 succeeds",
                 p.returncode == 0 and read(os.path.join(d, "sum.bin")) == pattern(5000), p)
        p = run(["-s", "--checksum", "sha256=" + "0" * 64, b + "/bad.bin?size=5000"], d)
        c.expect("--checksum mismatch exits 23 and leaves no file",
                 p.returncode == 23 and b"sha256 mismatch" in p.stdout
                 and not os.path.exists(os.path.join(d, "bad.bin"))
                 and not os.path.exists(os.path.join(d, "bad.bin.part")), p)
        with open(os.path.join(d, "res.bin.part"), "wb") as f:
            f.write(pattern(1500))
        p = run(["-s", "-C", "-", "--checksum", "sha256=" + good, b + "/res.bin?size=5000&ranges=1"], d)
        c.expect("--checksum covers the resumed bytes too",
                 p.returncode == 0 and read(os.path.join(d, "res.bin")) == pattern(5000), p)
        with open(os.path.join(d, "SHA256SUMS"), "w") as f:
            f.write("%s  listed.bin\n%s *other.bin\n" % (good, "1" * 64))
        p = run(["-s", "--checksum-file", "SHA256SUMS", b + "/listed.bin?size=5000",
                 b + "/other.bin?size=5000"], d)
        c.expect("--checksum-file checks each file by name",
                 p.returncode == 23 and os.path.exists(os.path.join(d, "listed.bin"))
                 and not os.path.exists(os.path.join(d, "other.bin")), p)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
