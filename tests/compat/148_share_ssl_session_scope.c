/* Scenario (NOT in meson.build: xfer's trace differs, see below): where TLS sessions live
   outside a share's SSL_SESSION cache, and TLS 1.2 resumption through a share.
   1. Two easy handles of one share, both pinned to TLS 1.2 (FORBID_REUSE): libcurl 7.88
      offers the first handle's session by session ID only (it sets SSL_OP_NO_TICKET) and
      the test server has dropped that session (the client closed first), so the second
      handshake is a full one; xfer's ClientHello carries a TLS 1.2 ticket and resumes.
   2. Two unshared easy handles run one after the other by one multi handle: libcurl keeps
      a session cache per easy handle, so the second one does a full handshake; xfer's cache
      belongs to the multi handle's engine and the second handle resumes the first's session.
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

  /* TLS 1.2 at most: a session of another TLS configuration is not offered; the next
     handle of the share resumes the 1.2 session. */
  char ee[CURL_ERROR_SIZE], ef[CURL_ERROR_SIZE];
  struct trace_xfer xe, xf;
  CURL *e = stats_handle(&xe, 8, ee, s);
  CURL *f = stats_handle(&xf, 9, ef, s);
  curl_easy_setopt(e, CURLOPT_SSLVERSION, (long)(CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2));
  curl_easy_setopt(f, CURLOPT_SSLVERSION, (long)(CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2));
  run("e tls1.2", e, &xe, 8);
  run("f tls1.2", f, &xf, 9);

  /* Two unshared handles run by one multi handle: each has its own session cache. */
  char eg[CURL_ERROR_SIZE], eh[CURL_ERROR_SIZE];
  struct trace_xfer xg, xh;
  CURL *g = stats_handle(&xg, 10, eg, NULL);
  CURL *h = stats_handle(&xh, 11, eh, NULL);
  CURLM *m = curl_multi_init();
  CURL *in_multi[2] = {g, h};
  for (int i = 0; i < 2; i++) {
    struct trace_xfer *x = i ? &xh : &xg;
    trace_xfer_free(x);
    trace_xfer_init(x, 10 + i);
    x->keep_body = 1;
    trace_xfer_attach(in_multi[i], x);
    curl_multi_add_handle(m, in_multi[i]);
    int running = 1;
    for (int iter = 0; iter < 1000 && running; iter++) {
      if (curl_multi_perform(m, &running) != CURLM_OK) break;
      if (running) curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    int left;
    CURLMsg *msg = curl_multi_info_read(m, &left);
    const char *label = i ? "h in multi" : "g in multi";
    trace_code(label, msg ? msg->data.result : (CURLcode)-1);
    trace_xfer_print_body_text(label, x);
    int handshakes = -1, resumed = -1;
    const char *at = x->body ? strstr(x->body, "tls_handshakes=") : NULL;
    if (at && sscanf(at, "tls_handshakes=%d tls_resumed=%d", &handshakes, &resumed) == 2) {
      trace_line("%s: resumed %s", label, resumed > seen_resumed ? "yes" : "no");
      seen_handshakes = handshakes;
      seen_resumed = resumed;
    }
    curl_multi_remove_handle(m, in_multi[i]);
  }
  curl_multi_cleanup(m);

  curl_easy_cleanup(e);
  curl_easy_cleanup(f);
  curl_easy_cleanup(g);
  curl_easy_cleanup(h);
  trace_line("cleanup -> %d", (int)curl_share_cleanup(s));
  trace_xfer_free(&xe);
  trace_xfer_free(&xf);
  trace_xfer_free(&xg);
  trace_xfer_free(&xh);
  curl_global_cleanup();
  return 0;
}
