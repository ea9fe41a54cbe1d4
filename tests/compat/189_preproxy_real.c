/* Scenario: SOCKS in front of an HTTP proxy (PRE_PROXY), through Debian's dante and tinyproxy
   on loopback: a plain GET and an https:// CONNECT through both, socks4 as the pre-proxy,
   PRE_PROXY "" (none), PRE_PROXY alone (it is then the proxy), a refused pre-proxy, NOPROXY
   over both, the environment left unread when PRE_PROXY is set, CONNECT_TO with an HTTP
   proxy (libcurl then tunnels to the target), and CURLINFO_PROXY_ERROR kept on a handle
   after a SOCKS failure. */
// server: --tls --plain-too
// proxy: tinyproxy dante
#include "tls_scenario.h"
#include "proxy_scenario.h"

static const char *pre;
static const char *http_proxy;
static const char *noproxy;
static struct curl_slist *connect_to;

static void setup(CURL *h) {
  if (pre) curl_easy_setopt(h, CURLOPT_PRE_PROXY, pre);
  if (http_proxy) curl_easy_setopt(h, CURLOPT_PROXY, http_proxy);
  if (noproxy) curl_easy_setopt(h, CURLOPT_NOPROXY, noproxy);
  if (connect_to) curl_easy_setopt(h, CURLOPT_CONNECT_TO, connect_to);
  tls_trust_test_ca(h);
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  const int dante = trace_proxy_port("dante");
  /* proxy_fmt's buffers are a ring of 8: what lives through the whole run is copied. */
  char *tiny = strdup(proxy_fmt("http://127.0.0.1:%d", trace_proxy_port("tinyproxy")));
  char *socks5 = strdup(proxy_fmt("socks5://127.0.0.1:%d", dante));
  char *here = strdup(trace_url("/p?echo=1"));

  pre = socks5;
  http_proxy = tiny;
  proxy_once("socks5-then-http", here, setup);
  proxy_once("socks5-then-connect", tls_url("localhost", "/p?echo=1"), setup);
  pre = proxy_fmt("socks4://127.0.0.1:%d", dante);
  proxy_once("socks4-then-http", here, setup);
  pre = proxy_fmt("socks5h://127.0.0.1:%d", dante);
  proxy_once("socks5h-then-http", proxy_fmt("http://localhost:%d/p?echo=1", trace_port()), setup);

  pre = "";
  proxy_once("pre-empty", here, setup);
  pre = socks5;
  http_proxy = NULL;
  proxy_once("pre-alone", here, setup);
  http_proxy = "";
  proxy_once("pre-with-proxy-empty", here, setup);
  http_proxy = tiny;
  pre = proxy_fmt("socks5://127.0.0.1:%d", trace_free_port());
  proxy_once("pre-refused", here, setup);

  pre = socks5;
  noproxy = "127.0.0.1";
  proxy_once("noproxy-both", here, setup);
  noproxy = NULL;

  /* An environment proxy that would fail: unread, since PRE_PROXY is set. */
  setenv("http_proxy", proxy_fmt("http://127.0.0.1:%d", trace_free_port()), 1);
  http_proxy = NULL;
  proxy_once("env-unread", here, setup);
  unsetenv("http_proxy");

  /* CONNECT_TO through the HTTP proxy: a tunnel to the target for http:// too. */
  pre = NULL;
  http_proxy = tiny;
  connect_to = curl_slist_append(NULL, proxy_fmt("::127.0.0.1:%d", trace_port()));
  proxy_once("connect-to-http-proxy", proxy_fmt("http://localhost:%d/p?echo=1", trace_port()), setup);
  pre = socks5;
  proxy_once("connect-to-pre-proxy", proxy_fmt("http://localhost:%d/p?echo=1", trace_port()), setup);
  curl_slist_free_all(connect_to);
  connect_to = NULL;

  /* PROXY_ERROR after a SOCKS failure, then a success on the same handle. */
  {
    struct trace_xfer x;
    struct proxy_sent sent;
    pre = NULL;
    http_proxy = NULL;
    CURL *h = proxy_handle(&x, &sent, 1, "http://127.0.0.1:1/");
    curl_easy_setopt(h, CURLOPT_PROXY, socks5);
    proxy_perform("sticky-1", h, &x, &sent);
    proxy_again(h, &x, &sent, 2);
    curl_easy_setopt(h, CURLOPT_URL, here);
    proxy_perform("sticky-2", h, &x, &sent);
    proxy_again(h, &x, &sent, 3);
    curl_easy_setopt(h, CURLOPT_PROXY, NULL);
    proxy_perform("sticky-3-direct", h, &x, &sent);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }

  free(tiny);
  free(socks5);
  free(here);
  curl_global_cleanup();
  return 0;
}
