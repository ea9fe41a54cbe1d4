/* Scenario: CONNECT tunnels for http:// (HTTPPROXYTUNNEL) through the test server playing the
   proxy: the CONNECT request bytes, the CONNECT reply's headers in the header callback and
   SUPPRESS_CONNECT_HEADERS, HTTP_CONNECTCODE, a 403, a proxy that closes without answering,
   one that answers garbage or HTTP/1.0, PROXYTYPE HTTP_1_0, PROXYHEADER with HEADEROPT
   SEPARATE and UNIFIED, a custom User-Agent, and tunnel reuse per origin. */
#include "proxy_scenario.h"

static long suppress;
static long type = -1;
static long headeropt = -1;
static struct curl_slist *headers;
static struct curl_slist *proxyheaders;
static const char *agent;

static void setup(CURL *h) {
  curl_easy_setopt(h, CURLOPT_PROXY, proxy_self(""));
  curl_easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, 1L);
  if (suppress) curl_easy_setopt(h, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  if (type >= 0) curl_easy_setopt(h, CURLOPT_PROXYTYPE, type);
  if (headeropt >= 0) curl_easy_setopt(h, CURLOPT_HEADEROPT, headeropt);
  if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  if (proxyheaders) curl_easy_setopt(h, CURLOPT_PROXYHEADER, proxyheaders);
  if (agent) curl_easy_setopt(h, CURLOPT_USERAGENT, agent);
}

static void reset(void) {
  suppress = 0;
  type = headeropt = -1;
  headers = proxyheaders = NULL;
  agent = NULL;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  reset();
  proxy_once("tunnel", "http://origin.test/c?echo=1", setup);
  proxy_once("tunnel-port", "http://origin.test:8080/c?echo=1", setup);
  proxy_once("tunnel-ipv6-host", "http://[::1]:8080/c?echo=1", setup);
  proxy_once("extra-header", "http://hdr.test/c?echo=1", setup);
  suppress = 1;
  proxy_once("suppressed", "http://hdr.test/c?echo=1", setup);
  reset();
  proxy_once("connect-http10", "http://http10.hdr.test/c?echo=1", setup);
  type = CURLPROXY_HTTP_1_0;
  proxy_once("type-http10", "http://origin.test/c?echo=1", setup);
  reset();

  /* Failures of the CONNECT itself. */
  proxy_once("status-403", "http://status-403.test/c?echo=1", setup);
  suppress = 1;
  proxy_once("status-403-suppressed", "http://status-403.test/c?echo=1", setup);
  reset();
  proxy_once("status-403-close", "http://status-403.bye.test/c?echo=1", setup);
  proxy_once("status-500", "http://status-500.test/c?echo=1", setup);
  proxy_once("status-301", "http://status-301.test/c?echo=1", setup);
  proxy_once("status-204", "http://status-204.test/c?echo=1", setup);
  proxy_once("close", "http://close.test/c?echo=1", setup);
  proxy_once("reset", "http://reset.test/c?echo=1", setup);
  proxy_once("garbage", "http://garbage.test/c?echo=1", setup);

  /* Which headers go where. */
  headers = curl_slist_append(NULL, "X-Origin: o");
  proxyheaders = curl_slist_append(NULL, "X-Proxy-Only: p");
  proxyheaders = curl_slist_append(proxyheaders, "User-Agent: proxy-agent");
  agent = "agent/1";
  proxy_once("headers-default", "http://origin.test/c?echo=1", setup);
  headeropt = CURLHEADER_SEPARATE;
  proxy_once("headers-separate", "http://origin.test/c?echo=1", setup);
  headeropt = CURLHEADER_UNIFIED;
  proxy_once("headers-unified", "http://origin.test/c?echo=1", setup);
  /* The same lists without a tunnel: absolute-form requests carry what? */
  {
    struct trace_xfer x;
    struct proxy_sent sent;
    CURL *h = proxy_handle(&x, &sent, 1, "http://origin.test/c?echo=1");
    setup(h);
    curl_easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, 0L);
    curl_easy_setopt(h, CURLOPT_HEADEROPT, (long)CURLHEADER_SEPARATE);
    proxy_perform("plain-separate", h, &x, &sent);
    proxy_again(h, &x, &sent, 2);
    curl_easy_setopt(h, CURLOPT_HEADEROPT, (long)CURLHEADER_UNIFIED);
    proxy_perform("plain-unified", h, &x, &sent);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }
  curl_slist_free_all(headers);
  curl_slist_free_all(proxyheaders);
  reset();

  /* Tunnel reuse: the same origin reuses it, another origin needs a new one. */
  {
    struct trace_xfer x;
    struct proxy_sent sent;
    CURL *h = proxy_handle(&x, &sent, 1, "http://one.test/c?echo=1&conn=1");
    setup(h);
    proxy_perform("reuse-1", h, &x, &sent);
    proxy_again(h, &x, &sent, 2);
    proxy_perform("reuse-same-origin", h, &x, &sent);
    proxy_again(h, &x, &sent, 3);
    curl_easy_setopt(h, CURLOPT_URL, "http://two.test/c?echo=1&conn=1");
    proxy_perform("reuse-other-origin", h, &x, &sent);
    proxy_again(h, &x, &sent, 4);
    curl_easy_setopt(h, CURLOPT_URL, "http://one.test/c?echo=1&conn=1");
    proxy_perform("reuse-first-again", h, &x, &sent);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }

  curl_global_cleanup();
  return 0;
}
