#!/usr/bin/env python3
# debuginfod-find (package debuginfod; its libdebuginfod1 links libcurl-gnutls.so.4) against a
# private debuginfod server indexing a small program built here with a build id: debuginfo,
# executable, source and a section by build id, an unknown build id, unreachable servers, on
# Debian's libcurl-gnutls and on xfer's.
import hashlib
import os
import re
import subprocess
import sys
import time
import urllib.request

from harness import Harness, describe, norm_millis

FIND = "/usr/bin/debuginfod-find"
SERVER = "/usr/bin/debuginfod"
GCC = "/usr/bin/gcc"
OBJCOPY = "/usr/bin/objcopy"
UNKNOWN_ID = "0123456789abcdef0123456789abcdef01234567"

PROGRAM = """#include <stdio.h>

static int square(int x) { return x * x; }

int main(int argc, char **argv) {
    (void)argv;
    printf("%d\\n", square(argc + 6));
    return 0;
}
"""


def build_program(srv):
    """srv/hello (stripped, with a debuglink), srv/hello.debug and srv/hello.c; returns the
    build id."""
    src = os.path.join(srv, "hello.c")
    with open(src, "w") as f:
        f.write(PROGRAM)
    full = os.path.join(srv, "hello.full")
    for argv in ([GCC, "-g", "-O0", "-Wl,--build-id=sha1", "-o", full, src],
                 [OBJCOPY, "--only-keep-debug", full, os.path.join(srv, "hello.debug")],
                 [OBJCOPY, "--strip-debug", "--add-gnu-debuglink=hello.debug", full,
                  os.path.join(srv, "hello")]):
        subprocess.run(argv, cwd=srv, check=True, timeout=60)
    os.unlink(full)
    with open(os.path.join(srv, "hello"), "rb") as f:
        elf = f.read()
    # The GNU build-id note: namesz 4, descsz 20, type 3, "GNU\0", then the 20 bytes.
    at = elf.find(b"\x04\x00\x00\x00\x14\x00\x00\x00\x03\x00\x00\x00GNU\x00")
    if at < 0:
        raise SystemExit("debuginfod: the test program has no build id")
    return elf[at + 16:at + 36].hex()


def start_server(h, srv, build_id):
    """debuginfod scanning srv on a free port (it listens on every address; only 127.0.0.1
    is asked); returns the port once it serves the program's executable, debuginfo and
    source (the scan has then seen both files)."""
    for _attempt in range(5):
        port = h.free_port()
        db = os.path.join(h.tmp, "debuginfod-%d.sqlite" % port)
        log = open(os.path.join(h.tmp, "debuginfod-%d.log" % port), "wb")
        p = h._spawn([SERVER, "-F", "-p", str(port), "-d", db, "-t", "0", "-g", "0", "-c", "1",
                      "-v", srv], stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        log.close()
        base = "http://127.0.0.1:%d/buildid/%s/" % (port, build_id)
        waiting = [base + "executable", base + "debuginfo",
                   base + "source" + os.path.join(srv, "hello.c")]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and p.poll() is None:
            try:
                with urllib.request.urlopen(waiting[0], timeout=2) as r:
                    if r.status == 200:
                        waiting.pop(0)
                        if not waiting:
                            return port
                        continue
            except OSError:
                pass
            time.sleep(0.2)
        if p.poll() is None:
            p.kill()
        p.wait()
    raise SystemExit("debuginfod: the server did not start or did not index %s" % srv)


def norm_progress(s):
    """-v prints "Progress A / B" at most twice a second, A and B read from libcurl at that
    moment (or a loop count before any byte came): timing, not behaviour."""
    return re.sub(r"(?m)^Progress -?\d+ / -?\d+\n", "", s)


def cache_listing(cwd):
    """Every file of the run's client cache with its size and digest (a failed query leaves
    an empty negative-cache file)."""
    top = os.path.join(cwd, "cache")
    lines = []
    for root, dirs, files in os.walk(top):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                data = f.read()
            lines.append("%s %d %s" % (os.path.relpath(path, top), len(data),
                                       hashlib.sha256(data).hexdigest()[:16]))
    return "\n".join(lines) if lines else "<empty>"


def main():
    h = Harness("debuginfod", __doc__)
    h.require(FIND, SERVER, package="debuginfod")
    h.require(GCC, OBJCOPY, package="gcc and binutils (build-essential)")
    for k in [k for k in os.environ if k.startswith("DEBUGINFOD_")]:
        del os.environ[k]  # the server federates to DEBUGINFOD_URLS; the runs set their own
    srv = os.path.join(h.tmp, "srv")
    os.makedirs(srv)
    build_id = build_program(srv)
    port = start_server(h, srv, build_id)
    refused = "http://127.0.0.1:%d" % h.free_port()
    tls_port = h.nginx(os.path.join(h.tmp, "srv"), tls=True)
    plain = "http://127.0.0.1:%d" % port
    source = os.path.join(srv, "hello.c")

    def originals():
        out = {}
        for kind, name in (("debuginfo", "hello.debug"), ("executable", "hello"),
                           ("source", "hello.c")):
            with open(os.path.join(srv, name), "rb") as f:
                out[kind] = f.read()
        return out

    expected = originals()

    def case(name, args, urls=plain, expect_rc=0, fetched=None, env=None):
        """debuginfod-find ARGS with DEBUGINFOD_URLS=urls and the cache in the run's folder
        ("cache", relative: the printed path is the same on both sides). Compared: exit
        code, stdout (the cached file's path), stderr, the cache's files; fetched names the
        kind whose content must equal the served file."""
        if not h.wanted(name):
            return
        run_env = {"DEBUGINFOD_URLS": urls, "DEBUGINFOD_CACHE_PATH": "cache",
                   "DEBUGINFOD_TIMEOUT": "20"}
        run_env.update(env or {})
        texts = []
        runs = []
        for xfer in (False, True):
            cwd = os.path.join(h.tmp, "xfer" if xfer else "ref", name)
            os.makedirs(cwd)
            r = h.run([FIND] + args, xfer, cwd, env=run_env, timeout=60)
            runs.append(r)
            t = h.transcript(r, stderr=True, norm=[norm_millis, norm_progress])
            texts.append(t + "\n--- cache\n" + cache_listing(cwd))

        def ref_ok(_):
            ref = runs[0]
            if ref.rc != expect_rc:
                return "exit %s, the case expects %s; stderr: %s" % (
                    ref.rc, expect_rc, ref.stderr.decode("latin-1").strip()[-400:])
            if fetched:
                got = ref.file(ref.stdout.decode().strip())
                if got != expected[fetched]:
                    return "the fetched %s is not the served file: %s" % (fetched,
                                                                           describe(got))
            return None

        h.compare(name, texts[0], texts[1], ref_ok=ref_ok)

    case("debuginfo-by-buildid", ["debuginfo", build_id], fetched="debuginfo")
    case("executable-by-buildid", ["executable", build_id], fetched="executable")
    case("debuginfo-by-path", ["debuginfo", os.path.join(srv, "hello")], fetched="debuginfo")
    case("source-by-buildid", ["source", build_id, source], fetched="source")
    case("section-by-buildid", ["section", build_id, ".debug_info"])
    # -v: the client's own progress lines (URLs, response codes, which server answered)
    case("debuginfo-verbose", ["-v", "debuginfo", build_id], fetched="debuginfo")
    case("unknown-buildid", ["debuginfo", UNKNOWN_ID], expect_rc=1)
    case("unknown-buildid-executable", ["executable", UNKNOWN_ID], expect_rc=1)
    # Nothing listens: libcurl's CURLE_COULDNT_CONNECT, which the client turns into an errno.
    case("server-refused", ["debuginfo", build_id], urls=refused, expect_rc=1)
    # Two servers queried in parallel on one curl multi handle; the live one answers.
    case("two-servers", ["debuginfo", build_id], urls=refused + " " + plain,
         fetched="debuginfo")
    case("two-servers-unknown", ["debuginfo", UNKNOWN_ID], urls=plain + " " + plain,
         expect_rc=1)
    # HTTPS to a server whose CA the client does not know (it has no CA option; the system
    # store lacks the test CA): the TLS failure, as an errno.
    case("https-unknown-ca", ["debuginfo", build_id],
         urls="https://127.0.0.1:%d" % tls_port, expect_rc=1)
    return h.finish()


if __name__ == "__main__":
    sys.exit(main())
