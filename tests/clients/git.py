#!/usr/bin/env python3
# git's HTTP transport (package git: git-remote-http, which links libcurl-gnutls.so.4) against
# `git http-backend` behind Debian's nginx (fcgiwrap runs the CGI): smart and dumb clones, a
# push large enough for chunked upload, the same over HTTPS with the test CA, on Debian's
# libcurl-gnutls and on xfer's.
import hashlib
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time

from harness import Harness, norm_dates

GIT = "/usr/bin/git"
REMOTE_HTTP = "/usr/lib/git-core/git-remote-http"
HTTP_BACKEND = "/usr/lib/git-core/git-http-backend"
FCGIWRAP = "/usr/sbin/fcgiwrap"
NGINX = "/usr/sbin/nginx"
# The pushed file: incompressible and larger than http.postBuffer (1 MiB by default), so git
# sends the pack with Transfer-Encoding: chunked.
BIG_FILE_SIZE = 3 << 20

# Every commit is made with fixed names and dates: both sides must produce the same ids.
FIXED = {"GIT_AUTHOR_NAME": "xfer tests", "GIT_AUTHOR_EMAIL": "tests@xfer.invalid",
         "GIT_COMMITTER_NAME": "xfer tests", "GIT_COMMITTER_EMAIL": "tests@xfer.invalid",
         "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
         "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "/bin/false"}

# The CGI between nginx and git http-backend: one log line per request (what the server saw,
# including whether the body came chunked), then the backend itself.
CGI_WRAPPER = """#!/bin/sh
printf '%s %s%s te=%s\\n' "$REQUEST_METHOD" "$PATH_INFO" "${{QUERY_STRING:+?$QUERY_STRING}}" \\
    "$HTTP_TRANSFER_ENCODING" >> {log}
exec {backend}
"""

NGINX_GIT = """
        location ~ ^/git(/.*)$ {{
            client_max_body_size 0;
            fastcgi_pass unix:{sock};
            fastcgi_param SCRIPT_FILENAME {wrapper};
            fastcgi_param PATH_INFO $1;
            fastcgi_param QUERY_STRING $query_string;
            fastcgi_param REQUEST_METHOD $request_method;
            fastcgi_param CONTENT_TYPE $content_type;
            fastcgi_param CONTENT_LENGTH $content_length;
            fastcgi_param REMOTE_ADDR $remote_addr;
            fastcgi_param SERVER_PROTOCOL $server_protocol;
            fastcgi_param GIT_PROJECT_ROOT {repos};
            fastcgi_param GIT_HTTP_EXPORT_ALL 1;
            fastcgi_param GIT_CONFIG_NOSYSTEM 1;
            fastcgi_param HOME {home};
        }}
"""


def git_local(h, args, cwd, check=True):
    """A local git command (no HTTP, so no libcurl): fixtures and inspection."""
    env = h.env(False, FIXED)
    return subprocess.run([GIT] + args, cwd=cwd, env=env, check=check, timeout=120,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)


def make_repos(h, top):
    """The served repositories: repos/repo.git (smart HTTP, pushes allowed), a template for
    push targets, and www/dumb/repo.git (static files after update-server-info)."""
    src = os.path.join(top, "src")
    os.makedirs(src)
    git_local(h, ["init", "-q", "-b", "main", src], top)
    rnd = random.Random(7)
    for i in range(3):
        os.makedirs(os.path.join(src, "dir%d" % i), exist_ok=True)
        with open(os.path.join(src, "dir%d" % i, "notes.txt"), "w") as f:
            f.write("".join("commit %d line %d %s\n" % (i, n, rnd.random()) for n in range(500)))
        with open(os.path.join(src, "data%d.bin" % i), "wb") as f:
            f.write(rnd.randbytes(40000))
        git_local(h, ["add", "-A"], src)
        git_local(h, ["commit", "-q", "-m", "commit %d" % i], src)
    git_local(h, ["tag", "v1", "-m", "a tag"], src)
    git_local(h, ["branch", "side", "HEAD~1"], src)
    repos = os.path.join(top, "repos")
    os.makedirs(repos)
    bare = os.path.join(repos, "repo.git")
    git_local(h, ["clone", "-q", "--bare", src, bare], top)
    git_local(h, ["config", "http.receivepack", "true"], bare)
    dumb = os.path.join(top, "www", "dumb", "repo.git")
    git_local(h, ["clone", "-q", "--bare", src, dumb], top)
    git_local(h, ["update-server-info"], dumb)
    return src, repos


def wait_for_socket(path, proc, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        if os.path.exists(path):
            try:
                with socket.socket(socket.AF_UNIX) as s:
                    s.connect(path)
                return True
            except OSError:
                pass
        time.sleep(0.05)
    return False


class Server:
    """fcgiwrap and two nginx instances (plain and TLS) in front of git http-backend."""

    def __init__(self, h, top, repos):
        self.log = os.path.join(top, "requests.log")
        open(self.log, "w").close()
        wrapper = os.path.join(top, "git-cgi")
        with open(wrapper, "w") as f:
            f.write(CGI_WRAPPER.format(log=self.log, backend=HTTP_BACKEND))
        os.chmod(wrapper, 0o755)
        sock = os.path.join(top, "fcgiwrap.sock")
        p = h._spawn([FCGIWRAP, "-c", "2", "-s", "unix:" + sock], stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     env={"PATH": "/usr/bin:/bin"})
        if not wait_for_socket(sock, p):
            raise SystemExit("git: fcgiwrap did not start")
        home = os.path.join(top, "server-home")
        os.makedirs(home)
        extra = NGINX_GIT.format(sock=sock, wrapper=wrapper, repos=repos, home=home)
        www = os.path.join(top, "www")
        self.port = h.nginx(www, extra)
        self.tls_port = h.nginx(www, extra, tls=True)

    def mark(self):
        return os.path.getsize(self.log)

    def since(self, mark):
        with open(self.log) as f:
            f.seek(mark)
            return f.read()


def tree_digest(path):
    """Each file of a checkout (outside .git) with its sha256, in name order."""
    lines = []
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        for name in sorted(files):
            full = os.path.join(root, name)
            with open(full, "rb") as f:
                lines.append("%s %s" % (hashlib.sha256(f.read()).hexdigest()[:16],
                                        os.path.relpath(full, path)))
    return "\n".join(lines)


def repo_state(h, git_dir, checkout=None):
    """What a clone or a pushed-to repository holds: refs, HEAD, object check, files."""
    parts = []
    if not os.path.isdir(git_dir):
        return "repository: <missing>"
    refs = git_local(h, ["--git-dir", git_dir, "for-each-ref",
                         "--format=%(objectname) %(refname)"], git_dir, check=False)
    parts.append("--- refs\n" + refs.stdout.decode() + refs.stderr.decode())
    head = git_local(h, ["--git-dir", git_dir, "symbolic-ref", "HEAD"], git_dir, check=False)
    parts.append("HEAD: " + head.stdout.decode().strip())
    fsck = git_local(h, ["--git-dir", git_dir, "fsck", "--full", "--no-progress"], git_dir,
                     check=False)
    parts.append("fsck: exit %d %s" % (fsck.returncode, fsck.stderr.decode().strip()))
    if checkout:
        parts.append("--- files\n" + tree_digest(checkout))
    return "\n".join(parts)


def trace_headers(path):
    """The request and response header lines of a GIT_TRACE_CURL file (git's debug
    callback), without the timestamps and without the libraries' own "== Info" narration."""
    if not os.path.exists(path):
        return "<no trace>"
    out = []
    with open(path, errors="replace") as f:
        for line in f:
            m = re.search(r"(=> Send header|<= Recv header): ?(.*)", line.rstrip("\n"))
            if m:
                out.append("%s: %s" % (m.group(1), m.group(2)))
    return same_names(norm_dates("\n".join(out)))


def push_target(xfer):
    """Each side pushes to a repository of its own: push-0.git (Debian's libcurl) and
    push-1.git (xfer), names of one length, so header sizes in a trace stay equal."""
    return "push-%d" % int(xfer)


def same_names(text):
    return re.sub(r"push-[01]\.git", "push-N.git", text)


def stderr_text(run):
    """git's stderr with the run's own names made common; the libraries' error buffer text
    (after "unable to access 'URL': ") is compared in a case of its own."""
    err = same_names(run.stderr.decode("latin-1"))
    return re.sub(r"(unable to access '[^']*'): .*", r"\1: <library message>", err)


def library_message(run):
    m = re.search(r"unable to access '[^']*': (.*)", run.stderr.decode("latin-1"))
    return m.group(1) if m else "<none>"


def main():
    h = Harness("git", __doc__)
    # The caller's git settings (a machine may export GIT_SSL_CAINFO, which beats
    # http.sslCAInfo) stay out of every run; FIXED sets the ones the cases need.
    for k in [k for k in os.environ if k.startswith("GIT_")]:
        del os.environ[k]
    h.require(GIT, REMOTE_HTTP, HTTP_BACKEND, package="git")
    h.require(FCGIWRAP, package="fcgiwrap")
    h.require(NGINX, package="nginx-light")
    top = os.path.join(h.tmp, "srv")
    src, repos = make_repos(h, top)
    server = Server(h, top, repos)
    ca = os.path.join(h.certs, "ca.pem")
    plain = "http://127.0.0.1:%d" % server.port
    tls = "https://127.0.0.1:%d" % server.tls_port

    def case(name, argv, prepare=None, inspect=None, env=None, expect_rc=0, trace=False,
             server_log=True, message=False, check_ref=None):
        """One git command on both libraries ("{target}" in argv: the side's push target).
        prepare(cwd, xfer) makes the run's fixtures; inspect(cwd, xfer) describes the
        outcome. Cases: NAME (exit, stderr, outcome, requests the server saw), NAME-headers
        (with trace: the header lines of GIT_TRACE_CURL), NAME-message (the error text)."""
        if not h.wanted(name):
            return
        runs = []
        for xfer in (False, True):
            side = "xfer" if xfer else "ref"
            cwd = os.path.join(h.tmp, side, name)
            os.makedirs(cwd)
            if prepare:
                prepare(cwd, xfer)
            run_env = dict(FIXED)
            run_env.update(env or {})
            trace_file = os.path.join(cwd, "..", name + ".trace")
            if trace:
                run_env["GIT_TRACE_CURL"] = os.path.abspath(trace_file)
                run_env["GIT_TRACE_CURL_NO_DATA"] = "1"
            mark = server.mark()
            r = h.run([a.replace("{target}", push_target(xfer)) for a in argv], xfer, cwd,
                      env=run_env, timeout=180)
            seen = same_names(server.since(mark))
            parts = ["exit: %s" % r.rc, "--- stderr\n" + stderr_text(r)]
            if inspect:
                parts.append(inspect(cwd, xfer))
            if server_log:
                parts.append("--- server saw\n" + seen)
            runs.append((r, "\n".join(parts), seen,
                         trace_headers(trace_file) if trace else None))
        (ref, ref_text, ref_seen, ref_trace), (got, got_text, _, got_trace) = runs

        def ref_ok(_):
            if ref.rc != expect_rc:
                return "exit %s, the case expects %s; stderr: %s" % (
                    ref.rc, expect_rc, ref.stderr.decode("latin-1").strip()[-400:])
            return check_ref(ref, ref_seen) if check_ref else None

        h.compare(name, ref_text, got_text, ref_ok=ref_ok)
        if trace:
            h.compare(name + "-headers", ref_trace, got_trace)
        if message:
            h.compare(name + "-message", library_message(ref), library_message(got))

    def clone_state(cwd, _xfer):
        out = os.path.join(cwd, "out")
        return repo_state(h, os.path.join(out, ".git"), out)

    def push_fixture(cwd, xfer, size=BIG_FILE_SIZE):
        """A fresh target repository for this run and a local clone with one more commit
        holding an incompressible file of `size` bytes."""
        target = os.path.join(repos, push_target(xfer) + ".git")
        shutil.rmtree(target, ignore_errors=True)
        git_local(h, ["clone", "-q", "--bare", os.path.join(repos, "repo.git"), target], cwd)
        git_local(h, ["config", "http.receivepack", "true"], target)
        work = os.path.join(cwd, "work")
        git_local(h, ["clone", "-q", src, work], cwd)
        with open(os.path.join(work, "big.bin"), "wb") as f:
            f.write(random.Random(11).randbytes(size))
        git_local(h, ["add", "big.bin"], work)
        git_local(h, ["commit", "-q", "-m", "a big file"], work)

    def pushed_state(_cwd, xfer):
        return repo_state(h, os.path.join(repos, push_target(xfer) + ".git"))

    def chunked(ref, seen):
        if not re.search(r"^POST /[^ ]*/git-receive-pack te=chunked$", seen, re.M):
            return "the pack was not sent chunked; the server saw:\n" + seen
        return None

    # Smart HTTP (protocol v2): info/refs, then upload-pack POSTs; the trace's header lines
    # are a case of their own.
    case("clone-smart", [GIT, "clone", plain + "/git/repo.git", "out"], inspect=clone_state,
         trace=True)
    case("clone-smart-branch", [GIT, "clone", "--branch", "side", "--single-branch",
                                plain + "/git/repo.git", "out"], inspect=clone_state)
    case("ls-remote", [GIT, "ls-remote", plain + "/git/repo.git"])
    # Dumb HTTP: static files from nginx (info/refs, objects, packs), fetched by git's own
    # walker on a curl multi handle.
    case("clone-dumb", [GIT, "clone", plain + "/dumb/repo.git", "out"], inspect=clone_state,
         server_log=False)
    case("clone-missing-repo", [GIT, "clone", plain + "/git/nothing.git", "out"],
         inspect=clone_state, expect_rc=128)
    # A push whose pack is larger than http.postBuffer: git probes with a small POST, then
    # sends the pack with Transfer-Encoding: chunked (the server's log must show it).
    case("push-chunked", [GIT, "-C", "work", "push", plain + "/git/{target}.git",
                          "main:main"], prepare=push_fixture, inspect=pushed_state,
         check_ref=chunked, trace=True)
    # A 20 kB pack, chunked all the same because http.postBuffer is smaller still.
    case("push-small-buffer", [GIT, "-C", "work", "-c", "http.postBuffer=4096", "push",
                               plain + "/git/{target}.git", "main:refs/heads/other"],
         prepare=lambda cwd, xfer: push_fixture(cwd, xfer, 20000), inspect=pushed_state,
         check_ref=chunked)
    # HTTPS with the test CA: http.sslCAInfo for the clone, GIT_SSL_CAINFO for the push.
    case("https-clone-smart", [GIT, "-c", "http.sslCAInfo=" + ca, "clone",
                               tls + "/git/repo.git", "out"], inspect=clone_state, trace=True)
    case("https-clone-dumb", [GIT, "-c", "http.sslCAInfo=" + ca, "clone",
                              tls + "/dumb/repo.git", "out"], inspect=clone_state,
         server_log=False)
    case("https-push-chunked", [GIT, "-C", "work", "push", tls + "/git/{target}.git",
                                "main:main"], prepare=push_fixture, inspect=pushed_state,
         env={"GIT_SSL_CAINFO": ca}, check_ref=chunked)
    # Without the CA the certificate is unknown: git stops at "unable to access" (exit 128);
    # the library's text follows (GnuTLS's "server certificate verification failed. ...",
    # which xfer's GnuTLS flavour writes alike).
    case("https-unknown-ca", [GIT, "clone", tls + "/git/repo.git", "out"],
         inspect=clone_state, expect_rc=128, message=True)
    return h.finish()


if __name__ == "__main__":
    sys.exit(main())
