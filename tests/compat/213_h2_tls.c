/* Scenario: HTTP/2 over TLS, chosen by ALPN, one transfer at a time. The test server offers h2
   (--h2). What the application sees: the request as the debug callback shows it (HEADER_OUT,
   field names lower case but Host), the request fields as the server got them (echo=1 renders
   pseudo-headers in order), "HTTP/2 200 " status lines and lower-case response names,
   HTTP_VERSION, NUM_CONNECTS (a second transfer reuses the h2 connection), HEADER_SIZE,
   REQUEST_SIZE, SIZE_UPLOAD. Versions: default, 2_0, 2TLS, 1_1, 1_0 and SSL_ENABLE_ALPN 0.
   Requests: HEAD, 404, a followed redirect, a custom Host, POSTFIELDS, a read-callback POST of
   known and unknown size (chunked on HTTP/1.1, plain DATA on h2), an app's own Expect line, a
   1 MB body, gzip with ACCEPT_ENCODING, trailers after a body with and without
   Content-Length (7.88 ends at the length, the trailers unread), 204 and 304, and a stream reset by the
   server (h2rst=8: CANCEL -> 92, the next transfer still gets through). */
// server: --tls server --h2
#include <stdio.h>
#include <string.h>

#include "h2_scenario.h"
#include "tls_scenario.h"

static char out_lines[8192];

/* HEADER_OUT as the application's debug callback sees it, kept for printing. */
static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *userdata) {
  (void)h;
  (void)userdata;
  if (type != CURLINFO_HEADER_OUT) return 0;
  size_t have = strlen(out_lines);
  if (have + size + 1 < sizeof out_lines) {
    memcpy(out_lines + have, data, size);
    out_lines[have + size] = '\0';
  }
  return 0;
}

static void print_out_lines(const char *label) {
  char *save = NULL;
  for (char *line = strtok_r(out_lines, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    size_t n = strlen(line);
    if (n && line[n - 1] == '\r') line[n - 1] = '\0';
    /* The port differs between runs. */
    char *colon = strstr(line, "localhost:");
    if (colon) strcpy(colon, "localhost:PORT");
    trace_line("%s: > %s", label, line);
  }
  out_lines[0] = '\0';
}

struct body {
  const char *data;
  size_t left;
};

static size_t read_body(char *buf, size_t size, size_t nmemb, void *userdata) {
  struct body *b = userdata;
  size_t n = size * nmemb;
  if (n > b->left) n = b->left;
  if (n > 7) n = 7; /* several reads */
  memcpy(buf, b->data, n);
  b->data += n;
  b->left -= n;
  return n;
}

/* One transfer of h on path; prints what both libraries must agree on. */
static void run(const char *label, CURL *h, const char *path, int id) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  trace_xfer_init(&x, id);
  x.keep_body = 1;
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, tls_url("localhost", path));
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  out_lines[0] = '\0';
  CURLcode rc = curl_easy_perform(h);
  trace_result(label, rc, &x);
  print_out_lines(label);
  if (strstr(path, "echo=1")) h2_print_echo(label, &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, HTTP_VERSION);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_LONG(h, HEADER_SIZE);
  INFO_LONG(h, REQUEST_SIZE);
  INFO_OFF(h, SIZE_UPLOAD_T);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  INFO_STR(h, EFFECTIVE_URL);
  trace_xfer_free(&x);
}

static CURL *fresh(void) {
  CURL *h = curl_easy_init();
  tls_trust_test_ca(h);
  return h;
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);

  CURL *h = fresh();
  run("get", h, "/?echo=1", 1);
  run("get reused", h, "/?size=10", 2);
  curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  run("head", h, "/?size=100", 3);
  curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
  run("404", h, "/?status=404&size=5", 4);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  run("redirect", h, "/?status=302&location=/%3Fecho=1", 5);
  run("204", h, "/?status=204", 6);
  run("304", h, "/?status=304", 7);
  run("big", h, "/?size=1000000", 8);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  run("gzip", h, "/?size=5000&gzip=1", 9);
  run("trailer", h, "/?size=20&h2trailer=x-check:abc&h2trailer=x-two:2", 10);
  run("trailer no length", h, "/?size=20&chunked=1&h2trailer=x-check:abc", 13);
  run("reset", h, "/?h2rst=8", 11);
  run("after reset", h, "/?size=3", 12);
  curl_easy_cleanup(h);

  /* Which versions speak h2. */
  static const struct {
    const char *label;
    long version;
    long alpn;
  } versions[] = {
      {"v 2_0", CURL_HTTP_VERSION_2_0, 1},  {"v 2TLS", CURL_HTTP_VERSION_2TLS, 1},
      {"v 1_1", CURL_HTTP_VERSION_1_1, 1},  {"v 1_0", CURL_HTTP_VERSION_1_0, 1},
      {"v none no alpn", CURL_HTTP_VERSION_NONE, 0},
  };
  for (size_t i = 0; i < sizeof versions / sizeof versions[0]; ++i) {
    h = fresh();
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, versions[i].version);
    curl_easy_setopt(h, CURLOPT_SSL_ENABLE_ALPN, versions[i].alpn);
    run(versions[i].label, h, "/?size=4", 20 + (int)i);
    curl_easy_cleanup(h);
  }

  /* Request headers and bodies. */
  h = fresh();
  struct curl_slist *hdrs = curl_slist_append(NULL, "Host: other.example:99");
  hdrs = curl_slist_append(hdrs, "X-Mixed-Case: Value");
  hdrs = curl_slist_append(hdrs, "Connection: keep-alive");
  hdrs = curl_slist_append(hdrs, "TE: trailers");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  run("custom host", h, "/?echo=1", 30);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
  curl_slist_free_all(hdrs);

  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "a=1&b=2");
  run("postfields", h, "/?echo=1", 31);

  struct body b = {"read callback body", 18};
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, NULL);
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_body);
  curl_easy_setopt(h, CURLOPT_READDATA, &b);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 18L);
  run("post read sized", h, "/?echo=1", 32);

  b.data = "unknown size body";
  b.left = 17;
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, -1L);
  run("post read unknown", h, "/?echo=1", 33);

  b.data = "expect";
  b.left = 6;
  hdrs = curl_slist_append(NULL, "Expect: 100-continue");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 6L);
  run("post app expect", h, "/?echo=1", 34);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
  curl_slist_free_all(hdrs);

  b.data = "put body";
  b.left = 8;
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE, 8L);
  run("put", h, "/?echo=1", 35);
  curl_easy_cleanup(h);

  curl_global_cleanup();
  return 0;
}
