/* Scenario: a plain HTTP proxy's 407 answered (the test server plays a proxy taking
   user:pass in the schemes proxyauth= lists): Basic, Digest and NTLM alone, PROXYAUTH ANY /
   ANYSAFE picking among several, no or wrong credentials, a POST through NTLM and Digest
   (the body held back for the handshake), a 407 then the origin's 401, the URL's login
   through redirects, and a handle used again after its method was picked. */
#include "proxy_scenario.h"

static const char *userpwd;
static const char *user;
static const char *pass;
static const char *server_userpwd;
/* CURLAUTH_ANY and ANYSAFE are negative as a long: -1 alone means "not set". */
static long auth = -1;
static long server_auth = -1;
static const char *post;
static long follow;
static long trusted;

static void setup(CURL *h) {
  curl_easy_setopt(h, CURLOPT_PROXY, proxy_self(""));
  if (userpwd) curl_easy_setopt(h, CURLOPT_PROXYUSERPWD, userpwd);
  if (user) curl_easy_setopt(h, CURLOPT_PROXYUSERNAME, user);
  if (pass) curl_easy_setopt(h, CURLOPT_PROXYPASSWORD, pass);
  if (auth != -1) curl_easy_setopt(h, CURLOPT_PROXYAUTH, (unsigned long)auth);
  if (server_userpwd) curl_easy_setopt(h, CURLOPT_USERPWD, server_userpwd);
  if (server_auth != -1) curl_easy_setopt(h, CURLOPT_HTTPAUTH, (unsigned long)server_auth);
  if (post) curl_easy_setopt(h, CURLOPT_POSTFIELDS, post);
  if (follow) curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  if (trusted) curl_easy_setopt(h, CURLOPT_UNRESTRICTED_AUTH, 1L);
}

static void reset(void) {
  userpwd = user = pass = server_userpwd = post = NULL;
  auth = server_auth = -1;
  follow = trusted = 0;
}

static const char *url(const char *schemes) {
  return proxy_fmt("http://origin.test/a?proxyauth=%s&echo=1&conn=1", schemes);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  reset();
  proxy_once("basic-none", url("basic"), setup);
  proxy_once("digest-none", url("digest"), setup);
  userpwd = "user:pass";
  proxy_once("basic-default", url("basic"), setup);
  proxy_once("digest-default-mask", url("digest"), setup);
  auth = CURLAUTH_DIGEST;
  proxy_once("digest", url("digest"), setup);
  auth = CURLAUTH_NTLM;
  proxy_once("ntlm", url("ntlm"), setup);
  auth = CURLAUTH_BASIC | CURLAUTH_DIGEST;
  proxy_once("basic-or-digest-offers-basic", url("basic"), setup);

  /* ANY and ANYSAFE pick the safest offered method. */
  auth = (long)CURLAUTH_ANY;
  proxy_once("any-all", url("basic,digest,ntlm"), setup);
  proxy_once("any-basic-ntlm", url("basic,ntlm"), setup);
  proxy_once("any-basic", url("basic"), setup);
  auth = (long)CURLAUTH_ANYSAFE;
  proxy_once("anysafe-basic", url("basic"), setup);
  proxy_once("anysafe-ntlm-basic", url("ntlm,basic"), setup);

  /* Wrong or half credentials. */
  reset();
  userpwd = "user:wrong";
  auth = CURLAUTH_DIGEST;
  proxy_once("digest-wrong", url("digest"), setup);
  auth = CURLAUTH_NTLM;
  proxy_once("ntlm-wrong", url("ntlm"), setup);
  auth = (long)CURLAUTH_ANY;
  proxy_once("any-wrong", url("digest,basic"), setup);
  reset();
  user = "user";
  pass = "pass";
  auth = CURLAUTH_DIGEST;
  proxy_once("digest-username-password", url("digest"), setup);
  pass = NULL;
  proxy_once("digest-username-only", url("digest"), setup);

  /* A POST: the body waits for the request that completes the handshake. */
  reset();
  userpwd = "user:pass";
  post = "name=value&more=stuff";
  auth = CURLAUTH_NTLM;
  proxy_once("post-ntlm", url("ntlm"), setup);
  auth = CURLAUTH_DIGEST;
  proxy_once("post-digest", url("digest"), setup);
  auth = (long)CURLAUTH_ANY;
  proxy_once("post-any", url("basic,ntlm"), setup);

  /* The proxy's 407, then the origin's 401. */
  reset();
  userpwd = "user:pass";
  server_userpwd = "o:p";
  auth = CURLAUTH_DIGEST;
  server_auth = CURLAUTH_DIGEST;
  proxy_once("407-then-401",
             "http://origin.test/a?proxyauth=digest&echo=1&conn=1"
             "&challenge=Digest%20realm%3D%22s%22%2C%20nonce%3D%22servernonce%22",
             setup);
  auth = CURLAUTH_NTLM;
  server_auth = CURLAUTH_BASIC;
  proxy_once("407-ntlm-then-401-basic",
             "http://origin.test/a?proxyauth=ntlm&echo=1&conn=1&challenge=Basic%20realm%3D%22s%22&authok=Basic",
             setup);

  /* The URL's login through a redirect to a URL naming none: kept, and sent on to the
     same host, or to another one with UNRESTRICTED_AUTH (curl test 998). */
  reset();
  follow = 1;
  proxy_once("url-login-redirect-same-host",
             "http://al:ein@origin.test/a?status=302&location=http://origin.test/b%3Fecho%3D1", setup);
  proxy_once("url-login-redirect-other-host",
             "http://al:ein@origin.test/a?status=302&location=http://other.test/b%3Fecho%3D1", setup);
  trusted = 1;
  proxy_once("url-login-redirect-trusted",
             "http://al:ein@origin.test/a?status=302&location=http://other.test/b%3Fecho%3D1", setup);
  proxy_once("url-login-redirect-new-login",
             "http://al:ein@origin.test/a?status=302&location=http://x:y%40other.test/b%3Fecho%3D1", setup);

  /* One handle, two transfers: the picked method goes at once the second time. */
  {
    struct trace_xfer x;
    struct proxy_sent sent;
    reset();
    userpwd = "user:pass";
    auth = (long)CURLAUTH_ANY;
    CURL *h = proxy_handle(&x, &sent, 1, url("digest,basic"));
    setup(h);
    proxy_perform("again-1", h, &x, &sent);
    proxy_again(h, &x, &sent, 2);
    curl_easy_setopt(h, CURLOPT_URL, "http://two.test/b?proxyauth=digest,basic&echo=1&conn=1");
    proxy_perform("again-2", h, &x, &sent);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }

  curl_global_cleanup();
  return 0;
}
