# Shared helpers of the xfer tool's tests: the loopback server, running the tool, checks.
import os
import socket
import subprocess
import sys
import urllib.request

# Meson passes paths relative to the build directory, and each run gets its own cwd.
XFER, SERVER = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
CERTS = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else None
RUN_TIMEOUT = 60  # seconds per xfer invocation

# Proxy variables would send loopback requests elsewhere; the tool and urllib both honour them.
CLEAN_ENV = {k: v for k, v in os.environ.items()
             if not k.lower().endswith("_proxy") and k not in ("CURL_CA_BUNDLE", "SSL_CERT_FILE")}


def pattern(n, offset=0):
    return bytes(ord('a') + (offset + i) % 26 for i in range(n))


def run(args, cwd, env=None, stdin=None, timeout=RUN_TIMEOUT, **kw):
    return subprocess.run([XFER] + args, cwd=cwd, capture_output=True, timeout=timeout,
                          env=env or CLEAN_ENV, input=stdin, **kw)


def fetch(url):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=10) as r:
        return r.read().decode()


def stats(base):
    fields = dict(kv.split("=") for kv in fetch(base + "/__stats").split())
    return int(fields["connections"]), int(fields["requests"])


def seen(base, key):
    """(requests, range requests) the server saw with key=KEY."""
    fields = dict(kv.split("=") for kv in fetch(base + "/__seen?key=" + key).split())
    return int(fields["requests"]), int(fields["ranges"])


def read(path):
    with open(path, "rb") as f:
        return f.read()


class Checks:
    def __init__(self):
        self.failures = 0
        self.count = 0

    def expect(self, name, cond, proc=None):
        self.count += 1
        print(("PASS " if cond else "FAIL ") + name)
        if not cond:
            self.failures += 1
            if proc is not None:
                print("  exit code:", proc.returncode)
                out = proc.stdout if isinstance(proc.stdout, bytes) else (proc.stdout or b"")
                err = proc.stderr if isinstance(proc.stderr, bytes) else (proc.stderr or b"")
                print("  stdout:", out.decode(errors="replace")[-2000:])
                print("  stderr:", err.decode(errors="replace")[-2000:])

    def finish(self):
        print("%d of %d check(s) failed" % (self.failures, self.count) if self.failures
              else "all %d checks passed" % self.count)
        return 1 if self.failures else 0


def closed_port():
    # A port that was just free on loopback; nothing listens there now.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The URL-driven test server on 127.0.0.1; stops when its stdin closes."""

    def __init__(self, *extra):
        self.proc = subprocess.Popen([SERVER] + list(extra), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        self.port = int(self.proc.stdout.readline().strip())
        self.base = "http://127.0.0.1:%d" % self.port

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
