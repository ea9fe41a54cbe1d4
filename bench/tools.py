# The `xfer` downloader against the command-line anchors of issue 21 (item 7): Debian's curl
# (--parallel), wget2 and aria2c fetch the same 2,000 small files and the same 1 GiB file
# from the benchmark's nginx on 127.0.0.1; wall time and the child's user+system CPU.
#
# Part of bench/run.py (`--only tools`); `python3 bench/tools.py BUILD` runs this group
# alone and prints the table (for profiling; writes no files).

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import report

GROUP = "tools"
SMALL_FILES = 2000
QUICK_SMALL_FILES = 200
# Sizes log-uniform in [256 B, 64 KiB] from a fixed seed: median about 4 KiB, mean about
# 12 KiB, like the images, scripts and style sheets of web pages.
SMALL_MIN, SMALL_MAX = 256, 64 * 1024
SEED = 21
BIG_SIZE = 1024 * 1024 * 1024
QUICK_BIG_SIZE = 64 * 1024 * 1024
PARALLEL = 8
ROUNDS = 5
QUICK_ROUNDS = 1
TIMEOUT_S = {"small": 180, "big": 300}
# The tools and nginx run at this nice value when the bench runs as root: the machine is
# shared with builds at nice 0, which otherwise decide the wall times (load 6-8 on 2 cores
# gave walls of 2x the CPU time, in a different order each round).
NICE = -10
# Where the downloads land: tmpfs, so the disk's writeback is nobody's cost.
SCRATCH_PARENT = "/dev/shm" if os.path.isdir("/dev/shm") else None
# (name, how it is found) in the order of the table; the second xfer row is the same tool
# source linked against Debian's libcurl, a reference that is not one of the anchors.
TOOLS = ("xfer", "curl", "wget2", "aria2c", "xfer-on-libcurl")
ANCHORS = ("curl", "wget2", "aria2c")
PACKAGES = {"curl": "curl", "wget2": "wget2", "aria2c": "aria2"}
SETS = (("small", "2,000 small files"), ("big", "one 1 GiB file"))


def small_sizes(count):
    rng = random.Random(SEED)
    lo, hi = SMALL_MIN.bit_length() - 1, SMALL_MAX.bit_length() - 1
    return [int(2 ** rng.uniform(lo, hi)) for _ in range(count)]


class Files:
    """The served files: small ones with random bytes under www/tools/, and one sparse big one."""

    def __init__(self, nginx, quick):
        self.www = os.path.join(nginx.dir, "www", "tools")
        os.makedirs(self.www, exist_ok=True)
        rng = random.Random(SEED)
        self.small = {}
        for i, size in enumerate(small_sizes(QUICK_SMALL_FILES if quick else SMALL_FILES)):
            name = "f{:04d}.bin".format(i)
            with open(os.path.join(self.www, name), "wb") as f:
                f.write(rng.randbytes(size))
            self.small[name] = size
        self.big = {"big.bin": QUICK_BIG_SIZE if quick else BIG_SIZE}
        with open(os.path.join(self.www, "big.bin"), "wb") as f:
            f.truncate(self.big["big.bin"])
        # Read once, so the first tool to fetch it does not wait for the page cache to fill
        # (the first download of the first round took 6-7 s where the others took 2).
        with open(os.path.join(self.www, "big.bin"), "rb") as f:
            while f.read(1 << 20):
                pass
        self.urls = {}
        self.lists = {}
        for key, names in (("small", self.small), ("big", self.big)):
            self.urls[key] = [nginx.url("tools/" + n) for n in sorted(names)]
            path = os.path.join(nginx.dir, "urls-{}.txt".format(key))
            with open(path, "w") as f:
                f.write("".join(u + "\n" for u in self.urls[key]))
            self.lists[key] = path
            # curl reads its URLs from a config file: one `url = ...` line each.
            with open(path + ".curl", "w") as f:
                f.write("".join('url = "{}"\n'.format(u) for u in self.urls[key]))

    def expected(self, key):
        return self.small if key == "small" else self.big


def command(tool, path, files, key, out_dir):
    """One tool's command line for a set; the same parallelism, keep-alive on (every tool's
    default), no compression asked for, quiet, URLs from a file."""
    n = str(PARALLEL if key == "small" else 1)
    urls = files.lists[key]
    if tool in ("xfer", "xfer-on-libcurl"):
        return [path, "-s", "-Z", "--parallel-max", n, "-i", urls, "--output-dir", out_dir]
    if tool == "curl":
        # -q first: no ~/.curlrc. --parallel-immediate: open the N connections at once
        # instead of waiting to see whether the first one multiplexes (it cannot: HTTP/1.1).
        return [path, "-q", "-s", "--parallel", "--parallel-max", n, "--parallel-immediate",
                "--remote-name-all", "--output-dir", out_dir, "-K", urls + ".curl"]
    if tool == "wget2":
        # xattrs and server timestamps are per-file work the others do not do.
        return [path, "--no-config", "-q", "--max-threads", n, "--compression=identity",
                "--no-xattr", "--no-use-server-timestamps", "--no-hsts", "--no-netrc",
                "-P", out_dir, "-i", urls]
    if tool == "aria2c":
        # One connection per download (-x 1 -s 1), no preallocation, no renaming.
        return [path, "--no-conf", "-q", "-j", n, "-x", "1", "-s", "1", "--file-allocation=none",
                "--auto-file-renaming=false", "--allow-overwrite=true", "--summary-interval=0",
                "--console-log-level=error", "--http-accept-gzip=false", "-d", out_dir, "-i", urls]
    raise ValueError(tool)


def find_tools(build_dir, tools=TOOLS):
    """tool -> path, or None where it is not there."""
    found = {}
    for tool in tools:
        if tool.startswith("xfer"):
            path = os.path.abspath(os.path.join(build_dir, "tools", tool))
            found[tool] = path if os.access(path, os.X_OK) else None
        else:
            found[tool] = shutil.which(tool)
    return found


def raise_priority():
    """A preexec_fn: the child runs at NICE (root only)."""
    os.setpriority(os.PRIO_PROCESS, 0, NICE)


def timed_run(cmd, cwd, timeout_s, niced):
    """Runs cmd; returns (wall s, user s, sys s, exit status, stderr tail) with the CPU of the
    child alone (wait4's rusage, every thread of it), or raises TimeoutError."""
    with tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err, preexec_fn=raise_priority if niced else None)
        done = {}

        def reap():
            _, status, usage = os.wait4(proc.pid, 0)
            done["at"] = time.monotonic()
            done["status"], done["usage"] = status, usage

        waiter = threading.Thread(target=reap, daemon=True)
        waiter.start()
        waiter.join(timeout_s)
        if waiter.is_alive():
            proc.kill()
            waiter.join(10)
            proc.returncode = -9  # reaped by the thread; keeps Popen from waiting again
            raise TimeoutError("timed out after {} s".format(timeout_s))
        proc.returncode = os.waitstatus_to_exitcode(done["status"])
        err.seek(0)
        tail = err.read().decode(errors="replace").strip()[-300:]
    usage = done["usage"]
    return done["at"] - started, usage.ru_utime, usage.ru_stime, proc.returncode, tail


def verify(out_dir, files, key):
    """None when out_dir holds exactly the set's files with the right sizes (small ones also
    byte for byte), else what is wrong."""
    expected = files.expected(key)
    present = set(os.listdir(out_dir))
    missing = sorted(set(expected) - present)
    extra = sorted(present - set(expected))
    if missing:
        return "{} of {} files missing (first {})".format(len(missing), len(expected), missing[0])
    if extra:
        return "{} unexpected files (first {})".format(len(extra), extra[0])
    for name, size in expected.items():
        got = os.path.getsize(os.path.join(out_dir, name))
        if got != size:
            return "{}: {} bytes, expected {}".format(name, got, size)
        if key == "small":
            with open(os.path.join(out_dir, name), "rb") as a, open(os.path.join(files.www, name), "rb") as b:
                if a.read() != b.read():
                    return "{}: content differs".format(name)
    return None


def collect(nginx, build_dir, quick, log=sys.stderr, rounds=None, tools=TOOLS):
    """results[("tools", (set,), tool)] -> list of dicts (wall_s, cpu_s, user_s, sys_s, run);
    errors -> list of strings. A tool not installed or built gets no rows (n/a)."""
    results, errors = {}, []
    paths = find_tools(build_dir, tools)
    seen = versions(paths)
    for tool, path in paths.items():
        if path is None:
            print("note: {} not found; its rows are n/a".format(tool), file=log)
    files = Files(nginx, quick)
    niced = os.geteuid() == 0
    server_nice = None
    if niced and getattr(nginx, "proc", None):
        server_nice = os.getpriority(os.PRIO_PROCESS, nginx.proc.pid)
        os.setpriority(os.PRIO_PROCESS, nginx.proc.pid, NICE)
    scratch = tempfile.mkdtemp(prefix="xfer-bench-tools-", dir=SCRATCH_PARENT)
    present = [t for t in tools if paths[t]]
    try:
        for run in range(rounds or (QUICK_ROUNDS if quick else ROUNDS)):
            # Each round starts with another tool, so drift in the machine's speed is shared.
            order = present[run % len(present):] + present[:run % len(present)] if present else []
            for key, _ in SETS:
                for tool in order:
                    out_dir = os.path.join(scratch, "{}-{}-{}".format(tool, key, run))
                    os.mkdir(out_dir)
                    tag = "tools {} [{}] run {}".format(key, tool, run + 1)
                    try:
                        wall, user, system, code, tail = timed_run(
                            command(tool, paths[tool], files, key, out_dir), out_dir, TIMEOUT_S[key],
                            niced)
                        problem = "exit {}: {}".format(code, tail) if code != 0 else verify(out_dir, files, key)
                    except TimeoutError as e:
                        problem = str(e)
                    finally:
                        shutil.rmtree(out_dir, ignore_errors=True)
                    if problem:
                        errors.append("{}: {}".format(tag, problem))
                        print("FAIL", tag, problem, file=log)
                        continue
                    results.setdefault((GROUP, (key,), tool), []).append(
                        {"wall_s": wall, "cpu_s": user + system, "user_s": user, "sys_s": system,
                         "files": len(files.expected(key)), "run": run, "version": seen.get(tool),
                         "load": os.getloadavg()[0], "nice": NICE if niced else 0})
                    print("ok  ", tag, "wall {:.3f} s, cpu {:.3f} s (user {:.3f}, sys {:.3f})".format(
                        wall, user + system, user, system), file=log)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if server_nice is not None and nginx.proc.poll() is None:
            os.setpriority(os.PRIO_PROCESS, nginx.proc.pid, server_nice)
    return results, errors


def best_other(results, key, field):
    """(tool, median) of the anchor with the lowest median, or (None, None)."""
    medians = [(report.median(results, GROUP, (key,), t, field), t) for t in ANCHORS]
    medians = [(m, t) for m, t in medians if m is not None]
    if not medians:
        return None, None
    m, t = min(medians)
    return t, m


def target_measure(key, field, what):
    def measure(results, probes, idle):
        x = report.median(results, GROUP, (key,), "xfer", field)
        tool, other = best_other(results, key, field)
        if x is None or other is None:
            return "n/a", None
        return "{} vs {} s ({})".format(report.fmt(x), report.fmt(other), tool), x <= other
    return report.Target("xfer tool, {}: {} ≤ the best of curl, wget2, aria2c".format(
        dict(SETS)[key], what), measure)


def targets():
    return [target_measure(key, field, what) for key, _ in SETS
            for field, what in (("cpu_s", "CPU (user+sys)"), ("wall_s", "wall time"))]


def has_results(results):
    return any(k[0] == GROUP for k in results)


def table(results):
    out = ["| Tool | 2,000 small: wall s | 2,000 small: CPU s | 1 GiB: wall s | 1 GiB: CPU s |"
           " 1 GiB: user / sys s |", "|---|---|---|---|---|---|"]
    for tool in TOOLS:
        row = [report.cell(results, GROUP, (key,), tool, field) for key, _ in SETS
               for field in ("wall_s", "cpu_s")]
        split = "{} / {}".format(report.fmt(report.median(results, GROUP, ("big",), tool, "user_s")),
                                 report.fmt(report.median(results, GROUP, ("big",), tool, "sys_s")))
        out.append("| {} | {} | {} |".format(tool, " | ".join(row), split))
    return "\n".join(out) + "\n"


def versions(paths):
    """anchor -> the first line of its --version."""
    out = {}
    for tool in ANCHORS:
        path = paths.get(tool)
        if not path:
            continue
        try:
            first = subprocess.run([path, "--version"], capture_output=True, text=True,
                                   timeout=10).stdout.splitlines()[:1]
        except (OSError, subprocess.TimeoutExpired):
            first = []
        if first:
            # "curl 7.88.1 (x86_64...) libcurl/...", "GNU Wget2 1.99.1 - multithreaded ...":
            # the name and version are enough.
            out[tool] = first[0].split(" (")[0].split(" - ")[0].strip()
    return out


def markdown(number, results):
    if not has_results(results):
        return []
    versions_seen = sorted({r["version"] for k, runs in results.items() if k[0] == GROUP
                            for r in runs if r.get("version")})
    lines = [
        "## {}. The `xfer` tool against curl, wget2 and aria2c (`--only tools`)".format(number), "",
        "`bench/tools.py` puts two sets beside the benchmark's nginx (127.0.0.1 only): {:,} small".format(
            SMALL_FILES),
        "files of random bytes, sizes log-uniform from 256 B to 64 KiB with a fixed seed (median",
        "about 4 KiB, 22.6 MiB in all), and one sparse 1 GiB file. Each tool fetches a set from a",
        "list of URLs into an empty directory on tmpfs (`/dev/shm`), which is checked afterwards",
        "(every file there, nothing else, the right size; the small files byte for byte) and",
        "deleted; a run that fails the check or its time limit (180 s small, 300 s big) counts as",
        "failed and has no figure. Same settings for all: {} transfers at once for the small set,".format(
            PARALLEL),
        "one for the big file; keep-alive on (everyone's default); no compression asked for; quiet.",
        "The big file is read once before the first round, so its page cache is warm for all.",
        "", "```",
        "xfer -s -Z --parallel-max N -i LIST --output-dir DIR",
        "curl -q -s --parallel --parallel-max N --parallel-immediate --remote-name-all \\",
        "     --output-dir DIR -K LIST.curl            # url = \"...\" lines",
        "wget2 --no-config -q --max-threads N --compression=identity --no-xattr \\",
        "      --no-use-server-timestamps --no-hsts --no-netrc -P DIR -i LIST",
        "aria2c --no-conf -q -j N -x 1 -s 1 --file-allocation=none --auto-file-renaming=false \\",
        "       --allow-overwrite=true --summary-interval=0 --console-log-level=error \\",
        "       --http-accept-gzip=false -d DIR -i LIST",
        "```", "",
        "wget2 would also set extended attributes and the server's timestamps on each file; both",
        "are off, as nobody else does that work. Wall time is from the fork to `wait4`; CPU is the",
        "child's user+system time from `wait4`'s rusage, all its threads included (nginx's CPU is",
        "not counted). {} rounds, each starting with another tool; medians, min–max in brackets.".format(
            ROUNDS),
        "`xfer-on-libcurl` is the same tool linked against Debian's libcurl 7.88 (not an anchor):",
        "the difference between the two xfer rows is the library's share. Nothing is pinned to a",
        "CPU: the client, its threads and nginx share the 2 cores.", "",
    ]
    if versions_seen:
        lines += ["Versions: {}.".format("; ".join(versions_seen)), ""]
    loads = [r["load"] for k, runs in results.items() if k[0] == GROUP for r in runs if "load" in r]
    if loads:
        lines += ["1-minute load average of the machine at the end of each run: {:.1f}–{:.1f} (other".format(
                      min(loads), max(loads)),
                  "work shared the 2 cores; above 2, the figures are those of a contended machine).", ""]
    nices = {r.get("nice", 0) for k, runs in results.items() if k[0] == GROUP for r in runs}
    if nices - {0}:
        lines += ["The tools and nginx ran at nice {} (the bench ran as root), ahead of the".format(
                      min(nices)),
                  "machine's other work at nice 0, so that work decides less of the wall times.", ""]
    lines += [table(results)]
    return lines


def main():
    import argparse

    from servers import Nginx

    p = argparse.ArgumentParser(description="Only the tools group of bench/run.py; prints the table.")
    p.add_argument("build_dir")
    p.add_argument("--nginx", default="/usr/sbin/nginx")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--rounds", type=int)
    p.add_argument("--only-tools", help="comma-separated subset of " + ",".join(TOOLS))
    args = p.parse_args()
    chosen = TOOLS
    if args.only_tools:
        chosen = tuple(t for t in TOOLS if t in args.only_tools.split(","))
    nginx = Nginx(args.nginx, {})
    try:
        results, errors = collect(nginx, args.build_dir, args.quick, rounds=args.rounds, tools=chosen)
    finally:
        nginx.stop()
    print(table(results))
    for t in targets():
        print(t.text, *t.measure(results, {}, {}))
    for e in errors:
        print("FAIL", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
