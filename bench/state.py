# HTTP state per request (issue 15): one binary, built on Debian's libcurl, run on it and on
# xfer's drop-in libcurl.so.4 through LD_LIBRARY_PATH; results, report section and targets.

import os
import statistics
import sys

import report
import scenarios
from servers import pinned, TestServer

VARIANTS = ("libcurl", "xfer")
PROGRAM = "bench_state_requests"
# Client and server take turns on one connection; on one CPU no request waits for a wake-up
# on another, which is where the idle group's runs went bimodal (see "How figures are taken").
CLIENT_CPU = 0
SERVER_CPU = 0


def library_env(variant, dropin, shim=None):
    """The environment that makes the dynamic loader pick the wanted libcurl.so.4."""
    env = {k: v for k, v in os.environ.items() if k not in ("LD_LIBRARY_PATH", "LD_PRELOAD")}
    if variant == "xfer":
        env["LD_LIBRARY_PATH"] = dropin
    if shim:
        env["LD_PRELOAD"] = shim
    return env


def check_result(result, variant, dropin):
    """None when the run measured what it claims: the right library, every request answered."""
    if result.get("unsupported"):
        return None
    where = os.path.realpath(result.get("lib_path", ""))
    in_dropin = where.startswith(os.path.realpath(dropin) + os.sep)
    if in_dropin != (variant == "xfer"):
        return "ran on {}, not on {}".format(where, variant)
    if result.get("errors"):
        return "{} failed request(s): {}".format(result["errors"], result.get("first_error"))
    return None


def run_one(path, point, port, variant, dropin, shim=None):
    env = library_env(variant, dropin, shim)
    result, error = scenarios.run_json([path] + point.make_args(point.n, port), point.timeout_s, env,
                                       preexec_fn=pinned(CLIENT_CPU))
    if error is None:
        error = check_result(result, variant, dropin)
    return result, error


def collect(points, path, dropin, server_path, runs, shim, log=sys.stderr):
    """Each repetition runs every mode on both libraries against one fresh server, alternating
    which library goes first, so a mode's pair and its baseline run minutes apart at most."""
    results, probes, errors = {}, {}, []
    if not points:
        return results, probes, errors
    if not os.access(path, os.X_OK) or not os.path.exists(os.path.join(dropin, "libcurl.so.4")):
        errors.append("state: {} or {}/libcurl.so.4 missing".format(path, dropin))
        print("FAIL", errors[-1], file=log)
        return results, probes, errors
    for run in range(runs):
        server = TestServer(server_path, cpu=SERVER_CPU)
        try:
            for index, point in enumerate(points):
                order = VARIANTS if (run + index) % 2 == 0 else VARIANTS[::-1]
                for variant in order:
                    result, error = run_one(path, point, server.port, variant, dropin)
                    tag = "state {} [{}] run {}".format(point.label, variant, run + 1)
                    if error:
                        errors.append("{}: {}".format(tag, error))
                        print("FAIL", tag, error, file=log)
                        continue
                    result["run"] = run
                    results.setdefault((point.group, point.key, variant), []).append(result)
                    print("ok  ", tag, result.get("unsupported") or result["cpu_us_per_request"],
                          file=log)
        finally:
            server.stop()
    # Heap calls per request: one more run each with the counting shim, never a timed one.
    if shim:
        server = TestServer(server_path, cpu=SERVER_CPU)
        try:
            for point in points:
                for variant in VARIANTS:
                    result, error = run_one(path, point, server.port, variant, dropin, shim)
                    if result and not error and result.get("allocs_per_request") is not None:
                        probes[(point.group, point.key, variant)] = {
                            "allocs_per_request": result["allocs_per_request"]}
                        print("probe state", point.label, variant, result["allocs_per_request"], file=log)
        finally:
            server.stop()
    return results, probes, errors


def extra_over_plain(results, key, variant):
    """Median over repetitions of (mode − plain GET) CPU per request, same library and repetition."""
    base = {r["run"]: r["cpu_us_per_request"] for r in results.get(("state", ("plain",), variant), [])
            if "run" in r and r.get("cpu_us_per_request") is not None}
    diffs = [r["cpu_us_per_request"] - base[r["run"]] for r in results.get(("state", key, variant), [])
             if r.get("run") in base and r.get("cpu_us_per_request") is not None]
    return statistics.median(diffs) if diffs else None


def targets():
    return [
        report.Target("20-cookie jar (+20 for other hosts), CPU/request ≤ 1.0× libcurl",
                      report.ratio_target("state", ("cookies",), "cpu_us_per_request", 1.0)),
        report.Target("Digest MD5 (qop=auth), CPU/request ≤ 1.0× libcurl",
                      report.ratio_target("state", ("digest-md5",), "cpu_us_per_request", 1.0)),
        report.Target("Digest SHA-256 (qop=auth), CPU/request ≤ 1.0× libcurl",
                      report.ratio_target("state", ("digest-sha256",), "cpu_us_per_request", 1.0)),
    ]


def markdown(number, points, results, probes):
    if not points:
        return []
    rows = ["| Point | libcurl µs | xfer µs | xfer/libcurl |", "|---|---:|---:|---:|"]
    for p in points:
        if p.key == ("plain",):
            continue
        lc, xf = extra_over_plain(results, p.key, "libcurl"), extra_over_plain(results, p.key, "xfer")
        rows.append("| {} | {} | {} | {} |".format(
            p.label, report.fmt(lc), report.fmt(xf),
            report.ratio_text(xf / lc if lc and xf is not None and lc > 0 else None)))
    facts = ["| Point | libcurl round trips/req | xfer round trips/req | libcurl allocs/req | "
             "xfer allocs/req |", "|---|---:|---:|---:|---:|"]
    for p in points:
        trips = [report.median(results, p.group, p.key, v, "round_trips_per_request") for v in VARIANTS]
        allocs = [probes.get((p.group, p.key, v), {}).get("allocs_per_request") for v in VARIANTS]
        facts.append("| {} | {} | {} | {} | {} |".format(p.label, *[report.fmt(x) for x in trips + allocs]))
    return [
        "## {}. HTTP state per request: cookie jar and Digest auth (`state_requests`)".format(number), "",
        "`bench/state_requests.c PORT MODE N` does N sequential keep-alive GETs (`?size=100`) on one",
        "easy handle to `xfer-testserver`, after 20 warm-up requests (connection, 401 round trip,",
        "checks). It is built once, on Debian's libcurl, and the same binary runs twice: as built,",
        "and with `LD_LIBRARY_PATH` at xfer's drop-in (`build/src/dropin/libcurl.so.4`); each run",
        "reports the file its curl symbols came from (`dladdr`) and the runner refuses a run on",
        "the wrong one. Client and server share CPU 0. Modes:",
        "",
        "- **plain**: no state, the baseline the others add to.",
        "- **cookies**: `COOKIEFILE \"\"` and 40 `COOKIELIST` Netscape lines: 20 host-only cookies for",
        "  127.0.0.1 (path `/`, persistent), 20 for five other hosts. Every request sends a Cookie",
        "  header with the 20 (checked on an echoed request: all 20, none of the others).",
        "- **digest-md5 / digest-sha256**: `HTTPAUTH` `CURLAUTH_DIGEST` and `USERPWD`; the server",
        "  answers 401 with a fixed `qop=\"auth\"` challenge to any request without Authorization.",
        "  After the first round trip each request carries a Digest response computed for it",
        "  (checked: two echoed responses differ; the SHA-256 one names SHA-256). The server's",
        "  request counter gives the round trips per request.",
        "",
        "Client CPU per request (µs, user+system over the N requests); median of the runs, min–max",
        "in brackets.", "",
        report.figure_table(points, results, "cpu_us_per_request", "µs",
                            target_for=lambda p: None if p.key == ("plain",) else 1.0),
        "CPU added over the plain GET (µs per request): per library, the median over repetitions of",
        "the mode's figure minus the plain run's of the same repetition.", "",
        "\n".join(rows) + "\n",
        "Wall time per request (µs, median of the N per-request times in a run; client and server",
        "on one CPU).", "",
        report.figure_table(points, results, "us_per_request_median", "µs"),
        "Round trips per request (the server's count over the N) and heap calls per request (one",
        "run with `bench/alloc_count.c` preloaded).", "",
        "\n".join(facts) + "\n",
    ]
