/* Scenario: HTTPS with CAINFO naming the test CA: by name and IP, keep-alive reuse, session resumption. */
// server: --tls server
#include "tls_scenario.h"

static void forbid_reuse(CURL *h) {
  tls_trust_test_ca(h);
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  {
    /* A fresh handle answers TLS_SSL_PTR with OK and no SSL object. */
    CURL *h = curl_easy_init();
    struct curl_tlssessioninfo *ti = NULL;
    CURLcode rc = curl_easy_getinfo(h, CURLINFO_TLS_SSL_PTR, &ti);
    trace_line("fresh: TLS_SSL_PTR rc=%d backend=%d internals=%s", (int)rc, ti ? (int)ti->backend : -1,
               ti && ti->internals ? "set" : "null");
    curl_easy_cleanup(h);
  }
  tls_once("by-name", "localhost", "/?text=hello", tls_trust_test_ca);
  tls_once("by-ipv4", "127.0.0.1", "/?text=hello", tls_trust_test_ca);

  /* One handle, two transfers on one kept-alive connection. */
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  CURL *h = tls_handle(&x, 1, "localhost", "/?size=100000", err);
  tls_trust_test_ca(h);
  tls_perform("keepalive-1", h, &x, err);
  trace_xfer_free(&x);
  trace_xfer_init(&x, 2);
  trace_xfer_attach(h, &x);
  tls_perform("keepalive-2", h, &x, err);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  /* One handle, new connections each time: the second handshake resumes the session. */
  trace_xfer_init(&x, 3);
  h = tls_handle(&x, 3, "localhost", "/__stats", err);
  forbid_reuse(h);
  tls_perform("resume-1", h, &x, err);
  trace_xfer_print_body_text("resume-1", &x);
  trace_xfer_free(&x);
  trace_xfer_init(&x, 4);
  x.keep_body = 1;
  trace_xfer_attach(h, &x);
  tls_perform("resume-2", h, &x, err);
  trace_xfer_print_body_text("resume-2", &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
