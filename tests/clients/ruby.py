#!/usr/bin/env python3
# Ruby's ethon (ruby-ethon: Ethon::Easy, Ethon::Multi; libcurl through FFI) on Debian's
# libcurl and on xfer's drop-in; client.rb prints one section per case.
import os
import sys

from harness import Harness, norm_boundaries

RUBY = "/usr/bin/ruby"


def main():
    h = Harness("ruby", __doc__)
    h.require(RUBY, package="ruby")
    probe = h.run([RUBY, "-e", "require 'ethon'"], False, h.tmp)
    if probe.rc != 0:
        print("SKIP ruby: ethon does not load (package ruby-ethon not installed?): %s"
              % probe.stderr.decode("latin-1").strip()[:300])
        return 77
    port = h.testserver()
    tls_port = h.testserver(tls=True)
    # ethon asks FFI for "libcurl" first (FFI tries libcurl.so), then "libcurl.so.4": the
    # folder on LD_LIBRARY_PATH holds both names for the drop-in (the loader check proves it).
    argv = [RUBY, os.path.join(h.here, "client.rb"), "http://127.0.0.1:%d" % port,
            "https://127.0.0.1:%d" % tls_port, os.path.join(h.certs, "ca.pem"),
            "http://127.0.0.1:%d/" % h.free_port()]
    h.sections("ruby", argv, norm=[norm_boundaries], timeout=120)
    return h.finish()


if __name__ == "__main__":
    sys.exit(main())
