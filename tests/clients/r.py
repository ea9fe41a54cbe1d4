#!/usr/bin/env python3
# R's curl package (r-cran-curl: curl_fetch_memory, multi_add/multi_run) on Debian's libcurl
# and on xfer's drop-in; client.R prints one section per case.
import os
import re
import sys

from harness import Harness, norm_boundaries


RSCRIPT = "/usr/bin/Rscript"
# Every new_handle() sets COOKIEFILE "" (cookie engine on), HTTPAUTH and PROXYAUTH
# CURLAUTH_ANY and FILETIME 1, and stops with an R error when one answers CURLE_NOT_BUILT_IN.
# PROXYAUTH (inert while no proxy can be set) and FILETIME are taken now; the other two
# ask for the cookie engine and for the 401 negotiation of authentication schemes.
BLOCKED = ("option was not found built-in", "15",
           "R's new_handle() sets COOKIEFILE \"\" (turns the cookie engine on) and "
           "HTTPAUTH=CURLAUTH_ANY (picks a scheme by a 401 round trip): CURLE_NOT_BUILT_IN "
           "stops every request")


def main():
    h = Harness("r", __doc__)
    h.require(RSCRIPT, package="r-base-core (via r-cran-curl)")
    if not os.path.exists("/usr/lib/R/site-library/curl/libs/curl.so"):
        print("SKIP r: R's curl package is missing (package r-cran-curl not installed)")
        return 77
    port = h.testserver()
    tls_port = h.testserver(tls=True)
    argv = [RSCRIPT, "--vanilla", os.path.join(h.here, "client.R"), "http://127.0.0.1:%d" % port,
            "https://127.0.0.1:%d" % tls_port, os.path.join(h.certs, "ca.pem"),
            "http://127.0.0.1:%d/" % h.free_port()]
    # R's launcher (/etc/R/ldpaths) puts R_LD_LIBRARY_PATH, which names the system library
    # folder, before the caller's LD_LIBRARY_PATH: the system libcurl would win. Both runs get
    # the same R_LD_LIBRARY_PATH; on the xfer side it starts with the drop-in's folder.
    r_paths = "/usr/lib/R/lib:/usr/lib/x86_64-linux-gnu"
    h.env_hook = lambda env, xfer: env.update(
        R_LD_LIBRARY_PATH=(h.libdir + ":" + r_paths) if xfer else r_paths)
    h.sections("r", argv, norm=[norm_boundaries,
                                lambda t: re.sub(r"[ \t]+\n", "\n", t)],
               timeout=120, blocked=BLOCKED)
    return h.finish()


if __name__ == "__main__":
    sys.exit(main())
