#!/usr/bin/env python3
# Allocation-failure sweep: runs compat scenarios on xfer's libcurl.so.4 with the Nth allocation failing.
"""Usage: torture.py --build BUILD_DIR [--every K] [--max-n M] [--jobs J] [SCENARIO ...]

Each scenario's libcurl-built binary (NNN_ref) runs on xfer's drop-in libcurl.so.4
(LD_LIBRARY_PATH=BUILD/src/dropin) under two preloaded libraries: alloc_fail.so (fails the
Nth allocation whose caller is inside libcurl.so.4) and liblsan.so (LeakSanitizer, behind
it, as the real allocator). A run with no failure injected first gives the clean trace and
the number of allocations C; then N = 1, 1+K, ... runs until a run injects nothing.
Each run is classified:
  oom        the public call during which the allocation failed returned its OOM code (or
             NULL); with no such call (another thread, a void call), every code that
             differs from the clean trace is an OOM code
  absorbed   the call carried on as if nothing had happened (no code differs)
  other      a non-OOM error code came back instead (listed: review by hand)
  exit       the program exited non-zero by itself (the scenario gave up on a NULL)
  crash      killed by a signal (the interposer's report holds the stack)
  hang       did not finish within --timeout seconds
  leak       LeakSanitizer found memory still allocated by libcurl.so.4 at exit
  app-crash  the scenario program itself crashed on a NULL a failed call gave it
  app-leak   the scenario program lost an object it owned (a list whose append failed)
  app-hang   the program waited on an option that a setopt failing with OUT_OF_MEMORY
             left unchanged (it ignored the code)
Exit status: 0 when no run crashed, hung, leaked or gave a non-OOM code ("other" counts
as failure only with --strict-codes), 1 otherwise.
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "compat"))
import run_scenario  # noqa: E402

OOM_CODES = {"CURLE_OUT_OF_MEMORY", "CURLM_OUT_OF_MEMORY", "CURLSHE_NOMEM",
             "CURLUE_OUT_OF_MEMORY", "CURLHE_OUT_OF_MEMORY", "CURLE_OK", "CURLM_OK"}
CODE_RE = re.compile(r"\b(CURL[A-Z]*E?_[A-Z0-9_]+)\b")
LSAN_RE = re.compile(r"LeakSanitizer: detected memory leaks")
BAD = ("crash", "hang", "leak")
# Calls that hand the application an object it must free: when one failed allocation makes
# the scenario lose such an object (it passes a NULL part to curl_mime_subparts, so the
# sub-mime it made is never attached), the leak is the program's, not the library's.
OWNED_RESULTS = ("curl_easy_init", "curl_easy_duphandle", "curl_multi_init", "curl_share_init",
                 "curl_url", "curl_url_dup", "curl_url_get", "curl_slist_append", "curl_mime_init",
                 "curl_easy_escape", "curl_easy_unescape", "curl_escape", "curl_unescape",
                 "curl_maprintf", "curl_mvaprintf", "curl_aprintf", "curl_getenv", "curl_version")


def find_lsan():
    for path in ("/usr/lib/x86_64-linux-gnu/liblsan.so.0", "/usr/lib/aarch64-linux-gnu/liblsan.so.0"):
        if os.path.exists(path):
            return path
    out = subprocess.run(["gcc", "-print-file-name=liblsan.so"], capture_output=True, text=True)
    path = out.stdout.strip()
    return path if os.path.isabs(path) and os.path.exists(path) else None


class Scenario:
    def __init__(self, build, name):
        self.name = name
        self.source = os.path.join(os.path.dirname(HERE), "compat", name + ".c")
        self.binary = os.path.join(build, "tests", "compat", name + "_ref")
        markers = run_scenario.scenario_markers(self.source)
        server_args, needs, self.proxy_kinds = markers[0], markers[1], markers[2]
        self.needs_dns = "dns" in needs
        # A private KDC per run is not built for the sweep: those scenarios are not swept.
        self.needs_kdc = "kdc" in needs
        # Real origin servers (nginx, nghttpd) are not started for the sweep either.
        self.needs_origin = len(markers) > 4 and bool(markers[3])
        self.server = os.path.join(build, "tests", "support", "xfer-testserver")
        self.extra_args = []
        if "--tls" in server_args:
            certs = run_scenario.tls_certs_dir(None, self.server)
            server_args = run_scenario.expand_tls_args(server_args, certs)
            self.extra_args = [certs]
            os.environ["XFER_TEST_CERTS"] = certs
        self.server_args = server_args


def parse_report(path):
    lines = open(path, encoding="utf-8", errors="replace").read().splitlines() if os.path.exists(path) else []
    injected = any(line.startswith("injected ") for line in lines)
    counted = None
    for line in lines:
        if line.startswith("counted "):
            counted = int(line.split()[1])
    return injected, counted, lines


def symbolize(lines, dropin_lib):
    """Frames inside libcurl.so.4 become function names (addr2line); others stay as they are."""
    out = []
    for line in lines:
        m = re.match(r"frame (libcurl\.so\.4) (0x[0-9a-f]+)", line)
        if m:
            r = subprocess.run(["addr2line", "-f", "-C", "-i", "-e", dropin_lib, m.group(2)],
                               capture_output=True, text=True)
            names = r.stdout.splitlines()[0::2]
            line = "frame libcurl.so.4 " + " <- ".join(n[:120] for n in names[:3])
        out.append(line)
    return out


def run(sc, opts, env_base, fail_at, resolv, isolated):
    fd, report = tempfile.mkstemp(prefix="torture-")
    os.close(fd)
    env = dict(env_base)
    env["XFER_TORTURE_FAIL_AT"] = str(fail_at)
    env["XFER_TORTURE_REPORT"] = report
    try:
        out, err, rc = run_scenario.run_once(sc.binary, sc.server, sc.server_args, resolv, isolated,
                                             sc.extra_args, env, sc.proxy_kinds)
        injected, counted, lines = parse_report(report)
    finally:
        os.unlink(report)
    return out, err, rc, injected, counted, lines


def oom_code(func):
    """The out-of-memory value of the code type a public call returns."""
    if func.startswith("curl_multi_"):
        return 3   # CURLM_OUT_OF_MEMORY
    if func.startswith("curl_share_"):
        return 4   # CURLSHE_NOMEM
    if func == "curl_easy_header":
        return 5   # CURLHE_OUT_OF_MEMORY
    if func.startswith("curl_url"):
        return 7   # CURLUE_OUT_OF_MEMORY
    return 27      # CURLE_OUT_OF_MEMORY


def leak_kind(err, lines):
    """"leak", or "app-leak" when every directly leaked object came from a call whose result
    the application owns (see OWNED_RESULTS) and none was made by the call that failed and
    left behind by it (the interposer's call-live lines; LSan's report_objects)."""
    call_live = {int(x.split()[1], 16) for x in lines if x.startswith("call-live ")}
    blocks = re.split(r"\n(?=(?:Direct|Indirect) leak of)", err)
    direct = [b for b in blocks if b.startswith("Direct leak of")]
    for b in direct:
        objects = {int(a, 16) for a in re.findall(r"^(0x[0-9a-f]+) \(\d+ bytes\)", b, re.M)}
        if objects & call_live:
            return "leak"
        frames = re.findall(r"#\d+ 0x[0-9a-f]+ in (\w+)", b)
        if not any(f in OWNED_RESULTS for f in frames):
            return "leak"
    if direct:
        return "app-leak"
    # Only indirect leaks: a cycle (a sub-MIME and its parts point at each other). It is
    # the program's when an object it owned roots it and the failed call left none of it.
    for b in blocks:
        objects = {int(a, 16) for a in re.findall(r"^(0x[0-9a-f]+) \(\d+ bytes\)", b, re.M)}
        if objects & call_live:
            return "leak"
    rooted = any(f in OWNED_RESULTS for b in blocks for f in re.findall(r"#\d+ 0x[0-9a-f]+ in (\w+)", b))
    return "app-leak" if rooted else "leak"


def leak_summary(err):
    """LeakSanitizer's blocks, each cut to its frames in the library and the program."""
    out = []
    for block in re.split(r"\n(?=(?:Direct|Indirect) leak of)", err):
        if not block.startswith(("Direct", "Indirect")):
            continue
        head = block.splitlines()[0]
        frames = [ln.strip() for ln in block.splitlines()[1:]
                  if re.search(r" in (xfer::|curl_|main |Curl_)", ln) and "alloc_fail.cpp" not in ln]
        objects = re.findall(r"^0x[0-9a-f]+ \(\d+ bytes\)", block, re.M)
        out.append("  " + head + " " + " ".join(objects) + "\n    " + "\n    ".join(frames[:8]))
    return "\n".join(out)


def crash_kind(lines):
    """"crash" when the faulting frame is the library's (or the C++ runtime's, terminating
    on an exception that escaped it); "app-crash" when it is the scenario program's own
    (it dereferenced a NULL that a failed call returned)."""
    try:
        at = next(i for i, x in enumerate(lines) if x.startswith("crash signal"))
    except StopIteration:
        return "crash"
    for line in lines[at + 1:]:
        if not line.startswith("frame "):
            break
        lib = line.split()[1]
        if lib.startswith(("alloc_fail", "libc.so", "?")):
            continue
        return "app-crash" if lib.endswith(("_ref", "_xfer")) else "crash"
    return "crash"


def classify(clean, out, err, rc, lines):
    """(kind, notes): see the module docstring for the kinds."""
    if out.endswith("s]\n") and "[timed out after" in out.splitlines()[-1]:
        # A setopt that said OUT_OF_MEMORY left the option as it was; a scenario that goes
        # on regardless may then wait on what the old value asked for (scenario 45 keeps
        # the URL of a reply that never comes). libcurl would wait just the same.
        if any(re.match(r"api curl_easy_setopt\(\d+\) code 27$", x) for x in lines):
            return "app-hang", []
        return "hang", []
    if rc < 0 or any(line.startswith("crash signal") for line in lines):
        return crash_kind(lines), []
    if LSAN_RE.search(err):
        return leak_kind(err, lines), []
    # The call during which the allocation failed must report it (or carry on as if nothing
    # happened); a later call may then fail in its own way (a URL that was never set).
    for line in lines:
        m = re.match(r"api (\w+)(?:\(\d+\))? (code|ptr) (\S+)", line)
        if not m:
            continue
        func, kind, value = m.groups()
        if kind == "ptr":
            return ("oom" if value == "null" else "absorbed"), []
        if int(value) == oom_code(func):
            return "oom", []
        if int(value) != 0:
            return "other", ["%s returned %s" % (func, value)]
        break
    clean_lines = set(clean.splitlines())
    codes = set()
    for line in out.splitlines():
        if line not in clean_lines:
            codes.update(CODE_RE.findall(line))
    other = sorted(c for c in codes if c not in OOM_CODES)
    if other:
        return "other", other
    if rc != 0:
        return "exit", []
    return "oom" if codes else "absorbed", []


def sweep(sc, opts, env_base, resolv, isolated, log):
    started = time.monotonic()
    results = {}
    details = []
    clean, err, rc, _, counted, _ = run(sc, opts, env_base, 0, resolv, isolated)
    if rc != 0 or counted is None:
        results["baseline-failed"] = 1
        details.append("%s baseline rc=%d counted=%s\n%s%s" % (sc.name, rc, counted, clean, err[-3000:]))
        return sc.name, counted, results, details, time.monotonic() - started
    if LSAN_RE.search(err):
        results["baseline-leak"] = 1
        details.append("%s baseline leak\n%s" % (sc.name, err[-6000:]))
    n = opts.first
    while n <= opts.max_n:
        out, err, rc, injected, _, lines = run(sc, opts, env_base, n, resolv, isolated)
        if not injected:
            results["completed"] = results.get("completed", 0) + 1
            break
        kind, codes = classify(clean, out, err, rc, lines)
        results[kind] = results.get(kind, 0) + 1
        if kind in BAD or kind in ("other", "exit", "app-crash"):
            where = symbolize([x for x in lines if x.startswith(("frame", "injected", "crash"))],
                              opts.dropin_lib)
            msg = "%s N=%d %s %s\n  %s" % (sc.name, n, kind, " ".join(codes), "\n  ".join(where[:40]))
            if kind == "leak":
                msg += "\n" + leak_summary(err)
            if kind in ("crash", "exit"):
                msg += "\n  trace tail: " + "\n  ".join(out.splitlines()[-8:]) + "\n  stderr: " + err[-1500:]
            details.append(msg)
            log(msg)
        n += opts.every
    return sc.name, counted, results, details, time.monotonic() - started


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True, help="the build directory (with src/dropin, tests/compat)")
    ap.add_argument("--interposer", help="alloc_fail.so (default BUILD/tests/torture/alloc_fail.so)")
    ap.add_argument("--libdir", help="the directory of the libcurl.so.4 to test (default "
                    "BUILD/src/dropin; a copy lets a long sweep run while the build goes on)")
    ap.add_argument("--every", type=int, default=1, help="try N = first, first+K, ...")
    ap.add_argument("--first", type=int, default=1)
    ap.add_argument("--max-n", type=int, default=100000)
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per run before it is a hang")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--all", action="store_true", help="every scenario listed in tests/compat/meson.build")
    ap.add_argument("--strict-codes", action="store_true", help="non-OOM codes fail the sweep")
    ap.add_argument("--no-lsan", action="store_true")
    ap.add_argument("scenarios", nargs="*")
    opts = ap.parse_args()

    build = os.path.abspath(opts.build)
    opts.dropin_lib = os.path.join(os.path.abspath(opts.libdir) if opts.libdir
                                   else os.path.join(build, "src", "dropin"), "libcurl.so.4")
    interposer = opts.interposer or os.path.join(build, "tests", "torture", "alloc_fail.so")
    names = list(opts.scenarios)
    if opts.all:
        text = open(os.path.join(os.path.dirname(HERE), "compat", "meson.build")).read()
        block = text.split("compat_scenarios = [")[1].split("]")[0]
        names = re.findall(r"'([^']+)'", block)
    if not names:
        ap.error("no scenario named (or --all)")
    run_scenario.RUN_LIMIT_S = opts.timeout

    preload = [interposer]
    env_base = dict(os.environ)
    if not opts.no_lsan:
        lsan = find_lsan()
        if lsan is None:
            print("SKIP: liblsan.so not found")
            return 77
        preload.append(lsan)
        # Slow unwinding: xfer is built without frame pointers. Leaks of the scenario
        # program itself (it drops a list when an append fails) are not xfer's: only
        # leaks with a libcurl.so.4 frame count (see classify), so report them all.
        env_base["LSAN_OPTIONS"] = "fast_unwind_on_malloc=0:malloc_context_size=20:exitcode=23:report_objects=1"
    env_base["LD_PRELOAD"] = ":".join(preload)
    env_base["LD_LIBRARY_PATH"] = os.path.dirname(opts.dropin_lib)

    fd, resolv = tempfile.mkstemp(prefix="torture-resolv-")
    with os.fdopen(fd, "w") as f:
        f.write("nameserver 127.0.0.1\n")
    isolated = run_scenario.isolation_works(resolv)

    started = time.monotonic()
    totals = {}
    failed = []
    scenarios = []
    for name in names:
        sc = Scenario(build, name)
        missing = [k for k in sc.proxy_kinds if not run_scenario.proxies.available(k)]
        if missing or sc.needs_kdc or sc.needs_origin or (sc.needs_dns and not isolated) or not os.path.exists(sc.binary):
            print("%-36s skipped" % name, flush=True)
            continue
        scenarios.append(sc)

    def log(msg):
        print(msg, flush=True)

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=opts.jobs) as pool:
            futures = [pool.submit(sweep, sc, opts, env_base, resolv, isolated, log) for sc in scenarios]
            for fut in concurrent.futures.as_completed(futures):
                name, counted, results, details, secs = fut.result()
                for k, v in results.items():
                    totals[k] = totals.get(k, 0) + v
                bad = [k for k in results if k in BAD or k.startswith("baseline")
                       or (opts.strict_codes and k == "other")]
                if bad:
                    failed.append(name)
                print("%-36s allocs=%-6s %s  %.0fs" % (name, counted, " ".join(
                    "%s=%d" % kv for kv in sorted(results.items())), secs), flush=True)
                for d in details:
                    if d.split("\n")[0].find(" baseline") >= 0:
                        print(d, flush=True)
    finally:
        os.unlink(resolv)
    print("summary: %s; %d scenario(s), %.0fs" % (" ".join("%s=%d" % kv for kv in sorted(totals.items())),
                                                  len(scenarios), time.monotonic() - started))
    if failed:
        print("FAILED: " + " ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
