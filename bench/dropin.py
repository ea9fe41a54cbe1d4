# Runs a program built once on Debian's libcurl on both libraries (xfer through its drop-in
# libcurl.so.4 and LD_LIBRARY_PATH), repetition by repetition, against fresh xfer-testservers.

import sys

import report
import scenarios
import state
from servers import TestServer

VARIANTS = ("libcurl", "xfer")


def collect(points, path, dropin, server_path, runs, brief, log=sys.stderr, cpu=None):
    """results[(group, key, variant)] -> list of JSON dicts, each tagged with its repetition
    ("run") so report.paired_ratio pairs the two libraries' runs; errors -> list of strings.
    Each repetition starts one server and runs every point on both libraries, alternating
    which goes first. `brief(result)` is what the log line shows."""
    results, errors = {}, []
    if not points:
        return results, errors
    for run in range(runs):
        server = TestServer(server_path, cpu=cpu)
        try:
            for index, point in enumerate(points):
                order = VARIANTS if (run + index) % 2 == 0 else VARIANTS[::-1]
                for variant in order:
                    env = state.library_env(variant, dropin)
                    result, error = scenarios.run_json([path] + point.make_args(point.n, server.port),
                                                       point.timeout_s, env)
                    if error is None:
                        error = state.check_result(result, variant, dropin)
                    tag = "{} {} [{}] run {}".format(point.group, point.label, variant, run + 1)
                    if error:
                        errors.append("{}: {}".format(tag, error))
                        print("FAIL", tag, error, file=log)
                        continue
                    result["run"] = run
                    results.setdefault((point.group, point.key, variant), []).append(result)
                    print("ok  ", tag, result.get("unsupported") or brief(result), file=log)
        finally:
            server.stop()
    return results, errors


def targets_table(target_list, results):
    """Like report.targets_table, for targets some of whose rows only report a figure: a row
    measured but with no limit shows "—" where report.targets_table would say n/a."""
    out = ["| Target | xfer measured | met |", "|---|---:|:---:|"]
    misses = []
    for t in target_list:
        figure, ok = t.measure(results, {}, {})
        met = "—" if ok is None and figure != "n/a" else report.check(ok)
        out.append("| {} | {} | {} |".format(t.text, figure, met))
        if ok is False:
            misses.append(t.text)
    return "\n".join(out) + "\n", misses
