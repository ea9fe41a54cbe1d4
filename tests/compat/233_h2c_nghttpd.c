/* Scenario: cleartext HTTP/2 against a real server, nghttp2's nghttpd without TLS
   (tests/support/origins.py, kind nghttpd-h2c). nghttpd 1.52 does not implement
   "Upgrade: h2c": it sends its SETTINGS frame as soon as it accepts a connection, so
   CURL_HTTP_VERSION_2_0 on http:// (an HTTP/1.1 request asking to upgrade) reads that frame
   where an HTTP/1.1 status line belongs. The first case shows what the application gets
   from that (result, header lines, HTTP_VERSION, status). The others use
   CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE, each on a fresh handle (libcurl 7.88 fails a second
   stream joining a prior-knowledge connection, curl #10634): GET of a small file, HEAD,
   a 404, a small POST to a static file (nghttpd answers it as it does a GET). Header lines
   are printed as the application gets them, but Date. */
// origin: nghttpd-h2c
#include "h2_multi.h"

static int port;

static void print_headers(const char *label, const struct trace_xfer *x) {
  const char *p = x->headers ? x->headers : "";
  while (*p) {
    size_t n = strcspn(p, "\n");
    if (strncasecmp(p, "date:", 5) != 0) trace_line("%s: header %.*s", label, (int)n, p);
    p += n + (p[n] == '\n');
  }
}

static void once(const char *title, long version_wanted, const char *path, void (*setup)(CURL *h)) {
  trace_line("== %s", title);
  struct trace_xfer x;
  trace_xfer_init(&x, 1);
  x.keep_body = 1;
  CURL *h = curl_easy_init();
  trace_xfer_attach(h, &x);
  char url[256];
  snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, version_wanted);
  if (setup) setup(h);
  trace_code("once", curl_easy_perform(h));
  print_headers("once", &x);
  long version = -1, code = -1, connects = -1;
  curl_off_t down = -1, up = -1;
  curl_easy_getinfo(h, CURLINFO_HTTP_VERSION, &version);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
  curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &down);
  curl_easy_getinfo(h, CURLINFO_SIZE_UPLOAD_T, &up);
  trace_line("once: HTTP_VERSION=%ld RESPONSE_CODE=%ld NUM_CONNECTS=%ld", version, code, connects);
  trace_line("once: SIZE_DOWNLOAD_T=%" CURL_FORMAT_CURL_OFF_T " SIZE_UPLOAD_T=%" CURL_FORMAT_CURL_OFF_T,
             down, up);
  INFO_STR(h, CONTENT_TYPE);
  trace_xfer_print_body_text("once", &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void set_head(CURL *h) { curl_easy_setopt(h, CURLOPT_NOBODY, 1L); }

static void set_small_post(CURL *h) { curl_easy_setopt(h, CURLOPT_POSTFIELDS, "name=xfer&value=1+2"); }

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  port = trace_origin_port("NGHTTPD_H2C");
  once("2_0 (Upgrade: h2c): GET of a small file", (long)CURL_HTTP_VERSION_2_0, "/style.css", NULL);
  once("prior knowledge: GET of a small file", (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE,
       "/style.css", NULL);
  once("prior knowledge: HEAD", (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE, "/style.css", set_head);
  once("prior knowledge: 404", (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE, "/missing.txt", NULL);
  once("prior knowledge: small POST to a static file", (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE,
       "/style.css", set_small_post);
  curl_global_cleanup();
  return 0;
}
