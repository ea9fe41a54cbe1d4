# Runs the idle-perform benchmark on libcurl and xfer side by side and writes docs/BENCHMARKS.md.

import argparse
import json
import math
import os
import platform
import select
import signal
import statistics
import subprocess
import sys
import time

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VARIANTS = ("libcurl", "xfer")
PROGRAM = "bench_idle_perform_{}"
REQUIRED_KEYS = ("lib", "K", "calls", "ns_per_call_median", "ns_per_call_p90", "cpu_us_per_call",
                 "requests", "us_per_request_median", "cpu_us_per_request")
# The program bounds itself to ~20 s; this only catches a hung library.
PROGRAM_TIMEOUT_S = 60
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


def parse_args():
    p = argparse.ArgumentParser(
        description="Run bench_idle_perform_{libcurl,xfer} against fresh test servers; report ratios.")
    p.add_argument("build_dir", help="meson build directory holding bench/ and tests/support/")
    p.add_argument("--server", help="path of xfer-testserver (default: BUILD/tests/support/xfer-testserver)")
    p.add_argument("--quick", action="store_true", help="1 run, K <= 1000, fewer calls (CI smoke)")
    p.add_argument("--no-write", action="store_true", help="print results, write no files")
    p.add_argument("--runs", type=int, help="runs per variant and K (default 5, quick 1)")
    p.add_argument("--ks", help="comma-separated K values (default 0,10,100,1000,10000)")
    p.add_argument("--calls", type=int, help="timed perform calls per run (default 2000, quick 200)")
    p.add_argument("--requests", type=int, help="active GETs per run (default 200, quick 20)")
    p.add_argument("--nosignal", choices=("default", "0", "1", "both"),
                   help="CURLOPT_NOSIGNAL: library default, forced 0/1, or default and 1 "
                        "(default: both, quick: default)")
    p.add_argument("--out", default=os.path.join(SOURCE_ROOT, "docs", "BENCHMARKS.md"))
    p.add_argument("--from-json", metavar="PATH",
                   help="run nothing: re-render the report from a saved idle_perform.json")
    args = p.parse_args()
    if args.runs is None:
        args.runs = 1 if args.quick else 5
    if args.ks is None:
        args.ks = "0,10,100,1000" if args.quick else "0,10,100,1000,10000"
    args.ks = [int(k) for k in args.ks.split(",")]
    if args.quick:
        args.ks = [k for k in args.ks if k <= 1000]
    if args.calls is None:
        args.calls = 200 if args.quick else 2000
    if args.requests is None:
        args.requests = 20 if args.quick else 200
    if args.nosignal is None:
        args.nosignal = "default" if args.quick else "both"
    if args.server is None:
        args.server = os.path.join(args.build_dir, "tests", "support", "xfer-testserver")
    return args


def nosignal_modes(choice):
    return {"default": [None], "0": [0], "1": [1], "both": [None, 1]}[choice]


def mode_label(nosignal):
    return "library default" if nosignal is None else "CURLOPT_NOSIGNAL={}".format(nosignal)


class Server:
    """One fresh loopback server; stdin EOF is its shutdown signal."""

    def __init__(self, path):
        self.proc = subprocess.Popen([path], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        ready, _, _ = select.select([self.proc.stdout], [], [], SERVER_START_TIMEOUT_S)
        line = self.proc.stdout.readline() if ready else b""
        if not line.strip().isdigit():
            self.stop()
            raise RuntimeError("test server did not print its port")
        self.port = int(line)

    def stop(self):
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def run_program(path, port, k, args, nosignal):
    cmd = [path, str(port), str(k), str(args.calls), "--requests", str(args.requests)]
    if nosignal is not None:
        cmd += ["--nosignal", str(nosignal)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=PROGRAM_TIMEOUT_S)
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
    missing = [key for key in REQUIRED_KEYS if key not in result]
    if missing:
        return None, "JSON lacks {}".format(", ".join(missing))
    if result["K"] != k:
        return None, "JSON reports K={} for K={}".format(result["K"], k)
    return result, None


def collect(args, programs):
    """results[(nosignal, k, variant)] -> list of JSON dicts; errors -> list of strings."""
    results = {}
    errors = []
    for nosignal in nosignal_modes(args.nosignal):
        for k in args.ks:
            for run in range(args.runs):
                # Alternate which library goes first so slow drift hits both alike.
                order = VARIANTS if run % 2 == 0 else VARIANTS[::-1]
                server = Server(args.server)
                try:
                    for variant in order:
                        path = programs.get(variant)
                        if path is None:
                            continue
                        result, error = run_program(path, server.port, k, args, nosignal)
                        tag = "{} K={} {} run {}".format(variant, k, mode_label(nosignal), run + 1)
                        if error:
                            errors.append("{}: {}".format(tag, error))
                            print("FAIL", tag, error, file=sys.stderr)
                            continue
                        results.setdefault((nosignal, k, variant), []).append(result)
                        print("ok  ", tag, json.dumps({key: result[key] for key in REQUIRED_KEYS[2:]}),
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
    values = [r[key] * factor for r in runs]
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
    for (_, _, variant), runs in results.items():
        if variant == "libcurl" and runs:
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


def markdown_tables(args, results):
    out = []
    for nosignal in nosignal_modes(args.nosignal):
        for title, key, factor, meaning in FIGURES:
            out.append("### {} — {}\n".format(title, mode_label(nosignal)))
            out.append("{}; median of the runs' figures, min–max in brackets.\n".format(meaning[0].upper() + meaning[1:]))
            out.append("| K | libcurl | xfer | xfer/libcurl |")
            out.append("|---:|---|---|---:|")
            for k in args.ks:
                lc = summary(results.get((nosignal, k, "libcurl")), key, factor)
                xf = summary(results.get((nosignal, k, "xfer")), key, factor)
                out.append("| {} | {} | {} | {} |".format(k, cell(lc), cell(xf), ratio(xf, lc)))
            out.append("")
    return "\n".join(out)


def svg_chart(args, results):
    """Two log-scale panels (idle call, active request), one line per library and mode."""
    panels = (("Idle perform call (median)", "ns_per_call_median", 1),
              ("Active request beside K parked (median)", "us_per_request_median", 1000))
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
                    s = summary(results.get((nosignal, k, variant)), key, factor)
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


def markdown(args, results, machine):
    missing = [v for v in VARIANTS if not any(key[2] == v and runs for key, runs in results.items())]
    lines = [
        "# Benchmarks",
        "",
        "Each benchmark is one C program written only against `<curl/curl.h>`, built twice: on",
        "Debian's libcurl and on xfer. Both builds run back to back against the same loopback",
        "`xfer-testserver` (a fresh one per run), alternating which goes first. Figures are",
        "compared as the ratio xfer/libcurl on the same machine; the absolute numbers only",
        "describe this machine on this day.",
        "",
        "Run it with `ninja -C build bench` (or `python3 bench/run.py build`); it rewrites this",
        "page, `docs/bench/idle_perform.svg` and the raw results in `docs/bench/idle_perform.json`.",
        "`python3 bench/run.py build --quick --no-write` is the smoke check that `meson test",
        "--suite bench-smoke` runs: one run, K ≤ 1000, no files written, no timing asserted.",
        "",
        "## idle_perform: perform cost with K parked transfers",
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
        "## Results",
        "",
        "Machine: {}.  ".format(machine),
        "Runs per point: {}; timed calls per run: up to {}; active GETs per run: up to {}.".format(
            args.runs, args.calls, args.requests),
        "",
    ]
    if missing:
        lines += ["Not built yet, shown as n/a: {}.".format(", ".join(missing)), ""]
    lines += ["![idle perform chart](bench/idle_perform.svg)", "", markdown_tables(args, results)]
    return "\n".join(lines).rstrip() + "\n"


def load_saved(args):
    with open(args.from_json) as f:
        saved = json.load(f)
    for name in ("runs", "calls", "requests", "ks", "nosignal"):
        setattr(args, name, saved[name])
    results = {}
    for r in saved["results"]:
        results.setdefault((r["nosignal"], r["K"], r["variant"]), []).append(r)
    return results, saved["machine"]


def write_report(args, results, machine):
    docs = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(os.path.join(docs, "bench"), exist_ok=True)
    with open(os.path.join(docs, "bench", "idle_perform.svg"), "w") as f:
        f.write(svg_chart(args, results))
    saved = {
        "machine": machine, "runs": args.runs, "calls": args.calls, "requests": args.requests,
        "ks": args.ks, "nosignal": args.nosignal,
        "results": [dict(r, variant=variant) for (_, _, variant), runs in
                    sorted(results.items(), key=lambda kv: str(kv[0])) for r in runs],
    }
    raw_path = os.path.join(docs, "bench", "idle_perform.json")
    if os.path.abspath(raw_path) != os.path.abspath(args.from_json or ""):
        with open(raw_path, "w") as f:
            json.dump(saved, f, indent=1)
            f.write("\n")
    with open(args.out, "w") as f:
        f.write(markdown(args, results, machine))
    print("wrote {}".format(args.out), file=sys.stderr)


def main():
    args = parse_args()
    if args.from_json:
        results, machine = load_saved(args)
        write_report(args, results, machine)
        return 0
    programs = {}
    for variant in VARIANTS:
        path = os.path.join(args.build_dir, "bench", PROGRAM.format(variant))
        programs[variant] = path if os.access(path, os.X_OK) else None
        if programs[variant] is None:
            print("note: {} not built; reported as n/a".format(PROGRAM.format(variant)), file=sys.stderr)
    if programs["libcurl"] is None and programs["xfer"] is None:
        print("error: no benchmark program in {}/bench".format(args.build_dir), file=sys.stderr)
        return 1
    if not os.access(args.server, os.X_OK):
        print("error: test server not found at {}".format(args.server), file=sys.stderr)
        return 1

    started = time.monotonic()
    results, errors = collect(args, programs)
    print("benchmark took {:.0f} s".format(time.monotonic() - started), file=sys.stderr)

    if args.no_write:
        print(markdown_tables(args, results))
    else:
        write_report(args, results, machine_line(results))
    if errors:
        print("{} run(s) failed:".format(len(errors)), file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
