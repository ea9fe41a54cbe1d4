# The GnuTLS pair (issue 19): the HTTPS keep-alive and bulk points of sections 1 and 5, run
# by load.c built once on Debian's libcurl-gnutls.so.4 (bench_load_gnutls), as built and with
# LD_LIBRARY_PATH at xfer's drop-in libcurl-gnutls.so.4; points, run loop, targets, report.
#
# Results use the variant names of the other groups, so report's paired ratios apply: in
# this group "libcurl" is Debian's libcurl-gnutls and "xfer" is xfer's GnuTLS build.

import os
import sys

import report
import scenarios
import state

GROUP = "gnutls"
PROGRAM = "bench_load_gnutls"
LIBRARY = "libcurl-gnutls.so.4"
VARIANTS = ("libcurl", "xfer")
KEEPALIVE_KEY = ("keepalive", "perform", "https", 100)
KEEPALIVE_LIMIT = 0.5
BULK_CONNS = (1, 8)
BULK_LIMIT = 0.95
# The marker xfer's curl_version() carries and Debian's does not.
XFER_MARK = "(xfer "


def points(nginx, quick):
    """The HTTPS rows of the keep-alive group (both drivers, every C) and of the bulk group
    (HTTP/1.1, 1 and 8 connections), same URLs, counts and headline flags, regrouped."""
    out = []
    for p in scenarios.small_get_points(nginx, quick):
        if p.group == "keepalive" and p.key[1] == "https":
            p.group, p.key, p.label = GROUP, ("keepalive",) + p.key, "keep-alive " + p.label
            # Debian's libcurl-gnutls reads all of /etc/ssl/certs for every new connection
            # (about 33 s for C=1000 on a quiet machine): its set-up needs more time.
            if p.key[-1] >= 1000:
                p.timeout_s = max(p.timeout_s, 300)
            out.append(p)
    for p in scenarios.bulk_points(nginx, quick):
        if p.key[0] == "https":
            p.group, p.key, p.label = GROUP, ("bulk",) + p.key, "bulk " + p.label
            out.append(p)
    return out


def check_result(result, variant, dropin):
    """None when the run measured what it claims: the intended libcurl-gnutls.so.4 (by file,
    by TLS library and by curl_version()) and every request answered."""
    where = os.path.realpath(result.get("lib_path", ""))
    in_dropin = where.startswith(os.path.realpath(dropin) + os.sep)
    if not os.path.basename(where).startswith("libcurl-gnutls.so") or in_dropin != (variant == "xfer"):
        return "ran on {}, not on {}'s {}".format(where, "xfer" if variant == "xfer" else "Debian", LIBRARY)
    tls = result.get("ssl_version", "")
    if not tls.startswith("GnuTLS/"):
        return "TLS library {!r}, not GnuTLS".format(tls)
    if (XFER_MARK in result.get("lib", "")) != (variant == "xfer"):
        return "curl_version() {!r} is not {}'s".format(result.get("lib"), variant)
    if result.get("unsupported"):
        return None
    if result.get("errors") or result.get("bad_status"):
        return "{} failed request(s), {} bad status: {}".format(
            result.get("errors"), result.get("bad_status"), result.get("first_error"))
    return None


def name(variant):
    return "libcurl-gnutls" if variant == "libcurl" else "xfer-gnutls"


def brief(result, point):
    if result.get("unsupported"):
        return result["unsupported"]
    if point.key[0] == "bulk":
        return "{} s/GiB".format(result["cpu_s_per_gib"])
    return "{} µs/request".format(result["cpu_us_per_request"])


def collect(points, path, dropin, runs, headline_runs, log=sys.stderr):
    """results[(GROUP, key, variant)] -> list of JSON dicts tagged with their repetition;
    errors -> list of strings. As scenarios.collect: each point's repetitions back to back,
    both libraries in each, alternating which goes first."""
    results, errors = {}, []
    if not points:
        return results, errors
    if not os.access(path, os.X_OK) or not os.path.exists(os.path.join(dropin, LIBRARY)):
        errors.append("{}: {} or {}/{} missing".format(GROUP, path, dropin, LIBRARY))
        print("FAIL", errors[-1], file=log)
        return results, errors
    for point in points:
        for run in range(headline_runs if point.headline else runs):
            order = VARIANTS if run % 2 == 0 else VARIANTS[::-1]
            for variant in order:
                result, error = scenarios.run_json([path] + point.make_args(point.n), point.timeout_s,
                                                   state.library_env(variant, dropin))
                if error is None:
                    error = check_result(result, variant, dropin)
                tag = "{} {} [{}] run {}".format(GROUP, point.label, name(variant), run + 1)
                if error:
                    errors.append("{}: {}".format(tag, error))
                    print("FAIL", tag, error, file=log)
                    continue
                result["run"] = run
                results.setdefault((GROUP, point.key, variant), []).append(result)
                print("ok  ", tag, brief(result, point), file=log)
    return results, errors


def has_results(results):
    return any(key[0] == GROUP for key in results)


def targets():
    t = [report.Target("GnuTLS: keep-alive C=100 HTTPS, CPU/request ≤ {}× libcurl-gnutls".format(
                           KEEPALIVE_LIMIT),
                       report.ratio_target(GROUP, KEEPALIVE_KEY, "cpu_us_per_request", KEEPALIVE_LIMIT))]
    for conns in BULK_CONNS:
        t.append(report.Target("GnuTLS: bulk HTTPS, {} conn: CPU/GiB ≤ {}× libcurl-gnutls".format(
                                   conns, BULK_LIMIT),
                               report.ratio_target(GROUP, ("bulk", "https", conns), "cpu_s_per_gib",
                                                   BULK_LIMIT)))
    return t


def table(pts, results, field, unit, target_for=None):
    """report.figure_table with the columns named after this group's libraries."""
    text = report.figure_table(pts, results, field, unit, target_for=target_for)
    head, rest = text.split("\n", 1)
    return head.replace("libcurl", "libcurl-gnutls") + "\n" + rest


def versions(results):
    """The curl_version() each library reported, Debian's first."""
    out = []
    for variant in VARIANTS:
        libs = sorted({r["lib"] for (group, _, v), runs in results.items() if group == GROUP and v == variant
                       for r in runs if r.get("lib")})
        out += libs[:1]
    return out


def markdown(number, pts, results):
    if not pts:
        return []
    keep = [p for p in pts if p.key[0] == "keepalive"]
    bulk = [p for p in pts if p.key[0] == "bulk"]
    lines = ["## {}. GnuTLS pair (libcurl-gnutls.so.4): HTTPS keep-alive and bulk (`load`)".format(number), "",
             "The HTTPS points of sections 1 and 5 on the GnuTLS flavour. `bench/load.c` is built a",
             "third time (`bench_load_gnutls`), on the system curl headers and linked by path to",
             "Debian's `libcurl-gnutls.so.4` (its dev package conflicts with the OpenSSL one); the",
             "same binary runs as built and with `LD_LIBRARY_PATH` at xfer's drop-in",
             "`libcurl-gnutls.so.4` (`src/dropin/`, symbols at `CURL_GNUTLS_3`). Each run reports",
             "the file its curl symbols came from (`dladdr`), the TLS library",
             "(`curl_version_info`'s `ssl_version`) and `curl_version()`; the runner refuses a run",
             "that is not on the intended file, not on GnuTLS, or (for xfer) lacks xfer's mark.",
             "Ratios are paired per repetition against libcurl-gnutls in the same invocation.",
             "A full run leaves this group out; `--only gnutls` runs it.", ""]
    seen = versions(results)
    if seen:
        lines += ["Libraries: " + "; ".join("`{}`".format(v) for v in seen) + ".", ""]
    if keep:
        lines += ["Client CPU per request (µs), keep-alive HTTPS; median of the runs, min–max in brackets.", "",
                  table(keep, results, "cpu_us_per_request", "µs",
                        target_for=lambda p: KEEPALIVE_LIMIT if p.key == KEEPALIVE_KEY else None),
                  "Wall-clock requests per second (client and nginx share the 2 cores).", "",
                  table(keep, results, "req_per_s", "req/s")]
    if bulk:
        lines += ["Client CPU seconds per GiB received, bulk HTTPS.", "",
                  table(bulk, results, "cpu_s_per_gib", "s/GiB", target_for=lambda p: BULK_LIMIT),
                  "Wall-clock MiB/s.", "", table(bulk, results, "mib_per_s", "MiB/s")]
    return lines
