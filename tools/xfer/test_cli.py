# End-to-end checks of the xfer tool: demo mode, -o/-O/-i/--stdout, --fail, timeouts, exit codes.
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tool_test_lib import Checks, Server, closed_port, pattern, run, stats  # noqa: E402


def main():
    c = Checks()
    with Server() as srv, tempfile.TemporaryDirectory() as tmp:
        base = srv.base
        p = run([], tmp)
        out = p.stdout.decode()
        c.expect("demo mode exits 0", p.returncode == 0, p)
        c.expect("demo mode says it uses its own loopback server", "loopback server" in out, p)
        c.expect("demo mode reports the planned failures",
                 "ended as expected (2 failed on purpose)" in out, p)

        p = run(["-s", "-o", "one.txt", "-o", "two.txt",
                 base + "/a?size=1000", base + "/b?size=70000&chunked=1&chunk=777",
                 base + "/c?size=10"], tmp)
        c.expect("-o downloads exit 0", p.returncode == 0, p)
        with open(os.path.join(tmp, "one.txt"), "rb") as f:
            c.expect("-o first file content", f.read() == pattern(1000))
        with open(os.path.join(tmp, "two.txt"), "rb") as f:
            c.expect("-o second (chunked) file content", f.read() == pattern(70000))
        with open(os.path.join(tmp, "c"), "rb") as f:
            c.expect("third URL without -o is saved under its remote name", f.read() == pattern(10))
        c.expect("table lists three ok rows", p.stdout.decode().count(" ok ") == 3, p)

        p = run(["-s", "-O", "--output-dir", "outdir", base + "/dir/remote.bin?size=321",
                 base + "/?size=5"], tmp)
        c.expect("-O exit 0", p.returncode == 0, p)
        with open(os.path.join(tmp, "outdir", "remote.bin"), "rb") as f:
            c.expect("-O names the file after the path", f.read() == pattern(321))
        with open(os.path.join(tmp, "outdir", "index.html"), "rb") as f:
            c.expect("-O uses index.html for an empty name", f.read() == pattern(5))

        p = run(["-s", base + "/x?status=404&size=50"], tmp)
        c.expect("404 without --fail exits 0", p.returncode == 0, p)
        c.expect("a 404 row does not say ok", b" ok " not in p.stdout and b"HTTP 404" in p.stdout, p)
        p = run(["-s", "--fail", base + "/ok?size=3", base + "/x?status=404&size=50"], tmp)
        c.expect("404 with --fail exits 22", p.returncode == 22, p)
        c.expect("--fail row shows the status", b"HTTP status 404 counts as a failure" in p.stdout, p)
        p = run(["-s", "--fail", "-o", "err.txt", base + "/x?status=500&size=50"], tmp)
        c.expect("--fail 500 exits 22", p.returncode == 22, p)
        c.expect("--fail saves no error body", not os.path.exists(os.path.join(tmp, "err.txt")))
        p = run(["-s", "-o", "empty.txt", base + "/z?size=0"], tmp)
        c.expect("an empty body still creates its -o file",
                 p.returncode == 0 and os.path.getsize(os.path.join(tmp, "empty.txt")) == 0, p)
        p = run(["-s", "--connect-timeout", "2", "http://127.0.0.1:%d/" % closed_port()], tmp)
        c.expect("refused connection exits 7", p.returncode == 7, p)
        p = run(["-s", "--fail", base + "/a?size=1", base + "/b?status=403",
                 base + "/c?nothing=1"], tmp)
        c.expect("exit code is the first failed row's", p.returncode == 22, p)
        p = run(["-s", "--fail", base + "/c?nothing=1", base + "/b?status=403"], tmp)
        c.expect("exit code follows row order, not finish order", p.returncode == 52, p)

        p = run(["-s", base + "/n?nothing=1"], tmp)
        c.expect("empty reply exits 52", p.returncode == 52, p)

        p = run(["-s", "--discard", "-m", "0.5", base + "/h?hang=1"], tmp)
        c.expect("--timeout on a hung server exits 28", p.returncode == 28, p)

        p = run(["-s", "-L", "-o", "redir.txt",
                 base + "/r?status=302&location=/final%3Fsize%3D77"], tmp)
        c.expect("-L follows a redirect", p.returncode == 0, p)
        with open(os.path.join(tmp, "redir.txt"), "rb") as f:
            c.expect("-L saves the final body", f.read() == pattern(77))

        p = run(["-s", "-H", "X-Test-Header: 42", "-A", "xfer-test-agent/1", "--stdout",
                 base + "/e?echo=1"], tmp)
        c.expect("--stdout exits 0", p.returncode == 0, p)
        c.expect("-H header reaches the server", b"X-Test-Header: 42\r\n" in p.stdout, p)
        c.expect("-A agent reaches the server",
                 b"User-Agent: xfer-test-agent/1\r\n" in p.stdout, p)
        c.expect("--stdout moves the table to stderr", b"status" in p.stderr, p)

        with open(os.path.join(tmp, "list.txt"), "w") as f:
            f.write("# a comment\n\n%s/i1?size=10\n  %s/i2?size=20  \n" % (base, base))
        p = run(["-s", "-i", "list.txt"], tmp)
        c.expect("-i reads two URLs",
                 p.returncode == 0 and b"total: 2 transfers" in p.stdout, p)

        urls = [base + "/p%d?size=%d" % (i, 1000 + i) for i in range(40)]
        before = stats(base)
        p = run(["-s", "-Z", "5", "--max-host-conns", "2", "--full-table"] + urls, tmp)
        after = stats(base)
        c.expect("40 parallel transfers exit 0", p.returncode == 0, p)
        c.expect("--full-table prints every row", p.stdout.decode().count(" ok ") == 40, p)
        # One more connection is the stats request itself.
        c.expect("--max-host-conns 2 keeps to two connections",
                 after[0] - before[0] <= 3, p)

        p = run(["--no-such-option"], tmp)
        c.expect("unknown option exits 2", p.returncode == 2, p)
        p = run(["--version"], tmp)
        c.expect("--version prints the library version",
                 p.returncode == 0 and b"/" in p.stdout, p)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
