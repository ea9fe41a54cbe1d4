/* Scenario: a share with CURL_LOCK_DATA_SSL_SESSION over HTTPS: a second easy handle of the
   share resumes the TLS session the first one's handshake left in the share (every transfer on
   a new connection, FORBID_REUSE); a handle of the share with CURLOPT_SSL_SESSIONID_CACHE 0
   does a full handshake; a handle outside the share does a full handshake, then resumes its own
   session; CURLSHOPT_UNSHARE answers CURLSHE_IN_USE while handles are attached; the lock
   callbacks (only whether SSL_SESSION locks were taken, and whether lock and unlock calls pair
   up). Resumption is read from the server's /__stats counters (handshakes, resumed ones). */
// server: --tls server
#include <stdio.h>
#include <string.h>

#include "share_locks.h"
#include "tls_scenario.h"

/* Whether SSL_SESSION locks were taken since the last call, and whether every lock was undone. */
static void print_locks(const char *label) { share_locks_print(label, "ssl_session", CURL_LOCK_DATA_SSL_SESSION, 1); }

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
  curl_share_setopt(s, CURLSHOPT_LOCKFUNC, on_lock);
  curl_share_setopt(s, CURLSHOPT_UNLOCKFUNC, on_unlock);

  char ea[CURL_ERROR_SIZE], eb[CURL_ERROR_SIZE], ec[CURL_ERROR_SIZE], ed[CURL_ERROR_SIZE];
  struct trace_xfer xa, xb, xc, xd;
  CURL *a = stats_handle(&xa, 1, ea, s);
  CURL *b = stats_handle(&xb, 2, eb, s);
  CURL *c = stats_handle(&xc, 3, ec, s);
  curl_easy_setopt(c, CURLOPT_SSL_SESSIONID_CACHE, 0L);
  print_locks("attach");

  /* The first handshake of the share is a full one; the next handle's resumes it. */
  run("a", a, &xa, 1);
  print_locks("a");
  run("b", b, &xb, 2);
  print_locks("b");
  run("a again", a, &xa, 3);
  print_locks("a again");

  /* SESSIONID_CACHE 0: the share's session is neither offered nor replaced. */
  run("c no cache", c, &xc, 4);
  print_locks("c no cache");
  run("b after c", b, &xb, 5);
  print_locks("b after c");

  trace_line("unshare SSL_SESSION in use -> %d",
             (int)curl_share_setopt(s, CURLSHOPT_UNSHARE, CURL_LOCK_DATA_SSL_SESSION));
  trace_line("cleanup in use -> %d", (int)curl_share_cleanup(s));
  print_locks("in use");

  /* A handle outside the share has only its own cache: full handshake, then resumption. */
  CURL *d = stats_handle(&xd, 6, ed, NULL);
  run("d unshared", d, &xd, 6);
  run("d unshared again", d, &xd, 7);
  print_locks("d");

  curl_easy_cleanup(a);
  curl_easy_cleanup(b);
  curl_easy_cleanup(c);
  curl_easy_cleanup(d);
  trace_line("cleanup idle -> %d", (int)curl_share_cleanup(s));
  print_locks("cleanup");
  trace_xfer_free(&xa);
  trace_xfer_free(&xb);
  trace_xfer_free(&xc);
  trace_xfer_free(&xd);
  curl_global_cleanup();
  return 0;
}
