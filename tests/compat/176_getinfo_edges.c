/* Scenario: getinfo values at the edges: after a failed resolve and a refused connect, after
 * a 204/304/HEAD, after the header callback aborts, after MAXREDIRS is exceeded, with
 * CURLOPT_HEADER 1 (the write callback sees the header bytes), after a 401's challenges,
 * and the socket and connection counters across keep-alive, close and FORBID_REUSE. */
// needs: dns
#include <errno.h>
#include <string.h>

#include "trace.h"

static void failed_info(CURL *h, int url_has_server_port) {
  INFO_LONG(h, RESPONSE_CODE);
  INFO_STR(h, SCHEME);
  INFO_LONG(h, PROTOCOL);
  /* A refused connect's URL names a port of its own: not printed. */
  if (url_has_server_port) INFO_STR(h, EFFECTIVE_URL);
  INFO_STR(h, EFFECTIVE_METHOD);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_STR(h, PRIMARY_IP);
  INFO_LONG(h, PRIMARY_PORT);
  INFO_STR(h, LOCAL_IP);
  INFO_LONG(h, LOCAL_PORT);
  INFO_LONG(h, HTTP_VERSION);
  INFO_LONG(h, HEADER_SIZE);
  INFO_LONG(h, REQUEST_SIZE);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  INFO_STR(h, CONTENT_TYPE);
  long err = -1;
  curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &err);
  trace_line("info OS_ERRNO: %s", err == ECONNREFUSED ? "ECONNREFUSED" : err == 0 ? "0" : "other");
  curl_socket_t s = 0;
  curl_easy_getinfo(h, CURLINFO_ACTIVESOCKET, &s);
  trace_line("info ACTIVESOCKET: %s", s == CURL_SOCKET_BAD ? "bad" : "valid");
  curl_off_t t = -1;
  curl_easy_getinfo(h, CURLINFO_NAMELOOKUP_TIME_T, &t);
  trace_line("info NAMELOOKUP_TIME_T: %s", t > 0 ? ">0" : "0");
  curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &t);
  trace_line("info CONNECT_TIME_T: %s", t > 0 ? ">0" : "0");
  /* TOTAL_TIME_T is left out: a failure within microseconds makes libcurl's 0 or not. */
}

static void failures(void) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, NULL);
  curl_easy_setopt(h, CURLOPT_URL, "http://nonexistent.invalid/");
  trace_code("resolve fails", curl_easy_perform(h));
  failed_info(h, 1);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  h = trace_easy_new(&x, 2, NULL);
  char url[128];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/", trace_free_port());
  curl_easy_setopt(h, CURLOPT_URL, url);
  trace_code("connect refused", curl_easy_perform(h));
  failed_info(h, 0);
  /* A good transfer, then a refused one on the same handle: what is left of the first. */
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/ok?text=fine"));
  trace_code("good one", curl_easy_perform(h));
  curl_easy_setopt(h, CURLOPT_URL, url);
  trace_code("refused after a good one", curl_easy_perform(h));
  failed_info(h, 0);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void bodiless(void) {
  static const char *paths[] = {"/n?status=204", "/n?status=304&text=x", "/n?status=204&hdr=Content-Length:%2010",
                                "/n?text=abcdef"};
  for (int i = 0; i < 4; i++) {
    struct trace_xfer x;
    CURL *h = trace_easy_new(&x, 1, paths[i]);
    if (i == 3) curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    trace_line("bodiless %s%s", paths[i], i == 3 ? " (HEAD)" : "");
    trace_code("  result", curl_easy_perform(h));
    INFO_LONG(h, RESPONSE_CODE);
    INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
    INFO_DBL(h, CONTENT_LENGTH_DOWNLOAD);
    INFO_OFF(h, SIZE_DOWNLOAD_T);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }
}

static int header_abort_at;
static int header_calls;
static size_t abort_header_cb(char *p, size_t s, size_t n, void *u) {
  (void)p;
  (void)u;
  return ++header_calls == header_abort_at ? 0 : s * n;
}

static void header_aborts(void) {
  for (int at = 1; at <= 3; at++) {
    struct trace_xfer x;
    CURL *h = trace_easy_new(&x, 1, "/h?text=body&hdr=X-A:%201");
    header_abort_at = at;
    header_calls = 0;
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, abort_header_cb);
    trace_line("header callback refuses call %d", at);
    trace_code("  result", curl_easy_perform(h));
    INFO_LONG(h, RESPONSE_CODE);
    INFO_LONG(h, HEADER_SIZE);
    INFO_LONG(h, HTTP_VERSION);
    INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
    INFO_STR(h, CONTENT_TYPE);
    INFO_OFF(h, SIZE_DOWNLOAD_T);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }
}

static void maxredirs(void) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/r?status=302&location=/r2%3Fstatus=302%26location=/r3%26text=second-body&text=first-body-here");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  for (long max = 0; max <= 1; max++) {
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, max);
    trace_line("MAXREDIRS %ld", max);
    trace_code("  result", curl_easy_perform(h));
    INFO_LONG(h, RESPONSE_CODE);
    INFO_OFF(h, SIZE_DOWNLOAD_T);
    INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
    INFO_LONG(h, REDIRECT_COUNT);
    INFO_STR(h, REDIRECT_URL);
    INFO_STR(h, EFFECTIVE_URL);
    INFO_LONG(h, HEADER_SIZE);
    INFO_LONG(h, REQUEST_SIZE);
  }
  trace_xfer_print_body("bodies", &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void include_header(void) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/i?text=the-body&hdr=X-A:%201");
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_HEADER, 1L);
  trace_code("HEADER=1", curl_easy_perform(h));
  trace_line("  write calls=%ld", x.write_calls);
  trace_xfer_print_body_text("  written", &x);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_LONG(h, HEADER_SIZE);
  /* A redirect followed with HEADER=1: both heads reach the write callback. */
  trace_xfer_free(&x);
  trace_xfer_init(&x, 2);
  trace_xfer_attach(h, &x);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/i?status=301&location=/j%3Ftext=after&text=moved"));
  trace_code("HEADER=1 redirect", curl_easy_perform(h));
  trace_xfer_print_body_text("  written", &x);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_LONG(h, HEADER_SIZE);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void auth_avail(void) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/a?challenge=Basic%20realm=%22r%22&challenge=Digest%20realm=%22r%22,%20nonce=%22n%22");
  trace_code("401", curl_easy_perform(h));
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, HTTPAUTH_AVAIL);
  INFO_LONG(h, PROXYAUTH_AVAIL);
  INFO_LONG(h, HTTP_CONNECTCODE);
  INFO_LONG(h, PROXY_ERROR);
  INFO_LONG(h, PROXY_SSL_VERIFYRESULT);
  INFO_LONG(h, SSL_VERIFYRESULT);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/a?text=plain"));
  trace_code("then a 200", curl_easy_perform(h));
  INFO_LONG(h, HTTPAUTH_AVAIL);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void sockets(void) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/s?text=one");
  static const char *paths[] = {"/s?text=one", "/s?text=two", "/s?text=closing&connclose=1", "/s?text=three",
                                "/s?text=forbidden"};
  for (int i = 0; i < 5; i++) {
    if (i == 4) curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(h, CURLOPT_URL, trace_url(paths[i]));
    trace_code(paths[i], curl_easy_perform(h));
    long last = -5, connects = -5;
    curl_socket_t active = -5;
    curl_easy_getinfo(h, CURLINFO_LASTSOCKET, &last);
    curl_easy_getinfo(h, CURLINFO_ACTIVESOCKET, &active);
    curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &connects);
    trace_line("  LASTSOCKET %s ACTIVESOCKET %s NUM_CONNECTS %ld", last >= 0 ? "valid" : "-1",
               active >= 0 ? "valid" : "bad", connects);
    INFO_LONG(h, REQUEST_SIZE);
    INFO_STR(h, REFERER);
  }
  curl_easy_setopt(h, CURLOPT_REFERER, "http://from.example/");
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/s?text=four"));
  trace_code("with REFERER", curl_easy_perform(h));
  INFO_STR(h, REFERER);
  INFO_LONG(h, REQUEST_SIZE);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  failures();
  bodiless();
  header_aborts();
  maxredirs();
  include_header();
  auth_avail();
  sockets();
  curl_global_cleanup();
  return 0;
}
