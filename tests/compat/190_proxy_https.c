/* Scenario: an HTTPS proxy (TLS to the proxy), played by the test server over TLS: plain
   requests through it, a CONNECT tunnel inside its TLS (HTTPPROXYTUNNEL), PROXYTYPE
   CURLPROXY_HTTPS with a bare host, keep-alive, and the PROXY_* TLS options kept apart from
   the origin's: trust (PROXY_CAINFO, not CAINFO), PROXY_SSL_VERIFYPEER/VERIFYHOST, a wrong
   pin, a bad cipher list, PROXY_SSL_VERIFYRESULT; a CONNECT refused inside the TLS. */
// server: --tls --plain-too
#include "tls_scenario.h"
#include "proxy_scenario.h"

static const char *proxy;
static long type = -1;
static int trust = 1;
static int trust_origin_only;
static long verifypeer = -1, verifyhost = -1;
static const char *pin;
static const char *ciphers;
static long tunnel;

static void setup(CURL *h) {
  curl_easy_setopt(h, CURLOPT_PROXY, proxy);
  if (type >= 0) curl_easy_setopt(h, CURLOPT_PROXYTYPE, type);
  if (trust) curl_easy_setopt(h, CURLOPT_PROXY_CAINFO, tls_file("ca.pem"));
  if (trust_origin_only) curl_easy_setopt(h, CURLOPT_CAINFO, tls_file("ca.pem"));
  if (verifypeer >= 0) curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYPEER, verifypeer);
  if (verifyhost >= 0) curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYHOST, verifyhost);
  if (pin) curl_easy_setopt(h, CURLOPT_PROXY_PINNEDPUBLICKEY, pin);
  if (ciphers) curl_easy_setopt(h, CURLOPT_PROXY_SSL_CIPHER_LIST, ciphers);
  if (tunnel) curl_easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, 1L);
}

static void verify_result(const char *label, CURL *h) {
  long v = -1;
  curl_easy_getinfo(h, CURLINFO_PROXY_SSL_VERIFYRESULT, &v);
  trace_line("%s: PROXY_SSL_VERIFYRESULT %ld", label, v);
  v = -1;
  curl_easy_getinfo(h, CURLINFO_SSL_VERIFYRESULT, &v);
  trace_line("%s: SSL_VERIFYRESULT %ld", label, v);
}

static void run(const char *label, const char *url) {
  struct trace_xfer x;
  struct proxy_sent sent;
  CURL *h = proxy_handle(&x, &sent, 1, url);
  setup(h);
  proxy_perform(label, h, &x, &sent);
  verify_result(label, h);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  char *by_name = strdup(proxy_fmt("https://localhost:%d", trace_port()));
  char *by_ip = strdup(proxy_fmt("https://127.0.0.1:%d", trace_port()));
  char *here = strdup(trace_url("/h?echo=1"));

  proxy = by_name;
  run("plain", here);
  run("plain-body", trace_url("/h?size=5000&chunked=1"));
  tunnel = 1;
  run("tunnel", here);
  run("tunnel-403", proxy_fmt("http://status-403.test:%d/h?echo=1", trace_port()));
  run("tunnel-407", proxy_fmt("http://status-407.test:%d/h?echo=1", trace_port()));
  tunnel = 0;

  proxy = by_ip;
  run("by-ip", here);
  verifyhost = 0;
  run("by-ip-verifyhost-0", here);
  verifyhost = -1;

  char *bare = strdup(proxy_fmt("localhost:%d", trace_port()));
  proxy = bare;
  type = CURLPROXY_HTTPS;
  run("proxytype-https", here);
  type = -1;
  proxy = by_name;
  free(bare);

  trust = 0;
  run("untrusted", here);
  trust_origin_only = 1;
  run("cainfo-is-not-proxy-cainfo", here);
  trust_origin_only = 0;
  verifypeer = 0;
  run("verifypeer-0", here);
  verifypeer = -1;
  trust = 1;

  pin = tls_file_text("other.pin");
  run("pin-wrong", here);
  pin = tls_file_text("server.pin");
  run("pin-right", here);
  pin = NULL;
  ciphers = "NO-SUCH-CIPHER";
  run("ciphers-bad", here);
  ciphers = NULL;

  /* Keep-alive: the second request goes on the proxy's TLS connection. */
  {
    struct trace_xfer x;
    struct proxy_sent sent;
    CURL *h = proxy_handle(&x, &sent, 1, trace_url("/k?echo=1"));
    setup(h);
    proxy_perform("keepalive-1", h, &x, &sent);
    proxy_again(h, &x, &sent, 2);
    proxy_perform("keepalive-2", h, &x, &sent);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }

  free(by_name);
  free(by_ip);
  free(here);
  curl_global_cleanup();
  return 0;
}
