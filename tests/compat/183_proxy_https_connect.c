/* Scenario: https:// through an HTTP proxy: CONNECT, then TLS to the origin inside the tunnel
   (the test server answers the CONNECT in plain text and then plays the TLS origin). The
   certificate is checked against the URL's host, not the proxy's; a refused CONNECT and an
   untrusted origin; tunnel reuse; HTTPPROXYTUNNEL 0 changes nothing for https. */
// server: --tls --plain-too
#include "tls_scenario.h"
#include "proxy_scenario.h"

static int trust = 1;
static long tunnel_opt = -1;
static long verifyhost = -1;

static void setup(CURL *h) {
  curl_easy_setopt(h, CURLOPT_PROXY, proxy_self(""));
  if (trust) tls_trust_test_ca(h);
  if (tunnel_opt >= 0) curl_easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, tunnel_opt);
  if (verifyhost >= 0) curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, verifyhost);
}

static void once(const char *label, const char *host, const char *path) {
  struct trace_xfer x;
  struct proxy_sent sent;
  CURL *h = proxy_handle(&x, &sent, 1, tls_url(host, path));
  setup(h);
  proxy_perform(label, h, &x, &sent);
  long v = -1;
  curl_easy_getinfo(h, CURLINFO_SSL_VERIFYRESULT, &v);
  trace_line("%s: SSL_VERIFYRESULT %ld", label, v);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);

  once("localhost", "localhost", "/s?echo=1");
  once("ip", "127.0.0.1", "/s?echo=1");
  tunnel_opt = 0;
  once("tunnel-off", "localhost", "/s?echo=1");
  tunnel_opt = -1;

  /* The certificate names localhost and 127.0.0.1 only. */
  once("wrong-name", "origin.test", "/s?echo=1");
  verifyhost = 0;
  once("wrong-name-verifyhost-0", "origin.test", "/s?echo=1");
  verifyhost = -1;
  trust = 0;
  once("untrusted", "localhost", "/s?echo=1");
  trust = 1;

  /* The CONNECT fails before any TLS. */
  once("connect-403", "status-403.test", "/s?echo=1");
  once("connect-407", "status-407.test", "/s?echo=1");
  once("connect-close", "close.test", "/s?echo=1");

  /* Reuse of the tunnel for the same origin. */
  {
    struct trace_xfer x;
    struct proxy_sent sent;
    CURL *h = proxy_handle(&x, &sent, 1, tls_url("localhost", "/r?echo=1&conn=1"));
    setup(h);
    proxy_perform("reuse-1", h, &x, &sent);
    proxy_again(h, &x, &sent, 2);
    proxy_perform("reuse-2", h, &x, &sent);
    proxy_again(h, &x, &sent, 3);
    curl_easy_setopt(h, CURLOPT_URL, tls_url("127.0.0.1", "/r?echo=1&conn=1"));
    proxy_perform("reuse-other-host", h, &x, &sent);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }

  curl_global_cleanup();
  return 0;
}
