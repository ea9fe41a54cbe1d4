/* Scenario: http:// through an HTTP proxy (the test server plays it): absolute-form request
   line, Proxy-Connection, proxy strings with and without scheme, PROXYPORT, PROXYTYPE,
   PROXY "" and NOPROXY (names, "*", lists, suffixes, CIDR), keep-alive to the proxy across
   origins, a refused proxy, an unsupported proxy scheme, and the getinfo values a proxy sets. */
#include "proxy_scenario.h"

static const char *proxy_string;
static long proxy_port_opt;
static long proxy_type = -1;
static const char *noproxy;

static void setup(CURL *h) {
  curl_easy_setopt(h, CURLOPT_PROXY, proxy_string);
  if (proxy_port_opt) curl_easy_setopt(h, CURLOPT_PROXYPORT, proxy_port_opt);
  if (proxy_type >= 0) trace_code("setopt PROXYTYPE", curl_easy_setopt(h, CURLOPT_PROXYTYPE, proxy_type));
  if (noproxy) curl_easy_setopt(h, CURLOPT_NOPROXY, noproxy);
}

static void with(const char *label, const char *url, const char *proxy, long port, long type,
                 const char *no) {
  proxy_string = proxy;
  proxy_port_opt = port;
  proxy_type = type;
  noproxy = no;
  proxy_once(label, url, setup);
}

static void post_through_proxy(CURL *h) {
  curl_easy_setopt(h, CURLOPT_PROXY, proxy_self(""));
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "a=1&b=2");
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const long port = trace_port();

  /* Proxy strings: host:port, with http:// scheme, host plus PROXYPORT, a port in the string
     beating PROXYPORT, a path after the authority, upper-case scheme. */
  with("noscheme", "http://origin.test/e?echo=1", proxy_self(""), 0, -1, NULL);
  with("scheme", "http://origin.test:8080/e?echo=1", proxy_self("http://"), 0, -1, NULL);
  with("proxyport", "http://origin.test/e?echo=1", "127.0.0.1", port, -1, NULL);
  with("port-in-string-wins", "http://origin.test/e?echo=1", proxy_self("http://"), 1, -1, NULL);
  with("path-in-proxy", "http://origin.test/e?echo=1", proxy_fmt("http://127.0.0.1:%ld/ignored", port),
       0, -1, NULL);
  with("upper-scheme", "http://origin.test/e?echo=1", proxy_fmt("HTTP://127.0.0.1:%ld", port), 0, -1,
       NULL);
  /* The URL's own parts: userinfo, a query with spaces escaped, a fragment. */
  with("url-userinfo", "http://u:pw@origin.test/e?echo=1#frag", proxy_self(""), 0, -1, NULL);

  /* PROXYTYPE HTTP and HTTP_1_0 for a plain (non-tunnelled) request. */
  with("type-http", "http://origin.test/e?echo=1", proxy_self(""), 0, CURLPROXY_HTTP, NULL);
  with("type-http10", "http://origin.test/e?echo=1", proxy_self(""), 0, CURLPROXY_HTTP_1_0, NULL);

  /* PROXY "" disables; NOPROXY by name, "*", list, suffix, leading dot, CIDR; non-matching
     entries leave the proxy in use. */
  with("proxy-empty", trace_url("/e?echo=1"), "", 0, -1, NULL);
  with("noproxy-ip", trace_url("/e?echo=1"), proxy_self(""), 0, -1, "127.0.0.1");
  with("noproxy-star", trace_url("/e?echo=1"), proxy_self(""), 0, -1, "*");
  with("noproxy-list", trace_url("/e?echo=1"), proxy_self(""), 0, -1, "other.test, 127.0.0.1 ,x.test");
  with("noproxy-list-nomatch", "http://origin.test/e?echo=1", proxy_self(""), 0, -1,
       "other.test,127.0.0.1");
  with("noproxy-suffix", proxy_fmt("http://a.localhost:%ld/e?echo=1", port), proxy_self(""), 0, -1,
       "localhost");
  with("noproxy-dot-suffix", proxy_fmt("http://a.localhost:%ld/e?echo=1", port), proxy_self(""), 0, -1,
       ".localhost");
  with("noproxy-partial-label", proxy_fmt("http://a.localhost:%ld/e?echo=1", port), proxy_self(""), 0,
       -1, "host");
  with("noproxy-cidr", trace_url("/e?echo=1"), proxy_self(""), 0, -1, "127.0.0.0/8");
  with("noproxy-cidr-nomatch", trace_url("/e?echo=1"), proxy_self(""), 0, -1, "10.0.0.0/8");
  with("noproxy-empty", "http://origin.test/e?echo=1", proxy_self(""), 0, -1, "");

  /* Keep-alive to the proxy: two origins, one connection. */
  {
    struct trace_xfer x;
    struct proxy_sent sent;
    CURL *h = proxy_handle(&x, &sent, 1, "http://one.test/k?echo=1&conn=1");
    curl_easy_setopt(h, CURLOPT_PROXY, proxy_self(""));
    proxy_perform("keepalive-1", h, &x, &sent);
    proxy_again(h, &x, &sent, 2);
    curl_easy_setopt(h, CURLOPT_URL, "http://two.test:81/k?echo=1&conn=1");
    proxy_perform("keepalive-2", h, &x, &sent);
    /* The same origin directly (no proxy): a new connection, origin-form. */
    proxy_again(h, &x, &sent, 3);
    curl_easy_setopt(h, CURLOPT_PROXY, "");
    curl_easy_setopt(h, CURLOPT_URL, trace_url("/k?echo=1&conn=1"));
    proxy_perform("keepalive-direct", h, &x, &sent);
    /* Back through the proxy. */
    proxy_again(h, &x, &sent, 4);
    curl_easy_setopt(h, CURLOPT_PROXY, proxy_self(""));
    curl_easy_setopt(h, CURLOPT_URL, "http://one.test/k?echo=1&conn=1");
    proxy_perform("keepalive-back", h, &x, &sent);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }

  /* A POST through the proxy. */
  proxy_once("post", "http://origin.test/p?echo=1", post_through_proxy);

  /* Nothing listens at the proxy's port; a scheme libcurl has no proxy for. */
  with("refused", "http://origin.test/e?echo=1", proxy_fmt("127.0.0.1:%d", trace_free_port()), 0, -1,
       NULL);
  with("bad-scheme", "http://origin.test/e?echo=1", proxy_fmt("ftp://127.0.0.1:%ld", port), 0, -1, NULL);
  with("bad-type", "http://origin.test/e?echo=1", proxy_self(""), 0, 42, NULL);

  curl_global_cleanup();
  return 0;
}
