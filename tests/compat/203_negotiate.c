/* Scenario: GSS-API against a private Kerberos KDC (realm XFER.TEST, tests/support/kdc.py): HTTP
   Negotiate (SPNEGO) with HTTPAUTH NEGOTIATE and ANY, with and without USERPWD ":", SERVICE_NAME
   naming a principal the server holds and one nobody holds, GSSAPI_DELEGATION NONE /
   POLICY_FLAG / FLAG (only xsvc/localhost is ok_as_delegate), a server that never accepts, a
   POST body, a second transfer on the connection; Negotiate to a proxy (absolute-form and
   CONNECT) with PROXY_SERVICE_NAME; a SOCKS5 proxy picking GSS-API that SOCKS5_AUTH did not
   offer (SOCKS5 GSS-API itself: 204). Hosts are `localhost`, so the default principal is HTTP/localhost. What
   each request carried comes from the debug callback, what the server made of it from its
   X-Negotiate-* headers; tokens differ every run and print as <token>. */
// needs: kdc
#include "gss_trace.h"

static char url_buf[512];
static const char *origin(const char *path_and_query) {
  snprintf(url_buf, sizeof url_buf, "http://localhost:%d%s", trace_port(), path_and_query);
  return url_buf;
}

/* Negotiate to the origin with these settings; NULL userpwd leaves USERPWD unset. */
static void origin_case(const char *label, const char *query, long auth, const char *userpwd,
                        const char *service, long delegation) {
  CURL *h = new_handle(origin(query));
  curl_easy_setopt(h, CURLOPT_HTTPAUTH, auth);
  if (userpwd) curl_easy_setopt(h, CURLOPT_USERPWD, userpwd);
  if (service) curl_easy_setopt(h, CURLOPT_SERVICE_NAME, service);
  if (delegation >= 0) curl_easy_setopt(h, CURLOPT_GSSAPI_DELEGATION, delegation);
  perform(label, h);
  curl_easy_cleanup(h);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const char *ok = "/n?negotiate=1&text=ok";

  /* The curl tool's --negotiate -u : ; then ANY; then no credentials at all. */
  origin_case("neg-colon", ok, CURLAUTH_NEGOTIATE, ":", NULL, -1);
  origin_case("any-colon", ok, CURLAUTH_ANY, ":", NULL, -1);
  origin_case("neg-nouser", ok, CURLAUTH_NEGOTIATE, NULL, NULL, -1);
  origin_case("any-nouser", ok, CURLAUTH_ANY, NULL, NULL, -1);
  origin_case("neg-user", ok, CURLAUTH_NEGOTIATE, "someone:secret", NULL, -1);

  /* Service names: xsvc/localhost is in the server's keytab, nosuch/localhost nowhere. */
  origin_case("service-xsvc", ok, CURLAUTH_NEGOTIATE, ":", "xsvc", -1);
  origin_case("service-none", ok, CURLAUTH_NEGOTIATE, ":", "nosuch", -1);

  /* Delegation: HTTP/localhost is not ok_as_delegate, xsvc/localhost is. */
  origin_case("deleg-none", ok, CURLAUTH_NEGOTIATE, ":", NULL, CURLGSSAPI_DELEGATION_NONE);
  origin_case("deleg-policy", ok, CURLAUTH_NEGOTIATE, ":", NULL, CURLGSSAPI_DELEGATION_POLICY_FLAG);
  origin_case("deleg-flag", ok, CURLAUTH_NEGOTIATE, ":", NULL, CURLGSSAPI_DELEGATION_FLAG);
  origin_case("deleg-policy-xsvc", ok, CURLAUTH_NEGOTIATE, ":", "xsvc", CURLGSSAPI_DELEGATION_POLICY_FLAG);

  /* A server that refuses every token: its 401 comes back as CURLE_OK. */
  origin_case("never", "/n?negotiate=never&text=no", CURLAUTH_NEGOTIATE, ":", NULL, -1);
  origin_case("never-any", "/n?negotiate=never&text=no", CURLAUTH_ANY, ":", NULL, -1);

  /* A POST body: how often it goes, and with which request. */
  {
    CURL *h = new_handle(origin("/n?negotiate=1&text=posted"));
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_NEGOTIATE);
    curl_easy_setopt(h, CURLOPT_USERPWD, ":");
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, "name=value&more=1");
    perform("post-neg", h);
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_ANY);
    perform("post-any", h);
    curl_easy_cleanup(h);
  }

  /* Two transfers on one handle and one connection (X-Conn numbers it). */
  {
    CURL *h = new_handle(origin("/n?negotiate=1&conn=1&text=first"));
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_NEGOTIATE);
    curl_easy_setopt(h, CURLOPT_USERPWD, ":");
    perform("reuse-1", h);
    curl_easy_setopt(h, CURLOPT_URL, origin("/n?negotiate=1&conn=1&text=second"));
    perform("reuse-2", h);
    curl_easy_setopt(h, CURLOPT_URL, origin("/plain?conn=1&text=third"));
    perform("reuse-3-noauth", h);
    curl_easy_cleanup(h);
  }

  /* The test server as a Negotiate proxy: absolute-form, then a CONNECT tunnel. */
  {
    char proxy[64];
    snprintf(proxy, sizeof proxy, "http://localhost:%d", trace_port());
    const char *services[] = {NULL, "xsvc", "nosuch"};
    const char *labels[] = {"proxy", "proxy-service-xsvc", "proxy-service-none"};
    for (int i = 0; i < 3; i++) {
      CURL *h = new_handle("http://origin.test/p?proxynegotiate=1&text=proxied");
      curl_easy_setopt(h, CURLOPT_PROXY, proxy);
      curl_easy_setopt(h, CURLOPT_PROXYAUTH, CURLAUTH_NEGOTIATE);
      curl_easy_setopt(h, CURLOPT_PROXYUSERPWD, ":");
      if (services[i]) curl_easy_setopt(h, CURLOPT_PROXY_SERVICE_NAME, services[i]);
      perform(labels[i], h);
      curl_easy_cleanup(h);
    }
    CURL *h = new_handle("http://origin.test/p?proxynegotiate=1&text=proxied");
    curl_easy_setopt(h, CURLOPT_PROXY, proxy);
    curl_easy_setopt(h, CURLOPT_PROXYAUTH, CURLAUTH_ANY);
    curl_easy_setopt(h, CURLOPT_PROXYUSERPWD, ":");
    perform("proxy-any", h);
    curl_easy_cleanup(h);

    char target[128];
    snprintf(target, sizeof target, "http://negotiate.test:%d/t?text=tunnelled", trace_port());
    h = new_handle(target);
    curl_easy_setopt(h, CURLOPT_PROXY, proxy);
    curl_easy_setopt(h, CURLOPT_HTTPPROXYTUNNEL, 1L);
    curl_easy_setopt(h, CURLOPT_PROXYAUTH, CURLAUTH_NEGOTIATE);
    curl_easy_setopt(h, CURLOPT_PROXYUSERPWD, ":");
    perform("connect", h);
    curl_easy_cleanup(h);
  }

  /* A SOCKS5 proxy that picks GSS-API when it was not offered. SOCKS5 GSS-API itself is
     scenario 204: libcurl 7.88 never completes it. */
  socks_case("socks-basic-only", "gssapi", CURLAUTH_BASIC, NULL, -1);

  curl_global_cleanup();
  return 0;
}
