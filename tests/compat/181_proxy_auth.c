/* Scenario: proxy authentication (the test server plays a proxy wanting user:pass in Basic):
   407 without credentials, PROXYUSERPWD, PROXYUSERNAME/PASSWORD, credentials in the proxy URL,
   wrong ones, PROXYAUTH Basic and ANY, the 407 through a CONNECT tunnel, and the getinfo values
   (RESPONSE_CODE, HTTP_CONNECTCODE, PROXYAUTH_AVAIL) after each. */
#include "proxy_scenario.h"

static const char *userpwd;
static const char *user;
static const char *pass;
static const char *proxy;
/* CURLAUTH_ANY is negative as a long: -1 alone means "not set". */
static long auth = -1;
static long tunnel;

static void setup(CURL *h) {
  curl_easy_setopt(h, CURLOPT_PROXY, proxy ? proxy : proxy_self(""));
  if (userpwd) curl_easy_setopt(h, CURLOPT_PROXYUSERPWD, userpwd);
  if (user) curl_easy_setopt(h, CURLOPT_PROXYUSERNAME, user);
  if (pass) curl_easy_setopt(h, CURLOPT_PROXYPASSWORD, pass);
  if (auth != -1) curl_easy_setopt(h, CURLOPT_PROXYAUTH, (unsigned long)auth);
  if (tunnel) curl_easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, 1L);
}

static void reset(void) {
  userpwd = user = pass = proxy = NULL;
  auth = -1;
  tunnel = 0;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const char *url = "http://origin.test/a?proxyauth=1&echo=1";

  reset();
  proxy_once("none", url, setup);
  userpwd = "user:pass";
  proxy_once("userpwd", url, setup);
  userpwd = "user:wrong";
  proxy_once("userpwd-wrong", url, setup);
  reset();
  user = "user";
  pass = "pass";
  proxy_once("username-password", url, setup);
  reset();
  user = "user";
  proxy_once("username-only", url, setup);
  reset();
  proxy = proxy_self("http://user:pass@");
  proxy_once("in-proxy-url", url, setup);
  proxy = proxy_self("http://us%65r:p%61ss@");
  proxy_once("in-proxy-url-escaped", url, setup);
  /* PROXYUSERPWD beats credentials in the proxy URL? */
  userpwd = "user:wrong";
  proxy_once("url-and-userpwd", url, setup);
  reset();
  userpwd = "user:pass";
  auth = CURLAUTH_BASIC;
  proxy_once("auth-basic", url, setup);
  auth = (long)CURLAUTH_ANY;
  proxy_once("auth-any", url, setup);
  auth = CURLAUTH_DIGEST;
  proxy_once("auth-digest-only", url, setup);

  /* The origin's own Authorization and the proxy's side by side. */
  reset();
  userpwd = "user:pass";
  proxy_once("both-auths", "http://o:p@origin.test/a?proxyauth=1&echo=1", setup);

  /* CONNECT answered 407 (status-407 knob) without, then with credentials, then with
     ANY (a first CONNECT without, then a second one with). */
  reset();
  tunnel = 1;
  proxy_once("connect-none", "http://status-407.test/a?echo=1", setup);
  userpwd = "user:pass";
  proxy_once("connect-userpwd", "http://status-407.test/a?echo=1", setup);
  auth = (long)CURLAUTH_ANY;
  proxy_once("connect-any", "http://status-407.test/a?echo=1", setup);
  userpwd = "user:wrong";
  auth = -1;
  proxy_once("connect-wrong", "http://status-407.test/a?echo=1", setup);

  /* A handle reused: the credentials are sent again on the kept connection. */
  {
    struct trace_xfer x;
    struct proxy_sent sent;
    reset();
    userpwd = "user:pass";
    CURL *h = proxy_handle(&x, &sent, 1, "http://one.test/a?proxyauth=1&echo=1&conn=1");
    setup(h);
    proxy_perform("reuse-1", h, &x, &sent);
    proxy_again(h, &x, &sent, 2);
    curl_easy_setopt(h, CURLOPT_URL, "http://two.test/a?proxyauth=1&echo=1&conn=1");
    proxy_perform("reuse-2", h, &x, &sent);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }

  curl_global_cleanup();
  return 0;
}
