"""What the test-only daemons (proxies.py, origins.py) share: loopback ports picked ahead of
the start, a process in a session of its own waited for until it listens, and stopped with
everything it started."""

import os
import shutil
import signal
import socket
import subprocess
import time

START_LIMIT_S = 10.0
STOP_LIMIT_S = 5.0


def find_program(name):
    """The path of a daemon's program: on PATH, or in the sbin directories a non-root PATH
    leaves out; None when it is not installed."""
    found = shutil.which(name)
    if found:
        return found
    for d in ("/usr/sbin", "/usr/bin", "/sbin"):
        path = os.path.join(d, name)
        if os.access(path, os.X_OK):
            return path
    return None


def free_ports(count, avoid_ports, error):
    """count distinct loopback ports none of which is in avoid_ports. The daemons cannot
    listen on port 0 and report it, so ports are picked here; one taken in between makes the
    start fail, and start_with_retries() tries others. error: the exception class to raise."""
    ports = []
    for _ in range(50 * count):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in avoid_ports and port not in ports:
            ports.append(port)
        if len(ports) == count:
            return ports
    raise error("no free loopback port outside the avoided ones")


def accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def start_with_retries(make, available, attempts=5):
    """make(): a started daemon or an exception; retried while the binary is there (a
    failed start is most often a port taken meanwhile)."""
    last = None
    for _ in range(attempts):
        try:
            return make()
        except RuntimeError as e:
            last = e
            if not available():
                raise
    raise last


class Daemon:
    """One running daemon: kind, tmp (its private directory, log at tmp/log) and proc. Use as
    a context manager or call stop()."""

    error = RuntimeError

    def _spawn(self, cmd, stdout_path=None):
        """stdout_path: a file for what the daemon prints (a frame log, say), else nowhere."""
        out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=subprocess.PIPE, start_new_session=True)
        finally:
            if stdout_path:
                out.close()

    def _wait_listening(self, ports):
        deadline = time.monotonic() + START_LIMIT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") + self.log_text()
                self.stop()
                raise self.error("%s exited at start (status %s): %s" % (self.kind, self.proc.returncode, err))
            if all(accepts(p) for p in ports):
                return
            time.sleep(0.02)
        self.stop()
        raise self.error("%s did not listen on %s in time" % (self.kind, ports))

    def log_text(self):
        try:
            with open(os.path.join(self.tmp, "log"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def _stop_process(self):
        proc = getattr(self, "proc", None)
        if proc and proc.poll() is None:
            # The main process first: a daemon like dante stops and reaps its workers itself.
            proc.terminate()
            try:
                proc.wait(timeout=STOP_LIMIT_S)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                proc.wait()
        if proc:
            # Workers that outlived it share the session it was started in.
            self._signal_group(signal.SIGTERM)
            if proc.stderr:
                proc.stderr.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def stop(self):
        self._stop_process()

    def _signal_group(self, sig):
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
