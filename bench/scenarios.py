# The scenario matrix of issue 3 (load, memory, bulk, pending), issue 18's HTTP/2 multiplexing
# points, and the programs that measure each point.

import json
import os
import re
import subprocess
import sys
import tempfile

VARIANTS = ("libcurl", "xfer")
REFERENCE_TOOLS = ("wrk", "h2load")
# Programs that time nothing: they run with the allocation shim preloaded (exact heap figures).
MEMORY_PROGRAMS = ("handle_memory", "h2_parked")
CONCURRENCIES = (1, 10, 100, 1000)
QUICK_CONCURRENCIES = (1, 10, 100)
# Keep-alive points run at issue 4's and issue 5's scale: 100k requests (driver, https, C).
HUNDRED_K = {("perform", True, 100), ("socket_action", False, 1000)}
# The keep-alive points issue 3's CPU targets are measured on (driver, https, C); they and
# the bulk points get more runs, because this VM's CPU cost swings by half between runs.
HEADLINE = {("perform", False, 100), ("perform", False, 1000), ("perform", True, 100)}


class Point:
    """One measured configuration: a bench program and its arguments for N requests."""

    def __init__(self, group, key, label, program, make_args, n, probe_n=None, timeout_s=60,
                 concurrency=None, url=None, headline=False, h2load=None, server_connections=None):
        self.group = group
        self.key = key            # tuple, unique within the group
        self.label = label
        self.program = program    # "load" or "handle_memory"
        self.make_args = make_args
        self.n = n
        self.probe_n = probe_n    # syscall/allocation runs use N and 2N; None: no probe
        self.timeout_s = timeout_s
        self.concurrency = concurrency
        self.url = url
        self.headline = headline  # a target is measured here: it gets the headline run count
        self.h2load = h2load      # (connections, streams per connection): h2load -c -m as reference
        # A callable giving the connections the server has accepted so far: each run's
        # result gets the number it opened (server_connections).
        self.server_connections = server_connections


def load_args(url, c, forbid_reuse=False, socket_action=False, cainfo=None, max_host=0, time_limit=50,
              warmup=None, h2_multiplex=False):
    def make(n):
        a = [url, str(n), str(c), "--time-limit", str(time_limit)]
        if forbid_reuse:
            a.append("--forbid-reuse")
        if socket_action:
            a.append("--socket-action")
        if cainfo:
            # Verification stays on, as applications run it: the self-signed cert is the anchor.
            a += ["--cainfo", cainfo]
        if max_host:
            a += ["--max-host", str(max_host)]
        if warmup is not None:
            a += ["--warmup", str(warmup)]
        if h2_multiplex:
            a.append("--h2-multiplex")
        return a
    return make


def small_get_points(nginx, quick):
    points = []
    cs = QUICK_CONCURRENCIES if quick else CONCURRENCIES
    for group, forbid in (("keepalive", False), ("close", True)):
        for driver in ("perform", "socket_action"):
            for tls in (False, True):
                for c in cs:
                    if quick:
                        n = 3 * c + 100
                    elif forbid:
                        n = max(3 * c, 600 if tls else 2000)
                    elif (driver, tls, c) in HUNDRED_K:
                        n = 100000
                    else:
                        n = {1: 4000, 10: 10000, 100: 20000, 1000: 20000}[c]
                    url = nginx.url("small", tls)
                    scheme = "https" if tls else "http"
                    label = "{} {} C={}".format(driver, scheme, c)
                    probe_n = None if tls else (200 if quick else max(2 * c, 1000))
                    points.append(Point(group, (driver, scheme, c), label, "load",
                                        load_args(url, c, forbid, driver == "socket_action",
                                                  nginx.cert if tls else None),
                                        n, probe_n, concurrency=c, url=url,
                                        headline=not forbid and (driver, tls, c) in HEADLINE))
    return points


def bulk_points(nginx, quick):
    points = []
    for tls in (False, True):
        for conns in (1, 8):
            name = ("quick" if quick else "bulk") + "_" + str(conns)
            scheme = "https" if tls else "http"
            points.append(Point("bulk", (scheme, conns), "{} {} conn".format(scheme, conns), "load",
                                load_args(nginx.url(name, tls), conns, cainfo=nginx.cert if tls else None,
                                          warmup=0), conns,
                                timeout_s=90, headline=True))
    # One stream of HTTP/2 over TLS (issue 18's bulk target): both libraries negotiate h2.
    name = ("quick" if quick else "bulk") + "_1"
    points.append(Point("bulk", ("https-h2", 1), "https h2 1 stream", "load",
                        load_args(nginx.url(name, h2=True), 1, cainfo=nginx.cert, warmup=0), 1,
                        timeout_s=90, headline=True))
    return points


def bulk_files(quick):
    total = (64 if quick else 1024) * 1024 * 1024
    prefix = "quick" if quick else "bulk"
    return {prefix + "_1": total, prefix + "_8": total // 8}


def pending_points(nginx, quick):
    points = []
    for queue in ((300, 1000) if quick else (1000, 10000)):
        points.append(Point("pending", (queue,), "{} queued, 6 conns".format(queue), "load",
                            load_args(nginx.url("small"), queue, max_host=6, warmup=0,
                                      time_limit=80),
                            queue, timeout_s=100, concurrency=queue))
    return points


# HTTP/2 multiplexing (issue 18): small GETs as streams over few connections, and memory per
# transfer parked on an open stream.
H2_GROUP = "h2"
# (connections, streams per connection): 1 x 100 and 10 x 100, as curl --parallel runs them.
H2_MUX = ((1, 100), (10, 100))
H2_MUX_N = 100000
H2_MUX_QUICK_N = {1: 3000, 10: 5000}
H2_PARKED_N = 1000
H2_PARKED_QUICK_N = 200


def h2_parked_n(quick):
    return H2_PARKED_QUICK_N if quick else H2_PARKED_N


def h2_points(nginx, h2server, quick):
    """nginx: its TLS http2 listener serves the small GETs; h2server: servers.H2TestServer
    for the parked streams (None when re-rendering saved results)."""
    points = []
    url = nginx.url("small", h2=True)
    counter = getattr(nginx, "accepted", None)
    for conns, streams in H2_MUX:
        c = conns * streams
        n = H2_MUX_QUICK_N[conns] if quick else H2_MUX_N
        points.append(Point(H2_GROUP, ("mux", conns, streams),
                            "{} conn × {} streams".format(conns, streams), "load",
                            load_args(url, c, cainfo=nginx.cert, max_host=conns, h2_multiplex=True),
                            n, concurrency=c, url=url, headline=True, h2load=(conns, streams),
                            server_connections=counter))
    n = h2_parked_n(quick)
    base = h2server.base_url() if h2server else "https://127.0.0.1:0"
    cert = h2server.cert if h2server else "cert.pem"
    points.append(Point(H2_GROUP, ("parked", n), "{} parked on 1 conn".format(n), "h2_parked",
                        lambda count, base=base, cert=cert: [base, str(count), "--cainfo", cert], n,
                        timeout_s=60, concurrency=n))
    return points


def memory_points(port, quick):
    n = 10000 if quick else 100000
    return [Point("memory", (n,), "{} handles".format(n), "handle_memory",
                  lambda count, port=port: [str(port), str(count)], n)]


def run_json(cmd, timeout_s, env=None, preexec_fn=None):
    """Runs one program; returns (dict or None, error or None)."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s, env=env,
                              preexec_fn=preexec_fn)
    except subprocess.TimeoutExpired:
        return None, "timed out after {} s".format(timeout_s)
    lines = [l for l in done.stdout.splitlines() if l.strip()]
    if done.returncode != 0:
        return None, "exit {}: {}".format(done.returncode, done.stderr.strip()[-300:])
    if len(lines) != 1:
        return None, "expected one JSON line, got {}".format(len(lines))
    try:
        return json.loads(lines[0]), None
    except json.JSONDecodeError as e:
        return None, "invalid JSON: {}".format(e)


def strace_calls(cmd, timeout_s):
    """Total syscalls of one run, all threads, from `strace -f -c`."""
    with tempfile.NamedTemporaryFile(prefix="xfer-bench-strace-", suffix=".txt") as out:
        try:
            done = subprocess.run(["strace", "-f", "-c", "-o", out.name] + cmd, capture_output=True,
                                  text=True, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            return None
        if done.returncode != 0:
            return None
        with open(out.name) as f:
            for line in f:
                parts = line.split()
                if parts and parts[-1] == "total" and len(parts) >= 4:
                    return int(parts[3])
    return None


def measure_probe(path, point, shim):
    """Syscalls per request as the difference of runs with 2N and N requests, so start-up cancels;
    allocations per request in the steady state from one run with the counting shim."""
    figures = {}
    n = point.probe_n
    small = strace_calls([path] + point.make_args(n), point.timeout_s)
    large = strace_calls([path] + point.make_args(2 * n), point.timeout_s)
    if small is not None and large is not None:
        figures["syscalls_per_request"] = (large - small) / n
    if shim:
        env = dict(os.environ, LD_PRELOAD=shim)
        result, _ = run_json([path] + point.make_args(2 * n), point.timeout_s, env)
        if result and result.get("allocs_per_request") is not None:
            figures["allocs_per_request"] = result["allocs_per_request"]
    return figures


def run_reference(tool, point, duration_s):
    """wrk or h2load --h1 on the same URL and concurrency, or h2load over HTTP/2 with the
    point's connections and streams per connection; CPU from the child's rusage."""
    c = point.concurrency
    if tool == "wrk":
        cmd = ["wrk", "-t1", "-c", str(c), "-d", "{}s".format(duration_s), point.url]
    elif point.h2load:
        conns, streams = point.h2load
        cmd = ["h2load", "-t1", "-c", str(conns), "-m", str(streams), "-n", str(point.n), point.url]
    else:
        n = max(point.n, 2 * c)
        cmd = ["h2load", "--h1", "-t1", "-c", str(c), "-n", str(n), point.url]
    # timeout(1) bounds the run; wait4 on it includes the tool it waited for.
    proc = subprocess.Popen(["timeout", "60"] + cmd, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = status
    if status != 0:
        return None, "{} exit status {}".format(tool, status)
    if point.h2load and "Application protocol: h2" not in out:
        return None, "h2load did not negotiate h2"
    if tool == "wrk":
        m = re.search(r"(\d+) requests in ([\d.]+)(\w+)", out)
        requests = int(m.group(1)) if m else 0
    else:
        m = re.search(r"requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded", out)
        requests = int(m.group(1)) if m else 0
    if requests <= 0:
        return None, "{}: no request count in its output".format(tool)
    cpu = ru.ru_utime + ru.ru_stime
    return {"requests": requests, "cpu_us_per_request": cpu * 1e6 / requests}, None


def reference_tools(point, reference_s):
    """wrk and h2load play the plain keep-alive points driven by perform (one per concurrency),
    h2load alone the HTTP/2 multiplexing points."""
    if not reference_s:
        return ()
    if point.group == "keepalive" and point.key[:2] == ("perform", "http"):
        return REFERENCE_TOOLS
    if point.h2load:
        return ("h2load",)
    return ()


def counted(point, run):
    """run() -> (result, error); the result gets the connections the server accepted meanwhile
    when the point counts them (the count's own query subtracted)."""
    before = point.server_connections() if point.server_connections else None
    result, error = run()
    after = point.server_connections() if before is not None else None
    if result is not None and before is not None and after is not None:
        result["server_connections"] = after - before - 1
    return result, error


def collect(points, programs, runs, headline_runs, shim, reference_s, log=sys.stderr):
    """results[(group, key, variant)] -> list of dicts; probes[(group, key, variant)] -> dict."""
    results, probes, errors = {}, {}, []
    for point in points:
        for run in range(headline_runs if point.headline else runs):
            order = VARIANTS if run % 2 == 0 else VARIANTS[::-1]
            for variant in order:
                path = programs.get((point.program, variant))
                if path is None:
                    continue
                # Memory runs time nothing, so they carry the shim for exact heap and call counts.
                env = dict(os.environ, LD_PRELOAD=shim) if shim and point.program in MEMORY_PROGRAMS else None
                result, error = counted(point, lambda: run_json([path] + point.make_args(point.n),
                                                                point.timeout_s, env))
                tag = "{} {} [{}] run {}".format(point.group, point.label, variant, run + 1)
                if error:
                    errors.append("{}: {}".format(tag, error))
                    print("FAIL", tag, error, file=log)
                    continue
                result["run"] = run  # pairs it with the other library's run of this repetition
                results.setdefault((point.group, point.key, variant), []).append(result)
                brief = result.get("unsupported") or result.get("cpu_us_per_request") or \
                    result.get("heap_bytes_per_handle") or result.get("heap_bytes_per_parked")
                if "server_connections" in result:
                    brief = "{} ({} connections)".format(brief, result["server_connections"])
                print("ok  ", tag, brief, file=log)
            # The tools run inside the same repetition as the libraries, so a machine that
            # drifts during the invocation moves all four alike.
            for tool in reference_tools(point, reference_s):
                result, error = counted(point, lambda: run_reference(tool, point, reference_s))
                if error:
                    errors.append("{} {}: {}".format(point.label, tool, error))
                    print("FAIL", point.label, tool, error, file=log)
                    continue
                result["run"] = run
                results.setdefault((point.group, point.key, tool), []).append(result)
                brief = result["cpu_us_per_request"]
                if "server_connections" in result:
                    brief = "{} ({} connections)".format(brief, result["server_connections"])
                print("ok  ", point.group, point.label, "[{}] run {}".format(tool, run + 1), brief,
                      file=log)
        unsupported = {v for v in VARIANTS if any(r.get("unsupported") for r in
                                                  results.get((point.group, point.key, v), []))}
        if point.probe_n:
            for variant in VARIANTS:
                path = programs.get((point.program, variant))
                if path is None or variant in unsupported:
                    continue
                probes[(point.group, point.key, variant)] = measure_probe(path, point, shim)
                print("probe", point.group, point.label, variant,
                      probes[(point.group, point.key, variant)], file=log)
    return results, probes, errors


# HTTP state per request (issue 15): one easy handle doing sequential keep-alive GETs to
# xfer-testserver; `plain` is the same loop without state, the baseline the others add to.
STATE_MODES = ("plain", "cookies", "digest-md5", "digest-sha256")
STATE_LABELS = {"plain": "plain GET (baseline)", "cookies": "20-cookie jar (+20 other hosts)",
                "digest-md5": "Digest MD5, qop=auth", "digest-sha256": "Digest SHA-256, qop=auth"}


def state_points(quick):
    n = 500 if quick else 20000
    return [Point("state", (mode,), STATE_LABELS[mode], "state_requests",
                  lambda count, port, mode=mode: [str(port), mode, str(count)], n,
                  timeout_s=60, concurrency=1, headline=True)
            for mode in STATE_MODES]
