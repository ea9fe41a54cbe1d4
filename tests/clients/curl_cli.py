#!/usr/bin/env python3
# Debian's curl CLI (/usr/bin/curl) on Debian's libcurl and on xfer's drop-in: everyday flags.
import atexit
import os
import re
import socket
import sys

from harness import Harness, norm_boundaries, norm_dates, norm_millis

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "support"))
import kdc  # noqa: E402

CURL = "/usr/bin/curl"

# Not a sibling issue's feature: xfer words CURLOPT_ERRORBUFFER its own way (libcurl's says
# "The requested URL returned error: 404", "Failed to connect to 127.0.0.1 port N after N ms:
# Couldn't connect to server"); docs/DIFFERENCES.md lists only curl_easy_strerror's texts.
WORDING = ("declared", "most ERRORBUFFER texts are xfer's own wording, not libcurl's")
SOCKS_GSSAPI = ("declared", "libcurl 7.88 never completes a SOCKS5 GSS-API handshake; xfer does")


def verbose_lines(err):
    """-v: only the request ('> ') and response ('< ') header lines are stable; the '* '
    lines narrate connection details in each library's own words."""
    return "\n".join(l for l in err.split("\n") if l.startswith(("> ", "< ")))


def sorted_lines(t):
    """Output whose lines come in completion order (--parallel): compared as a sorted set."""
    return "\n".join(sorted(t.split("\n")))


def trace_events(t):
    """--trace-ascii: keep the event lines ('=> Send header, 78 bytes'), drop '== Info' text
    and the hex dump (the bytes themselves are compared by the echo cases)."""
    return "\n".join(l for l in t.split("\n") if l.startswith(("=> ", "<= ", "exit", "---")))


def main():
    h = Harness("curl-cli", __doc__)
    h.require(CURL, package="curl")
    port = h.testserver()
    tls_port = h.testserver(tls=True)
    h2_port = h.testserver(tls=True, h2=True)
    h2c_port = h.testserver(h2=True)
    www = os.path.join(h.tmp, "www")
    os.makedirs(os.path.join(www, "dav"))
    with open(os.path.join(www, "data.bin"), "wb") as f:
        f.write(bytes((i * 7 + i // 256) % 256 for i in range(100000)))
    with open(os.path.join(www, "hello.txt"), "w") as f:
        f.write("hello from nginx\n" * 50)
    nginx = h.nginx(www)
    refused = h.free_port()

    t = "http://127.0.0.1:%d" % port
    s = "https://127.0.0.1:%d" % tls_port
    n = "http://127.0.0.1:%d" % nginx
    ca = os.path.join(h.certs, "ca.pem")
    c = [CURL, "-s"]

    def upload(cwd):
        with open(os.path.join(cwd, "up.txt"), "w") as f:
            f.write("line one\nline two\n" * 40)

    def partial(cwd):
        with open(os.path.join(www, "data.bin"), "rb") as f:
            head = f.read(30000)
        with open(os.path.join(cwd, "data.bin"), "wb") as f:
            f.write(head)

    # GET, output destinations
    h.cmd("get-stdout", c + [t + "/x?size=1000"])
    h.cmd("get-echo-request", c + [t + "/e?echo=1"])
    h.cmd("get-o", c + ["-o", "out.bin", t + "/x?size=70000"], files=["out.bin"])
    h.cmd("get-O", c + ["-O", t + "/file.txt?size=300"], files=["file.txt"])
    h.cmd("get-chunked", c + [t + "/x?size=5000&chunked=1&chunk=333"])
    h.cmd("get-nginx-file", c + ["-o", "d.bin", n + "/data.bin"], files=["d.bin"])
    h.cmd("get-http10-close", c + [t + "/x?size=2000&http10=1"])
    # redirects
    h.cmd("redirect-no-L", c + ["-i", t + "/r?status=302&location=/e%3Fecho%3D1"])
    h.cmd("redirect-L", c + ["-L", t + "/r?status=302&location=/e%3Fecho%3D1"])
    h.cmd("redirect-L-i-chain", c + ["-L", "-i", t + "/r?status=301&location=" +
                                     "/r2%3Fstatus%3D307%26location%3D%252Fe%253Fecho%253D1"])
    h.cmd("redirect-L-post-303", c + ["-L", "-d", "x=1", t + "/r?status=303&location=/e%3Fecho%3D1"])
    h.cmd("redirect-max-redirs", c + ["-L", "--max-redirs", "1", t +
                                      "/r?status=302&location=/r%3Fstatus%3D302%26location%3D%252F"],
          expect_rc=47)
    # request bodies
    h.cmd("post-d", c + ["-d", "a=1&b=two", t + "/e?echo=1"])
    h.cmd("post-d-file", c + ["-d", "@up.txt", t + "/e?echo=1"], setup=upload)
    h.cmd("post-data-binary", c + ["--data-binary", "@up.txt", t + "/e?echo=1"], setup=upload)
    h.cmd("post-data-urlencode", c + ["--data-urlencode", "q=a b&c", t + "/e?echo=1"])
    h.cmd("post-F", c + ["-F", "name=value", "-F", "f=@up.txt;type=text/plain", t + "/e?echo=1"],
          setup=upload, norm=[norm_boundaries])
    h.cmd("put-T", c + ["-T", "up.txt", t + "/e?echo=1"], setup=upload)
    h.cmd("put-T-stdin-chunked", c + ["-T", "-", t + "/e?echo=1"], stdin=b"from stdin\n" * 30)
    def fresh_dav(cwd):
        upload(cwd)
        if os.path.exists(os.path.join(www, "dav", "up.txt")):
            os.unlink(os.path.join(www, "dav", "up.txt"))

    h.cmd("put-T-nginx-dav", c + ["-T", "up.txt", "-w", "%{http_code}\n", n + "/dav/up.txt",
                                  "-o", "/dev/null", "-w", "%{http_code}\n", n + "/dav/up.txt"],
          setup=fresh_dav)
    h.cmd("post-expect-100", c + ["--data-binary", "@big.bin", "-w", "%{http_code}\n",
                                  t + "/x?size=10"],
          setup=lambda cwd: open(os.path.join(cwd, "big.bin"), "wb").write(b"z" * 2000000))
    # heads and headers
    h.cmd("head-I", c + ["-I", t + "/x?size=100"])
    h.cmd("head-I-nginx", c + ["-I", n + "/hello.txt"], norm=[norm_dates])
    h.cmd("include-i", c + ["-i", t + "/x?size=10&hdr=X-One:1&hdr=X-Two:2"])
    h.cmd("dump-header-D", c + ["-D", "h.txt", "-o", "/dev/null", t + "/x?size=10"],
          files=["h.txt"])
    h.cmd("header-H", c + ["-H", "X-Test: 1", "-H", "Accept: text/html", "-H", "User-Agent:",
                           "-H", "X-Empty;", t + "/e?echo=1"])
    h.cmd("method-X", c + ["-X", "DELETE", t + "/e?echo=1"])
    h.cmd("agent-A", c + ["-A", "agent/1.0", t + "/e?echo=1"])
    h.cmd("referer-e", c + ["-e", "http://ref.example/", t + "/e?echo=1"])
    h.cmd("basic-u", c + ["-u", "user:pa ss", t + "/e?echo=1"])
    h.cmd("http1.0", c + ["-0", t + "/e?echo=1"])
    # failures
    # (the error message is a case of its own: the exit code must match in any case)
    h.cmd("fail-f-404", [CURL, "-sS", "-f", t + "/x?status=404&size=30"], expect_rc=22)
    h.cmd("fail-f-404-message", [CURL, "-sS", "-f", t + "/x?status=404&size=30"], stderr=True,
          expect_rc=22)
    h.cmd("no-f-404", c + ["-w", "%{http_code}\n", t + "/x?status=404&size=30"])
    h.cmd("refused-sS", [CURL, "-sS", "http://127.0.0.1:%d/" % refused], expect_rc=7)
    h.cmd("refused-sS-message", [CURL, "-sS", "http://127.0.0.1:%d/" % refused], stderr=True,
          norm=[norm_millis], expect_rc=7, xfail=WORDING)
    h.cmd("timeout-m", c + ["-m", "1", t + "/x?delay=3000&size=10"], expect_rc=28, timeout=20)
    h.cmd("empty-reply", c + [t + "/x?nothing=1"], expect_rc=52)
    h.cmd("partial-file", c + [t + "/x?size=1000&cut=500"], expect_rc=18)
    h.cmd("bad-url", c + ["http://[::1"], expect_rc=3)
    h.cmd("unsupported-scheme", c + ["gopherx://127.0.0.1/"], expect_rc=1)
    # TLS
    # HTTP/2: negotiated by ALPN (curl's default for https), forced off, prior knowledge.
    h2s = "https://localhost:%d" % h2_port
    h.cmd("h2-default", c + ["--cacert", ca, "-w", "%{http_version} %{num_connects}\n",
                             h2s + "/e?echo=1", h2s + "/x?size=70000"])
    h.cmd("h2-verbose", c + ["-v", "--cacert", ca, h2s + "/x?size=10"], stderr=verbose_lines)
    h.cmd("h2-include-post", c + ["-i", "--cacert", ca, "-d", "a=1", h2s + "/e?echo=1"])
    h.cmd("h2-http1.1", c + ["--http1.1", "--cacert", ca, "-w", "%{http_version}\n",
                             h2s + "/x?size=10"])
    h.cmd("h2-prior-knowledge", c + ["--http2-prior-knowledge", "-w", "%{http_version}\n",
                                     "http://127.0.0.1:%d/x?size=20" % h2c_port])
    h.cmd("h2-reset", c + ["--cacert", ca, h2s + "/x?h2rst=8"], expect_rc=92)
    # HTTP_1_1_REQUIRED and NTLM on h2: the request goes again over HTTP/1.1.
    h.cmd("h2-http11-required", c + ["--cacert", ca, "-w", "%{http_version} %{num_connects} %{response_code}\n",
                                      h2s + "/x?h2rst=13&size=5"])
    h.cmd("h2-ntlm-downgrade", c + ["--cacert", ca, "--ntlm", "-u", "user:pass", "-w",
                                     "%{http_version} %{num_connects} %{response_code}\n",
                                     h2s + "/n?ntlm=v1&size=4"])
    # --parallel sets PIPEWAIT: the four share one connection (one "1" among the
    # NUM_CONNECTS); lines come in completion order, so they are compared sorted.
    par = [c[0], "-s", "--cacert", ca, "--parallel", "-w", "%{http_version} %{num_connects} %{response_code}\n"]
    for i, q in enumerate(("size=1000&delay=100", "size=2000", "size=3000", "size=4000")):
        par += ["-o", "/dev/null", h2s + "/m%d?%s" % (i, q)]
    h.cmd("h2-parallel-multiplex", par, norm=(sorted_lines,))
    h.cmd("tls-untrusted", c + [s + "/x?size=10"], expect_rc=60)
    h.cmd("tls-k", c + ["-k", s + "/x?size=10"])
    h.cmd("tls-cacert", c + ["--cacert", ca, s + "/e?echo=1"])
    h.cmd("tls-cacert-localhost", c + ["--cacert", ca, "https://localhost:%d/x?size=100"
                                      % tls_port])
    h.cmd("tls-write-out", c + ["--cacert", ca, "-o", "/dev/null", "-w",
                                "%{http_code} %{ssl_verify_result} %{scheme}\n", s + "/x?size=10"])
    # content encoding
    h.cmd("compressed-gzip", c + ["--compressed", t + "/x?size=3000&gzip=1"])
    h.cmd("compressed-deflate", c + ["--compressed", t + "/x?size=3000&deflate=1"])
    h.cmd("no-compressed-gzip-raw", c + [t + "/x?size=300&gzip=1"])
    h.cmd("compressed-request-header", c + ["--compressed", t + "/e?echo=1"])
    # write-out, parallel, verbose, resolve
    h.cmd("write-out-w", c + ["-o", "/dev/null", "-w",
                              "%{http_code} %{size_download} %{content_type} %{num_redirects}\n",
                              "-L", t + "/r?status=302&location=/x%3Fsize%3D1234"])
    h.cmd("write-out-time-total", c + ["-o", "/dev/null", "-w", "%{http_code} %{time_total}\n",
                                       t + "/x?size=10"],
          norm=[lambda x: re.sub(r"\b\d+\.\d{6}\b", "<TIME>", x)])
    urls = [t + "/x?size=%d&delay=%d" % (1000 * i, 50 * (4 - i)) for i in range(1, 5)]
    outs = []
    for i in range(1, 5):
        outs += ["-o", "p%d.bin" % i]
    h.cmd("parallel-Z", c + ["-Z", "--parallel-max", "4"] + outs + urls,
          files=["p%d.bin" % i for i in range(1, 5)])
    h.cmd("parallel-Z-stdout-one", c + ["-Z", t + "/x?size=100"])
    h.cmd("many-urls-sequential", c + [t + "/x?size=10", t + "/e?echo=1", t + "/x?size=20"])
    h.cmd("verbose-v", [CURL, "-s", "-v", t + "/x?size=10&hdr=X-A:b"], stderr=verbose_lines)
    h.cmd("verbose-v-post", [CURL, "-s", "-v", "-d", "k=v", t + "/e?echo=1"],
          stderr=verbose_lines)
    # --trace-ascii: which debug-callback events happen (=> sent, <= received) and their sizes
    for name, args in (("trace-ascii-get", [t + "/x?size=100"]),
                       ("trace-ascii-post", ["-d", "k=v&x=y", t + "/e?echo=1"]),
                       ("trace-ascii-put-100-continue", ["-T", "up.txt", t + "/e?echo=1"])):
        h.cmd(name, c + ["--trace-ascii", "trace.txt", "-o", "/dev/null"] + args, setup=upload,
              files=["trace.txt"], norm=[trace_events])
    h.cmd("resolve", c + ["--resolve", "example.test:%d:127.0.0.1" % port,
                          "http://example.test:%d/e?echo=1" % port])
    h.cmd("resolve-tls", c + ["--cacert", ca, "--resolve", "localhost:%d:127.0.0.1" % tls_port,
                              "https://localhost:%d/x?size=50" % tls_port])
    h.cmd("doh-url", c + ["--cacert", ca, "--doh-url",
                          "https://localhost:%d/dns-query?doh=1&a=127.0.0.1" % tls_port,
                          "http://doh.test:%d/e?echo=1" % port])
    h.cmd("doh-url-nxdomain", c + ["--cacert", ca, "--doh-url",
                                   "https://localhost:%d/dns-query?doh=1&rcode=3" % tls_port,
                                   "http://gone.test:%d/" % port], expect_rc=6)
    h.cmd("connect-to", c + ["--connect-to", "example.test:80:127.0.0.1:%d" % port,
                             "http://example.test/e?echo=1"])
    h.cmd("cookie-b-string", c + ["-b", "a=1; b=2", t + "/e?echo=1"])
    h.cmd("cookie-c-jar", c + ["-c", "jar.txt", t + "/x?size=1&hdr=Set-Cookie:k%3Dv%3B%20Path%3D/"],
          files=["jar.txt"])
    h.cmd("cookie-b-file-L", c + ["-b", "none", "-L", t + "/r?status=302&location=/e%3Fecho%3D1"
                                  "&hdr=Set-Cookie:k%3Dv%3B%20Path%3D/"])
    h.cmd("range-r", c + ["-r", "0-99", n + "/hello.txt"])
    h.cmd("resume-C", c + ["-C", "-", "-o", "data.bin", n + "/data.bin"], files=["data.bin"],
          setup=partial)
    h.cmd("proxy-x", c + ["-x", "127.0.0.1:%d" % port, "http://example.test/e?echo=1"])
    h.cmd("digest-u", c + ["--digest", "-u", "u:p", "-i", t + "/e?echo=1&status=401&hdr=" +
                           "WWW-Authenticate:Digest%20realm%3D%22r%22%2C%20nonce%3D%22abc%22"])
    kerberos(h, c)
    return h.finish()


def kerberos(h, c):
    """--negotiate (SPNEGO) to a server and a proxy, and SOCKS5 GSS-API, against a private
    KDC whose keytab the test server holds."""
    if not kdc.available():
        raise SystemExit("curl-cli: Kerberos KDC tools missing: %s (scripts/install-deps.sh)"
                         % " ".join(kdc.missing_tools()))
    realm = kdc.start_kdc()
    atexit.register(realm.stop)
    port = h.testserver(env=realm.server_env())
    env = realm.client_env()
    o = "http://localhost:%d" % port
    h.cmd("negotiate", c + ["--negotiate", "-u", ":", "-i", o + "/n?negotiate=1&text=ok"],
          env=env, norm=[mask_negotiate])
    h.cmd("negotiate-refused", c + ["--negotiate", "-u", ":", "-i",
                                    o + "/n?negotiate=never&text=no"], env=env, norm=[mask_negotiate])
    h.cmd("negotiate-proxy", c + ["--proxy-negotiate", "-U", ":", "-x", o, "-i",
                                  "http://origin.test/p?proxynegotiate=1&text=proxied"],
          env=env, norm=[mask_negotiate])
    h.cmd("socks5-gssapi", c + ["-i", "--socks5-hostname", "localhost:%d" % port,
                                "http://socks.test:%d/s?text=tunnel" % port],
          env=env, xfail=SOCKS_GSSAPI, expect_rc=None, setup=lambda _cwd: arm_socks(port, "gssapi"))


def arm_socks(port, labels):
    """The test server's SOCKS peer picks GSS-API for its next SOCKS5 handshake when armed
    with a SOCKS4a request for arm.LABELS.test (tests/support/URL-PROTOCOL.md)."""
    req = b"\x04\x01\x00\x50\x00\x00\x00\x01\x00" + ("arm.%s.test" % labels).encode() + b"\x00"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(req)
        reply = b""
        while len(reply) < 8:
            chunk = sock.recv(8 - len(reply))
            if not chunk:
                break
            reply += chunk
    if len(reply) != 8 or reply[1] != 90:
        raise SystemExit("curl-cli: arming the SOCKS peer failed")


def mask_negotiate(text):
    """Tokens change every run: only their presence is compared."""
    return re.sub(r"Negotiate [A-Za-z0-9+/=]+", "Negotiate <token>", text)


if __name__ == "__main__":
    sys.exit(main())
