# pycurl (python3-pycurl, built on libcurl-gnutls) as programs use it, run by Debian's
# /usr/bin/python3: prints one "=== case" section per check.
# usage: /usr/bin/python3 client_pycurl.py PLAIN_BASE TLS_BASE CA_FILE REFUSED_URL
import hashlib
import io
import select
import sys
import time

PLAIN, TLS, CA, REFUSED = sys.argv[1:5]
UA = "pycurl-client/1"  # pycurl's default agent is curl_version(), each library's own text

print("=== pycurl-import")
try:
    import pycurl
except ImportError as e:
    # pycurl refuses a libcurl whose TLS backend is not the one it was built for (GnuTLS)
    print("ImportError: %s" % e)
    sys.exit(3)
print("imported")

# pycurl.version_info(): (age, version, version_num, host, features, ssl_version,
# ssl_version_num, libz_version, protocols, ares, ares_num, libidn)
(age, version, version_num, host, features, ssl_version, ssl_version_num, libz_version,
 protocols, ares, ares_num, libidn) = pycurl.version_info()

print("=== pycurl-version-core")
print("age: %d" % age)
print("version: %s" % version)
print("version_num: 0x%06x" % version_num)
print("host: %s" % host)
print("ssl backend: %s" % ssl_version.split("/")[0])
print("ssl_version_num: %d" % ssl_version_num)
for feature in ("SSL", "IPV6", "LIBZ", "ASYNCHDNS", "LARGEFILE", "HTTP2"):
    print("feature %s: %s" % (feature, bool(features & getattr(pycurl, "VERSION_" + feature))))
print("protocols http/https: %s %s" % ("http" in protocols, "https" in protocols))

print("=== pycurl-version-libraries")
print("ssl_version: %s" % ssl_version)
print("libz_version: %s" % libz_version)

print("=== pycurl-version-features")
names = sorted(n[8:] for n in dir(pycurl) if n.startswith("VERSION_")
               and isinstance(getattr(pycurl, n), int) and features & getattr(pycurl, n))
print("features: %s" % " ".join(names))
print("protocols: %s" % " ".join(protocols))
print("ares: %r %d" % (ares, ares_num))
print("libidn: %r" % (libidn,))

print("=== pycurl-version-string")
print(pycurl.version)


def digest(data):
    """A body as text when short and printable (the echo of a request), else its digest."""
    if len(data) <= 4096 and all(b in b"\r\n" or 32 <= b < 127 for b in data):
        return "%d bytes %r" % (len(data), data)
    return "%d bytes sha256 %s" % (len(data), hashlib.sha256(data).hexdigest()[:16])


def new_handle(url, **opts):
    """A handle that collects its body and headers; opts are pycurl option names."""
    c = pycurl.Curl()
    c.body = io.BytesIO()
    c.headers = []
    c.setopt(pycurl.URL, url)
    c.setopt(pycurl.USERAGENT, UA)
    c.setopt(pycurl.WRITEDATA, c.body)
    c.setopt(pycurl.HEADERFUNCTION, c.headers.append)
    c.setopt(pycurl.NOSIGNAL, 1)
    c.setopt(pycurl.TIMEOUT, 20)
    for name, value in opts.items():
        c.setopt(getattr(pycurl, name), value)
    return c


def show(c, headers=False):
    print("code: %d" % c.getinfo(pycurl.RESPONSE_CODE))
    print("body: %s" % digest(c.body.getvalue()))
    print("content_type: %r" % c.getinfo(pycurl.CONTENT_TYPE))
    print("redirects: %d" % c.getinfo(pycurl.REDIRECT_COUNT))
    print("effective_url: %s" % c.getinfo(pycurl.EFFECTIVE_URL))
    print("size_download: %d" % c.getinfo(pycurl.SIZE_DOWNLOAD))
    if headers:
        for line in c.headers:
            print("header: %r" % line)


def easy(title, url, show_headers=False, **opts):
    print("=== pycurl-" + title)
    c = new_handle(url, **opts)
    try:
        c.perform()
        print("perform: ok")
    except pycurl.error as e:
        print("pycurl.error %d" % e.args[0])
    show(c, show_headers)
    c.close()


easy("easy-get", PLAIN + "/x?size=300&hdr=X-One:1", show_headers=True)
easy("easy-post-echo", PLAIN + "/e?echo=1", POSTFIELDS="a=1&b=two")
easy("easy-follow", PLAIN + "/r?status=302&location=/x%3Fsize%3D20", FOLLOWLOCATION=1)
easy("easy-gzip", PLAIN + "/x?size=5000&gzip=1", ENCODING="gzip")

# Several transfers on one CurlMulti, driven by perform/select as pycurl's own examples do;
# results are printed per handle in the order they were added (completion order is the
# server's and the scheduler's).
MULTI = [("small", PLAIN + "/x?size=10", {}),
         ("large-chunked", PLAIN + "/x?size=300000&chunked=1&chunk=9000", {}),
         ("slow", PLAIN + "/x?size=50&delay=300", {}),
         ("not-found", PLAIN + "/x?status=404&size=7", {}),
         ("redirect", PLAIN + "/r?status=301&location=/x%3Fsize%3D33", {"FOLLOWLOCATION": 1}),
         ("post", PLAIN + "/e?echo=1", {"POSTFIELDS": "k=v" * 1000}),
         ("tls", TLS + "/x?size=4000", {"CAINFO": CA}),
         ("refused", REFUSED, {}),
         ("timeout", PLAIN + "/x?size=5&delay=5000", {"TIMEOUT_MS": 400})]


def multi_results(handles, finished):
    for c in handles:
        errno, _message = finished.get(c.tag, ("not finished", ""))
        print("--- %s" % c.tag)
        print("result: %s" % errno)
        show(c)


def run_perform_select(m, handles, limit=30):
    finished = {}
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        while True:
            ret, running = m.perform()
            if ret != pycurl.E_CALL_MULTI_PERFORM:
                break
        while True:
            queued, ok, failed = m.info_read()
            for c in ok:
                finished[c.tag] = (0, "")
            for c, errno, message in failed:
                finished[c.tag] = (errno, message)
            if not queued:
                break
        if running == 0:
            break
        m.select(0.5)
    return finished


print("=== pycurl-multi")
m = pycurl.CurlMulti()
handles = []
for tag, url, opts in MULTI:
    c = new_handle(url, **opts)
    c.tag = tag
    handles.append(c)
    m.add_handle(c)
finished = run_perform_select(m, handles)
print("finished: %d of %d" % (len(finished), len(handles)))
multi_results(handles, finished)
for c in handles:
    m.remove_handle(c)
    c.close()
m.close()

# The event-driven way (tornado and others): SOCKETFUNCTION and TIMERFUNCTION tell the
# program what to wait for, socket_action reports what happened.
print("=== pycurl-multi-socket")
m = pycurl.CurlMulti()
watched = {}
timer = [None]


def on_socket(event, fd, _multi, _data):
    if event == pycurl.POLL_REMOVE:
        watched.pop(fd, None)
    else:
        watched[fd] = event


def on_timer(ms):
    timer[0] = None if ms < 0 else time.monotonic() + ms / 1000.0


m.setopt(pycurl.M_SOCKETFUNCTION, on_socket)
m.setopt(pycurl.M_TIMERFUNCTION, on_timer)
handles = []
for tag, url, opts in MULTI[:6]:
    c = new_handle(url, **opts)
    c.tag = tag
    handles.append(c)
    m.add_handle(c)
finished = {}
running = len(handles)
deadline = time.monotonic() + 30
while running and time.monotonic() < deadline:
    now = time.monotonic()
    wait = 0.5 if timer[0] is None else max(0.0, min(0.5, timer[0] - now))
    rd = [fd for fd, ev in watched.items() if ev in (pycurl.POLL_IN, pycurl.POLL_INOUT)]
    wr = [fd for fd, ev in watched.items() if ev in (pycurl.POLL_OUT, pycurl.POLL_INOUT)]
    if rd or wr:
        r, w, _ = select.select(rd, wr, [], wait)
    else:
        time.sleep(wait)
        r, w = [], []
    events = {}
    for fd in r:
        events[fd] = events.get(fd, 0) | pycurl.CSELECT_IN
    for fd in w:
        events[fd] = events.get(fd, 0) | pycurl.CSELECT_OUT
    for fd, ev in events.items():
        _, running = m.socket_action(fd, ev)
    if timer[0] is not None and time.monotonic() >= timer[0]:
        timer[0] = None
        _, running = m.socket_action(pycurl.SOCKET_TIMEOUT, 0)
    while True:
        queued, ok, failed = m.info_read()
        for c in ok:
            finished[c.tag] = (0, "")
        for c, errno, message in failed:
            finished[c.tag] = (errno, message)
        if not queued:
            break
print("finished: %d of %d" % (len(finished), len(handles)))
multi_results(handles, finished)
for c in handles:
    m.remove_handle(c)
    c.close()
m.close()

# HTTPS to the test server: the test CA by CAINFO; without it the CA is unknown (60).
print("=== pycurl-https-cainfo")
c = new_handle(TLS + "/x?size=64", CAINFO=CA)
try:
    c.perform()
    print("perform: ok")
except pycurl.error as e:
    print("pycurl.error %d" % e.args[0])
show(c)
print("ssl_verifyresult: %d" % c.getinfo(pycurl.SSL_VERIFYRESULT))
c.close()

print("=== pycurl-https-unknown-ca")
c = new_handle(TLS + "/x?size=64")
messages = []
try:
    c.perform()
    print("perform: ok (the certificate should not have been trusted)")
except pycurl.error as e:
    print("pycurl.error %d" % e.args[0])
    messages.append(e.args[1])
print("code: %d" % c.getinfo(pycurl.RESPONSE_CODE))
c.close()

print("=== pycurl-https-wrong-ca-file")
c = new_handle(TLS + "/x?size=64", CAINFO="/nonexistent/ca.pem")
try:
    c.perform()
    print("perform: ok (the certificate should not have been trusted)")
except pycurl.error as e:
    print("pycurl.error %d" % e.args[0])
    messages.append(e.args[1])
c.close()

print("=== pycurl-refused")
c = new_handle(REFUSED)
try:
    c.perform()
    print("perform: ok")
except pycurl.error as e:
    print("pycurl.error %d" % e.args[0])
    messages.append(e.args[1])
c.close()

# the libraries' error texts (pycurl.error's second item, CURLOPT_ERRORBUFFER)
print("=== pycurl-error-messages")
for text in messages:
    print(text)
