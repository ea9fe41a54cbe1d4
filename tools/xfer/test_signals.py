# Ctrl-C and SIGTERM stop cleanly (exit 130, .part kept, table printed); a closed stdout exits 23.
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tool_test_lib import CLEAN_ENV, XFER, Checks, Server, pattern, read  # noqa: E402


def wait_for(cond, limit_s):
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


def interrupt(c, b, d, sig, name):
    # Two slots: the quick ones finish, the slow one (about 10 s) and a delayed one are cut,
    # and the last URL never starts.
    args = [XFER, "-Z", "--parallel-max", "2", b + "/quick1?size=10",
            b + "/slow.bin?size=100000&drip=10&dripsize=100", b + "/quick2?size=20",
            b + "/later1?size=5&delay=8000", b + "/later2?size=5"]
    proc = subprocess.Popen(args, cwd=d, env=CLEAN_ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    part = os.path.join(d, "slow.bin.part")
    got_data = wait_for(lambda: os.path.exists(part) and os.path.getsize(part) > 0, 15)
    t = time.monotonic()
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=20)
    took = time.monotonic() - t
    p = subprocess.CompletedProcess(args, proc.returncode, out, err)
    c.expect("%s: exit code 130" % name, got_data and proc.returncode == 130, p)
    c.expect("%s: stops within two seconds" % name, took < 2, p)
    c.expect("%s: partial data kept as NAME.part" % name,
             os.path.exists(part) and not os.path.exists(os.path.join(d, "slow.bin")), p)
    c.expect("%s: finished files are whole" % name,
             read(os.path.join(d, "quick1")) == pattern(10) and read(os.path.join(d, "quick2")) == pattern(20), p)
    c.expect("%s: the table shows what finished and what was interrupted" % name,
             out.count(b" ok ") == 2 and b"interrupted" in out and b"not started" in out, p)
    c.expect("%s: the started-but-cut row names its .part" % name, b"kept in slow.bin.part" in out, p)
    c.expect("%s: the last queued URL was never fetched" % name,
             not os.path.exists(os.path.join(d, "later2")), p)


def main():
    c = Checks()
    with Server() as srv, tempfile.TemporaryDirectory() as root:
        b = srv.base
        for sig, name in ((signal.SIGINT, "SIGINT"), (signal.SIGTERM, "SIGTERM")):
            d = os.path.join(root, name)
            os.mkdir(d)
            interrupt(c, b, d, sig, name)

        # Many queued URLs: the compact table counts the ones that never started.
        d = os.path.join(root, "many")
        os.mkdir(d)
        args = [XFER, "--parallel-max", "1", b + "/s.bin?size=100000&drip=10&dripsize=100"] + \
            [b + "/q%d?size=1" % i for i in range(40)]
        proc = subprocess.Popen(args, cwd=d, env=CLEAN_ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        got_data = wait_for(lambda: os.path.exists(os.path.join(d, "s.bin.part")), 15)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
        p = subprocess.CompletedProcess(args, proc.returncode, out, err)
        c.expect("a compact table counts the URLs that never started",
                 got_data and proc.returncode == 130 and b"(40 URLs not started" in out
                 and out.count(b"not started") == 1, p)

        # --stdout | head: the reader goes away; xfer says so and exits 23 (not killed by SIGPIPE).
        reader = subprocess.Popen(["head", "-c", "100"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
        proc = subprocess.Popen([XFER, "-s", "--stdout", b + "/big?size=50000000"], cwd=root, env=CLEAN_ENV,
                                stdout=reader.stdin, stderr=subprocess.PIPE)
        reader.stdin.close()
        _, err = proc.communicate(timeout=30)
        reader.wait(timeout=10)
        c.expect("a closed stdout exits 23 with a message",
                 proc.returncode == 23 and b"broken pipe" in err,
                 subprocess.CompletedProcess([], proc.returncode, b"", err))
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
