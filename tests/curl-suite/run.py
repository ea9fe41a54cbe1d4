#!/usr/bin/env python3
"""libcurl's own test suite (runtests.pl of Debian's curl source package) run against xfer.

    run.py --xfer-lib build/src/dropin/libcurl.so.4            the whole suite (meson runs this)
    run.py --xfer-lib ... --only 14 1524                        some tests, verbose logs kept
    run.py --baseline-only                                      build curl, record the baseline

Steps: build curl's tree once (build-curl.sh, cached in /var/cache/xfer), select the tests
by their metadata (suite.py), run them with curl's own library once to learn which pass
(the baseline, cached next to the build), then run the same test binaries (the curl tool
and the libtest programs) with xfer's libcurl.so.4, and compare with the reviewed list of
expected failures (expected-failures.txt).

How the library is swapped: each run gets a tree of symbolic links to the cached build in
which `src/curl` and `tests/libtest/libNNN` are small shell wrappers. A wrapper starts the
real binary (not libtool's wrapper script) with LD_LIBRARY_PATH naming one directory whose
libcurl.so.4 is either curl's own or xfer's, and notes any death by signal. runtests
verifies its servers with a second wrapper that always uses curl's library, so a broken
xfer cannot stop the servers from starting. Before the run, LD_DEBUG=libs shows which
libcurl.so.4 the curl tool and a libtest program load; during the run a watchdog reads
/proc/PID/maps of every client it sees. Either showing another library aborts the run.

A watchdog kills any client process older than --timeout seconds (runtests 7.88 runs its
tests one after another and would wait for ever); runtests then goes on with the next test.
"""

import argparse
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import suite

HERE = Path(__file__).resolve().parent
# Bump when a change here changes what the baseline records.
RUNNER_VERSION = "1"
CRASH_CODES = {132: "SIGILL", 134: "SIGABRT", 135: "SIGBUS", 136: "SIGFPE", 139: "SIGSEGV"}


def log(msg):
    print(msg, flush=True)


# ---------------------------------------------------------------------------------------
# The cached curl build


def prepare_curl():
    out = subprocess.run([str(HERE / "build-curl.sh")], stdout=subprocess.PIPE, text=True)
    if out.returncode != 0:
        sys.exit("curl-tests: building curl's test suite failed (build-curl.sh)")
    return Path(out.stdout.strip().splitlines()[-1])


def write_atomic(path, text):
    tmp = Path(str(path) + ".tmp%d" % os.getpid())
    tmp.write_text(text)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------
# A run tree: links to the cached build, with wrappers in place of the client binaries

WRAPPER = """#!/bin/sh
# curl-tests wrapper: the real binary, on the chosen libcurl.so.4; notes deaths by signal.
LD_LIBRARY_PATH='{libdir}' '{real}' "$@"
rc=$?
if [ $rc -gt 128 ]; then
  echo "$rc $(basename "$0") $(readlink /proc/$$/fd/1)" >>'{events}'
fi
if [ $rc -ne 0 ]; then
  err=$(readlink /proc/$$/fd/2)
  case $err in */stderr[0-9]*) tail -c 3000 "$err" >"{events}.d/${{err##*/}}" 2>/dev/null;; esac
fi
exit $rc
"""


def make_tree(cache, work, libdir, events):
    """A directory shaped like curl's source tree where runtests can run, write its log/
    and find wrappers at ../src/curl and ./libtest/libNNN."""
    tree = work / "tree"
    tree.mkdir(parents=True)
    for entry in cache.iterdir():
        if entry.name not in ("src", "tests"):
            (tree / entry.name).symlink_to(entry)
    (tree / "src").mkdir()
    for entry in (cache / "src").iterdir():
        if entry.name != "curl":
            (tree / "src" / entry.name).symlink_to(entry)
    (tree / "tests").mkdir()
    for entry in (cache / "tests").iterdir():
        if entry.name not in ("log", "libtest"):
            (tree / "tests" / entry.name).symlink_to(entry)
    (tree / "tests" / "log").mkdir()
    lt = tree / "tests" / "libtest"
    lt.mkdir()
    real_lt = cache / "tests" / "libtest" / ".libs"

    def wrapper(path, real):
        path.write_text(WRAPPER.format(libdir=libdir, real=real, events=events))
        path.chmod(0o755)

    wrapper(tree / "src" / "curl", cache / "src" / ".libs" / "curl")
    for entry in (cache / "tests" / "libtest").iterdir():
        real = real_lt / entry.name
        if entry.name != ".libs" and real.is_file() and os.access(real, os.X_OK):
            wrapper(lt / entry.name, real)
        else:
            (lt / entry.name).symlink_to(entry)
    vcurl = work / "vcurl"
    wrapper(vcurl, cache / "src" / ".libs" / "curl")
    # The server checker runs the same curl binary on curl's own library: it says so in its
    # environment, so the watchdog does not count it as a client of the wrong library.
    vcurl.write_text(vcurl.read_text().replace("LD_LIBRARY_PATH='%s'" % libdir,
                                               "XFER_CURLTESTS_VCURL=1 LD_LIBRARY_PATH='%s'"
                                               % (cache / "lib" / ".libs")))
    return tree, vcurl


def loaded_libcurl(cmd, cwd):
    """The libcurl.so.4 the dynamic loader picks for cmd, from LD_DEBUG=libs."""
    env = dict(os.environ, LD_DEBUG="libs")
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, errors="replace", timeout=60)
    found = re.findall(r"calling init: (\S*libcurl\.so\.4)\s*$", p.stderr, re.M)
    return [os.path.realpath(f) for f in found], p.stdout


def check_library(tree, want, expect_xfer):
    """Fail loudly unless the curl tool and a libtest program load `want`."""
    want = os.path.realpath(want)
    tests = tree / "tests"
    for what, cmd in (("curl tool", ["../src/curl", "--version"]),
                      ("libtest lib500", ["./libtest/lib500"])):
        libs, out = loaded_libcurl(cmd, tests)
        if libs != [want]:
            sys.exit("curl-tests: the %s loaded %s, not %s (LD_DEBUG=libs)" % (what, libs, want))
        log("curl-tests: LD_DEBUG=libs: the %s loads %s" % (what, want))
        if what == "curl tool":
            version = out.splitlines()[0] if out else ""
            log("curl-tests: curl --version: " + version)
            if expect_xfer and "xfer" not in version:
                sys.exit("curl-tests: curl --version does not show xfer's curl_version()")
            features = set()
            for line in out.splitlines():
                if line.startswith("Features:"):
                    features = set(line.split()[1:])
    return features


# ---------------------------------------------------------------------------------------
# Watchdog: kill clients that outlive the per-test limit; check their mapped libcurl


class Watchdog(threading.Thread):
    def __init__(self, root_pid, binaries_prefixes, timeout, want_lib):
        super().__init__(daemon=True)
        self.root_pid = root_pid
        self.prefixes = tuple(str(p) for p in binaries_prefixes)
        self.timeout = timeout
        self.want_lib = os.path.realpath(want_lib)
        self.stop = threading.Event()
        self.killed = []  # (test number or None, program, seconds)
        self.seen_libs = {}  # realpath of mapped libcurl.so.4 -> count of processes
        self.checked = set()
        self.ticks = os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _stat(pid):
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
        rest = s[s.rindex(")") + 2:].split()
        return int(rest[1]), int(rest[19])  # ppid, starttime (clock ticks since boot)

    def _uptime(self):
        with open("/proc/uptime") as f:
            return float(f.read().split()[0])

    def _descendants(self):
        children = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    ppid, start = self._stat(int(d))
                except (OSError, ValueError, IndexError):
                    continue
                children.setdefault(ppid, []).append((int(d), start))
        out, todo = [], [self.root_pid]
        while todo:
            for pid, start in children.get(todo.pop(), []):
                out.append((pid, start))
                todo.append(pid)
        return out

    def _test_of(self, pid):
        for fd in (1, 2):
            try:
                m = re.search(r"/(?:stdout|stderr)(\d+)$", os.readlink("/proc/%d/fd/%d" % (pid, fd)))
                if m:
                    return int(m.group(1))
            except OSError:
                pass
        return None

    def run(self):
        while not self.stop.wait(0.2):
            now = self._uptime()
            for pid, start in self._descendants():
                try:
                    exe = os.readlink("/proc/%d/exe" % pid)
                except OSError:
                    continue
                if not exe.startswith(self.prefixes):
                    continue
                if (pid, start) not in self.checked:
                    self.checked.add((pid, start))
                    try:
                        if b"XFER_CURLTESTS_VCURL=1" in Path("/proc/%d/environ" % pid).read_bytes():
                            continue
                        maps = Path("/proc/%d/maps" % pid).read_text()
                        for lib in set(re.findall(r"(/\S*libcurl\.so\.4\S*)$", maps, re.M)):
                            lib = os.path.realpath(lib)
                            self.seen_libs[lib] = self.seen_libs.get(lib, 0) + 1
                    except OSError:
                        pass
                age = now - start / self.ticks
                if age > self.timeout:
                    test = self._test_of(pid)
                    try:
                        os.kill(pid, signal.SIGKILL)
                        self.killed.append((test, os.path.basename(exe), round(age, 1)))
                    except OSError:
                        pass


# ---------------------------------------------------------------------------------------
# One runtests.pl run


def kill_leftovers(work):
    """Kill any process still running inside our work tree (servers after an abort)."""
    work = str(work)
    for d in os.listdir("/proc"):
        if d.isdigit() and int(d) != os.getpid():
            try:
                if os.readlink("/proc/%s/cwd" % d).startswith(work):
                    os.kill(int(d), signal.SIGKILL)
            except OSError:
                pass


def parse_output(text):
    """Per test: pass / fail (with what failed, curl's exit code) / skip (with why)."""
    results = {}
    for m in re.finditer(r"^test (\d+) SKIPPED: (.*)$", text, re.M):
        results[int(m.group(1))] = {"status": "skip", "why": m.group(2).strip()}
    # TESTINFO: "curl lacks libz support" 3 times (1, 2, 3 and 4 more)
    for m in re.finditer(r'^TESTINFO: "(.*)" \d+ times? \(([^)]*)\)', text, re.M):
        for n in re.findall(r"\d+", m.group(2).split(" and ")[0]):
            results.setdefault(int(n), {"status": "skip", "why": m.group(1)})
    chunks = re.split(r"^(?=test \d{4,}\.\.\.)", text, flags=re.M)
    for chunk in chunks:
        m = re.match(r"test (\d+)\.\.\.", chunk)
        if not m:
            continue
        n = int(m.group(1))
        if re.search(r"\bOK \(\d+ +out of", chunk):
            results[n] = {"status": "pass"}
            continue
        r = {"status": "fail",
             "what": sorted(set(re.findall(r"(\w+)(?: \([^)\n]*\))? FAILED", chunk)))}
        e = re.search(r"returned (-?\d+), when expecting (\S+)", chunk)
        if e:
            r["exit"] = int(e.group(1))
            r["expected_exit"] = e.group(2)
        r["log"] = chunk[:2500]
        if "The tool set in the test case" in chunk:
            r = {"status": "skip", "why": "tool missing"}
        results[n] = r
    return results


def run_runtests(cache, work, libdir, want_lib, tests, timeout, max_time, label):
    work.mkdir(parents=True, exist_ok=True)
    events = work / "signals.txt"
    events.touch()
    Path(str(events) + ".d").mkdir()
    tree, vcurl = make_tree(cache, work, libdir, events)
    features = check_library(tree, want_lib, expect_xfer=(label == "xfer"))
    cmd = ["perl", "runtests.pl", "-a", "-n", "-vc", str(vcurl)] + [str(t) for t in tests]
    out_path = work / "runtests.out"
    log("curl-tests: %s run: %d tests (runtests.pl output: %s)" % (label, len(tests), out_path))
    started = time.monotonic()
    with open(out_path, "w") as out:
        proc = subprocess.Popen(cmd, cwd=tree / "tests", stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        dog = Watchdog(proc.pid, [cache / "src" / ".libs", cache / "tests" / "libtest" / ".libs"],
                       timeout, want_lib)
        dog.start()
        aborted = False
        try:
            proc.wait(timeout=max_time)
        except subprocess.TimeoutExpired:
            aborted = True
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        dog.stop.set()
        dog.join()
    kill_leftovers(work)
    elapsed = time.monotonic() - started
    text = out_path.read_text(errors="replace")
    results = parse_output(text)
    for t in tests:
        results.setdefault(t, {"status": "skip", "why": "not reported by runtests"
                               if not aborted else "not run: suite time limit"})
    for line in events.read_text().splitlines():
        rc, prog, stdout = (line.split(" ", 2) + ["", ""])[:3]
        m = re.search(r"stdout(\d+)$", stdout)
        if m and int(m.group(1)) in results and int(rc) in CRASH_CODES:
            r = results[int(m.group(1))]
            r["signal"] = CRASH_CODES[int(rc)]
            r["status"] = "fail"
    for f in Path(str(events) + ".d").iterdir():
        n = int(f.name[len("stderr"):])
        if n in results and results[n]["status"] == "fail":
            results[n]["stderr"] = f.read_text(errors="replace")[-1500:]
    for test, prog, age in dog.killed:
        if test in results:
            results[test]["status"] = "fail"
            results[test]["timeout"] = age
    bad_libs = {l: c for l, c in dog.seen_libs.items() if l != os.path.realpath(want_lib)}
    if bad_libs:
        # Raised, not sys.exit: this runs in a shard's thread, where SystemExit is silent.
        raise RuntimeError("curl-tests: clients mapped another libcurl.so.4 during the run: %s" % bad_libs)
    log("curl-tests: %s run took %.0f s; %d client processes checked, all mapped %s%s"
        % (label, elapsed, sum(dog.seen_libs.values()), want_lib,
           "; ABORTED after %d s" % max_time if aborted else ""))
    unknown_kills = [k for k in dog.killed if k[0] not in results]
    for k in unknown_kills:
        log("curl-tests: watchdog killed %s after %s s (test unknown)" % (k[1], k[2]))
    return {"results": results, "elapsed": round(elapsed), "features": sorted(features),
            "aborted": aborted}


def run_sharded(cache, work, libdir, want_lib, tests, timeout, max_time, label, shards):
    """Split the tests over `shards` runtests instances (own tree, own servers, own ports)."""
    shards = max(1, min(shards, len(tests)))
    parts = [tests[i::shards] for i in range(shards)]
    outs = [None] * shards

    def one(i):
        outs[i] = run_runtests(cache, work / ("%s-%d" % (label, i)), libdir, want_lib, parts[i],
                               timeout, max_time, label if shards == 1 else "%s[%d]" % (label, i))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(shards)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if any(o is None for o in outs):
        sys.exit("curl-tests: a %s shard failed" % label)
    merged = {"results": {}, "elapsed": max(o["elapsed"] for o in outs),
              "features": outs[0]["features"], "aborted": any(o["aborted"] for o in outs)}
    for o in outs:
        merged["results"].update(o["results"])
    return merged


# ---------------------------------------------------------------------------------------
# Expected failures


def read_expected(path):
    out = {}
    if not path.exists():
        return out
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].rstrip() if line.lstrip().startswith("#") else line.rstrip()
        if not line.strip():
            continue
        num, _, reason = line.strip().partition(" ")
        out[int(num)] = reason.strip()
    return out


def describe(r):
    if r["status"] == "skip":
        return "skipped: " + r.get("why", "?")
    parts = []
    if r.get("timeout"):
        parts.append("HANG: killed after %s s" % r["timeout"])
    if r.get("signal"):
        parts.append("CRASH: " + r["signal"])
    if "exit" in r:
        parts.append("exit %d (expected %s)" % (r["exit"], r["expected_exit"]))
    if r.get("what"):
        parts.append("failed: " + ",".join(r["what"]))
    return "; ".join(parts) or "failed"


# ---------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--xfer-lib", help="xfer's libcurl.so.4 (the drop-in)")
    ap.add_argument("--only", nargs="+", type=int, help="run only these test numbers")
    ap.add_argument("--timeout", type=float, default=30, help="seconds per test client")
    ap.add_argument("--max-time", type=float, default=1800, help="seconds per runtests run")
    ap.add_argument("--shards", type=int, default=2, help="runtests instances side by side")
    ap.add_argument("--expected", type=Path, default=HERE / "expected-failures.txt")
    ap.add_argument("--out", type=Path, default=Path.cwd() / "curl-tests",
                    help="where the run's trees, logs and results.json go")
    ap.add_argument("--baseline-only", action="store_true")
    ap.add_argument("--refresh-baseline", action="store_true")
    args = ap.parse_args()
    # meson points LD_LIBRARY_PATH at the drop-in for tests that depend on it; only the
    # wrappers choose a libcurl here, so nothing else (perl, stunnel, apt) may inherit it.
    os.environ.pop("LD_LIBRARY_PATH", None)
    if not args.baseline_only and not args.xfer_lib:
        ap.error("--xfer-lib is required (or --baseline-only)")

    if shutil.which("perl") is None:
        sys.exit("curl-tests: perl is missing (scripts/install-deps.sh)")
    cache = prepare_curl()
    selected = suite.select(cache)
    write_atomic(cache / "selected.txt", "".join("%d\n" % n for n in selected))
    sel_hash = hashlib.sha256((RUNNER_VERSION + ",".join(map(str, selected))).encode()).hexdigest()[:12]
    if args.only:
        unknown = [n for n in args.only if n not in selected]
        if unknown:
            log("curl-tests: note: not in the selection: %s (run anyway)" % unknown)

    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    curl_lib = cache / "lib" / ".libs" / "libcurl.so.4"

    # Baseline: curl's own library, cached per build and selection.
    base_path = cache / ("baseline-%s.json" % sel_hash)
    with open(cache / ".baseline.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if base_path.exists() and not args.refresh_baseline:
            baseline = json.loads(base_path.read_text())
        elif args.only and not args.baseline_only:
            baseline = run_sharded(cache, args.out, cache / "lib" / ".libs", curl_lib,
                                   sorted(args.only), args.timeout, args.max_time, "curl", 1)
            baseline["results"] = {str(k): v for k, v in baseline["results"].items()}
        else:
            baseline = run_sharded(cache, args.out, cache / "lib" / ".libs", curl_lib,
                                   list(selected), args.timeout, args.max_time, "curl",
                                   args.shards)
            baseline["results"] = {str(k): v for k, v in baseline["results"].items()}
            if not baseline["aborted"]:
                write_atomic(base_path, json.dumps(baseline, indent=1, sort_keys=True))
    base = {int(k): v for k, v in baseline["results"].items()}
    passing = sorted(n for n, r in base.items() if r["status"] == "pass" and n in selected)
    log("curl-tests: baseline (curl's own library): %d of %d selected pass (%s s)"
        % (len(passing), len(selected), baseline["elapsed"]))
    if args.baseline_only:
        return 0

    # The xfer run, over the baseline-passing tests.
    todo = sorted(args.only) if args.only else passing
    xdir = args.out / "lib"
    xdir.mkdir()
    (xdir / "libcurl.so.4").symlink_to(os.path.realpath(args.xfer_lib))
    run = run_sharded(cache, args.out, xdir, args.xfer_lib, todo, args.timeout,
                      args.max_time, "xfer", args.shards if not args.only else 1)
    res = run["results"]
    (args.out / "results.json").write_text(json.dumps(
        {"selected": len(selected), "baseline_passing": passing, "xfer_features": run["features"],
         "results": {str(k): v for k, v in sorted(res.items())}}, indent=1))

    expected = read_expected(args.expected)
    scope = [n for n in todo if n in passing] if args.only else passing
    passed = [n for n in scope if res[n]["status"] == "pass"]
    failed = [n for n in scope if res[n]["status"] != "pass"]
    log("")
    log("curl-tests: %d passed, %d failed (of %d baseline-passing; %d selected)"
        % (len(passed), len(failed), len(scope), len(selected)))
    problems = 0
    for n in failed:
        r = res[n]
        bad = r.get("timeout") or r.get("signal")
        tag = "FAIL" if (n not in expected or bad) else "fail"
        if tag == "FAIL":
            problems += 1
        log("  %s %4d  %s%s" % (tag, n, describe(r),
                                "   [listed: %s]" % expected[n] if n in expected else
                                "   [NOT in expected-failures.txt]"))
    for n in passed:
        if n in expected:
            log("  now passing, remove from the list: %d  (%s)" % (n, expected[n]))
    if not args.only:
        stale = sorted(n for n in expected if n not in passing)
        for n in stale:
            log("  listed but not a baseline-passing test (remove): %d" % n)
    for n in (args.only or []):
        if n not in passing:
            log("  %4d: not baseline-passing (curl itself: %s); xfer: %s"
                % (n, describe(base[n]) if n in base else "not run", describe(res[n])))
    log("curl-tests: xfer run took %s s; logs in %s" % (run["elapsed"], args.out))
    if problems:
        log("curl-tests: FAILED: %d failures that are new, hangs or crashes" % problems)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
