/* Scenario: an IPv6 literal URL against a server bound to ::1. */
// server: --ipv6
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char url[128];
  snprintf(url, sizeof url, "http://[::1]:%d/v6?size=10&echo=1", trace_port());
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, NULL);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_URL, url);
  trace_result("v6", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("v6", &x);
  INFO_STR(h, PRIMARY_IP);
  INFO_STR(h, LOCAL_IP);
  INFO_STR(h, EFFECTIVE_URL);
  long pport = 0;
  curl_easy_getinfo(h, CURLINFO_PRIMARY_PORT, &pport);
  trace_line("info PRIMARY_PORT==port: %s", pport == trace_port() ? "yes" : "no");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
