/* Scenario: HTTP/2 to the origin through an HTTP proxy's CONNECT tunnel: ALPN inside the
   tunnel picks h2 (the test server answers the CONNECT in plain text, then plays the TLS
   origin, with --h2). The request fields the origin got, HTTP_VERSION, tunnel reuse for a
   second transfer, HTTP_VERSION 1_1 inside the tunnel, and a stream reset (92) followed by a
   transfer on the same tunnel. */
// server: --tls --plain-too --h2
#include "tls_scenario.h"
#include "proxy_scenario.h"

static long version = CURL_HTTP_VERSION_NONE;

static CURL *handle(struct trace_xfer *x, struct proxy_sent *sent, const char *path) {
  CURL *h = proxy_handle(x, sent, 1, tls_url("localhost", path));
  curl_easy_setopt(h, CURLOPT_PROXY, proxy_self(""));
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, version);
  tls_trust_test_ca(h);
  return h;
}

static void report(const char *label, CURL *h) {
  trace_line("%s:", label);
  INFO_LONG(h, HTTP_VERSION);
  INFO_LONG(h, NUM_CONNECTS);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);

  for (int round = 0; round < 2; ++round) {
    version = round == 0 ? CURL_HTTP_VERSION_NONE : CURL_HTTP_VERSION_1_1;
    const char *name = round == 0 ? "default" : "1_1";
    char label[64];
    struct trace_xfer x;
    struct proxy_sent sent;
    CURL *h = handle(&x, &sent, "/t?echo=1");
    snprintf(label, sizeof label, "%s first", name);
    proxy_perform(label, h, &x, &sent);
    report(label, h);
    proxy_again(h, &x, &sent, 2);
    curl_easy_setopt(h, CURLOPT_URL, tls_url("localhost", "/t?size=30"));
    snprintf(label, sizeof label, "%s reused", name);
    proxy_perform(label, h, &x, &sent);
    report(label, h);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }

  version = CURL_HTTP_VERSION_NONE;
  struct trace_xfer x;
  struct proxy_sent sent;
  CURL *h = handle(&x, &sent, "/t?h2rst=8");
  proxy_perform("reset", h, &x, &sent);
  report("reset", h);
  proxy_again(h, &x, &sent, 2);
  curl_easy_setopt(h, CURLOPT_URL, tls_url("localhost", "/t?size=5"));
  proxy_perform("after reset", h, &x, &sent);
  report("after reset", h);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  curl_global_cleanup();
  return 0;
}
