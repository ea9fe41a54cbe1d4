#!/usr/bin/env python3
# Starts a private MIT Kerberos KDC (realm XFER.TEST) on loopback for the GSS-API tests.
"""A throwaway KDC for Negotiate (SPNEGO) and SOCKS5 GSS-API tests.

Everything lives in a private temporary directory removed at stop(): krb5.conf, kdc.conf,
the database and its stash, the log, a client keytab and a server keytab. krb5kdc runs in
the foreground as a child, on 127.0.0.1 at a port chosen at run time (UDP and TCP).

    with start_kdc() as k:
        subprocess.run(client, env={**os.environ, **k.client_env()})

Principals (REALM = XFER.TEST), all with random keys:
  user@XFER.TEST               the client: in the client keytab (KRB5_CLIENT_KTNAME), so
                               MIT's initiator gets its tickets by itself, without kinit
  HTTP/localhost, HTTP/127.0.0.1, rcmd/localhost, socks/localhost
                               services, in the server keytab (KRB5_KTNAME)
  xsvc/localhost               a custom service name, in the server keytab, marked
                               ok_as_delegate (so GSSAPI_DELEGATION_POLICY_FLAG delegates
                               to it and not to HTTP/localhost)

Running this file starts a KDC, prints its port and the two environments, and waits for
stdin EOF.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import daemon

REALM = "XFER.TEST"
START_LIMIT_S = 5.0
TOOL_LIMIT_S = 10.0
CLIENT = "user@" + REALM
SERVICES = ("HTTP/localhost", "HTTP/127.0.0.1", "rcmd/localhost", "socks/localhost")
DELEGATABLE_SERVICE = "xsvc/localhost"


class KdcError(RuntimeError):
    pass


def _tool(name):
    return daemon.find_program(name)


def missing_tools():
    """The MIT programs this fixture needs that are not installed."""
    return [n for n in ("krb5kdc", "kdb5_util", "kadmin.local") if not _tool(n)]


def available():
    return not missing_tools()


def _free_port(avoid_ports=()):
    # The KDC cannot report a port it picked, so one free for both UDP and TCP is chosen
    # here; a port taken in between makes the start fail and start_kdc() retries.
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
            t.bind(("127.0.0.1", 0))
            port = t.getsockname()[1]
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                    u.bind(("127.0.0.1", port))
            except OSError:
                continue
        if port not in avoid_ports:
            return port
    raise KdcError("no free loopback port for the KDC")


def _krb5_conf(tmp, port):
    # No DNS anywhere: realm and KDC are fixed, names are taken as written (localhost stays
    # localhost, so the service principal is HTTP/localhost whatever the resolver says).
    return "\n".join([
        "[libdefaults]",
        "  default_realm = %s" % REALM,
        "  dns_lookup_kdc = false",
        "  dns_lookup_realm = false",
        "  dns_canonicalize_hostname = false",
        "  rdns = false",
        "  forwardable = true",
        "  udp_preference_limit = 1",
        "  default_ccache_name = FILE:%s" % os.path.join(tmp, "ccache"),
        "[realms]",
        "  %s = {" % REALM,
        "    kdc = 127.0.0.1:%d" % port,
        "  }",
        "[domain_realm]",
        "  localhost = %s" % REALM,
        "  127.0.0.1 = %s" % REALM,
        "",
    ])


def _kdc_conf(tmp, port):
    listen = "127.0.0.1:%d" % port
    return "\n".join([
        "[kdcdefaults]",
        "  kdc_listen = %s" % listen,
        "  kdc_tcp_listen = %s" % listen,
        "[realms]",
        "  %s = {" % REALM,
        "    database_name = %s" % os.path.join(tmp, "principal"),
        "    key_stash_file = %s" % os.path.join(tmp, "stash"),
        "    acl_file = %s" % os.path.join(tmp, "kadm5.acl"),
        "    kdc_listen = %s" % listen,
        "    kdc_tcp_listen = %s" % listen,
        "    max_life = 1h",
        "    max_renewable_life = 1h",
        "  }",
        "[logging]",
        "  kdc = FILE:%s" % os.path.join(tmp, "kdc.log"),
        "  admin_server = FILE:%s" % os.path.join(tmp, "kadmin.log"),
        "  default = FILE:%s" % os.path.join(tmp, "krb5.log"),
        "",
    ])


def _accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Kdc:
    """One running KDC; use as a context manager or call stop()."""

    def __init__(self, avoid_ports=()):
        missing = missing_tools()
        if missing:
            raise KdcError("not installed: %s (scripts/install-deps.sh installs krb5-kdc, "
                           "krb5-admin-server)" % " ".join(missing))
        self.proc = None
        self.tmp = tempfile.mkdtemp(prefix="xfer-kdc-")
        try:
            self.port = _free_port(avoid_ports)
            self.krb5_conf = os.path.join(self.tmp, "krb5.conf")
            self.kdc_conf = os.path.join(self.tmp, "kdc.conf")
            self.client_keytab = os.path.join(self.tmp, "client.keytab")
            self.server_keytab = os.path.join(self.tmp, "server.keytab")
            with open(self.krb5_conf, "w") as f:
                f.write(_krb5_conf(self.tmp, self.port))
            with open(self.kdc_conf, "w") as f:
                f.write(_kdc_conf(self.tmp, self.port))
            open(os.path.join(self.tmp, "kadm5.acl"), "w").close()
            self._make_database()
            self._start()
        except BaseException:
            self.stop()
            raise

    def _admin_env(self):
        env = dict(os.environ)
        env["KRB5_CONFIG"] = self.krb5_conf
        env["KRB5_KDC_PROFILE"] = self.kdc_conf
        return env

    def _run(self, cmd, stdin_text=None):
        res = subprocess.run(cmd, input=(stdin_text or "").encode(), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=self._admin_env(), timeout=TOOL_LIMIT_S)
        if res.returncode != 0:
            raise KdcError("%s failed (status %d): %s"
                           % (os.path.basename(cmd[0]), res.returncode, res.stdout.decode(errors="replace")))
        return res.stdout.decode(errors="replace")

    def _make_database(self):
        # The master password only guards the stash of a database deleted at stop().
        self._run([_tool("kdb5_util"), "create", "-s", "-r", REALM, "-P", "xfer-test-master"])
        services = ["%s@%s" % (s, REALM) for s in SERVICES]
        delegatable = "%s@%s" % (DELEGATABLE_SERVICE, REALM)
        # kadmin.local reads one request per line from stdin; one process does them all.
        lines = ["addprinc -randkey %s" % CLIENT]
        lines += ["addprinc -randkey %s" % p for p in services]
        lines += ["addprinc -randkey +ok_as_delegate %s" % delegatable]
        lines += ["ktadd -k %s -norandkey %s" % (self.client_keytab, CLIENT)]
        lines += ["ktadd -k %s -norandkey %s" % (self.server_keytab, p) for p in services + [delegatable]]
        out = self._run([_tool("kadmin.local"), "-r", REALM], "\n".join(lines) + "\n")
        if not (os.path.exists(self.client_keytab) and os.path.exists(self.server_keytab)):
            raise KdcError("kadmin.local made no keytabs: " + out)

    def _start(self):
        self.proc = subprocess.Popen([_tool("krb5kdc"), "-n", "-r", REALM],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=self._admin_env(),
                                     start_new_session=True)
        deadline = time.monotonic() + START_LIMIT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise KdcError("krb5kdc exited at start (status %s): %s%s"
                               % (self.proc.returncode, self.proc.stderr.read().decode(errors="replace"),
                                  self.log_text()))
            if _accepts(self.port):
                return
            time.sleep(0.02)
        raise KdcError("krb5kdc did not listen on %d in time" % self.port)

    def log_text(self):
        try:
            with open(os.path.join(self.tmp, "kdc.log"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def client_env(self):
        """What a GSS-API initiator needs: tickets come from the client keytab on demand."""
        return {
            "KRB5_CONFIG": self.krb5_conf,
            "KRB5_CLIENT_KTNAME": "FILE:" + self.client_keytab,
            "KRB5CCNAME": "FILE:" + os.path.join(self.tmp, "ccache"),
        }

    def server_env(self):
        """What an acceptor needs: its keys. No replay cache: it would write outside tmp."""
        return {
            "KRB5_CONFIG": self.krb5_conf,
            "KRB5_KTNAME": "FILE:" + self.server_keytab,
            "KRB5RCACHETYPE": "none",
        }

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc and self.proc.stderr:
            self.proc.stderr.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def start_kdc(attempts=5, avoid_ports=()):
    """A running Kdc; retries when the picked port was taken meanwhile."""
    last = None
    for _ in range(attempts):
        try:
            return Kdc(avoid_ports)
        except KdcError as e:
            last = e
            if not available():
                raise
    raise last


def main():
    with start_kdc() as k:
        print("port %d" % k.port)
        for what, env in (("client", k.client_env()), ("server", k.server_env())):
            for name, value in sorted(env.items()):
                print("%s %s=%s" % (what, name, value))
        sys.stdout.flush()
        sys.stdin.read()
    return 0


if __name__ == "__main__":
    sys.exit(main())
