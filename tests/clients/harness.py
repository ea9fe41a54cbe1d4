# The real-client suite's shared machinery: loopback servers, running one command on Debian's
# libcurl and on xfer's drop-in, normalising, comparing, and the per-test summary.
"""Each client script (curl_cli.py, php.py, ...) builds a Harness from its command line,
starts the servers it needs, runs its cases and ends with `sys.exit(h.finish())`.

A case runs the same command twice: the reference run on Debian's libcurl (the environment
as given, LD_LIBRARY_PATH removed) and the xfer run (LD_LIBRARY_PATH = the drop-in's folder).
Each run yields a transcript (exit code, stdout, chosen files, optionally stderr), normalised
only where it must be; the two transcripts must be equal.

Results: PASS (equal), XFAIL (different, listed as an expected difference with its issue),
XPASS (listed as different but now equal: remove it from the list), FAIL (different and not
listed, or the reference run itself did not do what the case expects). Any FAIL fails the
test; exit 77 (meson's SKIP) when the client is not installed.
"""
import argparse
import atexit
import difflib
import glob
import hashlib
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77
DEBIAN_LIBCURL = "/usr/lib/x86_64-linux-gnu/libcurl.so.4"


class Run:
    """What one execution produced."""

    def __init__(self, rc, stdout, stderr, cwd):
        self.rc = rc          # exit code, or "timeout"
        self.stdout = stdout  # bytes
        self.stderr = stderr  # bytes
        self.cwd = cwd

    def file(self, name):
        path = os.path.join(self.cwd, name)
        if not os.path.exists(path):
            return None
        with open(path, "rb") as f:
            return f.read()


def text(data):
    """Bytes as text without loss (latin-1), None as a marker."""
    if data is None:
        return "<missing>"
    return data.decode("latin-1")


def describe(data):
    """A file's content: as text when short and printable, else its size and digest."""
    if data is None:
        return "<missing>"
    printable = all(b in b"\t\r\n" or 32 <= b < 127 for b in data)
    if printable and len(data) <= 4096:
        return data.decode("latin-1")
    return "<%d bytes, sha256 %s>" % (len(data), hashlib.sha256(data).hexdigest())


# Normalisers: functions text -> text, applied to both sides alike.
HTTP_DATE = re.compile(r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT")
BOUNDARY = re.compile(r"-{2,}[0-9A-Za-z]{16,}")
MILLIS = re.compile(r"\b\d+ (ms|milliseconds)\b")


def norm_dates(s):
    return HTTP_DATE.sub("<DATE>", s)


def norm_boundaries(s):
    return BOUNDARY.sub("<BOUNDARY>", s)


def norm_millis(s):
    return MILLIS.sub(r"N \1", s)


class Harness:
    def __init__(self, client, description):
        ap = argparse.ArgumentParser(description=description)
        ap.add_argument("--dropin", required=True,
                        help="xfer's libcurl.so.4 (or libcurl-gnutls.so.4)")
        ap.add_argument("--server", required=True, help="xfer-testserver")
        ap.add_argument("--certs", required=True, help="test certificate folder")
        ap.add_argument("--keep", action="store_true", help="keep the temp folder")
        ap.add_argument("--only", help="run only cases whose name contains this")
        ap.add_argument("-v", "--verbose", action="store_true", help="show every diff in full")
        self.args = ap.parse_args()
        # meson puts the drop-in's folder on LD_LIBRARY_PATH for tests that depend on it: the
        # servers and reference runs must not inherit it (env() adds it to xfer runs only).
        for k in ("LD_LIBRARY_PATH", "LD_PRELOAD"):
            os.environ.pop(k, None)
        self.client = client
        self.here = os.path.dirname(os.path.abspath(__file__))
        self.dropin = os.path.realpath(self.args.dropin)
        self.certs = os.path.abspath(self.args.certs)
        self.tmp = tempfile.mkdtemp(prefix="xfer-clients-%s-" % client)
        self.started = time.monotonic()
        self.procs = []
        self.results = []   # (name, state, note)
        self.loader_runs = 0
        self.loader_failures = []
        self.env_hook = None    # env_hook(env, xfer): a client's own adjustments
        atexit.register(self._cleanup)
        self.libdir = self._libdir()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._on_signal)
        print("%s: temp folder %s" % (client, self.tmp))

    # ---- environment -------------------------------------------------------------------

    def _libdir(self):
        """The folder LD_LIBRARY_PATH names: the drop-in's own when it holds the library
        under its soname and its unversioned link, else a temp folder of links to it (ethon
        asks the loader for "libcurl.so" first). The soname is the --dropin file's name:
        libcurl.so.4, or libcurl-gnutls.so.4 for the clients of Debian's GnuTLS flavour."""
        soname = os.path.basename(self.args.dropin)
        if not re.match(r"lib[\w-]+\.so\.\d+$", soname):
            raise SystemExit("%s: --dropin must name the library by its soname "
                             "(libcurl.so.4, libcurl-gnutls.so.4), not %s" % (self.client, soname))
        names = (soname, soname.rsplit(".", 1)[0])
        folder = os.path.dirname(os.path.abspath(self.args.dropin))
        if all(os.path.realpath(os.path.join(folder, n)) == self.dropin for n in names):
            return folder
        links = os.path.join(self.tmp, "lib")
        os.makedirs(links)
        for name in names:
            os.symlink(self.dropin, os.path.join(links, name))
        return links

    def env(self, xfer, extra=None):
        e = dict(os.environ)
        for k in ("LD_LIBRARY_PATH", "LD_PRELOAD", "LD_DEBUG", "LD_DEBUG_OUTPUT",
                  "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                  "all_proxy", "NO_PROXY", "no_proxy", "CURL_HOME", "CURL_CA_BUNDLE",
                  "SSL_CERT_FILE", "SSL_CERT_DIR"):
            e.pop(k, None)
        e["HOME"] = os.path.join(self.tmp, "home")  # no ~/.curlrc, ~/.netrc
        os.makedirs(e["HOME"], exist_ok=True)
        e["LC_ALL"] = "C"
        e["TZ"] = "UTC"
        if extra:
            e.update(extra)
        if xfer:
            e["LD_LIBRARY_PATH"] = self.libdir
        if self.env_hook:
            self.env_hook(e, xfer)
        return e

    def require(self, *programs, package):
        """SKIP the whole test when a program is missing (its package did not install)."""
        for p in programs:
            if not (shutil.which(p) or os.path.exists(p)):
                print("SKIP %s: %s not found (package %s not installed; scripts/install-deps.sh "
                      "installs it)" % (self.client, p, package))
                sys.exit(SKIP)

    # ---- servers -----------------------------------------------------------------------

    def _spawn(self, argv, **kw):
        p = subprocess.Popen(argv, start_new_session=True, **kw)
        self.procs.append(p)
        return p

    def testserver(self, tls=False, env=None, h2=False):
        """Starts xfer-testserver (plain or TLS with the CA-signed localhost certificate;
        env adds to its environment, e.g. a KDC's keytab; h2: it speaks HTTP/2 by ALPN and
        to a client preface); returns its port."""
        argv = [self.args.server, "--no-stdin"]
        if tls:
            argv += ["--tls", os.path.join(self.certs, "server.pem"),
                     os.path.join(self.certs, "server.key")]
        if h2:
            argv += ["--h2"]
        full_env = None
        if env:
            full_env = dict(os.environ)
            full_env.update(env)
        p = self._spawn(argv, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, env=full_env)
        ready, _, _ = select.select([p.stdout], [], [], 10)
        line = p.stdout.readline() if ready else b""
        if not line.strip().isdigit():
            raise SystemExit("%s: xfer-testserver did not print its port" % self.client)
        return int(line)

    def free_port(self):
        """A port nobody listens on (bound and released: used for 'connection refused' and
        for nginx, which needs a number in its config)."""
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    def nginx(self, root, extra="", tls=False):
        """Starts Debian's nginx on 127.0.0.1 serving `root` (ranges are built in; PUT and
        DELETE via the dav module under /dav/; tls: HTTPS with the CA-signed certificate for
        localhost and 127.0.0.1); returns its port."""
        tls_conf = ""
        if tls:
            tls_conf = "ssl_certificate %s;\n        ssl_certificate_key %s;" % (
                os.path.join(self.certs, "server.pem"), os.path.join(self.certs, "server.key"))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        for _attempt in range(5):
            port = self.free_port()
            conf_dir = os.path.join(self.tmp, "nginx-%d" % port)
            os.makedirs(os.path.join(conf_dir, "body"), exist_ok=True)
            conf = os.path.join(conf_dir, "nginx.conf")
            with open(conf, "w") as f:
                f.write(NGINX_CONF.format(dir=conf_dir, port=port, root=root, extra=extra,
                                          ssl=" ssl" if tls else "", tls=tls_conf))
            p = self._spawn([nginx, "-c", conf, "-p", conf_dir, "-e", conf_dir + "/error.log"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and p.poll() is None:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    return port
                except OSError:
                    time.sleep(0.05)
            if p.poll() is None:
                p.kill()
            p.wait()
        raise SystemExit("%s: nginx did not start (%s)" % (self.client,
                                                           text(p.stderr.read()).strip()))

    def _cleanup(self):
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                    p.wait(timeout=3)
                except (OSError, subprocess.TimeoutExpired):
                    try:
                        os.killpg(p.pid, signal.SIGKILL)
                    except OSError:
                        pass
        if not self.args.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def _on_signal(self, signum, _frame):
        self._cleanup()
        sys.exit(128 + signum)

    # ---- running -----------------------------------------------------------------------

    def run(self, argv, xfer, cwd, stdin=None, timeout=30, env=None):
        """Runs argv once; on the xfer side the loader's log proves which libcurl it took."""
        os.makedirs(cwd, exist_ok=True)
        e = self.env(xfer, env)
        log_prefix = None
        if xfer:
            log_prefix = os.path.join(self.tmp, "ld", "run%d" % self.loader_runs)
            os.makedirs(os.path.dirname(log_prefix), exist_ok=True)
            self.loader_runs += 1
            e["LD_DEBUG"] = "libs"
            e["LD_DEBUG_OUTPUT"] = log_prefix
        p = subprocess.Popen(argv, cwd=cwd, env=e, start_new_session=True,
                             stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            out, err = p.communicate(stdin, timeout=timeout)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, err = p.communicate()
            rc = "timeout after %ds" % timeout
        if log_prefix:
            self._check_loader(log_prefix, argv)
        if self.args.keep:
            for suffix, data in (("stdout", out), ("stderr", err)):
                with open(os.path.join(self.tmp, "%s.%s.%s" % (
                        "xfer" if xfer else "ref", os.path.basename(cwd), suffix)), "wb") as f:
                    f.write(data)
        return Run(rc, out, err, cwd)

    def _check_loader(self, prefix, argv):
        """Every libcurl initialised by the run (and its children) must be xfer's file."""
        inits = []
        for path in glob.glob(prefix + ".*"):
            with open(path, errors="replace") as f:
                for line in f:
                    m = re.search(r"calling init: (\S*libcurl[^/\s]*\.so\S*)", line)
                    if m:
                        inits.append(os.path.realpath(m.group(1)))
            os.unlink(path)
        wrong = sorted(set(i for i in inits if i != self.dropin))
        if wrong or not inits:
            self.loader_failures.append("%s: %s" % (
                " ".join(argv)[:120],
                "loaded " + ", ".join(wrong) if wrong else "no libcurl loaded at all"))

    # ---- cases -------------------------------------------------------------------------

    def wanted(self, name):
        return not self.args.only or self.args.only in name

    def compare(self, name, ref, got, xfail=None, ref_ok=None):
        """Compares two transcripts (str) and records the case. xfail = (issue, reason)."""
        if ref_ok:
            problem = ref_ok(ref)
            if problem:
                self._record(name, "FAIL", "the reference run on Debian's libcurl went wrong: "
                             + problem, ref, got)
                return
        # An expected difference names the open issue that removes it, or "declared" for
        # one docs/DIFFERENCES.md states as deliberate.
        why = None
        if xfail:
            why = ("declared in docs/DIFFERENCES.md: %s" % xfail[1] if xfail[0] == "declared"
                   else "issue %s: %s" % xfail)
        if ref == got:
            if xfail:
                self._record(name, "XPASS", "listed as an expected difference (%s) "
                             "but now matches: remove it from the list" % why)
            else:
                self._record(name, "PASS")
        elif xfail:
            self._record(name, "XFAIL", why, ref, got)
        else:
            self._record(name, "FAIL", "output differs", ref, got)

    def transcript(self, run, files=(), stderr=None, stdout=True, norm=()):
        parts = ["exit: %s" % run.rc]
        if stdout:
            parts.append("--- stdout\n" + text(run.stdout))
        for name in files:
            parts.append("--- file %s\n%s" % (name, describe(run.file(name))))
        if stderr:
            err = text(run.stderr)
            parts.append("--- stderr\n" + (stderr(err) if callable(stderr) else err))
        t = "\n".join(parts)
        for f in norm:
            t = f(t)
        return t

    def cmd(self, name, argv, files=(), stderr=None, stdout=True, norm=(), xfail=None,
            expect_rc=0, setup=None, stdin=None, timeout=30, env=None):
        """One command, run on both libraries in fresh folders (setup(cwd) prepares each);
        compares exit code, stdout, the named files and (if asked) filtered stderr."""
        if not self.wanted(name):
            return
        runs = []
        for xfer in (False, True):
            cwd = os.path.join(self.tmp, "xfer" if xfer else "ref",
                               re.sub(r"[^A-Za-z0-9_.-]", "_", name))
            os.makedirs(cwd)
            if setup:
                setup(cwd)
            runs.append(self.run(argv, xfer, cwd, stdin=stdin, timeout=timeout, env=env))
        ref, got = (self.transcript(r, files, stderr, stdout, norm) for r in runs)

        def ref_ok(_):
            if expect_rc is not None and runs[0].rc != expect_rc:
                return "exit %s, the case expects %s; stderr: %s" % (
                    runs[0].rc, expect_rc, text(runs[0].stderr).strip()[:300])
            return None

        self.compare(name, ref, got, xfail=xfail, ref_ok=ref_ok)

    def sections(self, name, argv, xfail=None, norm=(), expect_rc=0, stdin=None, timeout=60,
                 env=None, stderr=None, blocked=None):
        """A script run once per library that prints '=== CASE' headers: each section is a
        case of its own (xfail maps a case name to (issue, reason)); the exit code, stderr
        (when asked) and any text before the first section form the case NAME:exit.
        blocked = (marker, issue, reason): while the xfer run's stderr contains marker (the
        client stopped at a missing feature), every differing case is an expected difference
        for that reason; once the marker is gone, each case stands on its own."""
        xfail = xfail or {}
        runs = []
        for xfer in (False, True):
            cwd = os.path.join(self.tmp, "xfer" if xfer else "ref", name)
            os.makedirs(cwd, exist_ok=True)
            runs.append(self.run(argv, xfer, cwd, stdin=stdin, timeout=timeout, env=env))
        split = []
        for r in runs:
            t = text(r.stdout)
            for f in norm:
                t = f(t)
            found = {}
            order = []
            current = "%s:exit" % name
            head = ["exit: %s" % r.rc]
            if stderr:
                err = text(r.stderr)
                head.append("--- stderr\n" + (stderr(err) if callable(stderr) else err))
            found[current] = head
            order.append(current)
            for line in t.split("\n"):
                if line.startswith("=== "):
                    current = line[4:].strip()
                    if current not in found:
                        found[current] = []
                        order.append(current)
                    continue
                found[current].append(line)
            split.append((order, {k: "\n".join(v) for k, v in found.items()}))
        (ref_order, ref), (got_order, got) = split
        for case in ref_order + [c for c in got_order if c not in ref]:
            if not self.wanted(case):
                continue
            ref_ok = None
            if case.endswith(":exit"):
                def ref_ok(_, rc=runs[0].rc, err=runs[0].stderr):
                    if expect_rc is not None and rc != expect_rc:
                        return "exit %s, expected %s; stderr: %s" % (rc, expect_rc,
                                                                     text(err).strip()[-600:])
                    return None
            reason = xfail.get(case)
            if blocked and blocked[0] in text(runs[1].stderr):
                reason = blocked[1:]
            self.compare(case, ref.get(case, "<section missing>"),
                         got.get(case, "<section missing>"), xfail=reason, ref_ok=ref_ok)

    def _record(self, name, state, note="", ref=None, got=None):
        seen = any(n == note for _, _, n in self.results)
        self.results.append((name, state, note))
        if seen and note:
            note = "as above"
        print("%-6s %s%s" % (state, name, ("  (" + note + ")") if note else ""))
        if ref is not None and got is not None and ref != got:
            diff = list(difflib.unified_diff(ref.splitlines(), got.splitlines(),
                                             "debian-libcurl", "xfer", lineterm="", n=1))
            limit = len(diff) if (self.args.verbose or state == "FAIL") else 12
            for line in diff[:limit]:
                print("       | " + line[:300])
            if len(diff) > limit:
                print("       | ... %d more diff lines (-v shows all)" % (len(diff) - limit))
        sys.stdout.flush()

    def note_skip(self, name, reason):
        self._record(name, "SKIP", reason)

    def finish(self):
        counts = {}
        for _, state, _ in self.results:
            counts[state] = counts.get(state, 0) + 1
        if self.loader_failures:
            print("FAIL   loader: the xfer run did not load xfer's libcurl.so.4:")
            for f in self.loader_failures:
                print("       | " + f)
        else:
            print("PASS   loader: all %d xfer runs loaded %s and no other libcurl"
                  % (self.loader_runs, self.dropin))
        print()
        print("== %s summary: %d cases: %d matched, %d expected differences, %d mismatches%s%s"
              " (%.1fs)" % (self.client, len(self.results), counts.get("PASS", 0),
                             counts.get("XFAIL", 0), counts.get("FAIL", 0),
                             ", %d now match (XPASS)" % counts["XPASS"] if "XPASS" in counts
                             else "",
                             ", %d skipped" % counts["SKIP"] if "SKIP" in counts else "",
                             time.monotonic() - self.started))
        groups = {}
        for name, state, note in self.results:
            if state in ("XFAIL", "XPASS", "FAIL", "SKIP"):
                groups.setdefault((state, note), []).append(name)
        for (state, note), names in groups.items():
            print("   %-6s %s\n          %s" % (state, note, " ".join(names)))
        failed = counts.get("FAIL", 0) > 0 or bool(self.loader_failures) or not self.results
        return 1 if failed else 0


NGINX_CONF = """
worker_processes 1;
daemon off;
master_process off;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/body;
    fastcgi_temp_path {dir}/body;
    uwsgi_temp_path {dir}/body;
    scgi_temp_path {dir}/body;
    default_type application/octet-stream;
    server_tokens off;
    server {{
        listen 127.0.0.1:{port}{ssl};
        {tls}
        root {root};
        location /dav/ {{
            dav_methods PUT DELETE;
            create_full_put_path on;
            client_max_body_size 10m;
        }}
        {extra}
    }}
}}
"""
