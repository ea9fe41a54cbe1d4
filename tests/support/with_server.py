#!/usr/bin/env python3
# Runs a command against a fresh xfer-testserver: "{port}" in its arguments and $XFER_TEST_PORT give the port.
"""Usage: with_server.py [--server PATH] [--ipv6] [--timeout SECONDS] -- COMMAND [ARGS...]

The server binary is found from --server, then $XFER_TESTSERVER, then PATH, then the
newest build directory next to (or inside) the source tree. The command's stdout, stderr
and exit code are passed through; the server is stopped afterwards whatever happens.
"""
import argparse
import glob
import os
import shutil
import signal
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def find_server(explicit):
    if explicit:
        return explicit
    if os.environ.get("XFER_TESTSERVER"):
        return os.environ["XFER_TESTSERVER"]
    on_path = shutil.which("xfer-testserver")
    if on_path:
        return on_path
    candidates = []
    for pattern in (os.path.join(REPO, "*", "tests", "support", "xfer-testserver"),
                    os.path.join(os.path.dirname(REPO), "build*", "tests", "support",
                                 "xfer-testserver")):
        candidates += [p for p in glob.glob(pattern) if os.access(p, os.X_OK)]
    if not candidates:
        sys.exit("with_server.py: cannot find xfer-testserver (use --server or XFER_TESTSERVER)")
    return max(candidates, key=os.path.getmtime)


def stop(server):
    if server.poll() is not None:
        return
    # Closing stdin is the polite stop; SIGTERM and then SIGKILL keep this bounded.
    try:
        server.stdin.close()
        server.wait(timeout=3)
        return
    except (subprocess.TimeoutExpired, BrokenPipeError, OSError):
        pass
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=3)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        sys.exit(__doc__)
    split = argv.index("--")
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("--server")
    parser.add_argument("--ipv6", action="store_true")
    parser.add_argument("--timeout", type=float, default=None,
                        help="kill the command after this many seconds (exit code 124)")
    opts = parser.parse_args(argv[:split])
    command = argv[split + 1:]
    if not command:
        sys.exit(__doc__)

    server_cmd = [find_server(opts.server)] + (["--ipv6"] if opts.ipv6 else [])
    server = subprocess.Popen(server_cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        line = server.stdout.readline().decode().strip()
        if not line.isdigit():
            sys.exit("with_server.py: server did not report a port")
        port = line
        env = dict(os.environ, XFER_TEST_PORT=port)
        command = [arg.replace("{port}", port) for arg in command]
        try:
            result = subprocess.run(command, env=env, timeout=opts.timeout)
            code = result.returncode
        except subprocess.TimeoutExpired:
            sys.stderr.write("with_server.py: command timed out\n")
            code = 124
        except FileNotFoundError:
            sys.stderr.write("with_server.py: command not found: %s\n" % command[0])
            code = 127
    finally:
        stop(server)
    # A command killed by a signal reports it the way a shell would.
    sys.exit(128 - code if code < 0 else code)


if __name__ == "__main__":
    main()
