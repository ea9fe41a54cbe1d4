# The live view on a pseudo-terminal: no line wider than the terminal (80, 200, and after a
# SIGWINCH), counts/ETA present; on a pipe only the final summary.
import fcntl
import os
import re
import select
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tool_test_lib import CLEAN_ENV, XFER, Checks, Server, run  # noqa: E402

ANSI = re.compile(rb"\x1b\[[0-9;]*[A-Za-z]")


def set_size(fd, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, cols, 0, 0))


def view(urls, cwd, cols, resize_to=None, limit_s=30):
    """Runs xfer with stderr on a pty COLS wide; returns (exit code, [(time, line)])."""
    master, slave = os.openpty()
    set_size(slave, cols)
    env = dict(CLEAN_ENV)
    env.pop("COLUMNS", None)
    proc = subprocess.Popen([XFER, "--parallel-max", "3"] + urls, cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    t0 = time.monotonic()
    data, stamps = b"", []
    resized = None
    while time.monotonic() - t0 < limit_s:
        if resize_to and resized is None and time.monotonic() - t0 > 0.5:
            set_size(master, resize_to)
            proc.send_signal(signal.SIGWINCH)
            resized = time.monotonic() - t0
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
            stamps.append((time.monotonic() - t0, len(data)))
        elif proc.poll() is not None:
            break
    proc.wait(timeout=10)
    os.close(master)
    lines, pos = [], 0
    for raw in data.split(b"\n"):
        pos += len(raw) + 1
        when = next((t for t, n in stamps if n >= pos), stamps[-1][0] if stamps else 0)
        lines.append((when, ANSI.sub(b"", raw).rstrip(b"\r")))
    return proc.returncode, lines, resized


def tmux_view(c, urls, cwd):
    """The view as a terminal emulator renders it: tmux panes of 80 and 200 columns,
    captured with wrapped lines joined, so a line wider than the pane shows as too long."""
    if shutil.which("tmux") is None:
        print("SKIP tmux not installed")
        return
    sock = "xfer-view-test-%d" % os.getpid()  # a private tmux server, killed at the end
    env = dict(CLEAN_ENV, TERM="xterm-256color")
    env.pop("TMUX", None)
    tmux = ["tmux", "-L", sock, "-f", "/dev/null"]
    cmd = " ".join(shlex.quote(a) for a in [XFER, "--parallel-max", "3"] + urls)
    try:
        for cols in (80, 200):
            subprocess.run(tmux + ["new-session", "-d", "-s", "v%d" % cols, "-x", str(cols), "-y", "30",
                                   "-c", cwd, cmd + "; sleep 60"], env=env, check=True, timeout=10)
            screens = []
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                shot = subprocess.run(tmux + ["capture-pane", "-p", "-J", "-t", "v%d" % cols],
                                      env=env, capture_output=True, timeout=10).stdout
                screens.append(shot)
                if b"finished:" in shot:
                    break
                time.sleep(0.1)
            # Only frames of the live view count: the final table (stdout) may be as wide as it needs.
            live = [s for s in screens if b"active" in s and b"finished:" not in s]
            widest = max((len(line.rstrip()) for s in live for line in s.splitlines()), default=0)
            c.expect("tmux %d columns: live view seen, no rendered line wider (widest %d)" % (cols, widest),
                     len(live) > 0 and 0 < widest <= cols)
    finally:
        subprocess.run(tmux + ["kill-server"], env=env, capture_output=True, timeout=10)


def main():
    c = Checks()
    with Server() as srv, tempfile.TemporaryDirectory() as d:
        name = "a-rather-long-file-name-that-would-not-fit-in-an-eighty-column-view"
        urls = [srv.base + "/dir/%s-%d.bin?size=30000&drip=10&dripsize=200" % (name, i) for i in range(5)]
        code, lines, _ = view(urls, d, 80)
        widest = max(len(line) for _, line in lines)
        c.expect("80 columns: exit 0 and some live lines", code == 0 and len(lines) > 5)
        c.expect("80 columns: no line is wider than 80 (widest %d)" % widest, widest <= 80)
        text = b"\n".join(line for _, line in lines)
        c.expect("the live view counts done/failed/active/retrying/queued",
                 b"queued" in text and b"retrying" in text and b"active" in text)
        c.expect("the live view shows a total and an ETA", b" of " in text and b"ETA" in text)

        code, lines, _ = view(urls, d, 200)
        widest = max(len(line) for _, line in lines)
        c.expect("200 columns: no line wider than 200, and the width is used (widest %d)" % widest,
                 code == 0 and 80 < widest <= 200)

        code, lines, resized = view(urls, d, 200, resize_to=60)
        later = [line for t, line in lines if resized is not None and t > resized + 0.3]
        widest = max((len(line) for line in later), default=999)
        c.expect("after SIGWINCH to 60 columns no line is wider than 60 (widest %d)" % widest,
                 code == 0 and len(later) > 3 and widest <= 60)

        tmux_view(c, urls, d)

        p = run(urls[:2], d)
        err = p.stderr.decode(errors="replace").splitlines()
        c.expect("on a pipe: only the final summary, no escape codes",
                 p.returncode == 0 and len(err) == 2 and err[0].startswith("finished:")
                 and b"\x1b" not in p.stderr, p)
        p = run(["-s"] + urls[:1], d)
        c.expect("-s: nothing on stderr", p.returncode == 0 and p.stderr == b"", p)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
