/* Scenario: the basics through a real HTTP proxy, Debian's tinyproxy on loopback (started by
   run_scenario.py for the marker below): a plain GET and POST, keep-alive, a CONNECT tunnel
   for http:// and for https:// (the test server then plays the TLS origin), tinyproxy's 403
   for a destination its filter refuses (it only lets 127.0.0.1, localhost and ::1 through),
   for a plain request and for a CONNECT. */
// server: --tls --plain-too
// proxy: tinyproxy
#include "tls_scenario.h"
#include "proxy_scenario.h"

static long tunnel;
static const char *postfields;

static void setup(CURL *h) {
  curl_easy_setopt(h, CURLOPT_PROXY, proxy_fmt("http://127.0.0.1:%d", trace_proxy_port("tinyproxy")));
  tls_trust_test_ca(h);
  if (tunnel) curl_easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, 1L);
  if (postfields) curl_easy_setopt(h, CURLOPT_POSTFIELDS, postfields);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);

  proxy_once("get", trace_url("/t?echo=1"), setup);
  proxy_once("get-localhost", proxy_fmt("http://localhost:%d/t?echo=1", trace_port()), setup);
  proxy_once("get-body", trace_url("/t?size=30&chunked=1"), setup);
  proxy_once("get-404", trace_url("/t?status=404&text=nope"), setup);
  postfields = "a=1&b=2";
  proxy_once("post", trace_url("/t?echo=1"), setup);
  postfields = NULL;
  proxy_once("filtered", "http://blocked.test/t?echo=1", setup);

  /* Two requests on one handle: does the proxy keep the connection? */
  {
    struct trace_xfer x;
    struct proxy_sent sent;
    CURL *h = proxy_handle(&x, &sent, 1, trace_url("/k?size=10"));
    setup(h);
    proxy_perform("keepalive-1", h, &x, &sent);
    /* tinyproxy closes the client connection after each reply without saying so; once its
       FIN is in, the kept connection is seen dead and a new one opens (without the pause, a
       reuse attempt could race the FIN and be retried). */
    trace_sleep_ms(300);
    proxy_again(h, &x, &sent, 2);
    proxy_perform("keepalive-2", h, &x, &sent);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }

  tunnel = 1;
  proxy_once("tunnel", trace_url("/t?echo=1"), setup);
  proxy_once("tunnel-filtered", "http://blocked.test/t?echo=1", setup);
  tunnel = 0;
  proxy_once("https", tls_url("localhost", "/t?echo=1"), setup);
  proxy_once("https-filtered", "https://blocked.test/t?echo=1", setup);

  curl_global_cleanup();
  return 0;
}
