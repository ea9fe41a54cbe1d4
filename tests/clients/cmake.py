#!/usr/bin/env python3
# CMake's file(DOWNLOAD)/file(UPLOAD) (`cmake -P`; Debian's cmake links the system libcurl) on
# Debian's libcurl and on xfer's drop-in; transfer.cmake prints one section per case.
import hashlib
import os
import re
import sys

from harness import Harness

CMAKE = "/usr/bin/cmake"
WORDING = ("declared", "curl_easy_strerror texts are xfer's own wording")

# In LOG (CMake's DEBUGFUNCTION transcript) the informational text lines are each library's
# own words; the request and response lines and the "[N bytes data]" marks must match.
LOG_LINE = re.compile(r"^(-- )?(HTTP/\d|[A-Z]+ \S+ HTTP/|[A-Za-z0-9-]+: |\[\d+ bytes data\]|"
                      r"Response:|Debug:|log:|=== |status: |\s*$)")


def keep_protocol_lines(t):
    out = []
    in_log = False
    for line in t.split("\n"):
        if line.startswith("-- === "):
            in_log = line.endswith("-log")
        if in_log and not LOG_LINE.match(line):
            continue
        out.append(line)
    return "\n".join(out)


def main():
    h = Harness("cmake", __doc__)
    h.require(CMAKE, package="cmake")
    port = h.testserver()
    tls_port = h.testserver(tls=True)
    body = bytes(ord("a") + i % 26 for i in range(100000))
    base = "http://127.0.0.1:%d" % port
    defs = ["-DBASE=" + base, "-DTLS=https://127.0.0.1:%d" % tls_port,
            "-DCA=" + os.path.join(h.certs, "ca.pem"),
            "-DREFUSED=http://127.0.0.1:%d/" % h.free_port(),
            "-DHASH=" + hashlib.sha256(body).hexdigest()]
    h.sections("cmake", [CMAKE] + defs + ["-P", os.path.join(h.here, "transfer.cmake")],
               norm=[keep_protocol_lines, to_sections],
               xfail={"cmake-status-messages": WORDING}, timeout=120)

    # A download whose content does not match EXPECTED_HASH: CMake reports an error and
    # exits 1 on both libraries.
    h.cmd("cmake-expected-hash-mismatch",
          [CMAKE, "-DURL=%s/x?size=1000" % base, "-P", os.path.join(h.here, "hash_mismatch.cmake")],
          expect_rc=1, stderr=lambda e: "\n".join(
              l for l in e.split("\n") if "HASH mismatch" in l or "for file:" in l or
              "expected hash" in l or "actual hash" in l))
    # RANGE_START/RANGE_END: CURLOPT_RANGE, echoed by the test server.
    h.cmd("cmake-download-range",
          [CMAKE, "-DURL=%s/e?echo=1" % base, "-P", os.path.join(h.here, "range.cmake")])
    return h.finish()


def to_sections(t):
    """message(STATUS) prints '-- ' before each message: section marks become '=== '."""
    return re.sub(r"(?m)^-- === ", "=== ", t)


if __name__ == "__main__":
    sys.exit(main())
