# Everyday curl flags: -Z, TLS trust (-k, --cacert, CA variables), --compressed, -u, cookies,
# proxy, --resolve, --connect-to, -4, --http1.1, -i -, -K.
import base64
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tool_test_lib import CERTS, CLEAN_ENV, Checks, Server, pattern, read, run  # noqa: E402


def main():
    c = Checks()
    with Server() as srv, tempfile.TemporaryDirectory() as d:
        b = srv.base
        p = run(["-Z", "-O", b + "/z.bin?size=77"], d)
        c.expect("-Z is a flag: xfer -Z -O URL works",
                 p.returncode == 0 and read(os.path.join(d, "z.bin")) == pattern(77), p)
        p = run(["-s", "-Z", "--parallel-max", "2", b + "/p1?size=1", b + "/p2?size=2", b + "/p3?size=3"], d)
        c.expect("--parallel-max N", p.returncode == 0 and os.path.exists(os.path.join(d, "p3")), p)

        p = run(["-s", "--compressed", "-o", "gz.out", b + "/gz?size=5000&gzip=1"], d)
        c.expect("--compressed decodes a gzip body",
                 p.returncode == 0 and read(os.path.join(d, "gz.out")) == pattern(5000), p)
        p = run(["-s", "-o", "raw.out", b + "/gz?size=5000&gzip=1"], d)
        c.expect("without --compressed the body is saved as sent",
                 p.returncode == 0 and read(os.path.join(d, "raw.out"))[:2] == b"\x1f\x8b", p)

        p = run(["-s", "-u", "user:pass", "--stdout", b + "/e?echo=1"], d)
        c.expect("-u sends Basic credentials",
                 b"Authorization: Basic " + base64.b64encode(b"user:pass") in p.stdout, p)
        p = run(["--json", "-o", "cred.out", "http://alice:s3cr3t@127.0.0.1:%d/x?status=404&size=4" % srv.port], d)
        p2 = run(["-o", "cred2.out", "http://alice:s3cr3t@127.0.0.1:%d/x?size=4" % srv.port], d)
        c.expect("a password in the URL is never printed (table, JSON, summary)",
                 b"s3cr3t" not in p.stdout + p.stderr + p2.stdout + p2.stderr
                 and b"***@127.0.0.1" in p.stdout and b"***@127.0.0.1" in p2.stdout, p)

        p = run(["-s", "-b", "flavour=oat", "--stdout", b + "/e?echo=1"], d)
        c.expect("-b NAME=VALUE sends a cookie", b"Cookie: flavour=oat" in p.stdout, p)
        p = run(["-s", "-c", "jar.txt", "--discard", b + "/c?hdr=Set-Cookie:%20sid%3Dabc123"], d)
        jar = read(os.path.join(d, "jar.txt")) if os.path.exists(os.path.join(d, "jar.txt")) else b""
        c.expect("-c writes received cookies to the jar", p.returncode == 0 and b"sid\tabc123" in jar, p)
        p = run(["-s", "-b", "jar.txt", "--stdout", b + "/e?echo=1"], d)
        c.expect("-b FILE reads cookies from a jar", b"Cookie: sid=abc123" in p.stdout, p)

        p = run(["-s", "-x", b, "--stdout", "http://origin.test:8080/p?echo=1"], d)
        c.expect("-x sends the request through the proxy",
                 p.returncode == 0 and b"GET http://origin.test:8080/p?echo=1 HTTP/1.1" in p.stdout, p)
        env = dict(CLEAN_ENV, http_proxy=b)
        p = run(["-s", "--stdout", "http://origin.test:8080/q?echo=1"], d, env=env)
        c.expect("http_proxy in the environment is honoured",
                 p.returncode == 0 and b"GET http://origin.test:8080/q?echo=1" in p.stdout, p)

        p = run(["-s", "--http1.1", "--stdout", b + "/e?echo=1"], d)
        c.expect("--http1.1", p.returncode == 0 and b"GET /e?echo=1 HTTP/1.1" in p.stdout, p)
        p = run(["-s", "-4", "-o", "v4.out", "http://localhost:%d/v4?size=6" % srv.port], d)
        c.expect("-4 resolves to IPv4", p.returncode == 0 and read(os.path.join(d, "v4.out")) == pattern(6), p)
        p = run(["-s", "--resolve", "made-up.test:%d:127.0.0.1" % srv.port, "-o", "res.out",
                 "http://made-up.test:%d/r?size=8" % srv.port], d)
        c.expect("--resolve", p.returncode == 0 and read(os.path.join(d, "res.out")) == pattern(8), p)
        p = run(["-s", "--connect-to", "elsewhere.test:80:127.0.0.1:%d" % srv.port, "-o", "ct.out",
                 "http://elsewhere.test/c?size=9"], d)
        c.expect("--connect-to", p.returncode == 0 and read(os.path.join(d, "ct.out")) == pattern(9), p)

        urls = "%s/in1?size=3\n# comment\n\n%s/in2?size=4\n" % (b, b)
        p = run(["-s", "-i", "-"], d, stdin=urls.encode())
        c.expect("-i - reads URLs from stdin",
                 p.returncode == 0 and read(os.path.join(d, "in1")) == pattern(3)
                 and read(os.path.join(d, "in2")) == pattern(4), p)

        with open(os.path.join(d, "xfer.conf"), "w") as f:
            f.write("# a config file\n--silent\noutput = \"from config.out\"\n"
                    "url = %s/k1?size=12\nheader: \"X-From-Config: yes\"\n" % b)
        p = run(["-K", "xfer.conf"], d)
        c.expect("-K reads options and URLs from a file",
                 p.returncode == 0 and read(os.path.join(d, "from config.out")) == pattern(12), p)
        with open(os.path.join(d, "loop.conf"), "w") as f:
            f.write("-K loop.conf\n")
        p = run(["-K", "loop.conf"], d)
        c.expect("a config file that includes itself is an error (exit 2)", p.returncode == 2, p)

    with Server("--ipv6") as six, tempfile.TemporaryDirectory() as d:
        p = run(["-s", "-6", "-o", "v6.out", "http://localhost:%d/v6?size=6" % six.port], d)
        c.expect("-6 reaches a server on ::1", p.returncode == 0 and read(os.path.join(d, "v6.out")) == pattern(6), p)
        p = run(["-s", "-4", "http://localhost:%d/v6?size=6" % six.port], d)
        c.expect("-4 does not reach a server on ::1 only (exit 7)", p.returncode == 7, p)

    if CERTS is None:
        return c.finish()
    ca = os.path.join(CERTS, "ca.pem")
    with Server("--tls", os.path.join(CERTS, "server.pem"), os.path.join(CERTS, "server.key")) as tls, \
            tempfile.TemporaryDirectory() as d:
        url = "https://127.0.0.1:%d/t.bin?size=33" % tls.port
        p = run(["-s", url], d)
        c.expect("a private CA is refused by default (exit 60)", p.returncode == 60, p)
        p = run(["-s", "-k", "-o", "k.out", url], d)
        c.expect("-k accepts it", p.returncode == 0 and read(os.path.join(d, "k.out")) == pattern(33), p)
        p = run(["-s", "--cacert", ca, "-o", "ca.out", url], d)
        c.expect("--cacert trusts it", p.returncode == 0 and read(os.path.join(d, "ca.out")) == pattern(33), p)
        # A CA directory holds certificates under their subject hash, as c_rehash names them.
        ca_hash = subprocess.run(["openssl", "x509", "-hash", "-noout", "-in", ca],
                                 capture_output=True, timeout=30).stdout.decode().strip()
        os.mkdir(os.path.join(d, "cadir"))
        os.symlink(ca, os.path.join(d, "cadir", ca_hash + ".0"))
        p = run(["-s", "--capath", "cadir", "-o", "capath.out", url], d)
        c.expect("--capath trusts a hashed CA directory",
                 p.returncode == 0 and read(os.path.join(d, "capath.out")) == pattern(33), p)
        for var in ("CURL_CA_BUNDLE", "SSL_CERT_FILE"):
            p = run(["-s", "-o", var + ".out", url], d, env=dict(CLEAN_ENV, **{var: ca}))
            c.expect("$%s trusts it" % var, p.returncode == 0, p)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
