/* Scenario: a real HTTPS proxy (Debian's stunnel4 taking TLS for a tinyproxy, started by
   run_scenario.py for the marker below): https:// through it is TLS inside TLS (the test
   server is the TLS origin), plain http:// and an HTTPPROXYTUNNEL tunnel inside its TLS,
   keep-alive for both, the origin's trust apart from the proxy's (each CA option alone),
   and a proxy whose certificate names another host. */
// server: --tls --plain-too
// proxy: tinyproxy-tls
// gnutls: skip libcurl-gnutls 7.88 never delivers the answer of a TLS origin inside the proxy's
// TLS: it reads the origin's records off the socket, then polls the socket until the timeout
// (the bytes wait in the proxy's GnuTLS session), so the reference run times out.
#include "tls_scenario.h"
#include "proxy_scenario.h"

static const char *proxy;
static int trust_proxy = 1, trust_origin = 1;
static long tunnel;
static long proxy_verifyhost = -1;

static void setup(CURL *h) {
  curl_easy_setopt(h, CURLOPT_PROXY, proxy);
  if (trust_proxy) curl_easy_setopt(h, CURLOPT_PROXY_CAINFO, tls_file("ca.pem"));
  if (trust_origin) curl_easy_setopt(h, CURLOPT_CAINFO, tls_file("ca.pem"));
  if (tunnel) curl_easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, 1L);
  if (proxy_verifyhost >= 0) curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYHOST, proxy_verifyhost);
}

static void twice(const char *label, const char *url) {
  struct trace_xfer x;
  struct proxy_sent sent;
  char l1[64], l2[64];
  snprintf(l1, sizeof l1, "%s-1", label);
  snprintf(l2, sizeof l2, "%s-2", label);
  CURL *h = proxy_handle(&x, &sent, 1, url);
  setup(h);
  proxy_perform(l1, h, &x, &sent);
  proxy_again(h, &x, &sent, 2);
  proxy_perform(l2, h, &x, &sent);
  long v = -1;
  curl_easy_getinfo(h, CURLINFO_PROXY_SSL_VERIFYRESULT, &v);
  trace_line("%s: PROXY_SSL_VERIFYRESULT %ld", label, v);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  const int port = trace_proxy_port("tinyproxy-tls");
  char *by_name = strdup(proxy_fmt("https://localhost:%d", port));
  char *origin_tls = strdup(tls_url("localhost", "/r?echo=1"));
  char *origin_plain = strdup(trace_url("/r?echo=1"));

  proxy = by_name;
  twice("tls-in-tls", origin_tls);
  proxy_once("tls-in-tls-body", tls_url("127.0.0.1", "/r?size=40000&chunked=1"), setup);
  twice("plain", origin_plain);
  tunnel = 1;
  twice("tunnel-plain", origin_plain);
  tunnel = 0;

  trust_origin = 0;
  proxy_once("origin-untrusted", origin_tls, setup);
  trust_origin = 1;
  trust_proxy = 0;
  proxy_once("proxy-untrusted", origin_tls, setup);
  trust_proxy = 1;

  /* The proxy's certificate names localhost and 127.0.0.1, not this alias. */
  proxy = proxy_fmt("https://localhost.localdomain:%d", port);
  proxy_once("proxy-wrong-name", origin_tls, setup);
  proxy_verifyhost = 0;
  proxy_once("proxy-wrong-name-verifyhost-0", origin_tls, setup);
  proxy_verifyhost = -1;

  free(by_name);
  free(origin_tls);
  free(origin_plain);
  curl_global_cleanup();
  return 0;
}
