/* Scenario: a CONNECT answered 407 (the test server's status-407 label, with the basic /
   digest / ntlm labels naming the schemes it offers) and answered again: the 407's body
   (Content-Length or chunked) is read past and the next CONNECT goes on the same
   connection, or on a new one when the proxy closes (bye) or speaks HTTP/1.0; no or wrong
   credentials, ANY / ANYSAFE picking, SUPPRESS_CONNECT_HEADERS, and the getinfo values
   (HTTP_CONNECTCODE, PROXYAUTH_AVAIL, NUM_CONNECTS, REQUEST_SIZE) after each. */
#include "proxy_scenario.h"

static const char *userpwd;
/* CURLAUTH_ANY and ANYSAFE are negative as a long: -1 alone means "not set". */
static long auth = -1;
static long suppress;

static void setup(CURL *h) {
  curl_easy_setopt(h, CURLOPT_PROXY, proxy_self(""));
  curl_easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, 1L);
  if (userpwd) curl_easy_setopt(h, CURLOPT_PROXYUSERPWD, userpwd);
  if (auth != -1) curl_easy_setopt(h, CURLOPT_PROXYAUTH, (unsigned long)auth);
  if (suppress) curl_easy_setopt(h, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
}

static void reset(void) {
  userpwd = NULL;
  auth = -1;
  suppress = 0;
}

static const char *url(const char *labels) {
  return proxy_fmt("http://status-407.%stest/a?echo=1&conn=1", labels);
}

/* What the header API keeps of the CONNECT answers (both 407 and 200 came). */
static void print_connect_headers(const char *label, CURL *h) {
  struct curl_header *prev = NULL, *hd;
  while ((hd = curl_easy_nextheader(h, CURLH_CONNECT, -1, prev))) {
    trace_line("%s: connect header %s: %s (%zu of %zu)", label, hd->name, hd->value, hd->index + 1,
               hd->amount);
    prev = hd;
  }
  if (curl_easy_header(h, "Proxy-Authenticate", 0, CURLH_CONNECT, -1, &hd) == CURLHE_OK)
    trace_line("%s: Proxy-Authenticate %s", label, hd->value);
  else
    trace_line("%s: no Proxy-Authenticate", label);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  reset();
  proxy_once("none", url("digest."), setup);
  userpwd = "user:pass";
  proxy_once("basic-unasked", url(""), setup);
  auth = CURLAUTH_DIGEST;
  proxy_once("digest", url("digest."), setup);
  proxy_once("digest-chunked", url("digest.chunked."), setup);
  proxy_once("digest-bye", url("digest.bye."), setup);
  proxy_once("digest-http10", url("digest.http10."), setup);
  proxy_once("digest-hdr", url("digest.hdr."), setup);
  auth = CURLAUTH_NTLM;
  proxy_once("ntlm", url("ntlm."), setup);
  proxy_once("ntlm-chunked", url("ntlm.chunked."), setup);
  proxy_once("ntlm-bye", url("ntlm.bye."), setup);
  auth = (long)CURLAUTH_ANY;
  proxy_once("any-basic", url("basic."), setup);
  proxy_once("any-basic-bye", url("basic.bye."), setup);
  proxy_once("any-all", url("basic.digest.ntlm."), setup);
  proxy_once("any-basic-ntlm", url("basic.ntlm."), setup);
  auth = (long)CURLAUTH_ANYSAFE;
  proxy_once("anysafe-basic", url("basic."), setup);
  auth = CURLAUTH_DIGEST;
  suppress = 1;
  proxy_once("digest-suppressed", url("digest."), setup);

  reset();
  userpwd = "user:wrong";
  auth = CURLAUTH_DIGEST;
  proxy_once("digest-wrong", url("digest."), setup);
  auth = CURLAUTH_NTLM;
  proxy_once("ntlm-wrong", url("ntlm."), setup);
  auth = (long)CURLAUTH_ANY;
  proxy_once("any-wrong", url("digest.basic."), setup);

  /* One handle, two transfers to the same origin: the tunnel is reused, no CONNECT. */
  {
    struct trace_xfer x;
    struct proxy_sent sent;
    reset();
    userpwd = "user:pass";
    auth = CURLAUTH_DIGEST;
    CURL *h = proxy_handle(&x, &sent, 1, url("digest."));
    setup(h);
    proxy_perform("again-1", h, &x, &sent);
    print_connect_headers("again-1", h);
    proxy_again(h, &x, &sent, 2);
    proxy_perform("again-2", h, &x, &sent);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }

  curl_global_cleanup();
  return 0;
}
