# --retry: 503 then 200, Retry-After, --retry-max-time, non-transient codes; --limit-rate.
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tool_test_lib import Checks, Server, closed_port, pattern, read, run, seen  # noqa: E402


def timed(args, cwd):
    t = time.monotonic()
    p = run(args, cwd)
    return p, time.monotonic() - t


def main():
    c = Checks()
    with Server() as srv, tempfile.TemporaryDirectory() as d:
        b = srv.base
        p = run(["-s", "--retry", "3", "--retry-delay", "0.05",
                 b + "/r1.bin?key=r1&failfirst=2&size=3000"], d)
        c.expect("503, 503, then 200: succeeds on the third try",
                 p.returncode == 0 and read(os.path.join(d, "r1.bin")) == pattern(3000), p)
        c.expect("the server saw three requests", seen(b, "r1")[0] == 3)
        c.expect("the row says how many tries it took", b"ok after 3 tries" in p.stdout, p)

        p = run(["-s", "--retry", "1", "--retry-delay", "0.05",
                 b + "/r2.bin?key=r2&failfirst=5&size=10"], d)
        c.expect("retries used up on a 503 without -f: exit 22, no file saved",
                 p.returncode == 22 and not os.path.exists(os.path.join(d, "r2.bin"))
                 and seen(b, "r2")[0] == 2, p)
        p = run(["-s", b + "/r3.bin?key=r3&failfirst=1&size=10"], d)
        c.expect("without --retry a 503 is one request and its row is not ok",
                 seen(b, "r3")[0] == 1 and b"HTTP 503" in p.stdout, p)

        p, took = timed(["-s", "--retry", "2", "--retry-delay", "0.05",
                         b + "/r4.bin?key=r4&failfirst=1&failstatus=429&retryafter=1&size=10"], d)
        c.expect("429 with Retry-After: 1 waits about a second", p.returncode == 0 and 0.9 <= took < 10, p)

        p, took = timed(["-s", "--retry", "5", "--retry-max-time", "0.5",
                         b + "/r5.bin?key=r5&failfirst=9&retryafter=3&size=10"], d)
        c.expect("--retry-max-time stops a Retry-After beyond it",
                 p.returncode == 22 and took < 2.5 and seen(b, "r5")[0] == 1, p)

        p = run(["-s", "--json", "--retry", "2", "--retry-delay", "0.05",
                 b + "/r7.bin?key=r7&cutfirst=1&cut=30000&size=100000&ranges=1&etag=r7"], d)
        c.expect("a cut transfer is retried from where the .part ends",
                 p.returncode == 0 and read(os.path.join(d, "r7.bin")) == pattern(100000)
                 and seen(b, "r7") == (2, 1) and b'"resumed_from":0,' not in p.stdout, p)
        p = run(["-s", "--retry", "2", "--retry-delay", "0.05",
                 b + "/r8.bin?key=r8&cutfirst=1&cut=30000&size=100000"], d)
        c.expect("without a validator the retry starts over",
                 p.returncode == 0 and read(os.path.join(d, "r8.bin")) == pattern(100000)
                 and seen(b, "r8") == (2, 0), p)
        p = run(["-s", "--stdout", "--retry", "2", "--retry-delay", "0.05",
                 b + "/r9?key=r9&cutfirst=1&cut=30000&size=100000"], d)
        c.expect("bytes already on stdout are not sent twice: no retry after them",
                 p.returncode == 18 and seen(b, "r9")[0] == 1 and len(p.stdout) < 100000, p)

        p = run(["-s", "--retry", "3", "--retry-delay", "0.05", b + "/r6?key=r6&status=404"], d)
        c.expect("a 404 is not retried", seen(b, "r6")[0] == 1, p)

        p, took = timed(["-s", "--json", "--retry", "2", "--retry-delay", "0.1", "--connect-timeout", "2",
                         "http://127.0.0.1:%d/x" % closed_port()], d)
        c.expect("a refused connection is retried, then exits 7",
                 p.returncode == 7 and b'"tries":3' in p.stdout and took >= 0.15, p)

        # 1 MiB at 256 KiB/s is four seconds; libcurl 7.88 may take a socket buffer's worth
        # (a few hundred KiB on loopback) in one go before it throttles, hence the margin.
        p, took = timed(["-s", "--limit-rate", "256k", "-o", "lim.bin", b + "/lim?size=1048576"], d)
        c.expect("--limit-rate 256k: 1 MiB takes over 1.5 s (took %.2f s)" % took,
                 p.returncode == 0 and took >= 1.5 and os.path.getsize(os.path.join(d, "lim.bin")) == 1048576, p)
        urls = [b + "/tot%d?size=102400" % i for i in range(4)]
        p, took = timed(["-s", "--limit-rate-total", "200k"] + urls, d)
        c.expect("--limit-rate-total 200k: 400 KiB over four transfers takes over 1.5 s",
                 p.returncode == 0 and took >= 1.5 and took < 30, p)
        c.expect("--limit-rate-total keeps the bodies whole",
                 all(read(os.path.join(d, "tot%d" % i)) == pattern(102400) for i in range(4)), p)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
