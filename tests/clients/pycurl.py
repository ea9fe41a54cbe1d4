#!/usr/bin/env python3
# pycurl (python3-pycurl, which links libcurl-gnutls.so.4) under Debian's /usr/bin/python3:
# its import-time TLS backend check, version_info, easy transfers, CurlMulti driven by
# perform/select and by socket_action, HTTPS with a CA file and an unknown CA, on Debian's
# libcurl-gnutls and on xfer's; client_pycurl.py prints one section per case.
import os
import sys

from harness import Harness, norm_dates, norm_millis

PYTHON = "/usr/bin/python3"  # Debian's interpreter, the one python3-pycurl is built for
WORDING = ("declared", "CURLOPT_ERRORBUFFER texts are xfer's own wording, not libcurl's")
VERSION_INFO = ("declared", "curl_version_info() reports only what xfer supports and "
                            "curl_version() names xfer")


def main():
    h = Harness("pycurl", __doc__)
    h.require(PYTHON, package="python3")
    probe = h.run([PYTHON, "-I", "-c", "import pycurl"], False, h.tmp)
    if probe.rc != 0:
        print("SKIP pycurl: %s cannot import pycurl (package python3-pycurl not installed)"
              % PYTHON)
        return 77
    port = h.testserver()
    tls_port = h.testserver(tls=True)
    # -I: isolated, so the script's folder (which holds this pycurl.py) is not on sys.path
    # and PYTHON* variables and the user's site-packages do not count
    argv = [PYTHON, "-I", os.path.join(h.here, "client_pycurl.py"), "http://127.0.0.1:%d" % port,
            "https://127.0.0.1:%d" % tls_port, os.path.join(h.certs, "ca.pem"),
            "http://127.0.0.1:%d/" % h.free_port()]
    h.sections("pycurl", argv, norm=[norm_dates, norm_millis], timeout=120, stderr=True,
               xfail={"pycurl-error-messages": WORDING,
                      "pycurl-version-features": VERSION_INFO,
                      "pycurl-version-string": VERSION_INFO})
    return h.finish()


if __name__ == "__main__":
    sys.exit(main())
