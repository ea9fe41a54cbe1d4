/* Scenario: SOCKS through a real server, Debian's dante on loopback (started by run_scenario.py
   for the markers below): socks5:// (local resolve), socks5h:// (the proxy resolves), socks4://,
   socks4a:// (dante refuses it), PROXYTYPE with a bare host:port, https:// over SOCKS, keep-alive,
   a destination port where nothing listens (the SOCKS reply says refused), and a dante that
   demands username/password: no credentials, wrong ones, SOCKS5_AUTH limited to none. */
// server: --tls --plain-too
// proxy: dante dante-userpass
#include "tls_scenario.h"
#include "proxy_scenario.h"

static const char *proxy;
static long type = -1;
static const char *userpwd;
static long socks5_auth = -1;

static void setup(CURL *h) {
  curl_easy_setopt(h, CURLOPT_PROXY, proxy);
  tls_trust_test_ca(h);
  if (type >= 0) curl_easy_setopt(h, CURLOPT_PROXYTYPE, type);
  if (userpwd) curl_easy_setopt(h, CURLOPT_PROXYUSERPWD, userpwd);
  if (socks5_auth >= 0) curl_easy_setopt(h, CURLOPT_SOCKS5_AUTH, socks5_auth);
}

static void run(const char *label, const char *url, const char *proxy_url) {
  proxy = proxy_url;
  proxy_once(label, url, setup);
  type = socks5_auth = -1;
  userpwd = NULL;
}

int main(int argc, char **argv) {
  tls_begin(argc, argv);
  const int dante = trace_proxy_port("dante");
  const int userpass = trace_proxy_port("dante-userpass");
  const char *here = trace_url("/s?echo=1");
  const char *by_name = proxy_fmt("http://localhost:%d/s?echo=1", trace_port());

  run("socks5", here, proxy_fmt("socks5://127.0.0.1:%d", dante));
  run("socks5-name", by_name, proxy_fmt("socks5://127.0.0.1:%d", dante));
  run("socks5h-ip", here, proxy_fmt("socks5h://127.0.0.1:%d", dante));
  run("socks4", here, proxy_fmt("socks4://127.0.0.1:%d", dante));
  run("socks4a", by_name, proxy_fmt("socks4a://127.0.0.1:%d", dante));
  type = CURLPROXY_SOCKS5;
  run("type-socks5", here, proxy_fmt("127.0.0.1:%d", dante));
  type = CURLPROXY_SOCKS4;
  run("type-socks4", here, proxy_fmt("127.0.0.1:%d", dante));
  run("https-socks5", tls_url("localhost", "/s?echo=1"), proxy_fmt("socks5://127.0.0.1:%d", dante));
  run("https-socks5-ip", tls_url("127.0.0.1", "/s?echo=1"), proxy_fmt("socks5h://127.0.0.1:%d", dante));

  /* Nothing listens at the destination (port 1, tcpmux, is never served on loopback here):
     dante's reply says so. */
  run("dest-refused-5", "http://127.0.0.1:1/", proxy_fmt("socks5://127.0.0.1:%d", dante));
  run("dest-refused-4", "http://127.0.0.1:1/", proxy_fmt("socks4://127.0.0.1:%d", dante));
  /* Nothing listens at the proxy. */
  run("proxy-refused", here, proxy_fmt("socks5://127.0.0.1:%d", trace_free_port()));

  /* Keep-alive through SOCKS. */
  {
    struct trace_xfer x;
    struct proxy_sent sent;
    proxy = proxy_fmt("socks5://127.0.0.1:%d", dante);
    CURL *h = proxy_handle(&x, &sent, 1, trace_url("/k?echo=1&conn=1"));
    setup(h);
    proxy_perform("keepalive-1", h, &x, &sent);
    proxy_again(h, &x, &sent, 2);
    proxy_perform("keepalive-2", h, &x, &sent);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }

  /* Username/password demanded. */
  run("userpass-none", here, proxy_fmt("socks5://127.0.0.1:%d", userpass));
  userpwd = "nobody-here:wrong";
  run("userpass-wrong", here, proxy_fmt("socks5://127.0.0.1:%d", userpass));
  run("userpass-wrong-in-url", here, proxy_fmt("socks5://nobody-here:wrong@127.0.0.1:%d", userpass));
  userpwd = "nobody-here:wrong";
  socks5_auth = CURLAUTH_NONE;
  run("userpass-auth-none", here, proxy_fmt("socks5://127.0.0.1:%d", userpass));
  /* Credentials offered to a dante that needs none. */
  userpwd = "nobody-here:wrong";
  run("creds-not-needed", here, proxy_fmt("socks5://127.0.0.1:%d", dante));

  curl_global_cleanup();
  return 0;
}
