/* Scenario: the cookie engine (COOKIEFILE ""): a Set-Cookie is sent back on the next request;
   host-only and Domain= cookies, Path= and the default path, Secure (accepted only from a
   secure origin, which includes http://127.0.0.1 but not a plain host name), Max-Age=0 and a
   past Expires delete, foreign and too-wide domains refused (public suffixes included), __Secure-/__Host- prefixes,
   attribute parsing edges, cookies across redirects between host names, CURLOPT_COOKIE with and
   without the engine, an application "Cookie:" header beside the engine, and the order of
   several cookies in the Cookie: line, and the size limits (cookies taken from one response,
   the length of a cookie and of a Set-Cookie line, the length of the request head the Cookie:
   line may grow to). Every request head leaving the client is read through
   the debug callback (HEADER_OUT) and only its request line and Cookie: lines are printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trace.h"

static const char *const kHosts[] = {"cookie.test", "www.cookie.test", "sub.cookie.test",
                                     "a.www.cookie.test", "other.test", "a.test", "b.test",
                                     "www.shop.co.uk", "shop.co.uk", "other.co.uk", "a.github.io",
                                     "b.github.io", NULL};
static struct curl_slist *resolve_list;
/* Set around fetches whose whole head matters (where the Cookie: line sits among the others). */
static int show_every_line;

struct out_heads {
  char *buf;
  size_t len, cap;
};

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  struct out_heads *o = userdata;
  if (type != CURLINFO_HEADER_OUT) return 0;
  if (o->len + size + 1 > o->cap) {
    size_t want = o->cap ? o->cap * 2 : 1024;
    while (want < o->len + size + 1) want *= 2;
    o->buf = realloc(o->buf, want);
    if (!o->buf) abort();
    o->cap = want;
  }
  memcpy(o->buf + o->len, data, size);
  o->len += size;
  o->buf[o->len] = '\0';
  return 0;
}

static int starts_with_ci(const char *s, size_t n, const char *prefix) {
  size_t p = strlen(prefix);
  return n >= p && strncasecmp(s, prefix, p) == 0;
}

/* A long Cookie: line as its length and the cookie names in it, in order. */
static void print_long_cookie_line(const char *label, const char *line, size_t n) {
  char names[4096];
  size_t used = 0;
  size_t i = strlen("Cookie:");
  while (i < n) {
    while (i < n && (line[i] == ' ' || line[i] == ';')) i++;
    size_t start = i;
    while (i < n && line[i] != '=' && line[i] != ';') i++;
    if (i > start && used + (i - start) + 2 < sizeof names) {
      if (used) names[used++] = ',';
      memcpy(names + used, line + start, i - start);
      used += i - start;
    }
    while (i < n && line[i] != ';') i++;
  }
  names[used] = '\0';
  trace_line("%s: >   Cookie: (%zu bytes) names=%s", label, n, names);
}

/* Prints the request line of every head sent and the Cookie: lines under it. */
static void print_heads(const char *label, const struct out_heads *o) {
  int at_start = 1;
  size_t i = 0;
  while (o->buf && i < o->len) {
    size_t end = i;
    while (end < o->len && o->buf[end] != '\n') end++;
    size_t n = end - i;
    if (n && o->buf[i + n - 1] == '\r') n--;
    if (n == 0) {
      at_start = 1;
    } else if (at_start && n > 200) {
      trace_line("%s: > %.60s... (%zu bytes)", label, o->buf + i, n);
      at_start = 0;
    } else if (at_start) {
      trace_line("%s: > %.*s", label, (int)n, o->buf + i);
      at_start = 0;
    } else if (starts_with_ci(o->buf + i, n, "Cookie:") && n > 300) {
      print_long_cookie_line(label, o->buf + i, n);
    } else if (show_every_line || starts_with_ci(o->buf + i, n, "Cookie:")) {
      trace_line("%s: >   %.*s", label, (int)n, o->buf + i);
    }
    i = end + 1;
  }
}

static const char *host_url(const char *host, const char *path) {
  static char ring[4][16384];
  static int next;
  char *out = ring[next];
  next = (next + 1) % 4;
  snprintf(out, sizeof ring[0], "http://%s:%d%s", host, trace_port(), path);
  return out;
}

/* A handle with the engine on (engine != 0), the name mapping and the debug capture. */
static CURL *new_handle(int engine) {
  CURL *h = curl_easy_init();
  if (!h) exit(1);
  if (engine) curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
  curl_easy_setopt(h, CURLOPT_RESOLVE, resolve_list);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  return h;
}

/* One perform: the heads sent, the result, the response code. */
static void fetch(CURL *h, const char *label, const char *url) {
  struct trace_xfer x;
  struct out_heads o = {NULL, 0, 0};
  trace_xfer_init(&x, 0);
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &o);
  curl_easy_setopt(h, CURLOPT_URL, url);
  CURLcode rc = curl_easy_perform(h);
  long code = -1;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  print_heads(label, &o);
  trace_line("%s: result %d %s code %ld", label, (int)rc, trace_code_name(rc), code);
  free(o.buf);
  trace_xfer_free(&x);
}

static void basics(void) {
  CURL *h = new_handle(1);
  fetch(h, "basic-set", trace_url("/x?hdr=Set-Cookie:%20a%3D1"));
  show_every_line = 1;
  fetch(h, "basic-sent", trace_url("/y"));
  show_every_line = 0;
  fetch(h, "basic-replace", trace_url("/x?hdr=Set-Cookie:%20a%3D2"));
  fetch(h, "basic-sent2", trace_url("/y"));
  /* Two Set-Cookie lines in one response, then one more in the next. */
  fetch(h, "basic-two", trace_url("/x?hdr=Set-Cookie:%20b%3D2&hdr=Set-Cookie:%20c%3D3"));
  fetch(h, "basic-three", trace_url("/y"));
  /* The same name under another host is another cookie; 127.0.0.1 keeps its own. */
  fetch(h, "basic-host", host_url("www.cookie.test", "/y"));
  curl_easy_cleanup(h);

  /* Without the engine a Set-Cookie is ignored. */
  h = new_handle(0);
  fetch(h, "noengine-set", trace_url("/x?hdr=Set-Cookie:%20a%3D1"));
  fetch(h, "noengine-next", trace_url("/y"));
  curl_easy_cleanup(h);
}

static void paths(void) {
  CURL *h = new_handle(1);
  /* Default path: the request path up to (not including) its last slash. */
  fetch(h, "path-set-default", trace_url("/dir/sub/set?hdr=Set-Cookie:%20dp%3D1"));
  fetch(h, "path-set-dir", trace_url("/x?hdr=Set-Cookie:%20pp%3D1%3B%20Path%3D/dir"));
  fetch(h, "path-set-root", trace_url("/dir/sub/set?hdr=Set-Cookie:%20rp%3D1%3B%20Path%3D/"));
  fetch(h, "path-set-slash", trace_url("/x?hdr=Set-Cookie:%20ts%3D1%3B%20Path%3D/dir/sub/"));
  fetch(h, "path-set-relative", trace_url("/q/r/s?hdr=Set-Cookie:%20rel%3D1%3B%20Path%3Dnoslash"));
  fetch(h, "path-set-deep", trace_url("/x?hdr=Set-Cookie:%20deep%3D1%3B%20Path%3D/dir/sub/deeper"));
  fetch(h, "path-set-toplevel", trace_url("/top?hdr=Set-Cookie:%20tl%3D1"));
  fetch(h, "path-dir-sub-x", trace_url("/dir/sub/x"));
  fetch(h, "path-dir-sub", trace_url("/dir/sub"));
  fetch(h, "path-dir-sub-slash", trace_url("/dir/sub/"));
  fetch(h, "path-dir-subway", trace_url("/dir/subway"));
  fetch(h, "path-dir", trace_url("/dir"));
  fetch(h, "path-dirx", trace_url("/dirx"));
  fetch(h, "path-upper", trace_url("/DIR/sub/x"));
  fetch(h, "path-deeper", trace_url("/dir/sub/deeper/y"));
  fetch(h, "path-q", trace_url("/q/r/t"));
  fetch(h, "path-root", trace_url("/"));
  curl_easy_cleanup(h);
}

static void domains(void) {
  CURL *h = new_handle(1);
  fetch(h, "dom-set-host", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20host%3D1"));
  fetch(h, "dom-set-parent", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20dom%3D1%3B%20Domain%3Dcookie.test"));
  fetch(h, "dom-set-dot", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20dot%3D1%3B%20Domain%3D.cookie.test"));
  fetch(h, "dom-set-self-case", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20self%3D1%3B%20domain%3DWWW.Cookie.TEST"));
  fetch(h, "dom-set-foreign", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20foreign%3D1%3B%20Domain%3Dother.test"));
  fetch(h, "dom-set-sibling", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20sib%3D1%3B%20Domain%3Dsub.cookie.test"));
  fetch(h, "dom-set-child", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20child%3D1%3B%20Domain%3Da.www.cookie.test"));
  fetch(h, "dom-set-tld", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20tld%3D1%3B%20Domain%3Dtest"));
  fetch(h, "dom-set-suffix", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20suffix%3D1%3B%20Domain%3Dkie.test"));
  fetch(h, "dom-set-empty", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20empty%3D1%3B%20Domain%3D"));
  fetch(h, "dom-www", host_url("www.cookie.test", "/y"));
  fetch(h, "dom-www-upper", host_url("WWW.COOKIE.TEST", "/y"));
  fetch(h, "dom-sub", host_url("sub.cookie.test", "/y"));
  fetch(h, "dom-parent", host_url("cookie.test", "/y"));
  fetch(h, "dom-child", host_url("a.www.cookie.test", "/y"));
  fetch(h, "dom-other", host_url("other.test", "/y"));
  fetch(h, "dom-ip", trace_url("/y"));
  /* A Domain= on an IP address host. */
  fetch(h, "dom-ip-set", trace_url("/x?hdr=Set-Cookie:%20ipd%3D1%3B%20Domain%3D127.0.0.1"));
  fetch(h, "dom-ip-set-other", trace_url("/x?hdr=Set-Cookie:%20ipo%3D1%3B%20Domain%3Dcookie.test"));
  fetch(h, "dom-ip-after", trace_url("/y"));
  fetch(h, "dom-parent-after", host_url("cookie.test", "/y"));
  curl_easy_cleanup(h);

  /* The public suffix list: a Domain= that names a public suffix is refused. */
  h = new_handle(1);
  fetch(h, "psl-set",
        host_url("www.shop.co.uk",
                 "/x?hdr=Set-Cookie:%20reg%3D1%3B%20Domain%3Dshop.co.uk"
                 "&hdr=Set-Cookie:%20suffix%3D1%3B%20Domain%3Dco.uk"
                 "&hdr=Set-Cookie:%20tld%3D1%3B%20Domain%3Duk"));
  fetch(h, "psl-shop", host_url("shop.co.uk", "/y"));
  fetch(h, "psl-other", host_url("other.co.uk", "/y"));
  fetch(h, "psl-private-set", host_url("a.github.io", "/x?hdr=Set-Cookie:%20gh%3D1%3B%20Domain%3Dgithub.io"));
  fetch(h, "psl-private-sibling", host_url("b.github.io", "/y"));
  fetch(h, "psl-private-self", host_url("a.github.io", "/y"));
  curl_easy_cleanup(h);
}

static void secure_and_prefixes(void) {
  CURL *h = new_handle(1);
  fetch(h, "sec-set-name", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20sn%3D1%3B%20Secure"));
  fetch(h, "sec-set-plain", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20pn%3D1"));
  fetch(h, "sec-name", host_url("www.cookie.test", "/y"));
  fetch(h, "sec-set-ip", trace_url("/x?hdr=Set-Cookie:%20si%3D1%3B%20secure&hdr=Set-Cookie:%20pi%3D1"));
  fetch(h, "sec-ip", trace_url("/y"));
  fetch(h, "sec-localhost-set", host_url("localhost", "/x?hdr=Set-Cookie:%20sl%3D1%3B%20Secure"));
  fetch(h, "sec-localhost", host_url("localhost", "/y"));
  /* A plain cookie may not replace a Secure one from an insecure origin. */
  fetch(h, "sec-overwrite-ip", trace_url("/x?hdr=Set-Cookie:%20si%3D2"));
  fetch(h, "sec-ip-after", trace_url("/y"));
  /* __Secure- needs the Secure attribute; __Host- also Path=/ and no Domain=. */
  fetch(h, "prefix-set-ip",
        trace_url("/x?hdr=Set-Cookie:%20__Secure-a%3D1%3B%20Secure"
                  "&hdr=Set-Cookie:%20__Secure-b%3D1"
                  "&hdr=Set-Cookie:%20__Host-c%3D1%3B%20Secure%3B%20Path%3D/"
                  "&hdr=Set-Cookie:%20__Host-d%3D1%3B%20Secure"
                  "&hdr=Set-Cookie:%20__Host-e%3D1%3B%20Secure%3B%20Path%3D/%3B%20Domain%3D127.0.0.1"
                  "&hdr=Set-Cookie:%20__Host-f%3D1%3B%20Path%3D/"
                  "&hdr=Set-Cookie:%20__host-g%3D1%3B%20Path%3D/"));
  fetch(h, "prefix-ip", trace_url("/y"));
  /* The prefixes are matched without regard to case. */
  fetch(h, "prefix-case-set",
        trace_url("/x?hdr=Set-Cookie:%20__host-h%3D1%3B%20Secure%3B%20Path%3D/"
                  "&hdr=Set-Cookie:%20__SECURE-i%3D1"
                  "&hdr=Set-Cookie:%20__secure-j%3D1%3B%20Secure"));
  fetch(h, "prefix-case", trace_url("/y"));
  fetch(h, "prefix-set-name",
        host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20__Secure-n%3D1%3B%20Secure"
                                    "&hdr=Set-Cookie:%20__Host-m%3D1%3B%20Secure%3B%20Path%3D/"));
  fetch(h, "prefix-name", host_url("www.cookie.test", "/y"));
  curl_easy_cleanup(h);
}

static void expiry(void) {
  CURL *h = new_handle(1);
  fetch(h, "exp-set",
        trace_url("/x?hdr=Set-Cookie:%20m%3D1"
                  "&hdr=Set-Cookie:%20e%3D1"
                  "&hdr=Set-Cookie:%20f%3D1%3B%20Expires%3DFri,%2001%20Jan%202038%2000:00:00%20GMT"
                  "&hdr=Set-Cookie:%20g%3D1%3B%20Max-Age%3D3600"
                  "&hdr=Set-Cookie:%20p%3D1%3B%20Path%3D/p"));
  fetch(h, "exp-all", trace_url("/p/y"));
  fetch(h, "exp-maxage0", trace_url("/x?hdr=Set-Cookie:%20m%3D%3B%20Max-Age%3D0"));
  fetch(h, "exp-after-maxage0", trace_url("/p/y"));
  fetch(h, "exp-past", trace_url("/x?hdr=Set-Cookie:%20e%3Dgone%3B%20Expires%3DThu,%2001%20Jan%201970%2000:00:01%20GMT"));
  fetch(h, "exp-after-past", trace_url("/p/y"));
  fetch(h, "exp-negative", trace_url("/x?hdr=Set-Cookie:%20g%3D%3B%20Max-Age%3D-5"));
  fetch(h, "exp-after-negative", trace_url("/p/y"));
  /* A delete must match the path: this one names another path and leaves p alone. */
  fetch(h, "exp-wrong-path", trace_url("/x?hdr=Set-Cookie:%20p%3D%3B%20Max-Age%3D0%3B%20Path%3D/"));
  fetch(h, "exp-after-wrong-path", trace_url("/p/y"));
  fetch(h, "exp-right-path", trace_url("/x?hdr=Set-Cookie:%20p%3D%3B%20Max-Age%3D0%3B%20Path%3D/p"));
  fetch(h, "exp-after-right-path", trace_url("/p/y"));
  /* Max-Age wins over Expires when both are given (in either order). */
  fetch(h, "exp-both",
        trace_url("/x?hdr=Set-Cookie:%20bm%3D1%3B%20Expires%3DThu,%2001%20Jan%201970%2000:00:01%20GMT%3B%20Max-Age%3D600"
                  "&hdr=Set-Cookie:%20bn%3D1%3B%20Max-Age%3D0%3B%20Expires%3DFri,%2001%20Jan%202038%2000:00:00%20GMT"));
  fetch(h, "exp-after-both", trace_url("/p/y"));
  /* A past-dated cookie never stored is simply not there. */
  fetch(h, "exp-new-past", trace_url("/x?hdr=Set-Cookie:%20np%3D1%3B%20Max-Age%3D0"));
  fetch(h, "exp-after-new-past", trace_url("/p/y"));
  curl_easy_cleanup(h);
}

static void parsing(void) {
  CURL *h = new_handle(1);
  fetch(h, "parse-set",
        trace_url("/x?hdr=Set-Cookie:%20%20sp%20%20%3D%20%20v%20a%20l%20%20%3B%20path%3D/"
                  "&hdr=Set-Cookie:%20q%3D%22quoted%20value%22"
                  "&hdr=Set-Cookie:%20ev%3D"
                  "&hdr=Set-Cookie:%20noequals"
                  "&hdr=Set-Cookie:%20%3Dnoname"
                  "&hdr=Set-Cookie:%20ho%3D1%3B%20HttpOnly%3B%20unknown%3Dattr%3B%20SameSite%3DStrict"
                  "&hdr=Set-Cookie:%20eq%3Da%3Db%3Dc"
                  "&hdr=SET-COOKIE:%20upper%3D1"
                  "&hdr=Set-Cookie:%20tab%3D1%09%3B%09Path%3D/"
                  "&hdr=Set-Cookie:%20semi%3D1%3B%3B%3B"));
  fetch(h, "parse-sent", trace_url("/y"));
  curl_easy_cleanup(h);
}

static void redirects(void) {
  CURL *h = new_handle(1);
  char path[512];
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  /* a.test sets a cookie and sends the client to b.test, which must not get it. */
  snprintf(path, sizeof path,
           "/r1?status=302&hdr=Set-Cookie:%%20ra%%3D1&location=http://b.test:%d/land",
           trace_port());
  fetch(h, "redir-a-to-b", host_url("a.test", path));
  /* b.test sets its own, then sends the client back to a.test: only ra goes there. */
  snprintf(path, sizeof path,
           "/r2?status=302&hdr=Set-Cookie:%%20rb%%3D1&hdr=Set-Cookie:%%20rx%%3D1%%3B%%20Domain%%3Da.test"
           "&location=http://a.test:%d/land%%3Fhdr%%3DSet-Cookie:%%2520rc%%253D1",
           trace_port());
  fetch(h, "redir-b-to-a", host_url("b.test", path));
  fetch(h, "redir-a-after", host_url("a.test", "/y"));
  fetch(h, "redir-b-after", host_url("b.test", "/y"));
  /* A relative redirect on the same host carries the cookie set in the 302 itself. */
  fetch(h, "redir-same-host", host_url("a.test", "/r3?status=301&hdr=Set-Cookie:%20rs%3D1%3B%20Path%3D/land&location=/land/z"));
  curl_easy_cleanup(h);
}

static void option_cookie(void) {
  struct curl_slist *hdr;
  /* CURLOPT_COOKIE alone: sent as given, the engine stays off. */
  CURL *h = new_handle(0);
  trace_code("COOKIE", curl_easy_setopt(h, CURLOPT_COOKIE, "k=v; k2=v2"));
  fetch(h, "opt-alone", trace_url("/x?hdr=Set-Cookie:%20srv%3D1"));
  fetch(h, "opt-alone-next", trace_url("/y"));
  trace_code("COOKIE trailing", curl_easy_setopt(h, CURLOPT_COOKIE, "t=1;"));
  fetch(h, "opt-trailing", trace_url("/y"));
  trace_code("COOKIE empty", curl_easy_setopt(h, CURLOPT_COOKIE, ""));
  fetch(h, "opt-empty", trace_url("/y"));
  trace_code("COOKIE NULL", curl_easy_setopt(h, CURLOPT_COOKIE, NULL));
  fetch(h, "opt-null", trace_url("/y"));
  curl_easy_cleanup(h);

  /* Engine and option together, a name held by both. */
  h = new_handle(1);
  curl_easy_setopt(h, CURLOPT_COOKIE, "opt=1; a=option");
  fetch(h, "opt-jar-set", trace_url("/x?hdr=Set-Cookie:%20a%3Djar&hdr=Set-Cookie:%20j%3D1%3B%20Path%3D/deep"));
  show_every_line = 1;
  fetch(h, "opt-jar", trace_url("/deep/y"));
  /* The application's own Cookie: header beside the engine and the option. */
  hdr = curl_slist_append(NULL, "Cookie: mine=1");
  hdr = curl_slist_append(hdr, "X-After: 1");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
  fetch(h, "opt-jar-header", trace_url("/deep/y"));
  curl_easy_setopt(h, CURLOPT_COOKIE, NULL);
  fetch(h, "jar-header", trace_url("/deep/y"));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
  curl_slist_free_all(hdr);
  /* A header that removes Cookie: ("Cookie:" with nothing) beside the engine. */
  hdr = curl_slist_append(NULL, "Cookie:");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
  curl_easy_setopt(h, CURLOPT_COOKIE, "opt=2");
  fetch(h, "jar-header-removed", trace_url("/deep/y"));
  show_every_line = 0;
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
  curl_slist_free_all(hdr);
  curl_easy_cleanup(h);

  /* The option's cookie goes with every hop of a redirect, to any host. */
  h = new_handle(0);
  char path[256];
  snprintf(path, sizeof path, "/r?status=302&location=http://b.test:%d/land", trace_port());
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_COOKIE, "travel=1");
  fetch(h, "opt-redirect", host_url("a.test", path));
  curl_easy_cleanup(h);
}

static void ordering(void) {
  CURL *h = new_handle(1);
  /* Different path lengths, set shortest first; then equal paths with different domain
     lengths, name lengths, and equal everything but the order of arrival. */
  fetch(h, "order-set-paths",
        host_url("www.cookie.test",
                 "/x?hdr=Set-Cookie:%20p1%3D1%3B%20Path%3D/"
                 "&hdr=Set-Cookie:%20p3%3D1%3B%20Path%3D/aa/bb"
                 "&hdr=Set-Cookie:%20p2%3D1%3B%20Path%3D/aa"
                 "&hdr=Set-Cookie:%20p4%3D1%3B%20Path%3D/aa/bb/cc"));
  fetch(h, "order-set-domains",
        host_url("www.cookie.test",
                 "/x?hdr=Set-Cookie:%20d2%3D1%3B%20Path%3D/aa/bb"
                 "&hdr=Set-Cookie:%20d1%3D1%3B%20Path%3D/aa/bb%3B%20Domain%3Dcookie.test"));
  fetch(h, "order-set-names",
        host_url("www.cookie.test",
                 "/x?hdr=Set-Cookie:%20n%3D1%3B%20Path%3D/aa"
                 "&hdr=Set-Cookie:%20nnn%3D1%3B%20Path%3D/aa"
                 "&hdr=Set-Cookie:%20nn%3D1%3B%20Path%3D/aa"));
  fetch(h, "order-set-arrival1", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20zz%3D1%3B%20Path%3D/aa/bb/cc"));
  fetch(h, "order-set-arrival2", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20aa%3D1%3B%20Path%3D/aa/bb/cc"));
  fetch(h, "order-set-arrival3", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20mm%3D1%3B%20Path%3D/aa/bb/cc"));
  fetch(h, "order", host_url("www.cookie.test", "/aa/bb/cc/x"));
  /* Replacing a cookie keeps or changes its place? */
  fetch(h, "order-replace", host_url("www.cookie.test", "/x?hdr=Set-Cookie:%20zz%3D2%3B%20Path%3D/aa/bb/cc"));
  fetch(h, "order-after-replace", host_url("www.cookie.test", "/aa/bb/cc/x"));
  curl_easy_cleanup(h);
}

/* The engine's limits: Set-Cookie lines taken from one response, the size of a cookie, the
   length of the Cookie: line sent. */
static void limits(void) {
  static char path[12000];
  CURL *h = new_handle(1);
  size_t n = (size_t)snprintf(path, sizeof path, "/x?");
  for (int i = 0; i < 55; i++)
    n += (size_t)snprintf(path + n, sizeof path - n, "%shdr=Set-Cookie:%%20c%02d%%3D1", i ? "&" : "", i);
  fetch(h, "limit-55-set", host_url("127.0.0.1", path));
  fetch(h, "limit-55", trace_url("/y"));
  /* The limit is per request: the same handle's next responses are taken again. */
  fetch(h, "limit-next-set", host_url("127.0.0.1", "/x?hdr=Set-Cookie:%20d00%3D1&hdr=Set-Cookie:%20d01%3D1"));
  fetch(h, "limit-next", host_url("127.0.0.1", "/x?hdr=Set-Cookie:%20d02%3D1"));
  fetch(h, "limit-next-sent", trace_url("/y"));
  curl_easy_cleanup(h);

  /* Name and value together (the '=' not counted) of 4094..4097 bytes, and a Set-Cookie value
     (the text after "Set-Cookie: ", attributes included) of 4997 and 4998 bytes. Each on its
     own handle, read back with a short request. */
  static const int sizes[] = {4094, 4095, 4096, 4097};
  for (int k = 0; k < (int)(sizeof sizes / sizeof sizes[0]); k++) {
    char label[64];
    h = new_handle(1);
    n = (size_t)snprintf(path, sizeof path, "/x?hdr=Set-Cookie:%%20s%%3D");
    for (int i = 0; i < sizes[k] - 1; i++) path[n++] = 'v';
    path[n] = '\0';
    snprintf(label, sizeof label, "limit-namevalue-%d-set", sizes[k]);
    fetch(h, label, host_url("127.0.0.1", path));
    snprintf(label, sizeof label, "limit-namevalue-%d", sizes[k]);
    fetch(h, label, trace_url("/y"));
    curl_easy_cleanup(h);
  }
  static const int lines[] = {4997, 4998};
  for (int k = 0; k < (int)(sizeof lines / sizeof lines[0]); k++) {
    char label[64];
    h = new_handle(1);
    /* "ln=1; a=AAA...; b=BBB..." with exactly lines[k] bytes after "Set-Cookie: ". */
    n = (size_t)snprintf(path, sizeof path, "/x?hdr=Set-Cookie:%%20ln%%3D1%%3B%%20a%%3D");
    int fill = lines[k] - (int)strlen("ln=1; a=") - (int)strlen("; b=");
    for (int i = 0; i < fill / 2; i++) path[n++] = 'a';
    n += (size_t)snprintf(path + n, sizeof path - n, "%%3B%%20b%%3D");
    for (int i = 0; i < fill - fill / 2; i++) path[n++] = 'b';
    path[n] = '\0';
    snprintf(label, sizeof label, "limit-line-%d-set", lines[k]);
    fetch(h, label, host_url("127.0.0.1", path));
    snprintf(label, sizeof label, "limit-line-%d", lines[k]);
    fetch(h, label, trace_url("/y"));
    curl_easy_cleanup(h);
  }
  /* An attribute value over 4096 bytes: a long Path. */
  static const int plens[] = {4000, 4200};
  for (int k = 0; k < 2; k++) {
    char label[64];
    h = new_handle(1);
    n = (size_t)snprintf(path, sizeof path, "/x?hdr=Set-Cookie:%%20lp%%3D1%%3B%%20Path%%3D/");
    for (int i = 0; i < plens[k] - 1; i++) path[n++] = 'p';
    path[n] = '\0';
    snprintf(label, sizeof label, "limit-path-%d-set", plens[k]);
    fetch(h, label, host_url("127.0.0.1", path));
    n = 0;
    path[n++] = '/';
    for (int i = 0; i < plens[k] - 1; i++) path[n++] = 'p';
    path[n] = '\0';
    snprintf(label, sizeof label, "limit-path-%d", plens[k]);
    fetch(h, label, host_url("127.0.0.1", path));
    curl_easy_cleanup(h);
  }

  /* Twelve cookies of about 900 bytes: the cookies stop being added when the request head
     would pass about 8 KiB, so a long request line leaves room for fewer of them. */
  h = new_handle(1);
  for (int k = 0; k < 12; k++) {
    n = (size_t)snprintf(path, sizeof path, "/x?hdr=Set-Cookie:%%20big%02d%%3D", k);
    for (int i = 0; i < 900; i++) path[n++] = 'a' + (char)(k % 26);
    path[n] = '\0';
    char label[64];
    snprintf(label, sizeof label, "limit-big-%02d", k);
    fetch(h, label, host_url("127.0.0.1", path));
  }
  fetch(h, "limit-line", trace_url("/y"));
  curl_easy_cleanup(h);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char entry[128];
  for (int i = 0; kHosts[i]; i++) {
    snprintf(entry, sizeof entry, "%s:%d:127.0.0.1", kHosts[i], trace_port());
    resolve_list = curl_slist_append(resolve_list, entry);
  }
  snprintf(entry, sizeof entry, "localhost:%d:127.0.0.1", trace_port());
  resolve_list = curl_slist_append(resolve_list, entry);
  basics();
  paths();
  domains();
  secure_and_prefixes();
  expiry();
  parsing();
  redirects();
  option_cookie();
  ordering();
  limits();
  curl_slist_free_all(resolve_list);
  curl_global_cleanup();
  return 0;
}
