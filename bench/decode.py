# Content decoding (issue 16): client CPU per GiB decoded and peak RSS for gzip, br and zstd
# bodies (and an uncoded baseline); points, targets and the report section.

import report
import scenarios

PROGRAM = "bench_decode"
GROUP = "decode"
CODINGS = ("identity", "gzip", "br", "zstd")
MIB = 1024 * 1024
# The server compresses each body in memory per request (brotli at quality 11 takes ~7 s for
# 64 MiB here), so a run decodes 2 × 64 MiB; three runs make 384 MiB per coding and library.
LARGE = (64 * MIB, 2)
SMALL = (10 * 1024, 200)
QUICK_LARGE = (4 * MIB, 1)
QUICK_SMALL = (10 * 1024, 20)
RUNS = 3
# Peak RSS may grow with the body by the decoder's window (the encoder picks a smaller one for
# a 10 KB body: brotli's default is 4 MiB, zstd level 3's 2 MiB here), never by the body.
RSS_GROWTH_LIMIT = 8 * MIB
CPU_RATIO_LIMIT = 1.0


def size_text(size):
    return "{} MiB".format(size // MIB) if size >= MIB else "{} KB".format(size // 1024)


def points(quick):
    out = []
    for size, repeats in ((QUICK_LARGE, QUICK_SMALL) if quick else (LARGE, SMALL)):
        for coding in CODINGS:
            label = "{}, {} × {}".format(coding, size_text(size), repeats)
            out.append(scenarios.Point(
                GROUP, (coding, size), label, "decode",
                lambda n, port, coding=coding, size=size: [str(port), coding, str(size), str(n),
                                                           "--time-limit", "100"],
                repeats, timeout_s=120))
    return out


def runs(quick):
    return 1 if quick else RUNS


def brief(result):
    return "{:.3f} s/GiB, peak RSS {:.1f} MiB".format(result["cpu_s_per_gib"],
                                                     result["peak_rss_bytes"] / MIB)


def sizes(point_list):
    """(large, small) body sizes of these points."""
    found = sorted({p.key[1] for p in point_list})
    return found[-1], found[0]


def rss_growth(results, coding, large, small, variant):
    hi = report.median(results, GROUP, (coding, large), variant, "peak_rss_bytes")
    lo = report.median(results, GROUP, (coding, small), variant, "peak_rss_bytes")
    return None if hi is None or lo is None else hi - lo


def mib(v):
    return "n/a" if v is None else "{:.2f} MiB".format(v / MIB)


def cpu_target(coding, large):
    def measure(results, probes, idle):
        r = report.paired_ratio(results, GROUP, (coding, large), "cpu_s_per_gib")
        x = report.median(results, GROUP, (coding, large), "xfer", "cpu_s_per_gib")
        if r is None:
            return "n/a", None
        return "{} s/GiB, {:.2f}×".format(report.fmt(x), r), r <= CPU_RATIO_LIMIT
    return report.Target("Decode {} ({}): CPU/GiB ≤ {}× libcurl".format(coding, size_text(large),
                                                                       CPU_RATIO_LIMIT), measure)


def rss_target(coding, large, small):
    def measure(results, probes, idle):
        grow = rss_growth(results, coding, large, small, "xfer")
        peak = report.median(results, GROUP, (coding, large), "xfer", "peak_rss_bytes")
        lc = report.median(results, GROUP, (coding, large), "libcurl", "peak_rss_bytes")
        if grow is None:
            return "n/a", None
        text = "+{} (peak {}, {}× libcurl)".format(mib(grow), mib(peak),
                                                   report.ratio_text(peak / lc if lc and peak else None))
        return text, grow <= RSS_GROWTH_LIMIT
    return report.Target("Decode {}: peak RSS at {} − at {} ≤ {} MiB (bounded memory)".format(
        coding, size_text(large), size_text(small), RSS_GROWTH_LIMIT // MIB), measure)


def targets(point_list):
    if not point_list:
        return []
    large, small = sizes(point_list)
    codings = [c for c in CODINGS if c != "identity"]
    return [cpu_target(c, large) for c in codings] + [rss_target(c, large, small) for c in codings]


def markdown(number, point_list, results):
    if not point_list:
        return []
    large, small = sizes(point_list)
    big = [p for p in point_list if p.key[1] == large]
    small_n = next(p.n for p in point_list if p.key[1] == small)
    rows = ["| Coding | libcurl peak RSS {s} | xfer peak RSS {s} | libcurl peak RSS {t} | "
            "xfer peak RSS {t} | libcurl growth | xfer growth | bounded (≤ {m} MiB) |".format(
                s=size_text(small), t=size_text(large), m=RSS_GROWTH_LIMIT // MIB),
            "|---|---:|---:|---:|---:|---:|---:|:---:|"]
    for coding in CODINGS:
        lo = [report.median(results, GROUP, (coding, small), v, "peak_rss_bytes") for v in ("libcurl", "xfer")]
        hi = [report.median(results, GROUP, (coding, large), v, "peak_rss_bytes") for v in ("libcurl", "xfer")]
        grow = [rss_growth(results, coding, large, small, v) for v in ("libcurl", "xfer")]
        rows.append("| {} | {} | {} | {} | {} | {} | {} | {} |".format(
            coding, *[mib(v) for v in lo + hi + grow],
            report.check(None if grow[1] is None else grow[1] <= RSS_GROWTH_LIMIT)))
    return [
        "## {}. Content decoding: CPU per GiB and peak RSS (`decode`)".format(number), "",
        "`bench/decode.c PORT CODING SIZE R` does R sequential keep-alive GETs on one easy handle",
        "of `/x?size=SIZE&CODING=1` from `xfer-testserver`, which sends the SIZE-byte body",
        "compressed with that Content-Encoding (gzip level 6, brotli quality 11, zstd level 3;",
        "`identity`: uncoded, the baseline). The handle sets `CURLOPT_ACCEPT_ENCODING` \"\", so",
        "the library decodes, and a write callback drops the decoded bytes after checking their",
        "count and pattern. CPU is the client process's user+system time (`getrusage`) over the",
        "R transfers, divided by the GiB decoded; peak RSS is `VmHWM` at the end (`ru_maxrss` would",
        "carry the runner's peak across exec), so each point is its own process. Built once on",
        "Debian's libcurl, run on both libraries",
        "({} runs each, alternating which goes first).".format(RUNS), "",
        "Caveats: the server's body is `a`–`z` repeated, which every coder squeezes ~1000:1, so",
        "the decoders mostly copy back-references; real content costs more per byte for both",
        "libraries. The server compresses per request while the client waits idle (brotli ~7 s",
        "per 64 MiB), which bounds the volume: {} MiB decoded per run.".format(
            large * big[0].n // MIB), "",
        "Client CPU seconds per GiB decoded; median of the runs, min–max in brackets.", "",
        report.figure_table(big, results, "cpu_s_per_gib", "s/GiB",
                            target_for=lambda p: None if p.key[0] == "identity" else CPU_RATIO_LIMIT),
        "Peak RSS (median over runs) with a {} body (×{} requests) and a {} one; growth is".format(
            size_text(small), small_n, size_text(large)),
        "the difference: what the larger body costs in memory.", "",
        "\n".join(rows) + "\n",
    ]
