#!/usr/bin/env python3
# Starts Debian's real HTTP/2 origin servers (nginx, nghttpd, Apache) on loopback for the tests, each with a private config.
"""Real HTTP/2 origin servers for the test suites.

Each origin runs in the foreground as a child of the caller, listens on 127.0.0.1 at ports
chosen at run time and serves a docroot written into a private temporary directory, which
also holds its config, logs and temporary files and is removed at stop().

    with start_origin("nginx-h2") as o:
        print(o.ports["NGINX_TLS"])

Names (ORIGIN_KINDS) and the ports they publish:
  nginx-h2   Debian's nginx (nginx-light), one worker, no master process:
             NGINX_TLS  TLS with ALPN h2 and http/1.1, the test certificate for localhost
                        and 127.0.0.1 (from $XFER_TEST_CERTS)
             NGINX_H2C  cleartext HTTP/2 by prior knowledge only
             NGINX_TLS_GOAWAY  TLS like NGINX_TLS, in a server block of its own with
                        keepalive_requests 3: after the third request on a connection nginx
                        sends GOAWAY and closes it gracefully; it also answers /__status
                        (stub_status: "server accepts handled requests" counts since start)
             All three serve the docroot (/hello.txt, /index.html, /big.bin of 1 MiB, fixed
             mtimes so Last-Modified and ETag repeat), /status/404 and /status/503 (fixed
             bodies by `return`), /upload, which reads a POST body and echoes it (the
             echo module nginx-light ships), and /trailers.txt, a static file whose answer
             ends with the trailers X-Checksum (TRAILER_CHECKSUM) and X-Served: nginx (over
             HTTP/1.1 nginx sends it chunked to carry them), /reqinfo, which shows the
             request as nginx understood it, and /reset (`return 444`: over HTTP/2 nginx
             resets the stream, RST_STREAM, and keeps the connection; over HTTP/1.1 it
             closes the connection without an answer). /reqinfo reads the whole body, then
             passes the request to a second server block on a Unix socket (REQINFO_SOCKET in
             the private directory, no port) that answers with the request head and body it
             got (text/plain): the head is nginx's HTTP/1.1 rendering of the request (method
             and target as received, Host: the :authority or Host nginx took, Connection:
             close and Content-Length: the body's size, both made by nginx) followed by
             X-Nginx-Saw, a line of what nginx read from the original request (method, uri,
             protocol, host, and the fields nginx's proxy would not pass on: te, connection,
             keep-alive, upgrade, transfer-encoding, expect, and content-length as the client
             sent it; empty when absent), then every other request field in the client's
             order, as received (lower-case names on HTTP/2), an empty value kept. Bodies up
             to 4 MiB. Every answer carries X-Conn: nginx's connection serial number, so a
             client can tell its connections apart (the serials count /reqinfo's
             connections to its socket too).
  nghttpd    nghttp2's own server (nghttp2-server) on TLS with the test certificate:
             NGHTTPD    a GET of /page.html pushes /style.css and /script.js; the promises'
                        :authority repeats the request's. It runs with -v: the frames it
                        receives are logged to the file XFER_TEST_NGHTTPD_FRAMES
                        names (HEADERS with their priority fields, PRIORITY frames)
  nghttpd-h2c  nghttpd again, without TLS (--no-tls), on the same docroot, no pushes:
             NGHTTPD_H2C  cleartext HTTP/2 by prior knowledge only: nghttpd 1.52 does not
                        implement Upgrade: h2c, it sends its SETTINGS frame as soon as it
                        accepts, so an HTTP/1.1 client reads that frame as its answer
  apache-h2c Debian's Apache (apache2-bin: the event MPM, mod_http2), one child process,
             without TLS:
             APACHE_H2C  "Protocols h2c http/1.1" with H2Upgrade on: an HTTP/1.1 request
                        with "Upgrade: h2c" and HTTP2-Settings is answered 101 and then on
                        HTTP/2 (a request with a body is not upgraded, it is answered in
                        HTTP/1.1); HTTP/2 by prior knowledge works too. An upgraded
                        connection ends with GOAWAY ("timeout") and a close the first time
                        Apache 2.4.71 finds nothing to read on it: right after the upgraded
                        stream when the client's preface is not in yet, or while the answer
                        waits for the client's WINDOW_UPDATE. So a second request on it, or
                        an answer larger than the 65535-byte connection window, races the
                        client's preface. The docroot is /hello.txt, /index.html,
                        /window.bin (65535 bytes: fits the initial connection window) and
                        /big.bin (1 MiB), with fixed mtimes (Apache's ETag is made of mtime
                        and size); ServerTokens Prod.

The ports reach a scenario program as XFER_TEST_ORIGIN_<PORT NAME> (env()); see
trace_origin_port() in tests/compat/trace.h.

Running this file starts the named origins, prints "PORT NAME PORT" lines and waits for
stdin EOF.
"""

import hashlib
import os
import sys
import tempfile

import daemon

ORIGIN_KINDS = ("nginx-h2", "nghttpd", "nghttpd-h2c", "apache-h2c")
ECHO_MODULE = "/usr/lib/nginx/modules/ngx_http_echo_module.so"
APACHE_MODULES = "/usr/lib/apache2/modules"
# Any fixed time will do: Last-Modified and nginx's ETag derive from it.
DOC_MTIME = 1700000000

NGINX_DOCS = {
    "hello.txt": b"hello from nginx\n",
    "index.html": b"<html><body>index of the nginx origin</body></html>\n",
    "trailers.txt": b"this answer ends with trailers\n",
}
# /trailers.txt's X-Checksum trailer: nginx sends a configured text, so it is computed here.
TRAILER_CHECKSUM = "sha256=" + hashlib.sha256(NGINX_DOCS["trailers.txt"]).hexdigest()
APACHE_DOCS = {
    "hello.txt": b"hello from apache\n",
    "index.html": b"<html><body>index of the apache origin</body></html>\n",
}
NGHTTPD_DOCS = {
    "page.html": b"<html><head><link rel=stylesheet href=/style.css>"
                 b"<script src=/script.js></script></head><body>page</body></html>\n",
    "style.css": b"body { color: black; }\n",
    "script.js": b"console.log('pushed');\n",
}
BIG_SIZE = 1024 * 1024


class OriginError(RuntimeError):
    pass


def binary_for(kind):
    """The origin's program, or None when its package (or nginx's echo module) is missing."""
    if kind == "nginx-h2":
        return daemon.find_program("nginx") if os.path.exists(ECHO_MODULE) else None
    if kind in ("nghttpd", "nghttpd-h2c"):
        return daemon.find_program("nghttpd")
    if kind == "apache-h2c":
        if not os.path.exists(os.path.join(APACHE_MODULES, "mod_http2.so")):
            return None
        return daemon.find_program("apache2")
    return None


def available(kind):
    return kind in ORIGIN_KINDS and binary_for(kind) is not None


def _big_body():
    # Deterministic and not periodic at any small stride, so a misplaced chunk changes the hash.
    return bytes(((i * 131) ^ (i >> 9)) & 0xFF for i in range(BIG_SIZE))


def _write_docroot(root, docs):
    # Readable by all whatever the umask: Apache's child reads them as another user.
    os.makedirs(root)
    os.chmod(root, 0o755)
    for name, body in docs.items():
        path = os.path.join(root, name)
        with open(path, "wb") as f:
            f.write(body)
        os.chmod(path, 0o644)
        os.utime(path, (DOC_MTIME, DOC_MTIME))


def _certs():
    certs = os.environ.get("XFER_TEST_CERTS", "")
    if not os.path.exists(os.path.join(certs, "server.pem")):
        raise OriginError("the origins need the test certificates in $XFER_TEST_CERTS")
    return os.path.join(certs, "server.pem"), os.path.join(certs, "server.key")


# /reqinfo's second server block listens here, in the origin's private directory.
REQINFO_SOCKET = "reqinfo.sock"

# What every server block of the nginx origin answers besides the docroot.
NGINX_LOCATIONS = """    ssl_certificate %(cert)s;
    ssl_certificate_key %(key)s;
    root %(tmp)s/www;
    add_header X-Conn $connection always;
    location = /status/404 { return 404 "nope\\n"; }
    location = /status/503 { return 503 "busy\\n"; }
    location = /upload {
      client_max_body_size 4m;
      client_body_buffer_size 4m;
      echo_read_request_body;
      echo_request_body;
    }
    location = /trailers.txt {
      add_trailer X-Checksum "%(checksum)s";
      add_trailer X-Served nginx;
    }
    location = /trailers-streamed {
      default_type text/plain;
      echo "this answer ends with trailers";
      add_trailer X-Checksum "%(checksum)s";
      add_trailer X-Served nginx;
    }
    location = /reqinfo {
      client_max_body_size 4m;
      client_body_buffer_size 4m;
      proxy_pass http://unix:%(tmp)s/%(reqinfo)s;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Nginx-Saw "method=$request_method uri=$request_uri proto=$server_protocol host=$host te=$http_te connection=$http_connection keep-alive=$http_keep_alive upgrade=$http_upgrade transfer-encoding=$http_transfer_encoding expect=$http_expect content-length=$http_content_length";
    }
    location = /reset { return 444; }
"""


def _nginx_config(tmp, tls_port, h2c_port, goaway_port, cert, key):
    return """load_module %(echo)s;
daemon off;
master_process off;
worker_processes 1;
pid %(tmp)s/nginx.pid;
error_log %(tmp)s/log info;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path %(tmp)s/body;
  proxy_temp_path %(tmp)s/proxy;
  fastcgi_temp_path %(tmp)s/fastcgi;
  uwsgi_temp_path %(tmp)s/uwsgi;
  scgi_temp_path %(tmp)s/scgi;
  types { text/plain txt; text/html html; application/octet-stream bin; }
  default_type application/octet-stream;
  server_tokens off;
  server {
    listen unix:%(tmp)s/%(reqinfo)s;
    client_max_body_size 4m;
    client_body_buffer_size 4m;
    location / {
      default_type text/plain;
      echo -n $echo_client_request_headers;
      echo_read_request_body;
      echo_request_body;
    }
  }
  server {
    listen 127.0.0.1:%(tls)d ssl http2;
    listen 127.0.0.1:%(h2c)d http2;
    server_name localhost;
%(locations)s  }
  server {
    listen 127.0.0.1:%(goaway)d ssl http2;
    server_name localhost;
    keepalive_requests 3;
    location = /__status { stub_status; }
%(locations)s  }
}
""" % {"echo": ECHO_MODULE, "tmp": tmp, "tls": tls_port, "h2c": h2c_port, "goaway": goaway_port,
       "reqinfo": REQINFO_SOCKET,
       "locations": NGINX_LOCATIONS % {"tmp": tmp, "cert": cert, "key": key,
                                       "checksum": TRAILER_CHECKSUM,
                                       "reqinfo": REQINFO_SOCKET}}


def _apache_config(tmp, port):
    # Run as root (the tests are), Apache's child would keep root's rights unless told to drop
    # them; it then reads the docroot as nobody, which the caller makes readable.
    user = "User nobody\nGroup nogroup\n" if os.geteuid() == 0 else ""
    return """ServerRoot %(tmp)s
DefaultRuntimeDir %(tmp)s
PidFile %(tmp)s/apache.pid
ErrorLog %(tmp)s/log
LogLevel warn
LoadModule mpm_event_module %(mods)s/mod_mpm_event.so
LoadModule http2_module %(mods)s/mod_http2.so
LoadModule authz_core_module %(mods)s/mod_authz_core.so
LoadModule mime_module %(mods)s/mod_mime.so
%(user)sListen 127.0.0.1:%(port)d
ServerName localhost
ServerTokens Prod
Protocols h2c http/1.1
H2Upgrade on
StartServers 1
ServerLimit 1
ThreadsPerChild 25
MaxRequestWorkers 25
MinSpareThreads 1
MaxSpareThreads 25
KeepAlive On
DocumentRoot %(tmp)s/www
TypesConfig /dev/null
AddType text/plain .txt
AddType text/html .html
AddType application/octet-stream .bin
""" % {"tmp": tmp, "mods": APACHE_MODULES, "user": user, "port": port}


class Origin(daemon.Daemon):
    """One running origin server; use as a context manager or call stop()."""

    error = OriginError


    def __init__(self, kind, avoid_ports=()):
        if kind not in ORIGIN_KINDS:
            raise OriginError("unknown origin kind %r (known: %s)" % (kind, ", ".join(ORIGIN_KINDS)))
        exe = binary_for(kind)
        if not exe:
            raise OriginError("%s is not installed (scripts/install-deps.sh installs it)" % kind)
        cert, key = _certs()
        self.kind = kind
        self.proc = None
        self.tmp = tempfile.mkdtemp(prefix="xfer-origin-%s-" % kind)
        www = os.path.join(self.tmp, "www")
        if kind == "nginx-h2":
            tls_port, h2c_port, goaway_port = daemon.free_ports(3, avoid_ports, OriginError)
            self.ports = {"NGINX_TLS": tls_port, "NGINX_H2C": h2c_port,
                          "NGINX_TLS_GOAWAY": goaway_port}
            docs = dict(NGINX_DOCS, **{"big.bin": _big_body()})
            conf = os.path.join(self.tmp, "conf")
            with open(conf, "w") as f:
                f.write(_nginx_config(self.tmp, tls_port, h2c_port, goaway_port, cert, key))
            cmd = [exe, "-p", self.tmp, "-c", conf, "-e", os.path.join(self.tmp, "log")]
        elif kind == "apache-h2c":
            (port,) = daemon.free_ports(1, avoid_ports, OriginError)
            self.ports = {"APACHE_H2C": port}
            big = _big_body()
            docs = dict(APACHE_DOCS, **{"big.bin": big, "window.bin": big[:65535]})
            conf = os.path.join(self.tmp, "conf")
            with open(conf, "w") as f:
                f.write(_apache_config(self.tmp, port))
            # mkdtemp made the directory private; Apache's child (nobody) serves from it.
            os.chmod(self.tmp, 0o755)
            cmd = [exe, "-f", conf, "-DFOREGROUND"]
        elif kind == "nghttpd-h2c":
            (port,) = daemon.free_ports(1, avoid_ports, OriginError)
            self.ports = {"NGHTTPD_H2C": port}
            docs = NGHTTPD_DOCS
            cmd = [exe, "-a", "127.0.0.1", "-d", www, "--no-tls", str(port)]
        else:
            (port,) = daemon.free_ports(1, avoid_ports, OriginError)
            self.ports = {"NGHTTPD": port}
            docs = dict(NGHTTPD_DOCS, **{"big.bin": _big_body()})
            # -v: every frame it receives goes to frames.log (a scenario reads what priority
            # its requests carried there); stdbuf keeps the lines unbuffered.
            self.frame_log = os.path.join(self.tmp, "frames.log")
            cmd = [exe, "-v", "-a", "127.0.0.1", "-d", www, "-p", "/page.html=/style.css,/script.js",
                   str(port), key, cert]
            stdbuf = daemon.find_program("stdbuf")
            if stdbuf:
                cmd = [stdbuf, "-oL"] + cmd
        _write_docroot(www, docs)
        self._spawn(cmd, getattr(self, "frame_log", None))
        self._wait_listening(list(self.ports.values()))

    def env(self):
        """The variables that tell a scenario program this origin's ports (and where
        nghttpd logs the frames it receives: XFER_TEST_NGHTTPD_FRAMES)."""
        env = {env_name(name): str(port) for name, port in self.ports.items()}
        if getattr(self, "frame_log", None):
            # Not an XFER_TEST_ORIGIN_ name: those are ports, masked in traces.
            env["XFER_TEST_NGHTTPD_FRAMES"] = self.frame_log
        return env


def start_origin(kind, attempts=5, avoid_ports=()):
    """A running Origin of this kind; retries when a picked port was taken meanwhile.
    avoid_ports: ports never to use (run_scenario.py keeps masked numbers unambiguous)."""
    return daemon.start_with_retries(lambda: Origin(kind, avoid_ports), lambda: available(kind), attempts)


def env_name(port_name):
    """The variable that tells a scenario program one origin port (see tests/compat/trace.h)."""
    return "XFER_TEST_ORIGIN_" + port_name.upper().replace("-", "_")


def main(argv):
    kinds = argv[1:] or list(ORIGIN_KINDS)
    running = []
    try:
        for kind in kinds:
            o = start_origin(kind)
            running.append(o)
            for name, port in sorted(o.ports.items()):
                print("%s %s %d" % (kind, name, port), flush=True)
        sys.stdin.read()
    finally:
        for o in running:
            o.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
