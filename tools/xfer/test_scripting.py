# Scripting: --json lines, the exit code of the first failure, --help grouped, the man page's presence.
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tool_test_lib import Checks, Server, closed_port, run  # noqa: E402


def main():
    c = Checks()
    with Server() as srv, tempfile.TemporaryDirectory() as d:
        b = srv.base
        dead = "http://127.0.0.1:%d/x" % closed_port()
        p = run(["-s", "--json", "-f", b + "/j1?size=10", "http://u:pw@127.0.0.1:%d/j2?status=404" % srv.port,
                 dead], d)
        rows = [json.loads(line) for line in p.stdout.decode().splitlines()]
        c.expect("--json: one object per URL and a summary", len(rows) == 4 and "summary" in rows[3], p)
        if len(rows) == 4:
            c.expect("--json row fields", rows[0]["result"] == "ok" and rows[0]["bytes"] == 10
                     and rows[0]["status"] == 200 and rows[0]["file"] == "j1" and rows[0]["code"] == 0
                     and "time_ms" in rows[0], p)
            c.expect("--json failed row: code, status and a redacted URL",
                     rows[1]["code"] == 22 and rows[1]["status"] == 404 and "pw" not in rows[1]["url"]
                     and rows[1]["result"] == "failed", p)
            c.expect("--json refused connection: code 7", rows[2]["code"] == 7, p)
        c.expect("exit code: the first failure's curl code in command-line order", p.returncode == 22, p)
        p = run(["-s", dead, b + "/j3?status=500", ], d + "/")
        c.expect("exit code follows the order of the URLs (7 before 0)", p.returncode == 7, p)

        p = run(["-s", "-w", "%{http_code} %{size_download} %{exitcode} %{filename_effective} %{url} %{nope}\\n",
                 b + "/w1?size=10", "http://u:pw@127.0.0.1:%d/w2?status=404" % srv.port], d)
        lines = p.stdout.decode().splitlines()
        c.expect("-w prints one formatted line per URL instead of the table",
                 p.returncode == 0 and len(lines) == 2
                 and lines[0] == "200 10 0 w1 %s/w1?size=10 %%{nope}" % b
                 and lines[1].startswith("404 0 0 w2 http://***@127.0.0.1:"), p)
        p = run(["--help"], d)
        out = p.stdout.decode()
        c.expect("--help is grouped by topic", p.returncode == 0 and all(
            h in out for h in ("Input:", "Output files:", "Transfers:", "HTTP:", "TLS:", "Display and scripting:")), p)
        c.expect("--help fits 80 columns", all(len(line) <= 80 for line in out.splitlines()), p)
        p = run(["-C", "100", b], d)
        c.expect("-C with an offset is refused with a reason (exit 2)",
                 p.returncode == 2 and b"-C only takes" in p.stderr, p)

    man = os.path.join(os.path.dirname(os.path.abspath(__file__)), "xfer.1")
    with open(man) as f:
        page = f.read()
    c.expect("xfer.1 is a man page that names every long option of --help",
             page.startswith(".TH XFER 1") and all(
                 opt.replace("-", "\\-") in page for opt in
                 ("--no-clobber", "--continue", "--retry-max-time", "--limit-rate-total", "--checksum",
                  "--json", "--connect-to", "--cacert")))
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
