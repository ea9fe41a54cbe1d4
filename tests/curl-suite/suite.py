"""Shared pieces of the curl-tests suite: reading curl's test files and choosing the tests.

A curl test file (tests/data/testNNN) is XML-like; only a few sections matter here:
<info><keywords>, <client><server>, <tool>, <features>, <name>. The files are not always
valid UTF-8, so they are read as Latin-1.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

# Servers runtests starts that speak HTTP (or nothing at all).
HTTP_SERVERS = {"http", "https", "http-ipv6", "http-proxy", "https-proxy", "http-unix", "none",
                "socks4", "socks5", "socks5unix"}

# A keyword naming another protocol excludes the test, with its variants: FTPS, TFTP RRQ,
# MQTT PUBLISH, WebSockets... (SOCKS is a proxy xfer speaks: its HTTP tests are in.)
OTHER_PROTOCOL = re.compile(
    r"^(FTP|SMTP|IMAP|POP3|TFTP|SCP|SFTP|RTSP|MQTT|DICT|GOPHER|TELNET|LDAP|SMB|FILE|WS)"
    r"(S|[0-9]+[AH]?)?(\s|$)|^WebSockets?$",
    re.IGNORECASE,
)


@dataclass
class CurlTest:
    number: int
    name: str = ""
    keywords: list = field(default_factory=list)
    servers: list = field(default_factory=list)  # first word of each <server> line
    tool: str = ""  # libtest program, empty for the curl tool
    features: list = field(default_factory=list)  # <features>: needed (or !not wanted)
    command: str = ""

    @property
    def is_libtest(self):
        return self.tool.startswith("lib")


def _section(text, tag):
    m = re.search(r"<%s(?:\s[^>]*)?>(.*?)</%s>" % (tag, tag), text, re.S)
    return m.group(1) if m else None


def read_test(path):
    text = Path(path).read_bytes().decode("latin-1")
    t = CurlTest(number=int(Path(path).name[4:]))
    kw = _section(text, "keywords")
    t.keywords = [k.strip() for k in (kw or "").splitlines() if k.strip()]
    client = _section(text, "client") or ""
    srv = _section(client, "server")
    t.servers = [l.split()[0] for l in (srv or "").splitlines() if l.strip()]
    t.tool = (_section(client, "tool") or "").strip()
    t.features = (_section(client, "features") or "").split()
    t.name = " ".join((_section(client, "name") or "").split())
    t.command = " ".join((_section(client, "command") or "").split())
    return t


def disabled_tests(data_dir):
    """Numbers listed in tests/data/DISABLED (runtests skips them; %if blocks ignored
    conservatively: every number in the file counts as disabled)."""
    out = set()
    for line in (Path(data_dir) / "DISABLED").read_text(errors="replace").splitlines():
        line = line.strip()
        if line and line[0].isdigit():
            out.add(int(line.split()[0]))
    return out


def why_not_selected(t):
    """None if the test belongs in the suite, else a short reason."""
    if not any(k.upper().startswith("HTTP") for k in t.keywords):
        return "no HTTP keyword"
    bad = [s for s in t.servers if s not in HTTP_SERVERS]
    if bad:
        return "server " + ",".join(bad)
    other = [k for k in t.keywords if OTHER_PROTOCOL.search(k)]
    if other:
        return "keyword " + ",".join(other)
    return None


def all_tests(curl_tree):
    data = Path(curl_tree) / "tests" / "data"
    tests = {}
    for p in data.glob("test[0-9]*"):
        if p.name[4:].isdigit():
            t = read_test(p)
            tests[t.number] = t
    return tests


def select(curl_tree):
    """The suite: every test of curl's tree chosen by its own metadata, DISABLED excluded."""
    tests = all_tests(curl_tree)
    disabled = disabled_tests(Path(curl_tree) / "tests" / "data")
    return {n: t for n, t in sorted(tests.items())
            if n not in disabled and why_not_selected(t) is None}
