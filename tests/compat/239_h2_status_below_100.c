/* Scenario: HTTP/2 answers whose :status is unusual, over TLS with ALPN h2 (the test server's
   h2status= sends the final :status as given, h2info= a non-final HEADERS before it). Codes of
   three digits below 100 (099, 000, 001), which nghttp2 takes as a final answer and lets DATA
   follow; 99 (two digits) and 101 (forbidden on h2), which nghttp2 refuses; 100 then 200; 101
   and 099 as a non-final HEADERS before the 200 (and, for contrast, 200 before the 200: a
   second HEADERS without END_STREAM after a final answer is a stream error). For each: the result code, the header lines
   and body the application got, RESPONSE_CODE, HTTP_VERSION, the sizes, and whether the next
   transfer on the same handle reuses the connection (NUM_CONNECTS and the server's X-Conn).
   libcurl 7.88 takes 0xx as a final answer on h2 (CURLE_OK, RESPONSE_CODE 0-99, the body
   delivered, the connection reused), unlike HTTP/1.x where a code below 100 is an error (152);
   what nghttp2 refuses resets the stream (92) and the connection stays in use. A HEADERS that
   fails the stream after a final head: 7.88 drops that head too when the failure comes in the
   same read (no header line, RESPONSE_CODE 0), xfer has handed it out already
   (docs/DIFFERENCES.md); for those two cases only what both say is printed. */
// server: --tls server --h2
#include <stdio.h>
#include <string.h>

#include "tls_scenario.h"

static void print_conn_header(const char *label, const struct trace_xfer *x) {
  const char *at = x->headers ? strstr(x->headers, "x-conn: ") : NULL;
  if (!at) {
    trace_line("%s: no x-conn", label);
    return;
  }
  int n = 0;
  sscanf(at + 8, "%d", &n);
  trace_line("%s: x-conn %d", label, n);
}

/* head_lost: the stream fails after its final head; only the outcome is compared. */
static void run(const char *label, CURL *h, const char *path, int id, int head_lost) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE] = "";
  trace_xfer_init(&x, id);
  x.keep_body = 1;
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, tls_url("localhost", path));
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  CURLcode rc = curl_easy_perform(h);
  if (head_lost) {
    trace_code(label, rc);
    trace_line("%s: errorbuffer %s", label, err);
    trace_line("%s: body bytes %zu", label, x.body_bytes);
    trace_xfer_free(&x);
    return;
  }
  trace_result(label, rc, &x);
  trace_line("%s: errorbuffer %s", label, err);
  trace_xfer_print_body_text(label, &x);
  print_conn_header(label, &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, HTTP_VERSION);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_LONG(h, HEADER_SIZE);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);

  static const struct {
    const char *label;
    const char *path;
    int head_lost;
  } cases[] = {
      {"200", "/?size=5&conn=1", 0},
      {"099", "/?size=5&conn=1&h2status=099", 0},
      {"000", "/?size=5&conn=1&h2status=000", 0},
      {"001", "/?size=5&conn=1&h2status=001", 0},
      {"099 no body", "/?size=0&conn=1&h2status=099", 0},
      {"99", "/?size=5&conn=1&h2status=99", 0},
      {"101", "/?size=5&conn=1&h2status=101", 0},
      {"100 then 200", "/?size=5&conn=1&h2info=100", 0},
      {"101 then 200", "/?size=5&conn=1&h2info=101", 0},
      {"099 then 200", "/?size=5&conn=1&h2info=099", 1},
      {"200 then 200", "/?size=5&conn=1&h2info=200", 1},
  };
  CURL *h = curl_easy_init();
  tls_trust_test_ca(h);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    char after[64];
    snprintf(after, sizeof after, "%s: after", cases[i].label);
    run(cases[i].label, h, cases[i].path, 1 + 2 * (int)i, cases[i].head_lost);
    run(after, h, "/?size=3&conn=1", 2 + 2 * (int)i, 0);
  }
  curl_easy_cleanup(h);

  /* On a fresh handle (and connection) each: the first answer the connection carries. */
  for (size_t i = 1; i < sizeof cases / sizeof cases[0]; ++i) {
    char label[64];
    snprintf(label, sizeof label, "fresh %s", cases[i].label);
    h = curl_easy_init();
    tls_trust_test_ca(h);
    run(label, h, cases[i].path, 100 + (int)i, cases[i].head_lost);
    curl_easy_cleanup(h);
  }

  curl_global_cleanup();
  return 0;
}
