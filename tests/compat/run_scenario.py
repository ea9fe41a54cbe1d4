#!/usr/bin/env python3
# Runs one differential scenario against a fresh loopback test server per binary and diffs the traces.
"""Usage: run_scenario.py --server SERVER --source SCENARIO.c --ref REF_BIN [--xfer XFER_BIN]

Without --xfer (or with --ref-only) the reference binary runs twice and the two traces must
match (a scenario that is not deterministic on libcurl cannot judge xfer). With --xfer the
reference trace and xfer's trace must match. Exit 0 pass, 1 mismatch or failure, 77 skip.

Source markers: `// server: ARGS` (test server arguments), `// needs: dns`, `// needs: ntlm-wb`
(CURL_NTLM_WB_FILE names ntlm_auth's stand-in, tests/support/fake-ntlm-auth), `// needs: kdc`
(a private Kerberos KDC from tests/support/kdc.py, started for each run: the program gets
its client environment, the test server its keytab), and `// proxy: NAME...` (real proxies
from tests/support/proxies.py, started for each run; each one's port reaches the program as
XFER_TEST_PROXY_<NAME>, see trace_proxy_port()), and `// origin: NAME...` (real HTTP/2
servers from tests/support/origins.py, nginx-h2, nghttpd, nghttpd-h2c and apache-h2c, started for each
run with the test certificates, which the program also gets as its second argument; each of
their ports reaches it as XFER_TEST_ORIGIN_<PORT NAME>, see trace_origin_port()). A proxy or
origin that is not installed makes the scenario SKIP.

`// oracle: FILE` (next to the source) replaces libcurl as the judge for a behaviour Debian's
libcurl 7.88 gets wrong (each one named in docs/DIFFERENCES.md): FILE holds the expected trace,
written by hand from libcurl's manual and the RFC, and xfer's trace must equal it. The reference
binary still runs once, and its trace is shown, so the difference stays visible; its run may
fail (crash) without failing the scenario.
"""

import argparse
import difflib
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "support"))
import kdc  # noqa: E402
import origins  # noqa: E402
import proxies  # noqa: E402

SKIP = 77
RUN_LIMIT_S = 10.0
SERVER_START_LIMIT_S = 10.0


def scenario_markers(source_path):
    """Reads `// server: ARGS`, `// needs: WHAT...`, `// proxy: NAMES`, `// origin: NAMES` and
    `// oracle: FILE` markers from the source; returns the server arguments, the set of needs
    (dns, kdc), the proxy kinds, the origin kinds and the oracle file's path (or None)."""
    server_args = []
    needs = set()
    proxy_kinds = []
    origin_kinds = []
    oracle = None
    with open(source_path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*//\s*oracle:\s*(\S+)", line)
            if m:
                oracle = os.path.join(os.path.dirname(os.path.abspath(source_path)), m.group(1))
            m = re.match(r"\s*//\s*server:\s*(.*)$", line)
            if m:
                server_args += m.group(1).split()
            m = re.match(r"\s*//\s*needs:\s*(.*)$", line)
            if m:
                needs.update(m.group(1).split())
            m = re.match(r"\s*//\s*proxy:\s*(.*)$", line)
            if m:
                proxy_kinds += [k for k in m.group(1).split() if k not in proxy_kinds]
            m = re.match(r"\s*//\s*origin:\s*(.*)$", line)
            if m:
                origin_kinds += [k for k in m.group(1).split() if k not in origin_kinds]
    return server_args, needs, proxy_kinds, origin_kinds, oracle


class Server:
    def __init__(self, exe, args, env=None):
        self.proc = subprocess.Popen([exe] + args, stdin=subprocess.PIPE, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.port = self._read_port()

    def _read_port(self):
        # The port line is the server's only promise; bound the wait so a broken server fails fast.
        deadline = time.monotonic() + SERVER_START_LIMIT_S
        line = b""
        fd = self.proc.stdout.fileno()
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError("test server did not print its port in time")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 1)
            if not chunk:
                raise RuntimeError("test server exited before printing its port: "
                                   + self.proc.stderr.read().decode(errors="replace"))
            line += chunk
        return int(line.strip())

    def stop(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def tls_certs_dir(explicit, server_exe):
    """The test certificates: --certs, else certs/ next to the server binary, made on demand."""
    certs = explicit or os.path.join(os.path.dirname(os.path.abspath(server_exe)), "certs")
    if not os.path.exists(os.path.join(certs, ".complete")):
        script = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                              "support", "make_test_certs.sh")
        subprocess.run(["sh", script, certs], check=True, timeout=60,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return certs


def expand_tls_args(server_args, certs):
    """`--tls [LEAF]` and `--client-ca` in a marker name files of the test certificate set."""
    out = []
    i = 0
    while i < len(server_args):
        arg = server_args[i]
        if arg == "--tls":
            leaf = "server"
            if i + 1 < len(server_args) and not server_args[i + 1].startswith("--"):
                leaf = server_args[i + 1]
                i += 1
            out += ["--tls", os.path.join(certs, leaf + ".pem"), os.path.join(certs, leaf + ".key")]
        elif arg == "--client-ca":
            out += ["--client-ca", os.path.join(certs, "ca.pem")]
        else:
            out.append(arg)
        i += 1
    return out


def isolation_works(resolv):
    """True when a private mount namespace can hide the real resolver configuration."""
    if not shutil.which("unshare"):
        return False
    probe = ["unshare", "-m", "sh", "-c",
             'mount --bind "$0" /etc/resolv.conf && exec true', resolv]
    try:
        return subprocess.run(probe, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


# Traces print the server port as PORT (trace.c masks it). A port that equals a number a
# scenario prints for another reason would be masked there too: CURLOPTTYPE_BLOB option ids
# (40000 + n, scenario 54) are the ones inside the kernel's ephemeral range.
PORTS_THAT_COLLIDE = range(40000, 41000)


def start_server(server_exe, server_args, env=None):
    for _ in range(20):
        server = Server(server_exe, server_args, env)
        if server.port not in PORTS_THAT_COLLIDE:
            return server
        server.stop()
    raise RuntimeError("test server kept getting ports in 40000-40999")


# Proxy settings of the caller's environment must not steer a scenario: libcurl reads them.
PROXY_ENV_VARS = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                  "ALL_PROXY", "no_proxy", "NO_PROXY")
KRB5_ENV_VARS = ("KRB5_CONFIG", "KRB5CCNAME", "KRB5_CLIENT_KTNAME", "KRB5_KTNAME",
                 "KRB5_KDC_PROFILE", "KRB5RCACHETYPE", "KRB5_TRACE")


def run_once(binary, server_exe, server_args, resolv, isolated, extra_args=(), env=None,
             proxy_kinds=(), needs_kdc=False, origin_kinds=()):
    # The KDC comes first: the server reads its keytab's name from the environment it starts with.
    realm = kdc.start_kdc(avoid_ports=PORTS_THAT_COLLIDE) if needs_kdc else None
    server = None
    running = []
    try:
        server_env = None
        if realm:
            server_env = dict(os.environ)
            server_env.update(realm.server_env())
        server = start_server(server_exe, server_args, server_env)
        env = dict(env if env is not None else os.environ)
        for name in PROXY_ENV_VARS:
            env.pop(name, None)
        # Kerberos settings of the caller must not steer a scenario either; a KDC run gets its own.
        for name in KRB5_ENV_VARS:
            env.pop(name, None)
        if realm:
            env.update(realm.client_env())
        for kind in proxy_kinds:
            p = proxies.start_proxy(kind, avoid_ports=PORTS_THAT_COLLIDE)
            running.append(p)
            env[proxies.env_name(kind)] = str(p.port)
        for kind in origin_kinds:
            o = origins.start_origin(kind, avoid_ports=PORTS_THAT_COLLIDE)
            running.append(o)
            env.update(o.env())
        cmd = [binary, str(server.port)] + list(extra_args)
        if isolated:
            # DNS aimed at loopback: a failing lookup must never leave the machine.
            cmd = ["unshare", "-m", "sh", "-c",
                   'mount --bind "' + resolv + '" /etc/resolv.conf && exec "$0" "$@"'] + cmd
        try:
            res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 timeout=RUN_LIMIT_S, env=env)
            out = res.stdout.decode(errors="replace")
            err = res.stderr.decode(errors="replace")
            out += "[exit status %d]\n" % res.returncode
            return out, err, res.returncode
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode(errors="replace")
            err = (e.stderr or b"").decode(errors="replace")
            out += "[timed out after %.0f s]\n" % RUN_LIMIT_S
            return out, err, -1
    finally:
        for p in running:
            p.stop()
        if server:
            server.stop()
        if realm:
            realm.stop()


def server_has_feature(server_exe, name):
    """Whether `xfer-testserver --features` lists this optional part (gssapi)."""
    try:
        res = subprocess.run([server_exe, "--features"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return res.returncode == 0 and name in res.stdout.decode(errors="replace").split()


def dropin_misses(binary, dropin):
    """Why the binary would not load its libcurl (libcurl.so.4, libcurl-gnutls.so.4) from the
    drop-in directory, or None. Without this a missing drop-in falls back to Debian's library
    and the comparison passes for nothing. glibc's loader lists what it would map and exits."""
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = dropin
    env["LD_TRACE_LOADED_OBJECTS"] = "1"
    try:
        res = subprocess.run([binary], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                             timeout=10)
    except (OSError, subprocess.TimeoutExpired) as e:
        return "cannot list the libraries of %s: %s" % (binary, e)
    found = []
    for line in res.stdout.decode(errors="replace").splitlines():
        m = re.match(r"\s*(libcurl\S*\.so\S*)\s+=>\s+(\S+)", line)
        if m:
            found.append((m.group(1), m.group(2)))
    if not found:
        return "%s lists no libcurl*.so (status %d, loader said: %s %s)" % (
            binary, res.returncode, res.stdout.decode(errors="replace").strip(),
            res.stderr.decode(errors="replace").strip())
    want = os.path.realpath(dropin)
    for name, path in found:
        # The directory, not the file, is compared: a drop-in may be a symbolic link.
        if path == "not" or os.path.realpath(os.path.dirname(path)) != want:
            return "%s would load %s from %s, not from the drop-in directory %s" % (
                binary, name, path, dropin)
    return None


def show_diff(a, b, name_a, name_b):
    diff = difflib.unified_diff(a.splitlines(keepends=True), b.splitlines(keepends=True),
                                fromfile=name_a, tofile=name_b)
    sys.stdout.writelines(diff)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--ref", required=True)
    ap.add_argument("--xfer")
    ap.add_argument("--dropin", help="directory holding xfer's drop-in libraries (libcurl.so.4, "
                    "libcurl-gnutls.so.4): the libcurl-built binary runs on the one it was linked "
                    "with (LD_LIBRARY_PATH) and must give the same trace")
    ap.add_argument("--print", action="store_true", help="print the reference trace")
    ap.add_argument("--certs", help="test certificate directory for TLS scenarios")
    ap.add_argument("--ref-only", action="store_true", help="ignore --xfer: run the reference "
                    "twice and compare (proves a new scenario deterministic on libcurl)")
    opts = ap.parse_args()
    if opts.ref_only:
        opts.xfer = None
        opts.dropin = None

    server_args, needs, proxy_kinds, origin_kinds, oracle = scenario_markers(opts.source)
    needs_dns = "dns" in needs
    needs_kdc = "kdc" in needs
    if "ntlm-wb" in needs:
        # NTLM_WB's helper: ntlm_auth's stand-in, next to the test server.
        helper = os.path.join(os.path.dirname(os.path.abspath(opts.server)), "fake-ntlm-auth")
        if not os.access(helper, os.X_OK):
            print("SKIP: %s not built" % helper)
            return SKIP
        os.environ["CURL_NTLM_WB_FILE"] = helper
    missing = [k for k in proxy_kinds if not proxies.available(k)]
    if missing:
        print("SKIP: proxy not installed: %s (scripts/install-deps.sh)" % " ".join(missing))
        return SKIP
    missing = [k for k in origin_kinds if not origins.available(k)]
    if missing:
        print("SKIP: origin server not installed: %s (scripts/install-deps.sh)" % " ".join(missing))
        return SKIP
    if needs_kdc:
        if not kdc.available():
            print("SKIP: Kerberos KDC not installed: %s (scripts/install-deps.sh)"
                  % " ".join(kdc.missing_tools()))
            return SKIP
        if not server_has_feature(opts.server, "gssapi"):
            print("SKIP: the test server was built without GSS-API (libkrb5-dev)")
            return SKIP
    # TLS scenarios get the certificate directory as their second argument.
    extra_args = []
    if "--tls" in server_args:
        certs = tls_certs_dir(opts.certs, opts.server)
        server_args = expand_tls_args(server_args, certs)
        extra_args = [certs]
        os.environ["XFER_TEST_CERTS"] = certs  # an HTTPS proxy (tinyproxy-tls) presents them
    elif origin_kinds:
        # The origins present the test certificate; the program trusts the test CA.
        certs = tls_certs_dir(opts.certs, opts.server)
        extra_args = [certs]
        os.environ["XFER_TEST_CERTS"] = certs
    fd, resolv = tempfile.mkstemp(prefix="compat-resolv-")
    try:
        with os.fdopen(fd, "w") as f:
            f.write("nameserver 127.0.0.1\n")
        isolated = isolation_works(resolv)
        if not isolated and needs_dns:
            print("SKIP: cannot point DNS at loopback (unshare -m unavailable)")
            return SKIP

        # The reference runs on Debian's libcurl, even where the test runner put xfer's
        # drop-in on LD_LIBRARY_PATH for the whole command (the dropin suite does).
        ref_env = None
        if "LD_LIBRARY_PATH" in os.environ:
            drop = {os.path.realpath(opts.dropin)} if opts.dropin else set()
            kept = [d for d in os.environ["LD_LIBRARY_PATH"].split(":")
                    if d and os.path.realpath(d) not in drop]
            ref_env = dict(os.environ)
            ref_env["LD_LIBRARY_PATH"] = ":".join(kept)
        ref_out, ref_err, ref_rc = run_once(opts.ref, opts.server, server_args, resolv, isolated,
                                            extra_args, ref_env, proxy_kinds, needs_kdc,
                                            origin_kinds)
        if opts.print and not oracle:
            sys.stdout.write(ref_out)
        # Under an oracle libcurl is no judge: its failing run (7.88 crashes on some pushes,
        # scenario 230) is only shown beside the expected trace.
        if ref_rc != 0 and not oracle:
            print("reference run failed (status %d); trace:\n%s\nstderr:\n%s"
                  % (ref_rc, ref_out, ref_err))
            return 1
        if oracle:
            if not opts.xfer and not opts.dropin:
                print("libcurl's trace (the judge is %s):" % os.path.basename(oracle))
                sys.stdout.write(ref_out)
                return 0
            libcurl_out = ref_out
            with open(oracle, encoding="utf-8") as f:
                ref_out = f.read()

        env = None
        if opts.dropin:
            other, other_name = opts.ref, "the libcurl binary on xfer's drop-in"
            why = dropin_misses(opts.ref, opts.dropin)
            if why:
                print("drop-in not used: " + why)
                return 1
            env = dict(os.environ)
            env["LD_LIBRARY_PATH"] = opts.dropin
        elif opts.xfer:
            other, other_name = opts.xfer, "xfer"
        else:
            other, other_name = opts.ref, "libcurl (second run)"
        out, err, _ = run_once(other, opts.server, server_args, resolv, isolated, extra_args, env,
                               proxy_kinds, needs_kdc, origin_kinds)
        if oracle and opts.print:
            sys.stdout.write(out)
        judge = os.path.basename(oracle) if oracle else "libcurl"
        if out != ref_out:
            print("trace mismatch: %s vs %s" % (judge, other_name))
            show_diff(ref_out, out, judge, other_name)
            if err:
                print("stderr of %s:\n%s" % (other_name, err))
            return 1
        if oracle:
            print("libcurl 7.88's trace, which differs (docs/DIFFERENCES.md):")
            show_diff(ref_out, libcurl_out, judge, "libcurl")
            print("trace identical to %s (%d lines)" % (judge, len(ref_out.splitlines())))
            return 0
        print("traces identical (%d lines)" % len(ref_out.splitlines()))
        return 0
    finally:
        os.unlink(resolv)


if __name__ == "__main__":
    sys.exit(main())
