#!/usr/bin/env python3
# PHP's curl extension (php-cli + php-curl: curl_exec, curl_multi_*) on Debian's libcurl and
# on xfer's drop-in; client.php prints one section per case.
import os
import sys

from harness import Harness, norm_boundaries

PHP = "/usr/bin/php"
WORDING = ("declared", "curl_error()/curl_strerror() texts are xfer's own wording, not libcurl's")


def main():
    h = Harness("php", __doc__)
    h.require(PHP, package="php-cli")
    probe = h.run([PHP, "-r", "exit(function_exists('curl_init') ? 0 : 3);"], False, h.tmp)
    if probe.rc != 0:
        print("SKIP php: the curl extension is not loaded (package php-curl not installed)")
        return 77
    port = h.testserver()
    tls_port = h.testserver(tls=True)
    base = "http://127.0.0.1:%d" % port
    argv = [PHP, os.path.join(h.here, "client.php"), base, "https://127.0.0.1:%d" % tls_port,
            os.path.join(h.certs, "ca.pem"), "http://127.0.0.1:%d/" % h.free_port()]
    h.sections("php", argv, norm=[norm_boundaries], xfail={"php-error-messages": WORDING})
    return h.finish()


if __name__ == "__main__":
    sys.exit(main())
