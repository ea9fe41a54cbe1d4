#!/usr/bin/env python3
# Starts Debian's real proxies (tinyproxy, dante) on loopback for the tests, each with a private config.
"""Real proxies for the test suites.

Each proxy runs in the foreground as a child of the caller, listens on 127.0.0.1 at a port
chosen at run time, accepts clients from 127.0.0.1 only, has no upstream, and forwards only
to loopback destinations (tinyproxy through a default-deny filter, dante through its rules).
Its config, log and pid files live in a private temporary directory removed at stop().

    with start_proxy("tinyproxy") as p:
        print(p.port)

Names (PROXY_KINDS):
  tinyproxy        HTTP proxy with CONNECT (any port), no Via header; a destination other
                   than 127.0.0.1, localhost or ::1 is answered 403 by its filter
  dante            SOCKS4 and SOCKS5 without authentication
  dante-userpass   SOCKS5 demanding username/password (RFC 1929), which no credentials
                   pass: it checks them against system accounts, and the tests never send real ones
  tinyproxy-tls    an HTTPS proxy: Debian's stunnel4 takes TLS (the test certificate for
                   localhost and 127.0.0.1, from $XFER_TEST_CERTS) and hands the stream to a
                   tinyproxy of its own

Running this file starts the named proxies, prints "NAME PORT" lines and waits for stdin EOF.
"""

import os
import sys
import tempfile

import daemon

PROXY_KINDS = ("tinyproxy", "dante", "dante-userpass", "tinyproxy-tls")


class ProxyError(RuntimeError):
    pass


def binary_for(kind):
    """The proxy's program, or None when its package is not installed."""
    if kind == "tinyproxy-tls":
        if not binary_for("tinyproxy"):
            return None
        name = "stunnel4"
    else:
        name = "tinyproxy" if kind == "tinyproxy" else "danted"
    return daemon.find_program(name)


def available(kind):
    return kind in PROXY_KINDS and binary_for(kind) is not None


def _tinyproxy_config(tmp, port, max_clients, connect_ports):
    filter_file = os.path.join(tmp, "filter")
    with open(filter_file, "w") as f:
        # Domain patterns (extended regular expressions); whatever matches none is refused.
        f.write("^127\\.0\\.0\\.1$\n^localhost$\n^\\[?::1\\]?$\n")
    lines = [
        "Port %d" % port,
        "Listen 127.0.0.1",
        "Allow 127.0.0.1",
        "Timeout 30",
        "MaxClients %d" % max_clients,
        "LogLevel Info",
        'LogFile "%s"' % os.path.join(tmp, "log"),
        'PidFile "%s"' % os.path.join(tmp, "pid"),
        "DisableViaHeader Yes",
        "XTinyproxy No",
        'Filter "%s"' % filter_file,
        "FilterDefaultDeny Yes",
        "FilterExtended On",
    ]
    lines += ["ConnectPort %d" % p for p in connect_ports]
    if os.getuid() == 0:
        # tinyproxy refuses to keep root rights; it drops to this user after binding.
        lines += ["User nobody", "Group nogroup"]
    return "\n".join(lines) + "\n"


def _dante_config(tmp, port, userpass):
    method = "username" if userpass else "none"
    lines = [
        "logoutput: %s" % os.path.join(tmp, "log"),
        "internal: 127.0.0.1 port = %d" % port,
        "external: 127.0.0.1",
        "clientmethod: none",
        "socksmethod: %s" % method,
    ]
    if os.getuid() == 0:
        # Dante wants these before its rules.
        lines += ["user.privileged: root", "user.unprivileged: nobody"]
    lines += [
        "client pass {",
        "  from: 127.0.0.1/32 to: 0.0.0.0/0",
        "}",
        "client block {",
        "  from: 0.0.0.0/0 to: 0.0.0.0/0",
        "}",
        "socks pass {",
        "  from: 127.0.0.1/32 to: 127.0.0.0/8",
        "  command: connect",
        "  socksmethod: %s" % method,
        "}",
        "socks block {",
        "  from: 0.0.0.0/0 to: 0.0.0.0/0",
        "}",
    ]
    return "\n".join(lines) + "\n"


def _stunnel_config(tmp, port, inner_port):
    certs = os.environ.get("XFER_TEST_CERTS", "")
    if not os.path.exists(os.path.join(certs, "server.pem")):
        raise ProxyError("tinyproxy-tls needs the test certificates in $XFER_TEST_CERTS")
    lines = [
        "foreground = yes",
        "pid =",
        'output = %s' % os.path.join(tmp, "log"),
        "[https-proxy]",
        "accept = 127.0.0.1:%d" % port,
        "connect = 127.0.0.1:%d" % inner_port,
        "cert = %s" % os.path.join(certs, "server.pem"),
        "key = %s" % os.path.join(certs, "server.key"),
    ]
    return "\n".join(lines) + "\n"


class Proxy(daemon.Daemon):
    """One running proxy; use as a context manager or call stop().
    max_clients: tinyproxy's limit of simultaneous clients (one thread each).
    connect_ports: tinyproxy's ConnectPort lines; empty allows CONNECT to any port."""

    error = ProxyError


    def __init__(self, kind, avoid_ports=(), max_clients=50, connect_ports=()):
        if kind not in PROXY_KINDS:
            raise ProxyError("unknown proxy kind %r (known: %s)" % (kind, ", ".join(PROXY_KINDS)))
        exe = binary_for(kind)
        if not exe:
            raise ProxyError("%s is not installed (scripts/install-deps.sh installs it)" % kind)
        self.kind = kind
        self.inner = None
        if kind == "tinyproxy-tls":
            if not os.path.exists(os.path.join(os.environ.get("XFER_TEST_CERTS", ""), "server.pem")):
                raise ProxyError("tinyproxy-tls needs the test certificates in $XFER_TEST_CERTS")
            # stunnel in front of a tinyproxy of its own: TLS to the proxy, HTTP inside.
            self.inner = Proxy("tinyproxy", avoid_ports, max_clients, connect_ports)
        self.tmp = tempfile.mkdtemp(prefix="xfer-proxy-%s-" % kind)
        os.chmod(self.tmp, 0o755)  # the dropped-privilege user writes its log here
        (self.port,) = daemon.free_ports(1, avoid_ports, ProxyError)
        conf = os.path.join(self.tmp, "conf")
        if kind == "tinyproxy":
            text = _tinyproxy_config(self.tmp, self.port, max_clients, connect_ports)
            cmd = [exe, "-d", "-c", conf]
        elif kind == "tinyproxy-tls":
            text = _stunnel_config(self.tmp, self.port, self.inner.port)
            cmd = [exe, conf]
        else:
            text = _dante_config(self.tmp, self.port, kind == "dante-userpass")
            cmd = [exe, "-f", conf, "-p", os.path.join(self.tmp, "pid"), "-N", "1"]
        with open(conf, "w") as f:
            f.write(text)
        if os.getuid() == 0:
            os.chmod(self.tmp, 0o777)
        self._spawn(cmd)
        self._wait_listening([self.port])

    def stop(self):
        self._stop_process()
        if self.inner:
            self.inner.stop()


def start_proxy(kind, attempts=5, avoid_ports=(), **settings):
    """A running Proxy of this kind; retries when its picked port was taken meanwhile.
    avoid_ports: ports never to use (run_scenario.py keeps masked numbers unambiguous);
    settings: Proxy's keyword arguments (max_clients, connect_ports)."""
    return daemon.start_with_retries(lambda: Proxy(kind, avoid_ports, **settings), lambda: available(kind), attempts)


def env_name(kind):
    """The variable that tells a scenario program this proxy's port (see tests/compat/trace.h)."""
    return "XFER_TEST_PROXY_" + kind.upper().replace("-", "_")


def main(argv):
    kinds = argv[1:] or ["tinyproxy", "dante"]
    running = []
    try:
        for kind in kinds:
            p = start_proxy(kind)
            running.append(p)
            print("%s %d" % (kind, p.port), flush=True)
        sys.stdin.read()
    finally:
        for p in running:
            p.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
