#!/usr/bin/env python3
"""Proposes expected-failures.txt from the last xfer run of curl's test suite.

    classify.py [--results build/tests/curl-suite/curl-tests/results.json]     show proposal
    classify.py --write                                                        update the list

A reason is derived from what the run saw (hang, crash, a skip because xfer's
curl_version_info lacks a feature, the option a setopt refused, curl's exit code) and from
the test's own keywords and command line, and names the open issue that delivers the
missing piece. Reviewed reasons already in the list are kept for tests that still fail;
tests that now pass are dropped; new failures get a proposed reason marked "(auto)" until a
person has read the test and confirmed or corrected it.
"""

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import suite

HERE = Path(__file__).resolve().parent
LIST = HERE / "expected-failures.txt"
HEADER = """\
# curl's own tests (tests/curl-suite) that fail on xfer today, one per line:
#   NNNN  #issue area: what is missing or different
# The issue named is the open issue that delivers the fix. A test that now passes is
# reported by the suite ("now passing, remove from the list"); refresh the list with
#   tests/curl-suite/classify.py --write     (keeps reviewed reasons, marks new ones "(auto)")
# and read each "(auto)" line against the test before committing (docs/CURL-TESTS.md).
"""

# curl_version_info features a skipped test needed -> (issue, area)
FEATURE_ISSUE = {
    "libz": ("#13", "curl_version_info does not advertise libz (gzip/deflate decoding)"),
    "brotli": ("#16", "brotli content coding"),
    "zstd": ("#16", "zstd content coding"),
    "NTLM": ("#15", "NTLM authentication"),
    "NTLM_WB": ("#15", "NTLM authentication (winbind)"),
    "crypto": ("#15", "Digest/NTLM authentication (crypto feature)"),
    "cookies": ("#15", "cookie engine"),
    "HSTS": ("#15", "HSTS"),
    "alt-svc": ("#15", "alt-svc"),
    "PSL": ("#15", "public suffix list for cookies"),
    "HTTP2": ("#18", "HTTP/2"),
    "http/2": ("#18", "HTTP/2"),
    "https-proxy": ("#17", "HTTPS proxy"),
    "HTTPS-proxy": ("#17", "HTTPS proxy"),
    "proxy": ("#17", "proxies"),
    "unix-sockets": ("#16", "unix domain sockets (UNIX_SOCKET_PATH)"),
    "UnixSockets": ("#16", "unix domain sockets (UNIX_SOCKET_PATH)"),
    "idn": ("#13", "IDN host names (libidn2): no issue delivers it yet"),
    "IDN": ("#13", "IDN host names (libidn2): no issue delivers it yet"),
    "large-time": ("#13", "large time_t feature not advertised"),
}

# Options (CURLOPT_* without prefix, or curl tool flags) -> (issue, area)
OPTION_ISSUE = [
    (r"PROXY|PRE_PROXY|HTTPPROXYTUNNEL|NOPROXY|SUPPRESS_CONNECT_HEADERS|SOCKS", "#17", "proxy"),
    (r"COOKIE", "#15", "cookies"),
    (r"HTTPAUTH|USERPWD|USERNAME|PASSWORD|NETRC|UNRESTRICTED_AUTH|LOGIN_OPTIONS|XOAUTH2|AWS_SIGV4|SASL",
     "#15", "authentication/.netrc"),
    (r"HSTS", "#15", "HSTS"),
    (r"ALTSVC", "#15", "alt-svc"),
    (r"SHARE", "#15", "shares"),
    (r"RANGE|RESUME_FROM", "#16", "ranges/resume"),
    (r"TIMECONDITION|TIMEVALUE|FILETIME", "#16", "time conditions"),
    (r"MAX_(RECV|SEND)_SPEED|LOW_SPEED", "#16", "rate limits"),
    (r"MAXFILESIZE|IGNORE_CONTENT_LENGTH", "#16", "size limits"),
    (r"CONNECT_TO|INTERFACE|LOCALPORT|TCP_KEEP|UNIX_SOCKET|SOCKOPT|OPENSOCKET|CLOSESOCKET",
     "#16", "connection options"),
    (r"HTTP_TRANSFER_DECODING|HTTP_CONTENT_DECODING|TRANSFER_ENCODING|ACCEPT_ENCODING",
     "#16", "content/transfer codings"),
    (r"HTTP_VERSION|H2|STREAM_", "#18", "HTTP/2"),
]

FLAG_ISSUE = [
    (r"(^| )(-x|--proxy\S*|-U|--preproxy|-p|--proxytunnel|--noproxy|--socks\S*)( |$)", "#17", "proxy"),
    (r"(^| )(-b|-c|--cookie\S*|-j|--junk-session-cookies)( |$)", "#15", "cookies"),
    (r"(^| )(--digest|--ntlm\S*|--anyauth|--negotiate|--netrc\S*|-n|--basic|--location-trusted|--aws-sigv4|--oauth2-bearer)( |$)",
     "#15", "authentication/.netrc"),
    (r"(^| )--hsts( |$)", "#15", "HSTS"),
    (r"(^| )--alt-svc( |$)", "#15", "alt-svc"),
    (r"(^| )(-r|--range|-C|--continue-at)( |$)", "#16", "ranges/resume"),
    (r"(^| )(-z|--time-cond|-R|--remote-time)( |$)", "#16", "time conditions"),
    (r"(^| )(--limit-rate|-Y|--speed-limit|-y|--speed-time)( |$)", "#16", "rate limits"),
    (r"(^| )(--max-filesize|--ignore-content-length)( |$)", "#16", "size limits"),
    (r"(^| )(--connect-to|--interface|--local-port|--unix-socket|--abstract-unix-socket|--keepalive-time|--no-keepalive)( |$)",
     "#16", "connection options"),
    (r"(^| )(--tr-encoding|--raw|--compressed)( |$)", "#16", "content/transfer codings"),
    (r"(^| )(--http2\S*|--http3)( |$)", "#18", "HTTP/2"),
]

# The test's own keywords, upper-cased -> (issue, area), when nothing better is known.
KEYWORD_ISSUE = [
    (r"PROXY|CONNECT|SOCKS", "#17", "proxy"),
    (r"COOKIE", "#15", "cookies"),
    (r"AUTH|NETRC|NTLM|DIGEST", "#15", "authentication/.netrc"),
    (r"HSTS|ALT-SVC|SHARE", "#15", "HSTS/alt-svc/shares"),
    (r"RANGE|RESUME|IF-MODIFIED-SINCE|TIMECONDITION", "#16", "ranges/resume/time conditions"),
    (r"HTTP/2", "#18", "HTTP/2"),
]


def cache_tree():
    out = subprocess.run([str(HERE / "build-curl.sh"), "--print"], stdout=subprocess.PIPE,
                         text=True, check=True)
    return Path(out.stdout.strip())


def refused_option(r, tree, test):
    """The CURLOPT a libtest program reported as refused, from its stderr and source."""
    err = r.get("stderr", "")
    m = re.search(r"(lib\w+\.c):(\d+) curl_(?:easy|multi)_setopt\(\) failed,? with code (\d+)", err)
    if m:
        src = tree / "tests" / "libtest" / m.group(1)
        try:
            line = src.read_text(errors="replace").splitlines()[int(m.group(2)) - 1]
            o = re.search(r"CURLOPT_(\w+)", line)
            if o:
                return o.group(1), int(m.group(3))
        except (OSError, IndexError):
            pass
        return None, int(m.group(3))
    return None, None


def by_table(text, table):
    for pattern, issue, area in table:
        if re.search(pattern, text):
            return issue, area
    return None


def propose(n, r, test, tree, xfer_features):
    """One line of reason for test n's failure on xfer."""
    kw = ",".join(test.keywords) if test else ""
    if r.get("timeout"):
        return "#13 hang: killed after %ss (%s)" % (int(r["timeout"]), test.name if test else "")
    if r.get("signal"):
        return "#13 crash: %s (%s)" % (r["signal"], test.name if test else "")
    if r["status"] == "skip":
        why = r.get("why", "")
        m = re.match(r"curl lacks (\S+) support", why)
        if m and m.group(1) in FEATURE_ISSUE:
            issue, area = FEATURE_ISSUE[m.group(1)]
            return "%s %s: skipped, %s" % (issue, area, why)
        # A skip whose reason runtests did not print: the needed features xfer lacks.
        missing = [f for f in (test.features if test else []) if not f.startswith("!")
                   and f in FEATURE_ISSUE and f not in xfer_features]
        if missing:
            issue, area = FEATURE_ISSUE[missing[0]]
            return "%s %s: skipped, curl_version_info lacks %s" % (issue, area, ",".join(missing))
        return "#13 skipped on xfer: %s" % (why or "reason not printed by runtests")
    opt, code = refused_option(r, tree, test)
    if opt:
        hit = by_table(opt, OPTION_ISSUE)
        if hit:
            return "%s %s: CURLOPT_%s refused (code %d)" % (hit[0], hit[1], opt, code)
        return "#14 option policy: CURLOPT_%s refused (code %d)" % (opt, code)
    exitcode = r.get("exit")
    cmd = test.command if test else ""
    if exitcode == 4 or code == 4:
        hit = by_table(cmd, FLAG_ISSUE) or by_table(kw.upper().replace(" ", "_"), OPTION_ISSUE)
        if hit:
            return "%s %s: an option refused (CURLE_NOT_BUILT_IN)" % hit
        return "#14 option policy: an option refused (CURLE_NOT_BUILT_IN)"
    hit = by_table(cmd, FLAG_ISSUE) if not (test and test.is_libtest) else None
    what = ",".join(r.get("what", [])) or "result"
    if exitcode is not None:
        what += "; exit %d, expected %s" % (exitcode, r.get("expected_exit"))
    hit = hit or by_table(" ".join(test.keywords).upper() if test else "", KEYWORD_ISSUE)
    if hit:
        return "%s %s: %s differs" % (hit[0], hit[1], what)
    return "#13 behaviour difference: %s differs (%s)" % (what, test.name if test else "")


def still_true(reason, r):
    """A reviewed reason stays only while the kind of failure is the same: a hang, a
    crash, a skip."""
    return ((re.search(r"\bhang\b", reason) is not None) == bool(r.get("timeout"))
            and (re.search(r"\bcrash\b", reason) is not None) == bool(r.get("signal"))
            and (re.search(r"\bskipped\b", reason) is not None) == (r["status"] == "skip"))


def read_list(path):
    entries = {}
    if path.exists():
        for line in path.read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                num, _, reason = line.strip().partition(" ")
                entries[int(num)] = reason.strip()
    return entries


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--results", type=Path,
                    default=HERE.parent.parent / "build" / "tests" / "curl-suite" / "curl-tests"
                    / "results.json")
    ap.add_argument("--list", type=Path, default=LIST)
    ap.add_argument("--write", action="store_true", help="rewrite the list in place")
    ap.add_argument("--reclassify", action="store_true",
                    help="propose afresh even for tests with a reviewed reason")
    args = ap.parse_args()

    data = json.loads(args.results.read_text())
    tree = cache_tree()
    tests = suite.all_tests(tree)
    old = read_list(args.list)
    passing = data["baseline_passing"]
    res = {int(k): v for k, v in data["results"].items()}
    if len(res) < len(passing):
        sys.exit("classify: %s holds a partial run (--only?); run the whole suite first"
                 % args.results)
    features = set(data.get("xfer_features", []))
    new = {}
    for n in passing:
        r = res.get(n)
        if r is None or r["status"] == "pass":
            continue
        if n in old and not args.reclassify and not old[n].endswith("(auto)") \
                and still_true(old[n], r):
            new[n] = old[n]
        else:
            new[n] = propose(n, r, tests.get(n), tree, features) + " (auto)"
    gone = sorted(set(old) - set(new))
    added = sorted(set(new) - set(old))
    width = max([len(str(n)) for n in new] + [4])
    body = HEADER + "".join("%-*d  %s\n" % (width, n, new[n]) for n in sorted(new))
    if args.write:
        args.list.write_text(body)
    else:
        sys.stdout.write(body)
    sys.stderr.write("classify: %d failing; %d new, %d no longer failing (%s)%s\n"
                     % (len(new), len(added), len(gone), " ".join(map(str, gone)) or "-",
                        "; wrote " + str(args.list) if args.write else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
