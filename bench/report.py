# Turns scenario results into markdown tables, the targets of issue 3 with ✔/✘, and one SVG per group.

import statistics

COLORS = {"libcurl": "#c0392b", "xfer": "#2471a3", "wrk": "#7f8c8d", "h2load": "#b7950b"}


def values(results, group, key, variant, field, scale=1.0):
    runs = [r for r in results.get((group, key, variant), []) if not r.get("unsupported")]
    vals = [r[field] * scale for r in runs if r.get(field) is not None]
    return vals


def unsupported(results, group, key, variant):
    runs = results.get((group, key, variant), [])
    return bool(runs) and all(r.get("unsupported") for r in runs)


def median(results, group, key, variant, field, scale=1.0):
    vals = values(results, group, key, variant, field, scale)
    return statistics.median(vals) if vals else None


def paired_ratio(results, group, key, field):
    """xfer's figure over libcurl's, as the median over repetitions of the ratio of the two
    runs of one repetition (back to back). The VM's speed changes in phases; a ratio of two
    medians can take its medians from different phases, a pair rarely straddles a change.
    Runs without a repetition index (older results) pair by position when none is missing."""
    def usable(variant):
        return [r for r in results.get((group, key, variant), [])
                if not r.get("unsupported") and r.get(field) is not None]
    xs, ls = usable("xfer"), usable("libcurl")
    if xs and ls and all("run" in r for r in xs + ls):
        by_run = {r["run"]: r[field] for r in ls}
        pairs = [r[field] / by_run[r["run"]] for r in xs if by_run.get(r["run"], 0) > 0]
    elif len(xs) == len(ls):
        pairs = [x[field] / l[field] for x, l in zip(xs, ls) if l[field] > 0]
    else:
        pairs = []
    if pairs:
        return statistics.median(pairs)
    x, l = median(results, group, key, "xfer", field), median(results, group, key, "libcurl", field)
    return x / l if x is not None and l else None


def fmt(v):
    if v is None:
        return "n/a"
    if v == 0:
        return "0"
    if abs(v) >= 100:
        return "{:,.0f}".format(v)
    return "{:.3g}".format(v)


def cell(results, group, key, variant, field, scale=1.0):
    if unsupported(results, group, key, variant):
        return "n/a (unsupported)"
    vals = values(results, group, key, variant, field, scale)
    if not vals:
        return "n/a"
    med = statistics.median(vals)
    if len(vals) == 1 or fmt(min(vals)) == fmt(max(vals)):
        return fmt(med)
    return "{} ({}–{})".format(fmt(med), fmt(min(vals)), fmt(max(vals)))


def ratio_text(r):
    return "n/a" if r is None else "{:.2f}".format(r)


def check(ok):
    return "n/a" if ok is None else ("✔" if ok else "✘")


class Target:
    """One line of issue 3's targets: a description, the measured figure, and whether it is met."""

    def __init__(self, text, measure):
        self.text = text
        self.measure = measure  # results, probes, idle -> (figure text, ok or None)


def ratio_target(group, key, field, limit, scale=1.0):
    def measure(results, probes, idle):
        r = paired_ratio(results, group, key, field)
        if r is None:
            return "n/a", None
        return "{:.2f}×".format(r), r <= limit
    return measure


def vs_tool_target(group, key, tool):
    def measure(results, probes, idle):
        x = median(results, group, key, "xfer", "cpu_us_per_request")
        t = median(results, group, key, tool, "cpu_us_per_request")
        if x is None or t is None:
            return "n/a", None
        return "{} vs {} µs".format(fmt(x), fmt(t)), x <= t
    return measure


def probe_target(group, key, field, limit):
    def measure(results, probes, idle):
        p = probes.get((group, key, "xfer"), {})
        if field not in p:
            return "n/a", None
        return fmt(p[field]), p[field] <= limit
    return measure


def absolute_target(group, key, fields, limit):
    def measure(results, probes, idle):
        vals = [median(results, group, key, "xfer", f) for f in fields]
        if any(v is None for v in vals):
            return "n/a", None
        return " / ".join(fmt(v) for v in vals) + " B", max(vals) <= limit
    return measure


def idle_flat_target(field, k_hi, k_lo=0, limit=1.5, driver="perform"):
    def measure(results, probes, idle_results):
        suffix = () if driver == "perform" else (driver,)
        hi = idle_results.get(("xfer", k_hi) + suffix)
        lo = idle_results.get(("xfer", k_lo) + suffix)
        if not hi or not lo or not lo.get(field):
            return "n/a", None
        return "{:.2f}×".format(hi[field] / lo[field]), hi[field] / lo[field] <= limit
    return measure


def parked_target(k, limit):
    def measure(results, probes, idle_results):
        r = idle_results.get(("xfer", k))
        if not r or r.get("heap_bytes_per_parked") is None:
            return "n/a", None
        vals = (r["heap_bytes_per_parked"], r["rss_bytes_per_parked"])
        return "{} / {} B".format(fmt(vals[0]), fmt(vals[1])), max(vals) <= limit
    return measure


def pending_flat_target(short, long_, limit=1.5):
    def measure(results, probes, idle):
        a = median(results, "pending", (short,), "xfer", "wall_us_per_transfer")
        b = median(results, "pending", (long_,), "xfer", "wall_us_per_transfer")
        if a is None or b is None or a <= 0:
            return "n/a", None
        return "{:.2f}×".format(b / a), b / a <= limit
    return measure


def targets(quick, memory_n, pending_queues, k_max):
    c_hi = 100 if quick else 1000
    t = [
        Target("Keep-alive C=100 plain, CPU/request ≤ 0.6× libcurl",
               ratio_target("keepalive", ("perform", "http", 100), "cpu_us_per_request", 0.6)),
        Target("Keep-alive C=100 plain, CPU/request ≤ wrk",
               vs_tool_target("keepalive", ("perform", "http", 100), "wrk")),
        Target("Keep-alive C={} plain, CPU/request ≤ 0.4× libcurl".format(c_hi),
               ratio_target("keepalive", ("perform", "http", c_hi), "cpu_us_per_request", 0.4)),
        Target("Keep-alive C=100 HTTPS, CPU/request ≤ 0.5× libcurl",
               ratio_target("keepalive", ("perform", "https", 100), "cpu_us_per_request", 0.5)),
    ]
    for driver in ("perform", "socket_action"):
        for c in (100, c_hi) if c_hi != 100 else (100,):
            t.append(Target("Keep-alive {} C={}, syscalls/request ≤ 2.2".format(driver, c),
                            probe_target("keepalive", (driver, "http", c), "syscalls_per_request", 2.2)))
        t.append(Target("Keep-alive {} C=100, heap allocations/request = 0".format(driver),
                        probe_target("keepalive", (driver, "http", 100), "allocs_per_request", 0.0)))
    t += [
        Target("Idle perform call at K={} within 1.5× of K=0".format(k_max),
               idle_flat_target("ns_per_call_median", k_max)),
        Target("Idle CURL_SOCKET_TIMEOUT call at K={} within 1.5× of K=0".format(k_max),
               idle_flat_target("ns_per_call_median", k_max, driver="socket_action")),
        Target("socket_action time per active GET at K={} within 1.5× of K=0".format(k_max),
               idle_flat_target("ns_socket_action_per_request_median", k_max, driver="socket_action")),
        Target("Heap / RSS per created+added handle ≤ 1 KB",
               absolute_target("memory", (memory_n,), ("heap_bytes_per_handle", "rss_bytes_per_handle"),
                               1024)),
        Target("Heap / RSS per parked transfer (K={}) ≤ 2 KB".format(k_max), parked_target(k_max, 2048)),
    ]
    for conns in (1, 8):
        t.append(Target("Bulk plain, {} conn: CPU/GiB ≤ 0.8× libcurl".format(conns),
                        ratio_target("bulk", ("http", conns), "cpu_s_per_gib", 0.8)))
        t.append(Target("Bulk HTTPS, {} conn: CPU/GiB ≤ 0.95× libcurl".format(conns),
                        ratio_target("bulk", ("https", conns), "cpu_s_per_gib", 0.95)))
    t.append(Target("Pending queue: time/transfer at {} within 1.5× of {}".format(*pending_queues[::-1]),
                    pending_flat_target(*pending_queues)))
    return t


# ---- issue 18: HTTP/2 (the bulk stream of section 5, multiplexing and parked streams of 12)

H2_GROUP = "h2"
H2_MUX_LIMIT = 0.5
H2_PARKED_LIMIT = 2048


def run_connections(r):
    """Connections one run opened: the server's count (nginx stub_status) where taken, else
    the client's own (CURLINFO_NUM_CONNECTS summed)."""
    if r.get("server_connections") is not None:
        return r["server_connections"]
    return r.get("connects_total")


def connections_cell(results, group, key, variant):
    if unsupported(results, group, key, variant):
        return "n/a (unsupported)"
    vals = [run_connections(r) for r in results.get((group, key, variant), []) if not r.get("unsupported")]
    vals = [v for v in vals if v is not None]
    if not vals:
        return "n/a"
    lo, hi = min(vals), max(vals)
    return str(lo) if lo == hi else "{}–{}".format(lo, hi)


def connections_target(group, key, expected):
    """Every xfer run opened exactly the expected connections: a regression to one
    connection per stream shows here."""
    def measure(results, probes, idle):
        if unsupported(results, group, key, "xfer"):
            return "n/a (unsupported)", None
        vals = [run_connections(r) for r in results.get((group, key, "xfer"), []) if not r.get("unsupported")]
        vals = [v for v in vals if v is not None]
        if not vals:
            return "n/a", None
        text = connections_cell(results, group, key, "xfer")
        return "{} (in {} runs)".format(text, len(vals)), all(v == expected for v in vals)
    return measure


def h2_targets(mux, parked_n):
    """mux: the (connections, streams) of the multiplexing points."""
    t = [Target("Bulk HTTPS over one HTTP/2 stream: CPU/GiB ≤ 0.95× libcurl",
                ratio_target("bulk", ("https-h2", 1), "cpu_s_per_gib", 0.95))]
    for conns, streams in mux:
        key = ("mux", conns, streams)
        name = "h2 {} conn × {} streams".format(conns, streams)
        t += [Target("{}, CPU/request ≤ {}× libcurl".format(name, H2_MUX_LIMIT),
                     ratio_target(H2_GROUP, key, "cpu_us_per_request", H2_MUX_LIMIT)),
              Target("{}, CPU/request ≤ h2load (-c{} -m{})".format(name, conns, streams),
                     vs_tool_target(H2_GROUP, key, "h2load")),
              Target("{}, connections opened per run = {}".format(name, conns),
                     connections_target(H2_GROUP, key, conns))]
    t += [Target("Heap / RSS per parked h2 transfer ({} on one connection, handle included) ≤ 2 KB"
                 .format(parked_n),
                 absolute_target(H2_GROUP, ("parked", parked_n), ("heap_bytes_per_parked", "rss_bytes_per_parked"),
                                 H2_PARKED_LIMIT)),
          Target("Heap / RSS per open h2 stream (the parked transfer beyond its created handle) ≤ 2 KB",
                 absolute_target(H2_GROUP, ("parked", parked_n), ("heap_bytes_per_stream", "rss_bytes_per_stream"),
                                 H2_PARKED_LIMIT))]
    return t


def h2_markdown(number, points, results):
    mux = [p for p in points if p.group == H2_GROUP and p.key[0] == "mux"]
    parked = [p for p in points if p.group == H2_GROUP and p.key[0] == "parked"]
    if not mux and not parked:
        return []
    lines = ["## {}. HTTP/2 multiplexing (`load --h2-multiplex`, `h2_parked`)".format(number), "",
             "Small GETs (`/small`, 100 bytes) as HTTP/2 streams on nginx's TLS `http2` listener, C",
             "transfers in flight on M connections: `CURLMOPT_PIPELINING` = `CURLPIPE_MULTIPLEX`,",
             "`CURLMOPT_MAX_HOST_CONNECTIONS` = M, `CURLOPT_PIPEWAIT` = 1 on every handle, and each",
             "finished handle re-added at once, as `curl --parallel` does. Both libraries cap a",
             "connection at 100 streams (`CURLMOPT_MAX_CONCURRENT_STREAMS`' default; nginx allows",
             "128). The first C completions are untimed. h2load runs the same URL with `-t1 -cM",
             "-m100 -n N`, its whole run timed (M handshakes in N requests). Connections per run: the",
             "connections nginx accepted during the run (stub_status), so a library that falls back",
             "to a connection per stream shows here.", ""]
    if mux:
        lines += ["![h2](bench/h2.svg)", "",
                  "Client CPU per request (µs); median of the runs, min–max in brackets.", "",
                  figure_table(mux, results, "cpu_us_per_request", "µs", extra_tools=("h2load",),
                               target_for=lambda p: H2_MUX_LIMIT),
                  "Wall-clock requests per second (client and nginx share the 2 cores).", "",
                  figure_table(mux, results, "req_per_s", "req/s"),
                  "Connections opened per run (nginx's count; min–max over the runs) and, from",
                  "one run, the completions per connection (the client's view, by local port).", "",
                  "| Point | libcurl | xfer | h2load | libcurl completions/connection | "
                  "xfer completions/connection |",
                  "|---|---:|---:|---:|---|---|"]
        for p in mux:
            spread = []
            for variant in ("libcurl", "xfer"):
                runs = [r for r in results.get((p.group, p.key, variant), [])
                        if r.get("completions_per_connection")]
                spread.append(", ".join(str(v) for v in sorted(runs[0]["completions_per_connection"],
                                                               reverse=True)) if runs else "n/a")
            lines.append("| {} | {} | {} | {} | {} | {} |".format(
                p.label, connections_cell(results, p.group, p.key, "libcurl"),
                connections_cell(results, p.group, p.key, "xfer"),
                connections_cell(results, p.group, p.key, "h2load"), spread[0], spread[1]))
        lines.append("")
    if parked:
        lines += ["Memory per transfer parked on an open stream (`h2_parked BASE N`): one small GET",
                  "opens an HTTP/2 connection to `xfer-testserver --tls --h2` (the same multi, one",
                  "connection per host, `CURLMOPT_MAX_CONCURRENT_STREAMS` = N), then N handles are",
                  "created and added for `/p?hang=1` (the server reads each request and never answers)",
                  "and driven until the server has read all N. Per parked transfer: from before the",
                  "handles were created (handle included; the connection was open already); per open",
                  "stream: from after they were created (what adding and running one costs). Heap:",
                  "live bytes counted by the allocation shim; RSS from `/proc/self/statm`.", ""]
        for field, unit in (("heap_bytes_per_parked", "heap B/transfer"), ("rss_bytes_per_parked", "RSS B/transfer"),
                            ("heap_bytes_per_stream", "heap B/stream"), ("rss_bytes_per_stream", "RSS B/stream")):
            lines += [figure_table(parked, results, field, unit)]
        lines += ["Connections the parked transfers used (the server's new connections / distinct",
                  "local ports of the parked handles):", "",
                  "| Point | libcurl | xfer |", "|---|---:|---:|"]
        for p in parked:
            row = []
            for variant in ("libcurl", "xfer"):
                runs = [r for r in results.get((p.group, p.key, variant), []) if not r.get("unsupported")]
                if unsupported(results, p.group, p.key, variant):
                    row.append("n/a (unsupported)")
                elif not runs:
                    row.append("n/a")
                else:
                    row.append("{} / {}".format(max(r.get("server_new_connections", 0) for r in runs),
                                                max(r.get("local_ports", 0) for r in runs)))
            lines.append("| {} | {} | {} |".format(p.label, *row))
        lines.append("")
    return lines


def targets_table(target_list, results, probes, idle):
    out = ["| Target | xfer measured | met |", "|---|---:|:---:|"]
    misses = []
    for t in target_list:
        figure, ok = t.measure(results, probes, idle)
        out.append("| {} | {} | {} |".format(t.text, figure, check(ok)))
        if ok is False:
            misses.append(t.text)
    return "\n".join(out) + "\n", misses


def figure_table(points, results, field, unit, scale=1.0, extra_tools=(), target_for=None):
    head = "| Point | libcurl {u} | xfer {u} | xfer/libcurl |".format(u=unit)
    sep = "|---|---|---|---:|"
    if target_for:
        head += " target |"
        sep += ":---:|"
    for tool in extra_tools:
        head += " {} {} |".format(tool, unit)
        sep += "---|"
    out = [head, sep]
    for p in points:
        r = paired_ratio(results, p.group, p.key, field)
        row = "| {} | {} | {} | {} |".format(p.label, cell(results, p.group, p.key, "libcurl", field, scale),
                                            cell(results, p.group, p.key, "xfer", field, scale),
                                            ratio_text(r))
        if target_for:
            limit = target_for(p)
            if limit is None:
                row += " |"
            elif r is None:
                row += " ≤ {} n/a |".format(limit)
            else:
                row += " ≤ {} {} |".format(limit, check(r <= limit))
        for tool in extra_tools:
            row += " {} |".format(cell(results, p.group, p.key, tool, field, scale)
                                  if (p.group, p.key, tool) in results else "")
        out.append(row)
    return "\n".join(out) + "\n"


def probe_table(points, probes):
    out = ["| Point | libcurl syscalls/req | xfer syscalls/req | libcurl allocs/req | xfer allocs/req |",
           "|---|---:|---:|---:|---:|"]
    for p in points:
        if not p.probe_n:
            continue
        l = probes.get((p.group, p.key, "libcurl"), {})
        x = probes.get((p.group, p.key, "xfer"), {})
        out.append("| {} | {} | {} | {} | {} |".format(
            p.label, fmt(l.get("syscalls_per_request")), fmt(x.get("syscalls_per_request")),
            fmt(l.get("allocs_per_request")), fmt(x.get("allocs_per_request"))))
    return "\n".join(out) + "\n"


def bar_chart(title, unit, rows, series):
    """Horizontal grouped bars: rows = [(label, {series: value})], one bar per series, linear scale."""
    bar_h, gap, label_w, plot_w, top = 11, 10, 170, 430, 40
    group_h = bar_h * len(series) + gap
    height = top + group_h * max(1, len(rows)) + 40
    width = label_w + plot_w + 120
    vmax = max([v for _, vals in rows for v in vals.values() if v is not None] or [1.0])
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="sans-serif" '
             'font-size="11">'.format(width, height), '<rect width="100%" height="100%" fill="white"/>',
             '<text x="10" y="20" font-size="13" font-weight="bold">{} ({})</text>'.format(title, unit)]
    for i, (label, vals) in enumerate(rows):
        y0 = top + i * group_h
        parts.append('<text x="{}" y="{}" text-anchor="end">{}</text>'.format(
            label_w - 8, y0 + group_h / 2, label))
        for j, name in enumerate(series):
            v = vals.get(name)
            y = y0 + j * bar_h
            if v is None and name not in ("libcurl", "xfer"):
                continue
            if v is None:
                parts.append('<text x="{}" y="{}" fill="#999">{}: n/a</text>'.format(label_w + 4, y + 9, name))
                continue
            w = max(1.0, plot_w * v / vmax)
            parts.append('<rect x="{}" y="{}" width="{:.1f}" height="{}" fill="{}"/>'.format(
                label_w, y, w, bar_h - 2, COLORS.get(name, "#555")))
            parts.append('<text x="{:.1f}" y="{}">{}</text>'.format(label_w + w + 4, y + 9, fmt(v)))
    legend_y = height - 15
    for j, name in enumerate(series):
        x = label_w + 110 * j
        parts.append('<rect x="{}" y="{}" width="12" height="10" fill="{}"/>'.format(
            x, legend_y - 9, COLORS.get(name, "#555")))
        parts.append('<text x="{}" y="{}">{}</text>'.format(x + 16, legend_y, name))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def chart_rows(points, results, field, series, scale=1.0):
    return [(p.label, {s: median(results, p.group, p.key, s, field, scale) for s in series}) for p in points]
