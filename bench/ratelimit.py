# Rate limits (issue 16): how closely MAX_RECV_SPEED / MAX_SEND_SPEED hold over a 5-second
# transfer, and the client CPU spent while throttled; points, targets and the report section.

import statistics

import report
import scenarios

PROGRAM = "bench_ratelimit"
GROUP = "ratelimit"
RATES = (2000000, 200000)  # bytes per second
SECONDS = 5
QUICK_SECONDS = 1
RUNS = 3  # per library and case: 4 cases × 2 libraries × 3 × 5 s = 2 minutes
TOLERANCE = 0.05


def rate_text(rate):
    return "{:g} MB/s".format(rate / 1e6) if rate >= 1000000 else "{:g} kB/s".format(rate / 1e3)


def points(quick):
    seconds = QUICK_SECONDS if quick else SECONDS
    out = []
    for direction in ("down", "up"):
        for rate in RATES:
            label = "{} {}".format("download" if direction == "down" else "upload", rate_text(rate))
            out.append(scenarios.Point(
                GROUP, (direction, rate), label, "ratelimit",
                lambda n, port, direction=direction, rate=rate, seconds=seconds:
                    [str(port), direction, str(rate), str(seconds)],
                1, timeout_s=seconds * 4 + 20))
    return out


def runs(quick):
    return 1 if quick else RUNS


def brief(result):
    return "{:.1f}% off, {:.1f} ms CPU".format(result["rate_error"] * 100, result["cpu_ms"])


def errors_of(results, key, variant):
    return report.values(results, GROUP, key, variant, "rate_error")


def rate_target(key, label):
    def measure(results, probes, idle):
        errs = errors_of(results, key, "xfer")
        if not errs:
            return "n/a", None
        return "{:.1f}% (worst {:.1f}%)".format(statistics.median(errs) * 100, max(errs) * 100), \
            max(errs) <= TOLERANCE
    return report.Target("Rate limit, {}: achieved rate within 5% of the limit in every run".format(label),
                         measure)


def cpu_row(key, label):
    def measure(results, probes, idle):
        x = report.median(results, GROUP, key, "xfer", "cpu_ms")
        r = report.paired_ratio(results, GROUP, key, "cpu_ms")
        if x is None:
            return "n/a", None
        return "{} ms, {}× libcurl".format(report.fmt(x), report.ratio_text(r)), None
    return report.Target("CPU while throttled, {} (per transfer; reported)".format(label), measure)


def targets(point_list):
    return [rate_target(p.key, p.label) for p in point_list] + [cpu_row(p.key, p.label) for p in point_list]


def error_cell(results, key, variant):
    errs = errors_of(results, key, variant)
    if not errs:
        return "n/a (unsupported)" if report.unsupported(results, GROUP, key, variant) else "n/a"
    return "{:.1f}% ({})".format(statistics.median(errs) * 100,
                                 ", ".join("{:.1f}".format(e * 100) for e in errs))


def markdown(number, point_list, results):
    if not point_list:
        return []
    seconds = point_list[0].make_args(1, 0)[3]
    acc = ["| Case | libcurl error | xfer error | libcurl achieved B/s | xfer achieved B/s | "
           "xfer within 5% |", "|---|---|---|---:|---:|:---:|"]
    for p in point_list:
        errs = errors_of(results, p.key, "xfer")
        acc.append("| {} | {} | {} | {} | {} | {} |".format(
            p.label, error_cell(results, p.key, "libcurl"), error_cell(results, p.key, "xfer"),
            report.fmt(report.median(results, GROUP, p.key, "libcurl", "achieved_rate")),
            report.fmt(report.median(results, GROUP, p.key, "xfer", "achieved_rate")),
            report.check(max(errs) <= TOLERANCE if errs else None)))
    return [
        "## {}. Rate limits: accuracy and CPU while throttled (`ratelimit`)".format(number), "",
        "`bench/ratelimit.c PORT down|up RATE SECONDS` makes one transfer of RATE×SECONDS bytes",
        "with `xfer-testserver` ({} s here): a download of `/x?size=N` with".format(seconds),
        "`CURLOPT_MAX_RECV_SPEED_LARGE` = RATE, or a PUT of N bytes from a read callback",
        "(`CURLOPT_UPLOAD`, `INFILESIZE_LARGE`, no `Expect:`) with `CURLOPT_MAX_SEND_SPEED_LARGE` =",
        "RATE; the body goes to a write callback that drops it. It times the whole",
        "`curl_easy_perform` (`CLOCK_MONOTONIC`) and takes the process's user+system CPU",
        "(`getrusage`) around it. Achieved rate = bytes / wall time; error = |achieved / limit − 1|.",
        "Like `state_requests` it is built once, on Debian's libcurl, and run on both libraries",
        "(xfer through `LD_LIBRARY_PATH`); each case runs {} times per library, the libraries".format(RUNS),
        "alternating which goes first. The loopback server sends or reads at full speed, so only",
        "the client's limiting sets the pace.", "",
        "Rate error, median over the runs (each run's figure in brackets, %), and the median",
        "achieved rate.", "",
        "\n".join(acc) + "\n",
        "Client CPU per throttled transfer (ms, user+system over the whole transfer); median of the",
        "runs, min–max in brackets; xfer/libcurl is the median of the paired ratios. Where a library",
        "overshot its limit (libcurl 7.88 on small receive rates here), its transfer was shorter",
        "than the intended time and its CPU figure covers less waiting.", "",
        report.figure_table(point_list, results, "cpu_ms", "ms"),
    ]
