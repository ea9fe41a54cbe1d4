/* Scenario: how a Location value becomes the next URL (followed) or CURLINFO_REDIRECT_URL
 * (not followed): spaces before '?' as %20 and after it as '+', 8-bit bytes %-encoded in
 * lower case, an unparsable absolute target reported as it came, a parsable one normalized
 * (curl tests 40, 1270, 1518). */
#include <stdio.h>
#include <string.h>

#include "trace.h"

/* REDIRECT_URL with bytes >= 0x80 shown as \xNN, so the trace stays ASCII. */
static void print_redirect_url(CURL *h) {
  char *v = NULL;
  CURLcode rc = curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &v);
  if (rc != CURLE_OK || !v) {
    trace_line("info REDIRECT_URL rc=%d %s", (int)rc, v ? "" : "(null)");
    return;
  }
  char out[1024];
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)v; *p && n + 5 < sizeof out; ++p) {
    if (*p >= 0x80 || *p < 0x20)
      n += (size_t)snprintf(out + n, sizeof out - n, "\\x%02x", *p);
    else
      out[n++] = (char)*p;
  }
  out[n] = 0;
  trace_line("info REDIRECT_URL=\"%s\"", out);
}

static void follow(CURL *h, const char *label, const char *path_and_query, long maxredirs) {
  struct trace_xfer x;
  trace_xfer_init(&x, 1);
  x.keep_body = 1;
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path_and_query));
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, maxredirs);
  CURLcode rc = curl_easy_perform(h);
  trace_code(label, rc);
  if (rc == CURLE_OK) trace_xfer_print_body_text(label, &x);
  INFO_LONG(h, REDIRECT_COUNT);
  INFO_STR(h, EFFECTIVE_URL);
  print_redirect_url(h);
  trace_xfer_free(&x);
}

static void nofollow(CURL *h, const char *label, const char *location_encoded) {
  struct trace_xfer x;
  trace_xfer_init(&x, 1);
  trace_xfer_attach(h, &x);
  char path[1024];
  snprintf(path, sizeof path, "/d/e/f?status=302&location=%s", location_encoded);
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  trace_code(label, curl_easy_perform(h));
  print_redirect_url(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL *h = curl_easy_init();
  char q[1024];

  /* Followed: relative with spaces in the query and trailing blanks (curl test 40). */
  follow(h, "relative query",
         "/a/b/c?status=302&location=../e%3Fecho%3D1%26name%3Dd%20a%20niel%26t%3D/x%20%20", -1);
  /* Followed: spaces both in the path and in the query. */
  follow(h, "path and query", "/a/b?status=302&location=/e%20x%3Fecho%3D1%26q%3Da%20b", -1);
  /* Followed: an absolute target with spaces. */
  snprintf(q, sizeof q,
           "/a?status=302&location=http%%3A%%2F%%2F127.0.0.1%%3A%d%%2Fe%%20y%%3Fecho%%3D1%%26q%%3Dc%%20d",
           trace_port());
  follow(h, "absolute", q, -1);
  /* Followed: 8-bit bytes. */
  follow(h, "eight bit", "/a?status=302&location=/%C3%A9%3Fecho%3D1%26v%3D%C3%A9", -1);
  /* Not followed because of MAXREDIRS: REDIRECT_URL is the would-be target. */
  follow(h, "maxredirs relative", "/a/b?status=302&location=m%20x%3Fy%20z", 0);
  follow(h, "maxredirs absolute", "/a/b?status=302&location=http%3A%2F%2Fh.example%2Fm%20x", 0);

  /* Not followed at all: CURLINFO_REDIRECT_URL. */
  nofollow(h, "relative spaces", "/r%20x%3Fa%20b");
  nofollow(h, "relative dots", "../g/./h/../i%3Fj");
  nofollow(h, "relative query only", "%3Fonly%20q");
  nofollow(h, "relative eight bit", "%C3%A9%20x");
  nofollow(h, "space in host", "http%3A%2F%2F1.2%20.4.5%2Ftest");
  nofollow(h, "space in path", "http%3A%2F%2Fh.example%2Fa%20b%3Fc");
  nofollow(h, "space in query", "http%3A%2F%2Fh.example%2Fa%3Fc%20d");
  nofollow(h, "empty path", "https%3A%2F%2Fmoo.moo.moo");
  nofollow(h, "empty path with query", "https%3A%2F%2Fmoo.moo.moo%3Fx%3D1");
  nofollow(h, "normalized", "HTTP%3A%2F%2FExample.COM%3A80%2F%257ea%2F.%2Fb%2F..%2Fc%23frag");
  nofollow(h, "other scheme", "ftp%3A%2F%2Fexample.com");
  nofollow(h, "unknown scheme", "foo%3A%2F%2Fexample.com%2Fx");
  nofollow(h, "eight bit absolute", "http%3A%2F%2Fh.example%2F%C3%A9");
  nofollow(h, "bad port", "http%3A%2F%2Fh.example%3A99999%2F");
  nofollow(h, "scheme relative", "%2F%2Fother.example%2Fp%20q");

  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
