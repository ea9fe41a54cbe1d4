# Runs every benchmark scenario on libcurl and xfer side by side and writes docs/BENCHMARKS.md.

import argparse
import json
import math
import os
import platform
import statistics
import shutil
import subprocess
import sys
import time

import decode
import dropin
import gnutls
import proxy
import ratelimit
import report
import scenarios
import state
import tools
from servers import pinned, H2TestServer, Nginx, TestServer

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VARIANTS = ("libcurl", "xfer")
PROGRAM = "bench_idle_perform_{}"
REQUIRED_KEYS = ("lib", "K", "calls", "ns_per_call_median", "ns_per_call_p90", "cpu_us_per_call",
                 "requests", "us_per_request_median", "cpu_us_per_request")
# The program bounds itself to ~20 s; this only catches a hung library.
PROGRAM_TIMEOUT_S = 60
# Idle scaling: the client and the never-answering server share one CPU (see the report).
IDLE_CLIENT_CPU = 0
IDLE_SERVER_CPU = 0
SERVER_START_TIMEOUT_S = 10

# (title, JSON key, factor to nanoseconds, what the figure means)
FIGURES = (
    ("Idle perform call, wall time", "ns_per_call_median", 1,
     "median wall time of one `curl_multi_perform` call while K transfers wait and nothing is ready"),
    ("Idle perform call, CPU", "cpu_us_per_call", 1000,
     "user+system CPU time per idle `curl_multi_perform` call (getrusage over all timed calls)"),
    ("Active request beside K parked, wall time", "us_per_request_median", 1000,
     "median wall time of one small keep-alive GET (`?size=100`) on a second handle in the same multi"),
    ("Active request beside K parked, CPU", "cpu_us_per_request", 1000,
     "CPU time per such GET, perform and poll calls included"),
)


# The same for the event-driven run (`idle_perform --socket-action`, epoll in the program).
SA_FIGURES = (
    ("Idle CURL_SOCKET_TIMEOUT call, wall time", "ns_per_call_median", 1,
     "median wall time of one `curl_multi_socket_action(CURL_SOCKET_TIMEOUT)` call while K "
     "transfers wait and no timer is due"),
    ("Idle CURL_SOCKET_TIMEOUT call, CPU", "cpu_us_per_call", 1000,
     "user+system CPU time per such call (getrusage over all timed calls)"),
    ("socket_action time per active GET, wall time", "ns_socket_action_per_request_median", 1,
     "median over the active GETs of the wall time of all `curl_multi_socket_action` calls each "
     "one took: for its socket's epoll readiness and for its timer (the library may do its I/O "
     "in either)"),
    ("socket_action call on the active socket (epoll readiness only), wall time",
     "ns_per_event_call_median", 1,
     "median over the calls made for the active socket's epoll events alone (n/a where the library "
     "finished the GET inside timer calls)"),
    ("Active request beside K parked, wall time (socket_action)", "us_per_request_median", 1000,
     "median wall time of one small keep-alive GET on a second handle, driven by epoll"),
    ("Active request beside K parked, CPU (socket_action)", "cpu_us_per_request", 1000,
     "CPU time per such GET, epoll and socket_action calls included"),
)
DRIVERS = ("perform", "socket_action")


def figures_for(driver):
    return FIGURES if driver == "perform" else SA_FIGURES


GROUPS = ("keepalive", "close", "idle", "memory", "bulk", "pending", "state", "ratelimit", "decode", "proxy",
          "tools", "h2", "gnutls")
# Groups a full run takes only when --only names them (the GnuTLS pair takes about 10 minutes
# at the default run counts, 8 with --runs 3); --quick takes them too, so the smoke test
# covers their programs.
OPT_IN_GROUPS = ("gnutls",)
# Groups run by a program built once on libcurl and run on both libraries (module per group).
DROPIN_GROUPS = {"ratelimit": ratelimit, "decode": decode}
# The groups that need nginx; the others talk to xfer-testserver only.
NGINX_GROUPS = ("keepalive", "close", "bulk", "pending", "proxy", "tools", "h2", "gnutls")
# Debian packages that provide the servers, reference load generators and strace.
BENCH_PACKAGES = {"nginx": "nginx-light", "wrk": "wrk", "h2load": "nghttp2-client", "strace": "strace"}
# The tools group adds the downloaders the xfer tool is measured against (curl, wget2, aria2c).


def parse_args():
    p = argparse.ArgumentParser(
        description="Run the bench programs on libcurl and xfer against loopback servers; report ratios.")
    p.add_argument("build_dir", help="meson build directory holding bench/ and tests/support/")
    p.add_argument("--server", help="path of xfer-testserver (default: BUILD/tests/support/xfer-testserver)")
    p.add_argument("--alloc-shim", help="path of the allocation-counting shim (default: BUILD/bench/...)")
    p.add_argument("--dropin", help="directory of xfer's drop-in libcurl.so.4 and libcurl-gnutls.so.4, which "
                                    "the programs built once on Debian's libcurl (or libcurl-gnutls) run on "
                                    "through LD_LIBRARY_PATH (default: BUILD/src/dropin)")
    p.add_argument("--nginx", default="/usr/sbin/nginx", help="nginx binary")
    p.add_argument("--only", help="comma-separated scenario groups (default: all of {} but {}, which run "
                                  "only when named here or with --quick)".format(",".join(GROUPS),
                                                                                ",".join(OPT_IN_GROUPS)))
    p.add_argument("--no-install", action="store_true", help="never apt-get missing tools")
    p.add_argument("--quick", action="store_true", help="1 run, small counts (CI smoke)")
    p.add_argument("--no-write", action="store_true", help="print results, write no files")
    p.add_argument("--runs", type=int, help="runs per variant and point (default 5, quick 1)")
    p.add_argument("--headline-runs", type=int,
                   help="runs of the points a target is measured on (default 15, quick 1)")
    p.add_argument("--ks", help="idle: comma-separated K values (default 0,100,1000,10000)")
    p.add_argument("--calls", type=int, help="idle: timed perform calls per run (default 2000, quick 200)")
    p.add_argument("--requests", type=int, help="idle: active GETs per run (default 200, quick 20)")
    p.add_argument("--nosignal", choices=("default", "0", "1", "both"),
                   help="idle: CURLOPT_NOSIGNAL: library default, forced 0/1, or default and 1 "
                        "(default: library default only; `both` doubles the idle group's time)")
    p.add_argument("--reference-seconds", type=int, help="wrk duration per run (default 2, quick 1)")
    p.add_argument("--out", default=os.path.join(SOURCE_ROOT, "docs", "BENCHMARKS.md"))
    p.add_argument("--from-json", metavar="PATH",
                   help="run nothing: re-render the report from a saved docs/bench/results.json")
    args = p.parse_args()
    if args.runs is None:
        args.runs = 1 if args.quick else 5
    if args.headline_runs is None:
        args.headline_runs = 1 if args.quick else 15
    if args.ks is None:
        args.ks = "0,100,1000" if args.quick else "0,100,1000,10000"
    args.ks = [int(k) for k in args.ks.split(",")]
    if args.quick:
        args.ks = [k for k in args.ks if k <= 1000]
    if args.calls is None:
        args.calls = 200 if args.quick else 2000
    if args.requests is None:
        args.requests = 20 if args.quick else 200
    if args.nosignal is None:
        args.nosignal = "default"
    if args.reference_seconds is None:
        args.reference_seconds = 1 if args.quick else 2
    if args.only:
        args.groups = tuple(g for g in args.only.split(",") if g)
    else:
        args.groups = tuple(g for g in GROUPS if g not in OPT_IN_GROUPS or args.quick)
    unknown = [g for g in args.groups if g not in GROUPS]
    if unknown:
        p.error("unknown group(s): " + ",".join(unknown))
    if args.server is None:
        args.server = os.path.join(args.build_dir, "tests", "support", "xfer-testserver")
    if args.alloc_shim is None:
        args.alloc_shim = os.path.join(args.build_dir, "bench", "bench_alloc_count.so")
    if args.dropin is None:
        args.dropin = os.path.join(args.build_dir, "src", "dropin")
    args.dropin = os.path.abspath(args.dropin)
    return args


def nosignal_modes(choice):
    return {"default": [None], "0": [0], "1": [1], "both": [None, 1]}[choice]


def mode_label(nosignal):
    return "library default" if nosignal is None else "CURLOPT_NOSIGNAL={}".format(nosignal)


def run_program(path, port, k, args, nosignal, driver):
    cmd = [path, str(port), str(k), str(args.calls), "--requests", str(args.requests)]
    if driver == "socket_action":
        cmd.append("--socket-action")
    if nosignal is not None:
        cmd += ["--nosignal", str(nosignal)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=PROGRAM_TIMEOUT_S,
                              preexec_fn=pinned(IDLE_CLIENT_CPU))
    except subprocess.TimeoutExpired:
        return None, "timed out after {} s".format(PROGRAM_TIMEOUT_S)
    if done.returncode != 0:
        return None, "exit {}: {}".format(done.returncode, done.stderr.strip()[-300:])
    lines = [l for l in done.stdout.splitlines() if l.strip()]
    if len(lines) != 1:
        return None, "expected one JSON line, got {}".format(len(lines))
    try:
        result = json.loads(lines[0])
    except json.JSONDecodeError as e:
        return None, "invalid JSON: {}".format(e)
    if result.get("unsupported"):
        return None, "unsupported: " + result["unsupported"]
    result.setdefault("driver", "perform")
    missing = [key for key in REQUIRED_KEYS if key not in result]
    if missing:
        return None, "JSON lacks {}".format(", ".join(missing))
    if result["K"] != k:
        return None, "JSON reports K={} for K={}".format(result["K"], k)
    return result, None


def collect(args, programs):
    """results[(driver, nosignal, k, variant)] -> list of JSON dicts; errors -> list of strings."""
    results = {}
    errors = []
    for driver, nosignal in ((d, n) for d in DRIVERS for n in nosignal_modes(args.nosignal)):
        for k in args.ks:
            for run in range(args.runs):
                # Alternate which library goes first so slow drift hits both alike.
                order = VARIANTS if run % 2 == 0 else VARIANTS[::-1]
                server = TestServer(args.server, cpu=IDLE_SERVER_CPU)
                try:
                    for variant in order:
                        path = programs.get(variant)
                        if path is None:
                            continue
                        result, error = run_program(path, server.port, k, args, nosignal, driver)
                        tag = "{} {} K={} {} run {}".format(variant, driver, k, mode_label(nosignal),
                                                            run + 1)
                        if error:
                            errors.append("{}: {}".format(tag, error))
                            print("FAIL", tag, error, file=sys.stderr)
                            continue
                        results.setdefault((driver, nosignal, k, variant), []).append(result)
                        shown = list(REQUIRED_KEYS[2:])
                        if "ns_socket_action_per_request_median" in result:
                            shown.append("ns_socket_action_per_request_median")
                        print("ok  ", tag, json.dumps({key: result[key] for key in shown}),
                              file=sys.stderr)
                finally:
                    server.stop()
    return results, errors


def format_ns(ns):
    if ns is None:
        return "n/a"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return "{:.3g} {}".format(ns / scale, unit)
    return "{:.3g} ns".format(ns)


def summary(runs, key, factor):
    if not runs:
        return None
    # Zero means "no such call happened" (e.g. no readiness-driven call in a run).
    values = [r[key] * factor for r in runs if r.get(key)]
    if not values:
        return None
    return statistics.median(values), min(values), max(values)


def cell(s):
    if s is None:
        return "n/a"
    if format_ns(s[1]) == format_ns(s[2]):
        return format_ns(s[0])
    return "{} ({}–{})".format(format_ns(s[0]), format_ns(s[1]), format_ns(s[2]))


def ratio(a, b):
    if a is None or b is None or b[0] <= 0:
        return "n/a"
    r = a[0] / b[0]
    return "{:.2f}".format(r) if r >= 0.1 else "{:.2g}".format(r)


def machine_line(results):
    libcurl_version = "unknown"
    for key, runs in results.items():
        if key[-1] == "libcurl" and runs:
            libcurl_version = runs[0]["lib"].split()[0]
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "{} CPUs ({}), Linux {}, {}".format(os.cpu_count(), cpu, platform.release(), libcurl_version)


def markdown_tables(args, results, driver="perform"):
    out = []
    for nosignal in nosignal_modes(args.nosignal):
        for title, key, factor, meaning in figures_for(driver):
            out.append("### {} — {}\n".format(title, mode_label(nosignal)))
            out.append("{}; median of the runs' figures, min–max in brackets.\n".format(meaning[0].upper() + meaning[1:]))
            out.append("| K | libcurl | xfer | xfer/libcurl |")
            out.append("|---:|---|---|---:|")
            for k in args.ks:
                lc = summary(results.get((driver, nosignal, k, "libcurl")), key, factor)
                xf = summary(results.get((driver, nosignal, k, "xfer")), key, factor)
                out.append("| {} | {} | {} | {} |".format(k, cell(lc), cell(xf), ratio(xf, lc)))
            out.append("")
    return "\n".join(out)


PERFORM_PANELS = (("Idle perform call (median)", "ns_per_call_median", 1),
                  ("Active request beside K parked (median)", "us_per_request_median", 1000))
SA_PANELS = (("Idle CURL_SOCKET_TIMEOUT call (median)", "ns_per_call_median", 1),
             ("socket_action time per active GET (median)", "ns_socket_action_per_request_median", 1))


def svg_chart(args, results, driver="perform"):
    """Two log-scale panels (idle call, active work), one line per library and mode."""
    panels = PERFORM_PANELS if driver == "perform" else SA_PANELS
    colors = {"libcurl": "#c0392b", "xfer": "#2471a3"}
    width, height, pad_l, pad_r, pad_t, pad_b = 420, 300, 70, 30, 40, 50
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" '
             'font-family="sans-serif" font-size="11">'.format(2 * width, height + 20 + 18 * len(nosignal_modes(args.nosignal))),
             '<rect width="100%" height="100%" fill="white"/>']
    for index, (title, key, factor) in enumerate(panels):
        x0 = index * width
        series = {}
        for nosignal in nosignal_modes(args.nosignal):
            for variant in VARIANTS:
                points = []
                for i, k in enumerate(args.ks):
                    s = summary(results.get((driver, nosignal, k, variant)), key, factor)
                    if s and s[0] > 0:
                        points.append((i, s[0]))
                if points:
                    series[(variant, nosignal)] = points
        values = [v for pts in series.values() for _, v in pts]
        if not values:
            continue
        lo = 10 ** math.floor(math.log10(min(values)))
        hi = 10 ** math.ceil(math.log10(max(values)))
        if hi <= lo:
            hi = lo * 10
        plot_w = width - pad_l - pad_r
        plot_h = height - pad_t - pad_b

        def px(i):
            return x0 + pad_l + (plot_w * i / max(1, len(args.ks) - 1))

        def py(v):
            return pad_t + plot_h * (1 - (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)))

        parts.append('<text x="{}" y="20" font-size="13" font-weight="bold">{}</text>'.format(x0 + pad_l, title))
        decade = lo
        while decade <= hi * 1.0001:
            y = py(decade)
            parts.append('<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="#ddd"/>'.format(
                x0 + pad_l, y, x0 + pad_l + plot_w, y))
            parts.append('<text x="{}" y="{:.1f}" text-anchor="end">{}</text>'.format(
                x0 + pad_l - 5, y + 4, format_ns(decade)))
            decade *= 10
        for i, k in enumerate(args.ks):
            parts.append('<text x="{:.1f}" y="{}" text-anchor="middle">{}</text>'.format(
                px(i), pad_t + plot_h + 16, k))
        parts.append('<text x="{:.1f}" y="{}" text-anchor="middle">K (parked transfers)</text>'.format(
            x0 + pad_l + plot_w / 2, pad_t + plot_h + 34))
        parts.append('<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#888"/>'.format(
            x0 + pad_l, pad_t, plot_w, plot_h))
        for (variant, nosignal), points in series.items():
            dash = '' if nosignal is None else ' stroke-dasharray="5,3"'
            coords = " ".join("{:.1f},{:.1f}".format(px(i), py(v)) for i, v in points)
            parts.append('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{}/>'.format(
                coords, colors[variant], dash))
            for i, v in points:
                parts.append('<circle cx="{:.1f}" cy="{:.1f}" r="3" fill="{}"/>'.format(px(i), py(v), colors[variant]))
    # One legend row per NOSIGNAL mode, one column per library.
    for row, nosignal in enumerate(nosignal_modes(args.nosignal)):
        legend_y = height + 10 + 18 * row
        for column, variant in enumerate(VARIANTS):
            x = pad_l + 260 * column
            dash = '' if nosignal is None else ' stroke-dasharray="5,3"'
            parts.append('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"{}/>'.format(
                x, legend_y, x + 24, legend_y, colors[variant], dash))
            parts.append('<text x="{}" y="{}">{}, {}</text>'.format(x + 30, legend_y + 4, variant, mode_label(nosignal)))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def idle_markdown(args, results):
    missing = [v for v in VARIANTS if not any(key[-1] == v and runs for key, runs in results.items())]
    lines = [
        "## 3. Idle scaling: perform cost with K parked transfers (`idle_perform`)",
        "",
        "`bench/idle_perform.c PORT K M` adds K easy handles to one multi handle, each a GET of",
        "`/p?hang=1` (the server reads the request and never answers), and drives them until the",
        "server has seen all K requests. Then it times M back-to-back `curl_multi_perform` calls",
        "with nothing ready, each with `CLOCK_MONOTONIC`, and the CPU for all of them with",
        "`getrusage`. Last, a second handle in the same multi does small sequential keep-alive",
        "GETs (`?size=100`, first one excluded) while the K stay parked. Each run is bounded to",
        "about 20 s, so at large K fewer than M calls may be timed (the JSON says how many).",
        "",
        "What the figures mean:",
        "",
    ]
    for title, _, _, meaning in FIGURES:
        lines.append("- **{}**: {}.".format(title, meaning))
    lines += [
        "- **xfer/libcurl**: the ratio of the two medians; below 1 means xfer is cheaper.",
        "- **library default / CURLOPT_NOSIGNAL=1**: libcurl 7.88 installs and restores a",
        "  SIGPIPE handler around each handle's work unless NOSIGNAL is set, so both are shown.",
        "",
        "Each timed call includes two `clock_gettime` reads (tens of ns), which is the whole",
        "figure at K=0. Wall times suffer when other work shares the CPUs; the CPU figures are",
        "the steadier ones, and only ratios between runs of the same invocation are meaningful.",
        "",
        "Expectation: libcurl 7.88 visits every added handle on every perform call, so its idle",
        "cost grows linearly with K; xfer's design keeps it flat (O(ready work), not O(handles)).",
        "",
        "Results, idle group:",
        "",
        "Runs per point: {}; timed calls per run: up to {}; active GETs per run: up to {}.".format(
            args.runs, args.calls, args.requests),
        "",
    ]
    if missing:
        lines += ["Not built yet, shown as n/a: {}.".format(", ".join(missing)), ""]
    lines += ["![idle perform chart](bench/idle_perform.svg)", "", markdown_tables(args, results)]
    lines += [
        "### Idle scaling, event-driven: socket_action + epoll (`idle_perform --socket-action`)",
        "",
        "The same program with `CURLMOPT_SOCKETFUNCTION`/`TIMERFUNCTION` set and one epoll set,",
        "as applications drive the library: the K transfers are parked through socket_action,",
        "then M back-to-back `curl_multi_socket_action(CURL_SOCKET_TIMEOUT)` calls are timed with",
        "no timer due, then the active handle does its sequential GETs while every",
        "`curl_multi_socket_action` call (for an epoll event or an expired timer) is timed.",
        "Issue 5 asks that a call for one socket cost the same whatever K is.",
        "",
        "![idle socket_action chart](bench/idle_socket_action.svg)",
        "",
        markdown_tables(args, results, "socket_action"),
    ]
    return "\n".join(lines).rstrip() + "\n"



INTRO = """\
# Benchmarks

Every benchmark is a C program written only against `<curl/curl.h>` (`bench/*.c`), built
twice: on Debian's libcurl and on xfer (`state_requests`, section 7, is built once, on
Debian's libcurl, and the same binary runs on xfer's drop-in `libcurl.so.4` through
`LD_LIBRARY_PATH`; for the GnuTLS pair, section 13, `load` is built a third time, on
Debian's `libcurl-gnutls.so.4`, and runs on it and on xfer's drop-in of that name). Both
libraries run back to back against the same loopback servers in the same invocation,
alternating which goes first, and every figure is compared as the ratio xfer/libcurl.
Absolute numbers only describe this machine on this day; wall-clock rates are shown but
never the basis of a claim (the client shares 2 cores with the server), client CPU time
(user+system, `getrusage`) is.

Produced by `ninja -C build bench` (or `python3 bench/run.py build`), which starts Debian's
nginx on loopback with a generated config and files (apt-get installs nginx-light, wrk,
nghttp2-client and strace when missing), plus `xfer-testserver` for transfers that never get
an answer. Raw results: `docs/bench/results.json`; re-render with `--from-json`. `python3
bench/run.py build --quick --no-write` is the smoke check behind `meson test --suite
bench-smoke`: one run, small counts, no timing asserted. `--only GROUP,...` runs some groups
(keepalive, close, idle, memory, bulk, pending, state, ratelimit, decode, proxy, tools, h2,
gnutls); the page keeps the other groups' figures from the saved `results.json`. A full run
leaves out `gnutls` (about 10 minutes at the default counts) unless `--only` names it.

How figures are taken:
- **CPU/request**: client user+system CPU over the timed part of a run, divided by its
  requests. Keep-alive runs exclude the first C completions (connection set-up).
- **xfer/libcurl** (tables and targets): the median, over repetitions, of xfer's figure
  divided by libcurl's from the same repetition (the two run back to back). This VM changes
  speed in phases lasting minutes; a pair rarely straddles a change, while a ratio of the
  two medians can take its medians from different phases. (Until the third session's sixth
  run the ratio of medians was used; there it gave 0.99× for bulk HTTPS over 8 connections,
  with 9 of xfer's 15 runs in a slow phase and 8 of libcurl's, against 0.88× paired.) The
  library columns show each library's own median and range.
- **syscalls/request**: `strace -f -c` on a run with 2N and one with N requests; the
  difference over N, so start-up cancels. **allocs/request**: heap calls (malloc, calloc,
  realloc, aligned variants; C++ `new` lands in malloc) counted by `bench/alloc_count.c`
  preloaded, over the timed part. Both from separate shorter runs (1 each), never the timed ones.
- **RSS/heap per handle**: `/proc/self/statm` and the shim's live-byte count before and after.
- **wrk / h2load --h1**: the same URL and concurrency, one thread; CPU from the tool's rusage.
  Each repetition runs both libraries and then both tools, so drift during the invocation
  reaches all four alike.
- **HTTPS**: nginx serves TLS 1.2/1.3 with a self-signed P-256 certificate made per invocation
  (SAN IP:127.0.0.1); clients keep verification on and trust it through `CURLOPT_CAINFO`.
- **Idle scaling** runs the client and the test server on the same CPU (CPU 0). On
  separate CPUs every request crosses CPUs and wakes an idle one, and whole runs came out
  twice as slow as others of the same build (bimodal, for both libraries); sharing one CPU
  the runs agree within a few per cent, which is what a K-scaling ratio needs.
- **Scale**: keep-alive HTTPS C=100 (perform) and plain C=1000 (socket_action) run 100k
  requests per run (issues 4 and 5); other keep-alive points 4k–20k.
- **n/a (unsupported)**: the library refused the setup (`CURLE_UNSUPPORTED_PROTOCOL`,
  `CURLM_UNKNOWN_OPTION`, ...); such rows light up by themselves once the feature exists.
"""


def group_points(points, group):
    return [p for p in points if p.group == group]


def small_get_section(number, title, group, points, results, probes, with_tools):
    pts = group_points(points, group)
    if not pts:
        return []
    limits = {("perform", "http", 100): 0.6, ("perform", "http", 1000): 0.4,
              ("perform", "https", 100): 0.5} if group == "keepalive" else {}
    tools = scenarios.REFERENCE_TOOLS if with_tools else ()
    lines = ["## {}. {}".format(number, title), "",
             "![{}](bench/{}.svg)".format(group, group), "",
             "Client CPU per request (µs); median of the runs, min–max in brackets.", "",
             report.figure_table(pts, results, "cpu_us_per_request", "µs", extra_tools=tools,
                                 target_for=lambda p: limits.get(p.key)),
             "Wall-clock requests per second (client and nginx share the 2 cores).", "",
             report.figure_table(pts, results, "req_per_s", "req/s")]
    if any(p.probe_n for p in pts):
        lines += ["Syscalls and heap allocations per request (plain HTTP; one probe run each).", "",
                  report.probe_table(pts, probes)]
    return lines


def scenario_markdown(args, points, results, probes, idle_results, idle_summary, machine, target_list):
    lines = [INTRO, "## Results", "", "Machine: {}.  ".format(machine),
             "Runs per point: {}, and {} for the points a target below is measured on (keep-alive "
             "perform plain C=100 and C=1000, HTTPS C=100; bulk; HTTP state){}.".format(
                 args.runs, args.headline_runs, " (quick mode)" if args.quick else ""), "",
             "### Targets of issue 3", ""]
    table, misses = report.targets_table(target_list, results, probes, idle_summary)
    lines += [table]
    if misses:
        lines += ["Missed: {}.".format("; ".join(misses)), ""]
    state_points = group_points(points, "state")
    if state_points:
        lines += ["### Targets of issue 15 (new: per-request cost of HTTP state, section 7)", ""]
        table, misses = report.targets_table(state.targets(), results, probes, idle_summary)
        lines += [table]
        if misses:
            lines += ["Missed: {}.".format("; ".join(misses)), ""]
    issue16 = issue16_targets(points)
    if issue16:
        lines += ["### Targets of issue 16 (new: rate limits and content decoding, sections 8 and 9)", ""]
        table, misses = dropin.targets_table(issue16, results)
        lines += [table]
        if misses:
            lines += ["Missed: {}.".format("; ".join(misses)), ""]
    if group_points(points, "proxy"):
        lines += ["### Targets of issue 17 (new: keep-alive through a proxy, section 10)", ""]
        table, misses = report.targets_table(proxy.targets(), results, probes, idle_summary)
        lines += [table]
        if misses:
            lines += ["Missed: {}.".format("; ".join(misses)), ""]
    if issue18_shown(points):
        lines += ["### Targets of issue 18 (new: HTTP/2, the h2 bulk point of section 5 and "
                  "multiplexing, section 12)", ""]
        table, misses = report.targets_table(issue18_targets(args), results, probes, idle_summary)
        lines += [table]
        if misses:
            lines += ["Missed: {}.".format("; ".join(misses)), ""]
    if tools.has_results(results):
        lines += ["### Targets of issue 21 (new: the `xfer` tool against curl, wget2 and aria2c, "
                  "section 11)", ""]
        table, misses = report.targets_table(tools.targets(), results, probes, idle_summary)
        lines += [table]
        if misses:
            lines += ["Missed: {}.".format("; ".join(misses)), ""]
    if group_points(points, gnutls.GROUP):
        lines += ["### Targets of issue 19 (new: the GnuTLS pair against Debian's libcurl-gnutls, "
                  "section 13)", ""]
        table, misses = report.targets_table(gnutls.targets(), results, probes, idle_summary)
        lines += [table]
        if misses:
            lines += ["Missed: {}.".format("; ".join(misses)), ""]
    lines += small_get_section(1, "Small GETs (100-byte body) over keep-alive (`load`)", "keepalive",
                               points, results, probes, True)
    lines += small_get_section(2, "Small GETs with a new connection per request (`load --forbid-reuse`)",
                               "close", points, results, probes, False)
    if "idle" in args.groups:
        lines += [idle_markdown(args, idle_results)]
    mem = group_points(points, "memory")
    if mem or idle_summary:
        lines += ["## 4. Memory (`handle_memory`, `idle_perform`)", "",
                  "![memory](bench/memory.svg)", "",
                  "Per easy handle created, given a URL and added to a multi handle, never performed",
                  "(bytes; heap = live bytes counted by the shim).", ""]
        for field, unit in (("heap_bytes_per_handle", "heap B"), ("rss_bytes_per_handle", "RSS B"),
                            ("allocs_per_handle", "allocs")):
            lines += [report.figure_table(mem, results, field, unit)]
        lines += ["Per parked in-flight transfer (request sent, no answer; handle included), from",
                  "`idle_perform` at the largest K, median over runs (heap from glibc's main arena).", "",
                  "| K | libcurl heap B | xfer heap B | libcurl RSS B | xfer RSS B |", "|---:|---:|---:|---:|---:|"]
        for k in args.ks[-1:]:
            row = [idle_summary.get(("libcurl", k), {}), idle_summary.get(("xfer", k), {})]
            lines.append("| {} | {} | {} | {} | {} |".format(
                k, report.fmt(row[0].get("heap_bytes_per_parked")), report.fmt(row[1].get("heap_bytes_per_parked")),
                report.fmt(row[0].get("rss_bytes_per_parked")), report.fmt(row[1].get("rss_bytes_per_parked"))))
        lines.append("")
    bulk = group_points(points, "bulk")
    if bulk:
        lines += ["## 5. Bulk download (`load` on one 1 GiB file, or eight 128 MiB files at once)", "",
                  "![bulk](bench/bulk.svg)", "", "Client CPU seconds per GiB received.", "",
                  report.figure_table(bulk, results, "cpu_s_per_gib", "s/GiB",
                                      target_for=lambda p: 0.8 if p.key[0] == "http" else 0.95),
                  "Wall-clock MiB/s.", "", report.figure_table(bulk, results, "mib_per_s", "MiB/s")]
    pend = group_points(points, "pending")
    if pend:
        lines += ["## 6. Pending queue (all handles added at once, `CURLMOPT_MAX_HOST_CONNECTIONS` = 6)", "",
                  "![pending](bench/pending.svg)", "",
                  "Client CPU per transfer (µs), whole run.", "",
                  report.figure_table(pend, results, "cpu_us_per_request", "µs"),
                  "Wall time per transfer (µs), whole run.", "",
                  report.figure_table(pend, results, "wall_us_per_transfer", "µs")]
    lines += state.markdown(7, group_points(points, "state"), results, probes)
    lines += ratelimit.markdown(8, group_points(points, "ratelimit"), results)
    lines += decode.markdown(9, group_points(points, "decode"), results)
    lines += proxy.markdown(10, group_points(points, "proxy"), results, probes)
    lines += tools.markdown(11, results)
    lines += report.h2_markdown(12, group_points(points, "h2"), results)
    lines += gnutls.markdown(13, group_points(points, gnutls.GROUP), results)
    return "\n".join(lines).rstrip() + "\n"


def issue18_shown(points):
    return bool(group_points(points, "h2")) or any(p.group == "bulk" and p.key[0] == "https-h2" for p in points)


def issue18_targets(args):
    return report.h2_targets(scenarios.H2_MUX, scenarios.h2_parked_n(args.quick))


def issue16_targets(points):
    return (ratelimit.targets(group_points(points, "ratelimit")) +
            decode.targets(group_points(points, "decode")))


def write_charts(docs, points, results, idle_summary, args):
    charts = {}
    for group, field, unit, series in (
            ("keepalive", "cpu_us_per_request", "client CPU µs/request, lower is better",
             ("libcurl", "xfer", "wrk", "h2load")),
            ("close", "cpu_us_per_request", "client CPU µs/request, lower is better", ("libcurl", "xfer")),
            ("bulk", "cpu_s_per_gib", "client CPU s/GiB, lower is better", ("libcurl", "xfer")),
            ("pending", "cpu_us_per_request", "client CPU µs/transfer, lower is better", ("libcurl", "xfer")),
            ("proxy", "cpu_us_per_request", "client CPU µs/request, lower is better", ("libcurl", "xfer")),
            ("h2", "cpu_us_per_request", "client CPU µs/request, lower is better", ("libcurl", "xfer", "h2load"))):
        pts = group_points(points, group)
        if group == "h2":
            pts = [p for p in pts if p.key[0] == "mux"]
        if pts:
            charts[group] = report.bar_chart(group, unit, report.chart_rows(pts, results, field, series), series)
    mem_rows = report.chart_rows(group_points(points, "memory"), results, "heap_bytes_per_handle",
                                 ("libcurl", "xfer"))
    mem_rows = [("heap/handle, " + label, vals) for label, vals in mem_rows]
    for k in args.ks[-1:]:
        mem_rows.append(("heap/parked, K={}".format(k),
                         {v: idle_summary.get((v, k), {}).get("heap_bytes_per_parked") for v in VARIANTS}))
        mem_rows.append(("RSS/parked, K={}".format(k),
                         {v: idle_summary.get((v, k), {}).get("rss_bytes_per_parked") for v in VARIANTS}))
    if any(v is not None for _, vals in mem_rows for v in vals.values()):
        charts["memory"] = report.bar_chart("memory", "bytes, lower is better", mem_rows, ("libcurl", "xfer"))
    for name, svg in charts.items():
        with open(os.path.join(docs, "bench", name + ".svg"), "w") as f:
            f.write(svg)


def idle_medians(args, idle_results):
    """(variant, K) -> median of each perform-driven idle figure, first NOSIGNAL mode only;
    (variant, K, "socket_action") -> the same for the event-driven run."""
    out = {}
    mode = nosignal_modes(args.nosignal)[0]
    for driver in DRIVERS:
        for k in args.ks:
            for variant in VARIANTS:
                runs = idle_results.get((driver, mode, k, variant)) or []
                fig = {}
                for field in ("ns_per_call_median", "cpu_us_per_call", "heap_bytes_per_parked",
                              "rss_bytes_per_parked", "ns_socket_action_per_request_median",
                              "ns_per_event_call_median", "cpu_us_per_request"):
                    vals = [r[field] for r in runs if r.get(field)]
                    if vals:
                        fig[field] = statistics.median(vals)
                out[(variant, k) if driver == "perform" else (variant, k, driver)] = fig
    return out


def build_points(args, nginx, testserver_port, proxies=None, h2server=None):
    """proxies: the running proxy.Running (measuring), or None (re-rendering saved results);
    h2server: the running servers.H2TestServer, or None."""
    points = []
    if "keepalive" in args.groups or "close" in args.groups:
        points += [p for p in scenarios.small_get_points(nginx, args.quick) if p.group in args.groups]
    if "memory" in args.groups:
        points += scenarios.memory_points(testserver_port, args.quick)
    if "bulk" in args.groups:
        points += scenarios.bulk_points(nginx, args.quick)
    if "pending" in args.groups:
        points += scenarios.pending_points(nginx, args.quick)
    if "state" in args.groups:
        points += scenarios.state_points(args.quick)
    if "proxy" in args.groups:
        points += proxy.points(nginx, proxies, args.quick)
    if "h2" in args.groups:
        points += scenarios.h2_points(nginx, h2server, args.quick)
    if gnutls.GROUP in args.groups:
        points += gnutls.points(nginx, args.quick)
    for group, module in DROPIN_GROUPS.items():
        if group in args.groups:
            points += module.points(args.quick)
    return points


class SavedNginx:
    """Stands in for a running nginx when re-rendering a saved run."""
    port = tls_port = 0
    cert = "cert.pem"

    def url(self, path, tls=False, h2=False):
        return "{}://127.0.0.1/{}".format("https" if tls or h2 else "http", path)


def write_report(args, points, results, probes, idle_results, machine):
    docs = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(os.path.join(docs, "bench"), exist_ok=True)
    idle_summary = idle_medians(args, idle_results)
    if "idle" in args.groups and idle_results:
        with open(os.path.join(docs, "bench", "idle_perform.svg"), "w") as f:
            f.write(svg_chart(args, idle_results))
        with open(os.path.join(docs, "bench", "idle_socket_action.svg"), "w") as f:
            f.write(svg_chart(args, idle_results, "socket_action"))
    write_charts(docs, points, results, idle_summary, args)
    saved = {
        "machine": machine, "runs": args.runs, "headline_runs": args.headline_runs,
        "calls": args.calls, "requests": args.requests,
        "ks": args.ks, "nosignal": args.nosignal, "quick": args.quick, "groups": list(args.groups),
        "idle": [dict(r, variant=key[-1]) for key, runs in
                 sorted(idle_results.items(), key=lambda kv: str(kv[0])) for r in runs],
        "scenarios": [dict(r, group=g, key=list(k), variant=v) for (g, k, v), runs in
                      sorted(results.items(), key=lambda kv: str(kv[0])) for r in runs],
        "probes": [dict(p, group=g, key=list(k), variant=v) for (g, k, v), p in probes.items()],
    }
    raw_path = os.path.join(docs, "bench", "results.json")
    if os.path.abspath(raw_path) != os.path.abspath(args.from_json or ""):
        with open(raw_path, "w") as f:
            json.dump(saved, f, indent=1)
            f.write("\n")
    k_max = args.ks[-1] if args.ks else 0
    mem_n = points_memory_n(points)
    pend = [p.key[0] for p in group_points(points, "pending")] or [1000, 10000]
    target_list = report.targets(args.quick, mem_n, pend, k_max)
    page = scenario_markdown(args, points, results, probes, idle_results, idle_summary, machine, target_list)
    # Hand-written analysis of the last full run (what limits each missed target) rides along.
    notes = os.path.join(docs, "bench", "notes.md")
    if os.path.exists(notes) and not args.quick:
        with open(notes) as f:
            page += "\n" + f.read()
    with open(args.out, "w") as f:
        f.write(page)
    print("wrote {}".format(args.out), file=sys.stderr)
    text = report.targets_table(target_list, results, probes, idle_summary)[0]
    if group_points(points, "state"):
        text += "\n" + report.targets_table(state.targets(), results, probes, idle_summary)[0]
    if issue16_targets(points):
        text += "\n" + dropin.targets_table(issue16_targets(points), results)[0]
    if group_points(points, "proxy"):
        text += "\n" + report.targets_table(proxy.targets(), results, probes, idle_summary)[0]
    if issue18_shown(points):
        text += "\n" + report.targets_table(issue18_targets(args), results, probes, idle_summary)[0]
    if tools.has_results(results):
        text += "\n" + report.targets_table(tools.targets(), results, probes, idle_summary)[0]
    if group_points(points, gnutls.GROUP):
        text += "\n" + report.targets_table(gnutls.targets(), results, probes, idle_summary)[0]
    return text


def points_memory_n(points):
    mem = group_points(points, "memory")
    return mem[0].key[0] if mem else 100000


def load_saved(args):
    with open(args.from_json) as f:
        saved = json.load(f)
    for name in ("runs", "calls", "requests", "ks", "nosignal", "quick"):
        setattr(args, name, saved[name])
    args.headline_runs = saved.get("headline_runs", args.runs)
    args.groups = tuple(saved["groups"])
    idle_results, results, probes = {}, {}, {}
    for r in saved["idle"]:
        idle_results.setdefault((r.get("driver", "perform"), r["nosignal"], r["K"], r["variant"]),
                                []).append(r)
    for r in saved["scenarios"]:
        results.setdefault((r["group"], tuple(r["key"]), r["variant"]), []).append(r)
    for p in saved["probes"]:
        probes[(p.pop("group"), tuple(p.pop("key")), p.pop("variant"))] = p
    points = build_points(args, SavedNginx(), 0)
    return points, results, probes, idle_results, saved["machine"]


def merge_saved(args, results, probes, idle_results):
    """With --only, the groups not run keep their figures from the saved results.json, so
    the page stays whole; returns the idle results to report."""
    raw = os.path.join(os.path.dirname(os.path.abspath(args.out)), "bench", "results.json")
    if not os.path.exists(raw):
        return idle_results
    with open(raw) as f:
        saved = json.load(f)
    if bool(saved.get("quick")) != bool(args.quick):
        print("note: {} is from a {} run; not merged".format(raw, "quick" if saved.get("quick") else "full"),
              file=sys.stderr)
        return idle_results
    kept = [g for g in saved.get("groups", []) if g in GROUPS and g not in args.groups]
    for r in saved.get("scenarios", []):
        if r["group"] in kept:
            results.setdefault((r["group"], tuple(r["key"]), r["variant"]), []).append(r)
    for p in saved.get("probes", []):
        if p["group"] in kept:
            probes[(p["group"], tuple(p["key"]), p["variant"])] = {
                k: v for k, v in p.items() if k not in ("group", "key", "variant")}
    if "idle" in kept:
        for name in ("calls", "requests", "ks", "nosignal"):
            setattr(args, name, saved[name])
        idle_results = {}
        for r in saved.get("idle", []):
            idle_results.setdefault((r.get("driver", "perform"), r["nosignal"], r["K"], r["variant"]),
                                    []).append(r)
    if kept:
        print("note: kept the saved figures of {}".format(",".join(kept)), file=sys.stderr)
    args.groups = tuple(g for g in GROUPS if g in args.groups or g in kept)
    return idle_results


def ensure_tools(args):
    """apt-get the Debian packages behind missing tools; returns the tools still missing."""
    packages = dict(BENCH_PACKAGES, **(tools.PACKAGES if "tools" in args.groups else {}))
    need = {tool: pkg for tool, pkg in packages.items()
            if not (os.access(args.nginx, os.X_OK) if tool == "nginx" else shutil.which(tool))}
    if need and not args.no_install:
        print("installing: {}".format(" ".join(sorted(set(need.values())))), file=sys.stderr)
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(sudo + ["apt-get", "update", "-qq"], env=env, timeout=600)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends"] +
                       sorted(set(need.values())), env=env, timeout=600)
        need = {tool: pkg for tool, pkg in need.items()
                if not (os.access(args.nginx, os.X_OK) if tool == "nginx" else shutil.which(tool))}
    return need


def add_derived(results):
    for (group, _, _), runs in results.items():
        for r in runs:
            if group == "pending" and r.get("requests"):
                r["wall_us_per_transfer"] = r["wall_s"] * 1e6 / r["requests"]


def main():
    args = parse_args()
    if args.from_json:
        points, results, probes, idle_results, machine = load_saved(args)
        print(write_report(args, points, results, probes, idle_results, machine))
        return 0
    idle_programs = {}
    programs = {}
    for variant in VARIANTS:
        for name in ("idle_perform", "load", "handle_memory", "h2_parked"):
            path = os.path.join(args.build_dir, "bench", "bench_{}_{}".format(name, variant))
            programs[(name, variant)] = path if os.access(path, os.X_OK) else None
            if programs[(name, variant)] is None:
                print("note: bench_{}_{} not built; reported as n/a".format(name, variant), file=sys.stderr)
        idle_programs[variant] = programs[("idle_perform", variant)]
    state_program = os.path.join(args.build_dir, "bench", state.PROGRAM)
    if not os.access(state_program, os.X_OK):
        print("note: {} not built; reported as n/a".format(state.PROGRAM), file=sys.stderr)
        state_program = None
    dropin_programs = {}
    for group, module in DROPIN_GROUPS.items():
        path = os.path.join(args.build_dir, "bench", module.PROGRAM)
        if group in args.groups and not os.access(path, os.X_OK):
            print("note: {} not built; reported as n/a".format(module.PROGRAM), file=sys.stderr)
        dropin_programs[group] = path if os.access(path, os.X_OK) else None
    gnutls_program = os.path.join(args.build_dir, "bench", gnutls.PROGRAM)
    if not os.access(gnutls_program, os.X_OK):
        if gnutls.GROUP in args.groups:
            print("note: {} not built (no Debian libcurl-gnutls.so.4 or no GnuTLS drop-in); reported as n/a"
                  .format(gnutls.PROGRAM), file=sys.stderr)
        gnutls_program = None
    if not any(programs.values()) and not state_program and not any(dropin_programs.values()) and \
            not gnutls_program:
        print("error: no benchmark program in {}/bench".format(args.build_dir), file=sys.stderr)
        return 1
    if not os.access(args.server, os.X_OK):
        print("error: test server not found at {}".format(args.server), file=sys.stderr)
        return 1
    needs_nginx = any(g in NGINX_GROUPS for g in args.groups)
    missing = ensure_tools(args) if needs_nginx else {}
    shim = args.alloc_shim if os.path.exists(args.alloc_shim) else None
    if missing.get("nginx"):
        print("error: nginx missing; only the idle and memory groups can run", file=sys.stderr)
        args.groups = tuple(g for g in args.groups if g not in NGINX_GROUPS)
    if missing.get("strace"):
        print("note: strace missing; no syscall figures", file=sys.stderr)

    started = time.monotonic()
    errors = []
    idle_results = {}
    if "idle" in args.groups:
        idle_results, idle_errors = collect(args, idle_programs)
        errors += idle_errors
    nginx = SavedNginx()
    if needs_nginx and not missing.get("nginx"):
        nginx = Nginx(args.nginx, scenarios.bulk_files(args.quick))
    testserver = TestServer(args.server)
    running_proxies = None
    h2server = None
    try:
        if "proxy" in args.groups and isinstance(nginx, Nginx):
            running_proxies = proxy.Running(nginx.port)
            errors += running_proxies.errors
        if "h2" in args.groups:
            # Room for every parked stream on one connection, and a few besides.
            h2server = H2TestServer(args.server, scenarios.h2_parked_n(args.quick) + 16)
        points = build_points(args, nginx, testserver.port, running_proxies, h2server)
        reference_s = 0 if (missing.get("wrk") or missing.get("h2load")) else args.reference_seconds
        results, probes, scenario_errors = scenarios.collect(
            [p for p in points if p.group not in ("state", gnutls.GROUP) and p.group not in DROPIN_GROUPS],
            programs, args.runs, args.headline_runs, shim, reference_s)
        errors += scenario_errors
        if gnutls_program and isinstance(nginx, Nginx):
            gnutls_results, gnutls_errors = gnutls.collect(
                group_points(points, gnutls.GROUP), gnutls_program, args.dropin, args.runs, args.headline_runs)
            results.update(gnutls_results)
            errors += gnutls_errors
        if "tools" in args.groups and isinstance(nginx, Nginx):
            tool_results, tool_errors = tools.collect(nginx, args.build_dir, args.quick)
            results.update(tool_results)
            errors += tool_errors
    finally:
        testserver.stop()
        if h2server:
            h2server.stop()
        if running_proxies:
            running_proxies.stop()
        if isinstance(nginx, Nginx):
            nginx.stop()
    if state_program:
        state_points = [p for p in points if p.group == "state"]
        state_results, state_probes, state_errors = state.collect(
            state_points, state_program, args.dropin, args.server,
            args.headline_runs if any(p.headline for p in state_points) else args.runs, shim)
        results.update(state_results)
        probes.update(state_probes)
        errors += state_errors
    for group, module in DROPIN_GROUPS.items():
        if group not in args.groups or not dropin_programs[group]:
            continue
        if not os.path.exists(os.path.join(args.dropin, "libcurl.so.4")):
            errors.append("{}: {}/libcurl.so.4 missing".format(group, args.dropin))
            continue
        group_results, group_errors = dropin.collect(
            group_points(points, group), dropin_programs[group], args.dropin, args.server,
            module.runs(args.quick), module.brief)
        results.update(group_results)
        errors += group_errors
    add_derived(results)
    print("benchmark took {:.0f} s".format(time.monotonic() - started), file=sys.stderr)

    machine = machine_line({**idle_results, **results})
    if args.no_write:
        if idle_results:
            print(markdown_tables(args, idle_results))
        print(json.dumps({"{} {} {}".format(*k): [r.get("cpu_us_per_request", r.get("heap_bytes_per_handle",
                                                                                  r.get("heap_bytes_per_parked")))
                                                 for r in v] for k, v in results.items()
                          if k[0] != tools.GROUP}, indent=1))
        if tools.has_results(results):
            print(tools.table(results))
        if gnutls.has_results(results):
            print(report.targets_table(gnutls.targets(), results, probes, {})[0])
    else:
        if args.only:
            idle_results = merge_saved(args, results, probes, idle_results)
            points = build_points(args, SavedNginx(), 0)
        print(write_report(args, points, results, probes, idle_results, machine))
    if errors:
        print("{} run(s) failed:".format(len(errors)), file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
