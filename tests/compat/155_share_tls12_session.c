/* Scenario: TLS 1.2 resumption across two easy handles of one SSL_SESSION share (both pinned
   to TLS 1.2, FORBID_REUSE). libcurl sets SSL_OP_NO_TICKET, so a TLS 1.2 session is offered
   by its ID alone, and whether the server still knows it decides the resumption; xfer offers
   what libcurl offers. (Unshared handles of one multi handle are left out: xfer's session
   cache belongs to the engine, libcurl's to each easy handle, docs/DIFFERENCES.md.)
   Resumption is read from the server's /__stats counters. */
// server: --tls server
#include <stdio.h>
#include <string.h>

#include "tls_scenario.h"

/* The server's counters as of the last /__stats answer. */
static int seen_handshakes, seen_resumed;

/* A handle for /__stats on its own connection each time, trusting the test CA. */
static CURL *stats_handle(struct trace_xfer *x, int id, char *err, CURLSH *share) {
  CURL *h = tls_handle(x, id, "localhost", "/__stats", err);
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  if (share) trace_code("setopt share", curl_easy_setopt(h, CURLOPT_SHARE, share));
  return h;
}

/* One transfer: the result, the server's counters, and whether this handshake resumed. */
static void run(const char *label, CURL *h, struct trace_xfer *x, int id) {
  trace_xfer_free(x);
  trace_xfer_init(x, id);
  x->keep_body = 1;
  trace_xfer_attach(h, x);
  CURLcode rc = curl_easy_perform(h);
  trace_code(label, rc);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_print_body_text(label, x);
  int handshakes = -1, resumed = -1;
  const char *at = x->body ? strstr(x->body, "tls_handshakes=") : NULL;
  if (at && sscanf(at, "tls_handshakes=%d tls_resumed=%d", &handshakes, &resumed) == 2) {
    trace_line("%s: new handshakes %d, resumed %s", label, handshakes - seen_handshakes,
               resumed > seen_resumed ? "yes" : "no");
    seen_handshakes = handshakes;
    seen_resumed = resumed;
  } else {
    trace_line("%s: no counters in the body", label);
  }
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  CURLSH *s = curl_share_init();
  trace_line("share SSL_SESSION -> %d", (int)curl_share_setopt(s, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION));

  /* TLS 1.2 at most, the second handle after the first has closed its connection. */
  char ee[CURL_ERROR_SIZE], ef[CURL_ERROR_SIZE];
  struct trace_xfer xe, xf;
  CURL *e = stats_handle(&xe, 8, ee, s);
  CURL *f = stats_handle(&xf, 9, ef, s);
  curl_easy_setopt(e, CURLOPT_SSLVERSION, (long)(CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2));
  curl_easy_setopt(f, CURLOPT_SSLVERSION, (long)(CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2));
  run("e tls1.2", e, &xe, 8);
  run("f tls1.2", f, &xf, 9);

  curl_easy_cleanup(e);
  curl_easy_cleanup(f);
  trace_line("cleanup -> %d", (int)curl_share_cleanup(s));
  trace_xfer_free(&xe);
  trace_xfer_free(&xf);
  curl_global_cleanup();
  return 0;
}
