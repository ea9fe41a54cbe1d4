/* Scenario: SOCKS5 GSS-API (RFC 1961) against a private Kerberos KDC, through the test server's
   SOCKS peer: SOCKS5_AUTH GSSAPI and its default (BASIC|GSSAPI), a reply that has to be waited
   for, the service as SOCKS5_GSSAPI_SERVICE and as PROXY_SERVICE_NAME, a service nobody holds,
   NEC mode (the protection level unwrapped), a proxy that asks for per-message protection,
   and a second transfer on the handle. The peer's X-Socks-GSS header says who it authenticated,
   for which service, the level asked and its form. Judged by 204_socks_gssapi.expected:
   libcurl 7.88 never completes a SOCKS5 GSS-API handshake (its non-blocking SOCKS code loses
   the GSS-API choice when the method reply must be waited for, and stops after the context
   when it need not), see docs/DIFFERENCES.md. */
// needs: kdc
// oracle: 204_socks_gssapi.expected
#include "gss_trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);

  socks_case("gssapi", "gssapi", CURLAUTH_GSSAPI, NULL, -1);
  socks_case("default-auth", "gssapi", -1, NULL, -1);
  socks_case("slow-method-reply", "gssapi.slow", CURLAUTH_GSSAPI, NULL, -1);
  socks_case("service", "gssapi", CURLAUTH_GSSAPI, "socks", -1);
  socks_case("service-none", "gssapi", CURLAUTH_GSSAPI, "nosuch", -1);
  socks_case("nec", "gssapi", CURLAUTH_GSSAPI, NULL, 1);
  socks_case("protection-asked", "gssapi.gsslevel-2", CURLAUTH_GSSAPI, NULL, -1);

  /* PROXY_SERVICE_NAME is the same setting (SOCKS5_GSSAPI_SERVICE is its old name); a second
     transfer on the handle runs the handshake again on a new connection. */
  {
    char proxy[64], target[128];
    snprintf(proxy, sizeof proxy, "socks5h://localhost:%d", trace_port());
    snprintf(target, sizeof target, "http://socks.test:%d/s?text=tunnel", trace_port());
    CURL *h = new_handle(target);
    curl_easy_setopt(h, CURLOPT_PROXY, proxy);
    curl_easy_setopt(h, CURLOPT_SOCKS5_AUTH, (long)CURLAUTH_GSSAPI);
    curl_easy_setopt(h, CURLOPT_PROXY_SERVICE_NAME, "xsvc");
    curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
    trace_socks_arm("gssapi");
    perform("proxy-service-name", h);
    trace_socks_arm("gssapi");
    perform("again", h);
    curl_easy_cleanup(h);
  }

  curl_global_cleanup();
  return 0;
}
