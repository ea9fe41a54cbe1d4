#!/usr/bin/env python3
# Socket-layer fault cases: each runs fault_client on Debian's libcurl (the oracle) and on xfer's.
"""Usage: faults.py --build BUILD_DIR [--list] [CASE ...]

Every case preloads sock_fault.so (XFER_FAULT=...) and LeakSanitizer into fault_client,
once on Debian's libcurl and once on xfer's libcurl.so.4 (LD_LIBRARY_PATH=BUILD/src/dropin),
each against a fresh loopback test server. xfer's run must not crash, hang or leak, and its
CURLcode and response code must be libcurl's, except where KNOWN_DIFFS gives the answer
xfer must give instead and why.
Exit 0 when every case passes, 1 otherwise, 77 when liblsan or libcurl is missing.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "compat"))
import run_scenario  # noqa: E402

RUN_LIMIT_S = 15.0
BIG = "/get?size=100000"
# Cases marked NAME need a host name that the system resolver maps to 127.0.0.1 (through
# /etc/hosts) and that is not "localhost" (both libraries answer that one without a
# lookup): the machine's own name usually is one. See loopback_name().
NAME = "@name"

# name: (fault, client mode, host, path)
CASES = {
    "eintr-easy": ("eintr", "easy", "127.0.0.1", BIG),
    "eintr-multi": ("eintr", "multi", "127.0.0.1", BIG),
    "eintr-post": ("eintr", "post", "127.0.0.1", "/post?size=10"),
    "eintr-connect": ("eintr-connect", "easy", "127.0.0.1", BIG),
    "eagain-send": ("eagain-send", "post", "127.0.0.1", "/post?size=10"),
    "eagain-send-multi": ("eagain-send", "multi", "127.0.0.1", BIG),
    "eagain-recv": ("eagain-recv", "easy", "127.0.0.1", BIG),
    "short-post": ("short", "post", "127.0.0.1", "/post?size=10"),
    "short-get": ("short", "easy", "127.0.0.1", BIG),
    "reset-connect": ("reset-connect", "easy", "127.0.0.1", BIG),
    "reset-connect-multi": ("reset-connect", "multi", "127.0.0.1", BIG),
    "reset-send": ("reset-send", "easy", "127.0.0.1", BIG),
    "reset-send-post": ("reset-send", "post", "127.0.0.1", "/post?size=10"),
    "reset-header": ("reset-header", "easy", "127.0.0.1", BIG),
    "reset-header-multi": ("reset-header", "multi", "127.0.0.1", BIG),
    "reset-body": ("reset-body", "easy", "127.0.0.1", BIG),
    "reset-body-multi": ("reset-body", "multi", "127.0.0.1", BIG),
    "emfile-socket": ("emfile-socket", "easy", "127.0.0.1", BIG),
    "emfile-socket-multi": ("emfile-socket", "multi", "127.0.0.1", BIG),
    "emfile-eventfd": ("emfile-eventfd", "easy", "127.0.0.1", BIG),
    "emfile-wake-wakeup": ("emfile-wake", "wakeup", "127.0.0.1", BIG),
    "emfile-wake-resolve": ("emfile-wake", "easy", NAME, BIG),
    "emfile-wake-resolve-multi": ("emfile-wake", "multi", NAME, BIG),
    "emfile-accept": ("emfile-accept", "easy", "127.0.0.1", BIG),
    "emfile-epoll": ("emfile-epoll", "easy", "127.0.0.1", BIG),
    "emfile-epoll-multi": ("emfile-epoll", "multi", "127.0.0.1", BIG),
    "nothread": ("nothread", "easy", NAME, BIG),
    "nothread-multi": ("nothread", "multi", NAME, BIG),
}

# Where xfer gives another answer than libcurl on purpose (or cannot give libcurl's): the
# case still has to pass the crash, hang and leak checks.
KNOWN_DIFFS = {
    # name: (what xfer must answer instead, why)
    "eintr-easy": ("0 response 200", "libcurl 7.88 is no oracle here: an EINTR from every other "
                   "poll() and recv() leaves it spinning until its timeout (28); xfer retries "
                   "each interrupted call and completes the transfer."),
    "eintr-multi": ("0 response 200", "as eintr-easy (libcurl ends with code 0 but no response)."),
    "eintr-post": ("0 response 200", "as eintr-easy."),
    "eintr-connect": ("0 response 200", "libcurl 7.88 takes EINTR from a non-blocking connect() "
                      "for a failed connect (7); xfer calls connect again. A non-blocking "
                      "connect does not sleep, so Linux never interrupts it: both are sane."),
    "eagain-recv": ("28 response 0", "xfer reads plain sockets edge-triggered (EPOLLET) and "
                    "trusts EAGAIN to mean the receive queue is empty, as the kernel "
                    "guarantees; a fake EAGAIN with data waiting leaves no new edge, so the "
                    "transfer waits for its timeout (28). libcurl polls level-triggered."),
    "emfile-epoll": ("27 response 0", "xfer's engine needs an epoll descriptor; without one "
                     "curl_easy_perform fails with OUT_OF_MEMORY (libcurl's answer when it "
                     "cannot make its multi handle). libcurl 7.88 has no epoll."),
    "emfile-epoll-multi": ("27 response 0", "as emfile-epoll: curl_multi_init returns NULL "
                           "(the client prints 27)."),
}

def loopback_name():
    """A name other than localhost that getaddrinfo maps to 127.0.0.1 only, or None."""
    for name in (socket.gethostname(), "localhost.localdomain"):
        try:
            addrs = {ai[4][0] for ai in socket.getaddrinfo(name, 80, proto=socket.IPPROTO_TCP)}
        except OSError:
            continue
        if name != "localhost" and addrs == {"127.0.0.1"}:
            return name
    return None


def find_lsan():
    for path in ("/usr/lib/x86_64-linux-gnu/liblsan.so.0", "/usr/lib/aarch64-linux-gnu/liblsan.so.0"):
        if os.path.exists(path):
            return path
    return None


def run_client(client, server_exe, case, libdir, preload, lsan_supp):
    fault, mode, host, path = case
    server = run_scenario.start_server(server_exe, [])
    fd, log = tempfile.mkstemp(prefix="fault-")
    os.close(fd)
    try:
        env = dict(os.environ)
        for name in run_scenario.PROXY_ENV_VARS:
            env.pop(name, None)
        env["XFER_FAULT"] = fault
        env["XFER_FAULT_LOG"] = log
        env["LD_PRELOAD"] = preload
        env["LSAN_OPTIONS"] = "exitcode=23:fast_unwind_on_malloc=0:suppressions=" + lsan_supp
        if libdir:
            env["LD_LIBRARY_PATH"] = libdir
        else:
            env.pop("LD_LIBRARY_PATH", None)
        started = time.monotonic()
        try:
            res = subprocess.run([client, str(server.port), host, mode, path], capture_output=True,
                                 timeout=RUN_LIMIT_S, env=env)
            out, err, rc = res.stdout.decode(errors="replace"), res.stderr.decode(errors="replace"), res.returncode
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode(errors="replace")
            err = (e.stderr or b"").decode(errors="replace")
            rc = None
        secs = time.monotonic() - started
        injected = open(log).read().count("\n")
    finally:
        os.unlink(log)
        server.stop()
    return out, err, rc, injected, secs


def verdict(out, err, rc):
    if rc is None:
        return "hang"
    if rc < 0:
        return "crash"
    if "LeakSanitizer: detected memory leaks" in err:
        return "leak"
    if rc != 0:
        return "exit %d" % rc
    return "ok"


def outcome(out):
    """The CURLcode and response code, and what else the client printed (wakeup and poll
    codes). Body sizes may differ with buffer sizes; strerror texts are not compared."""
    m = re.search(r"^result (\d+) \((.*)\) response (\d+)", out, re.M)
    extra = [line for line in out.splitlines() if not line.startswith("result ")]
    return ("%s response %s" % (m.group(1), m.group(3)) if m else "no result") + \
        ("; " + "; ".join(extra) if extra else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("cases", nargs="*")
    opts = ap.parse_args()
    if opts.list:
        for name, case in CASES.items():
            print("%-26s %s" % (name, " ".join(case)))
        return 0
    build = os.path.abspath(opts.build)
    client = os.path.join(build, "tests", "faults", "fault_client")
    interposer = os.path.join(build, "tests", "faults", "sock_fault.so")
    server = os.path.join(build, "tests", "support", "xfer-testserver")
    dropin = os.path.join(build, "src", "dropin")
    lsan = find_lsan()
    if lsan is None or not os.path.exists(client):
        print("SKIP: liblsan or fault_client missing")
        return 77
    preload = interposer + ":" + lsan
    lsan_supp = os.path.join(os.path.dirname(HERE), "support", "lsan.supp")
    names = opts.cases or list(CASES)
    failed = []
    started = time.monotonic()
    lookup_name = loopback_name()
    for name in names:
        case = CASES[name]
        if case[2] == NAME:
            if lookup_name is None:
                print("%-26s skipped (no host name resolves to 127.0.0.1 alone)" % name)
                continue
            case = (case[0], case[1], lookup_name, case[3])
        ref = run_client(client, server, case, None, preload, lsan_supp)
        mine = run_client(client, server, case, dropin, preload, lsan_supp)
        ref_outcome, xfer_outcome = outcome(ref[0]), outcome(mine[0])
        v = verdict(mine[0], mine[1], mine[2])
        expected, why = KNOWN_DIFFS.get(name, (ref_outcome, None))
        status = "pass" if why is None else "pass (known difference)"
        if v != "ok":
            status = "FAIL (%s)" % v
        elif xfer_outcome != expected and xfer_outcome != ref_outcome:
            # A listed difference is what may happen; xfer doing what libcurl did is fine too
            # (a fake EAGAIN followed by a real edge lets eagain-recv complete, say).
            status = "FAIL (differs)"
        if status.startswith("FAIL"):
            failed.append(name)
        print("%-26s %-24s faults ref=%d xfer=%d  %.1fs/%.1fs" % (name, status, ref[3], mine[3], ref[4], mine[4]))
        print("    libcurl: %s%s" % (ref_outcome, "" if verdict(*ref[:3]) == "ok" else " [%s]" % verdict(*ref[:3])))
        print("    xfer:    %s" % xfer_outcome)
        if why is not None:
            print("    why: " + why)
        if opts.verbose or status.startswith("FAIL"):
            if mine[1].strip():
                print("    xfer stderr: " + mine[1][-3000:].replace("\n", "\n    "))
        sys.stdout.flush()
    print("summary: %d case(s), %d failed, %.0fs" % (len(names), len(failed), time.monotonic() - started))
    if failed:
        print("FAILED: " + " ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
