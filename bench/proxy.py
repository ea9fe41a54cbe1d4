# Small keep-alive GETs through a proxy (issue 17): an HTTP CONNECT tunnel (Debian's tinyproxy)
# and SOCKS5 (Debian's dante), both on loopback, in front of the small-GET nginx origin.

import os
import statistics
import sys

import report
import scenarios

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "tests", "support"))
import proxies  # noqa: E402  (tests/support/proxies.py: the compat tests' proxies)

GROUP = "proxy"
CONCURRENCY = 100
LIMIT = 0.6  # as for the direct keep-alive point (issue 17, item 8)
# tinyproxy runs one thread per client connection: room for all C, with the probes' beside.
MAX_CLIENTS = 4 * CONCURRENCY
# About 20k timed requests: the untimed start-up takes C completions and, through a proxy,
# until all C connections are open (a few hundred to a few thousand completions).
TIMED = 20000
WARMUP = 10 * CONCURRENCY
# Syscalls from runs of N and 2N (start-up cancels); heap calls from the run of 2N.
PROBE_N = 2 * WARMUP
# (key, label, proxies.py kind, proxy URL scheme, CONNECT through an HTTP proxy)
ROUTES = (
    ("direct", "direct (no proxy)", None, None, False),
    ("connect", "CONNECT tunnel (tinyproxy)", "tinyproxy", "http", True),
    ("socks5", "SOCKS5 (dante)", "dante", "socks5", False),
)
TARGET_TEXT = {
    "connect": "proxy CONNECT keep-alive C=100 CPU/request ≤ 0.6× libcurl",
    "socks5": "proxy SOCKS5 keep-alive C=100 CPU/request ≤ 0.6× libcurl",
}


class Running:
    """The proxies of one invocation. A kind not installed or failing to start has no port,
    so its point is not measured and the page shows n/a; a failed start is in `errors`."""

    def __init__(self, origin_port, log=sys.stderr):
        self.ports = {}
        self.errors = []
        self._procs = []
        for _, _, kind, _, _ in ROUTES:
            if kind is None:
                continue
            if not proxies.available(kind):
                # Like a missing wrk: the points go unmeasured, which is no failed run.
                print("note: {} not installed (scripts/install-deps.sh); its point is skipped".format(kind),
                      file=log)
                continue
            try:
                p = proxies.start_proxy(kind, max_clients=MAX_CLIENTS, connect_ports=(origin_port,))
            except proxies.ProxyError as e:
                self.errors.append("proxy {}: {}".format(kind, e))
                print("FAIL", self.errors[-1], file=log)
                continue
            self._procs.append(p)
            self.ports[kind] = p.port
            print("proxy {} on 127.0.0.1:{}".format(kind, p.port), file=log)

    def stop(self):
        for p in self._procs:
            p.stop()
        self._procs = []


def points(nginx, running, quick):
    """One Point per route; routes whose proxy is not running get none when measuring
    (running given), all of them when re-rendering saved results (running None)."""
    # Through tinyproxy the first C completions come over the few tunnels up first while the
    # others are still being set up (70-95 of the 100 connects fell into a timed part that
    # began after 10 C completions): the timed part waits for all C connections too.
    # Quick runs too: the first C completions can come before the last tunnel is up.
    n = 40 * CONCURRENCY if quick else TIMED + WARMUP
    url = nginx.url("small")
    out = []
    for key, label, kind, scheme, tunnel in ROUTES:
        extra = []
        if kind is not None:
            port = running.ports.get(kind) if running else 0
            if port is None:
                continue
            extra = ["--warmup-connects", str(CONCURRENCY), "--proxy", "{}://127.0.0.1:{}".format(scheme, port)]
            if tunnel:
                extra.append("--proxytunnel")
        base = scenarios.load_args(url, CONCURRENCY)
        out.append(scenarios.Point(GROUP, (key, "http", CONCURRENCY), "{}, C={}".format(label, CONCURRENCY),
                                   "load", lambda count, base=base, extra=extra: base(count) + extra, n,
                                   probe_n=None if quick else PROBE_N, concurrency=CONCURRENCY, url=url,
                                   headline=True))
    return out


def ratio_measure(key):
    def measure(results, probes, idle):
        k = (key, "http", CONCURRENCY)
        if report.unsupported(results, GROUP, k, "xfer"):
            return "n/a (xfer: not built in yet)", None
        if not report.values(results, GROUP, k, "xfer", "cpu_us_per_request"):
            return "n/a (xfer: no successful run)", None
        r = report.paired_ratio(results, GROUP, k, "cpu_us_per_request")
        if r is None:
            return "n/a", None
        return "{:.2f}×".format(r), r <= LIMIT
    return measure


def targets():
    return [report.Target(TARGET_TEXT[key], ratio_measure(key)) for key, *_ in ROUTES if key in TARGET_TEXT]


def connects_table(pts, results):
    """New connections during the timed part (CURLINFO_NUM_CONNECTS summed): 0 means every
    request after the warm-up reused a connection, and through a proxy its tunnel."""
    out = ["| Point | libcurl new connections | xfer new connections |", "|---|---:|---:|"]
    for p in pts:
        row = []
        for variant in ("libcurl", "xfer"):
            if report.unsupported(results, p.group, p.key, variant):
                row.append("n/a (unsupported)")
                continue
            vals = report.values(results, p.group, p.key, variant, "connects")
            if not vals:
                row.append("n/a")
            elif max(vals) == 0:
                row.append("0")
            else:
                row.append("{} (max {})".format(report.fmt(statistics.median(vals)), max(vals)))
        out.append("| {} | {} | {} |".format(p.label, *row))
    return "\n".join(out) + "\n"


def markdown(number, pts, results, probes):
    if not pts:
        return []
    limits = {p.key: LIMIT for p in pts if p.key[0] in TARGET_TEXT}
    lines = [
        "## {}. Small GETs through a proxy (`load --proxy URL [--proxytunnel]`)".format(number), "",
        "The keep-alive point of section 1 (perform, plain HTTP, C={}, 100-byte body from nginx),".format(
            CONCURRENCY),
        "with `CURLOPT_PROXY` set: Debian's tinyproxy with `CURLOPT_HTTPPROXYTUNNEL` (a CONNECT",
        "tunnel to the http:// origin, so no TLS cost hides the library's), and Debian's dante",
        "(`danted`, `socks5://`). Both listen on loopback ports picked per invocation and are",
        "configured by `tests/support/proxies.py`, which starts them for the compat tests;",
        "tinyproxy here with `ConnectPort` the origin's port and room for {} clients (one thread".format(
            MAX_CLIENTS),
        "each). Every handle's connection, and with it its tunnel, is reused by its next request.",
        "The timed part starts after the first C completions and, through a proxy, once all C",
        "connections are open (`--warmup-connects C`, counting `CURLINFO_NUM_CONNECTS`): through",
        "tinyproxy the open tunnels serve the re-added handles while the others are still being",
        "set up, and 70–95 of the 100 connects fell into a timed part that began after 1,000",
        "completions. The table of new connections below checks that none was opened in a timed",
        "part. Only the client's CPU counts, never",
        "the proxy's. The direct row is measured in the same invocation, with as many runs, as",
        "the baseline the proxies add to.", "",
        "Caveats: the proxy is a third busy process on the 2 cores (client, proxy, nginx), and",
        "both libraries wait for it alike; this machine is also shared with other builds, so",
        "single figures swing between runs and only the paired ratios carry a claim. A library",
        "that refuses a proxy type shows n/a (xfer answers `CURLE_NOT_BUILT_IN` for SOCKS until",
        "it has it); the row fills in by itself once the run succeeds.", "",
        "![proxy](bench/proxy.svg)", "",
        "Client CPU per request (µs); median of the runs, min–max in brackets.", "",
        report.figure_table(pts, results, "cpu_us_per_request", "µs", target_for=lambda p: limits.get(p.key)),
        "Wall-clock requests per second (client, proxy and nginx share the 2 cores).", "",
        report.figure_table(pts, results, "req_per_s", "req/s"),
        "Connections opened during the timed part (median over runs).", "",
        connects_table([p for p in pts if p.key[0] != "direct"], results),
    ]
    if any(p.probe_n for p in pts):
        lines += ["Syscalls and heap allocations per request (one probe run each).", "",
                  report.probe_table(pts, probes)]
    return lines
