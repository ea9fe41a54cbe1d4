/* Scenario: the URL API: parse a table of URLs with flags, read every part, set parts, resolve. */
#include "trace.h"

#include <string.h>

static const struct { CURLUPart part; const char *name; } parts[] = {
  {CURLUPART_URL, "url"}, {CURLUPART_SCHEME, "scheme"}, {CURLUPART_USER, "user"},
  {CURLUPART_PASSWORD, "password"}, {CURLUPART_OPTIONS, "options"}, {CURLUPART_HOST, "host"},
  {CURLUPART_ZONEID, "zoneid"}, {CURLUPART_PORT, "port"}, {CURLUPART_PATH, "path"},
  {CURLUPART_QUERY, "query"}, {CURLUPART_FRAGMENT, "fragment"},
};

static void get_one(CURLU *u, CURLUPart part, const char *name, unsigned int flags) {
  char *v = (char *)"untouched";
  CURLUcode rc = curl_url_get(u, part, &v, flags);
  if (rc == CURLUE_OK) {
    trace_line("  get %s/%u -> [%s]", name, flags, v ? v : "NULL");
    curl_free(v);
  } else {
    trace_line("  get %s/%u -> rc=%d %s", name, flags, (int)rc, v ? (strcmp(v, "untouched") ? "changed" : "kept") : "NULL");
  }
}

static void dump(CURLU *u) {
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    get_one(u, parts[i].part, parts[i].name, 0);
  get_one(u, CURLUPART_URL, "url", CURLU_DEFAULT_PORT);
  get_one(u, CURLUPART_URL, "url", CURLU_NO_DEFAULT_PORT);
  get_one(u, CURLUPART_PORT, "port", CURLU_DEFAULT_PORT);
  get_one(u, CURLUPART_PORT, "port", CURLU_NO_DEFAULT_PORT);
  get_one(u, CURLUPART_PATH, "path", CURLU_URLDECODE);
  get_one(u, CURLUPART_QUERY, "query", CURLU_URLDECODE);
  get_one(u, CURLUPART_USER, "user", CURLU_URLDECODE);
  get_one(u, CURLUPART_HOST, "host", CURLU_URLDECODE);
  get_one(u, CURLUPART_URL, "url", CURLU_URLENCODE);
}

static void parse_case(const char *url, unsigned int flags) {
  CURLU *u = curl_url();
  CURLUcode rc = curl_url_set(u, CURLUPART_URL, url, flags);
  trace_line("set [%s] flags=%u -> rc=%d", url, flags, (int)rc);
  if (rc == CURLUE_OK)
    dump(u);
  curl_url_cleanup(u);
}

static void relative_case(const char *base, const char *rel, unsigned int flags) {
  CURLU *u = curl_url();
  CURLUcode rc = curl_url_set(u, CURLUPART_URL, base, 0);
  CURLUcode rc2 = curl_url_set(u, CURLUPART_URL, rel, flags);
  char *v = NULL;
  CURLUcode rc3 = curl_url_get(u, CURLUPART_URL, &v, 0);
  trace_line("resolve [%s] + [%s] flags=%u -> %d %d %d [%s]", base, rel, flags, (int)rc, (int)rc2,
             (int)rc3, v ? v : "NULL");
  curl_free(v);
  curl_url_cleanup(u);
}

static void part_case(const char *base, CURLUPart part, const char *name, const char *value,
                      unsigned int flags) {
  CURLU *u = curl_url();
  if (base)
    curl_url_set(u, CURLUPART_URL, base, 0);
  CURLUcode rc = curl_url_set(u, part, value, flags);
  char *v = NULL;
  CURLUcode rc2 = curl_url_get(u, CURLUPART_URL, &v, 0);
  trace_line("setpart [%s] %s=[%s] flags=%u -> %d, url %d [%s]", base ? base : "(none)", name,
             value ? value : "NULL", flags, (int)rc, (int)rc2, v ? v : "NULL");
  curl_free(v);
  if (rc == CURLUE_OK) {
    v = NULL;
    rc2 = curl_url_get(u, part, &v, 0);
    trace_line("  getpart %s -> %d [%s]", name, (int)rc2, v ? v : "NULL");
    curl_free(v);
  }
  curl_url_cleanup(u);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  static const struct { const char *url; unsigned int flags; } cases[] = {
    {"http://example.com/", 0},
    {"https://user:pass@Example.COM:8443/a/b/../c/./d?x=1&y=2#frag", 0},
    {"HTTP://example.com", 0},
    {"http://example.com:80/", 0},
    {"http://example.com:/", 0},
    {"http://example.com:65535/", 0},
    {"http://example.com:65536/", 0},
    {"http://example.com:0/", 0},
    {"http://example.com:12ab/", 0},
    {"http://[::1]:8080/p", 0},
    {"http://[fe80::1%25eth0]/", 0},
    {"http://[fe80::1%eth0]/", 0},
    {"http://[::1/", 0},
    {"http://[0:0:0:0:0:0:0:1]/", 0},
    {"http://127.1/", 0},
    {"http://0x7f.1/", 0},
    {"http://2130706433/", 0},
    {"http://256.1.1.1/", 0},
    {"http://ex ample.com/", 0},
    {"http://example.com/pa th", 0},
    {"http://example.com/pa th", CURLU_ALLOW_SPACE},
    {"http://example.com/pa th?q r", CURLU_URLENCODE | CURLU_ALLOW_SPACE},
    {"http://example.com/a/../../b", 0},
    {"http://example.com/a/../../b", CURLU_PATH_AS_IS},
    {"example.com/path", 0},
    {"example.com/path", CURLU_DEFAULT_SCHEME},
    {"example.com/path", CURLU_GUESS_SCHEME},
    {"ftp.example.com/file", CURLU_GUESS_SCHEME},
    {"imap.example.com", CURLU_GUESS_SCHEME},
    {"foo://example.com/", 0},
    {"foo://example.com/", CURLU_NON_SUPPORT_SCHEME},
    {"http:/example.com/", 0},
    {"http:////example.com/", 0},
    {"http:///example.com/", 0},
    {"http://user@example.com/", CURLU_DISALLOW_USER},
    {"http://user:pw;opt@example.com/", 0},
    {"imap://user;AUTH=PLAIN@example.com/", 0},
    {"http://:pw@example.com/", 0},
    {"http://@example.com/", 0},
    {"http://example.com?q", 0},
    {"http://example.com#f", 0},
    {"http://example.com/?", 0},
    {"http://example.com/#", 0},
    {"http://example.com/%7Euser/%41?%42=%43#%44", 0},
    {"http://ex%41mple.com/", 0},
    {"http://example.com/\xc3\xa9", 0},
    {"http://example.com/\xc3\xa9", CURLU_URLENCODE},
    {"file:///etc/hosts", 0},
    {"file://localhost/etc/hosts", 0},
    {"file://otherhost/etc/hosts", 0},
    {"file:/etc/hosts", 0},
    {"mailto:someone@example.com", CURLU_NON_SUPPORT_SCHEME},
    {"foo:/bar", CURLU_NON_SUPPORT_SCHEME | CURLU_NO_AUTHORITY},
    {"http:///path", CURLU_NO_AUTHORITY},
    {"", 0},
    {"http://", 0},
    {"http://example.com:8080:90/", 0},
    {"http://exa\tmple.com/", 0},
    {"https://example.com:443/", 0},
    {"ftp://example.com/", 0},
    {"HTTPS://EXAMPLE.COM/UPPER", 0},
    {"http://user:p%40ss@example.com/", 0},
    {"http://example.com/path?a=b?c#d#e", 0},
    {"http://example.com.:80/", 0},
    {"http://[::ffff:127.0.0.1]/", 0},
    {"http://[1:2:3:4:5:6:7:8:9]/", 0},
    {"http://exa_mple.com/", 0},
    {"http://exa!mple.com/", 0},
    {"sftp://example.com/~/file", 0},
    {"scp://u@example.com/x", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    parse_case(cases[i].url, cases[i].flags);

  static const char *base = "http://user@example.com:8080/dir/sub/file.html?q=1#f";
  static const char *rels[] = {
    "other.html", "../up.html", "/abs/path", "//otherhost/x", "?newq", "#newfrag", "",
    "./", "../../../../too/far", "https://elsewhere.org/", "a b", "sub2/?x=y#z", "g;x",
    "..", ".", "g?y/./x", "foo://x/y", "sp ace",
  };
  for (size_t i = 0; i < sizeof rels / sizeof rels[0]; i++)
    relative_case(base, rels[i], 0);
  relative_case(base, "sp ace", CURLU_ALLOW_SPACE);
  relative_case(base, "x y", CURLU_URLENCODE);
  relative_case(base, "foo://x/y", CURLU_NON_SUPPORT_SCHEME);

  const char *b = "http://example.com/p?q=1";
  part_case(b, CURLUPART_SCHEME, "scheme", "https", 0);
  part_case(b, CURLUPART_SCHEME, "scheme", "FTP", 0);
  part_case(b, CURLUPART_SCHEME, "scheme", "foo", 0);
  part_case(b, CURLUPART_SCHEME, "scheme", "foo", CURLU_NON_SUPPORT_SCHEME);
  part_case(b, CURLUPART_SCHEME, "scheme", "1bad", CURLU_NON_SUPPORT_SCHEME);
  part_case(b, CURLUPART_SCHEME, "scheme", "", 0);
  part_case(b, CURLUPART_SCHEME, "scheme", NULL, 0);
  part_case(b, CURLUPART_HOST, "host", "other.org", 0);
  part_case(b, CURLUPART_HOST, "host", "[::1]", 0);
  part_case(b, CURLUPART_HOST, "host", "bad host", 0);
  part_case(b, CURLUPART_HOST, "host", "h%41st", 0);
  part_case(b, CURLUPART_HOST, "host", "h st", CURLU_URLENCODE);
  part_case(b, CURLUPART_HOST, "host", "a%b", 0);
  part_case(b, CURLUPART_HOST, "host", "a:b", 0);
  part_case(b, CURLUPART_HOST, "host", "a:b", CURLU_URLENCODE);
  part_case(b, CURLUPART_HOST, "host", "\xc3\xa9", CURLU_URLENCODE);
  part_case(b, CURLUPART_HOST, "host", "[::1]%", 0);
  part_case(b, CURLUPART_HOST, "host", "", 0);
  part_case(b, CURLUPART_HOST, "host", NULL, 0);
  part_case(b, CURLUPART_PORT, "port", "8080", 0);
  part_case(b, CURLUPART_PORT, "port", "80", 0);
  part_case(b, CURLUPART_PORT, "port", "0", 0);
  part_case(b, CURLUPART_PORT, "port", "65536", 0);
  part_case(b, CURLUPART_PORT, "port", "12x", 0);
  part_case(b, CURLUPART_PORT, "port", "", 0);
  part_case(b, CURLUPART_PORT, "port", NULL, 0);
  part_case(b, CURLUPART_PATH, "path", "/new path", 0);
  part_case(b, CURLUPART_PATH, "path", "/new path", CURLU_URLENCODE);
  part_case(b, CURLUPART_PATH, "path", "noslash", 0);
  part_case(b, CURLUPART_PATH, "path", "/a/../b", 0);
  part_case(b, CURLUPART_PATH, "path", "/\xc3\xa9?#", CURLU_URLENCODE);
  part_case(b, CURLUPART_PATH, "path", "", 0);
  part_case(b, CURLUPART_PATH, "path", NULL, 0);
  part_case(b, CURLUPART_QUERY, "query", "a=1&b=2", 0);
  part_case(b, CURLUPART_QUERY, "query", "a b=c d&e", CURLU_URLENCODE);
  part_case(b, CURLUPART_QUERY, "query", "name=a b&c", CURLU_APPENDQUERY | CURLU_URLENCODE);
  part_case(b, CURLUPART_QUERY, "query", "z=9", CURLU_APPENDQUERY);
  part_case("http://example.com/", CURLUPART_QUERY, "query", "z=9", CURLU_APPENDQUERY);
  part_case(b, CURLUPART_QUERY, "query", "", 0);
  part_case(b, CURLUPART_QUERY, "query", NULL, 0);
  part_case(b, CURLUPART_FRAGMENT, "fragment", "sec 1", 0);
  part_case(b, CURLUPART_FRAGMENT, "fragment", "sec 1", CURLU_URLENCODE);
  part_case(b, CURLUPART_FRAGMENT, "fragment", NULL, 0);
  part_case(b, CURLUPART_USER, "user", "us er", 0);
  part_case(b, CURLUPART_USER, "user", "us:er@", CURLU_URLENCODE);
  part_case(b, CURLUPART_PASSWORD, "password", "s3cr:t", 0);
  part_case(b, CURLUPART_PASSWORD, "password", "s3cr:t", CURLU_URLENCODE);
  part_case(b, CURLUPART_OPTIONS, "options", "AUTH=*", 0);
  part_case(b, CURLUPART_ZONEID, "zoneid", "eth0", 0);
  part_case("http://[fe80::1]/", CURLUPART_ZONEID, "zoneid", "eth0", 0);
  part_case(NULL, CURLUPART_HOST, "host", "only.host", 0);
  part_case(NULL, CURLUPART_SCHEME, "scheme", "https", 0);
  part_case(b, CURLUPART_URL, "url", NULL, 0);

  /* Building from parts on an empty handle. */
  CURLU *u = curl_url();
  curl_url_set(u, CURLUPART_SCHEME, "https", 0);
  curl_url_set(u, CURLUPART_HOST, "built.example", 0);
  curl_url_set(u, CURLUPART_PORT, "444", 0);
  curl_url_set(u, CURLUPART_PATH, "/x y", CURLU_URLENCODE);
  curl_url_set(u, CURLUPART_QUERY, "k=v w", CURLU_APPENDQUERY | CURLU_URLENCODE);
  curl_url_set(u, CURLUPART_QUERY, "k2=v2", CURLU_APPENDQUERY);
  trace_line("built:");
  dump(u);
  CURLU *d = curl_url_dup(u);
  curl_url_cleanup(u);
  trace_line("dup:");
  dump(d);
  curl_url_cleanup(d);

  /* Empty handle and argument errors. */
  u = curl_url();
  trace_line("empty:");
  dump(u);
  char *v = NULL;
  trace_line("get NULL handle -> %d", (int)curl_url_get(NULL, CURLUPART_URL, &v, 0));
  trace_line("get NULL part ptr -> %d", (int)curl_url_get(u, CURLUPART_URL, NULL, 0));
  trace_line("get bad part -> %d", (int)curl_url_get(u, (CURLUPart)99, &v, 0));
  trace_line("set NULL handle -> %d", (int)curl_url_set(NULL, CURLUPART_URL, "http://a/", 0));
  trace_line("set bad part -> %d", (int)curl_url_set(u, (CURLUPart)99, "x", 0));
  trace_line("set bad part NULL -> %d", (int)curl_url_set(u, (CURLUPart)99, NULL, 0));
  curl_url_cleanup(u);
  curl_url_cleanup(NULL);
  for (int i = 0; i <= 31; i++)
    trace_line("strerror %d %s", i, curl_url_strerror((CURLUcode)i) ? "set" : "NULL");
  curl_global_cleanup();
  return 0;
}
