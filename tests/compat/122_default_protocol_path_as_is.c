/* Scenario: DEFAULT_PROTOCOL gives a URL without a scheme its scheme; PATH_AS_IS sends "/../"
   and "/./" segments as given instead of removing them. */
#include <stdio.h>

#include "trace.h"

static void run(const char *label, const char *url, const char *default_protocol, long path_as_is) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, NULL);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_URL, url);
  if (default_protocol) trace_code("DEFAULT_PROTOCOL", curl_easy_setopt(h, CURLOPT_DEFAULT_PROTOCOL, default_protocol));
  trace_code("PATH_AS_IS", curl_easy_setopt(h, CURLOPT_PATH_AS_IS, path_as_is));
  trace_result(label, curl_easy_perform(h), &x);
  trace_xfer_print_body_text(label, &x);
  INFO_STR(h, EFFECTIVE_URL);
  INFO_STR(h, SCHEME);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char url[160];
  snprintf(url, sizeof url, "127.0.0.1:%d/plain?echo=1", trace_port());
  run("guessed", url, NULL, 0);
  run("default-http", url, "http", 0);
  run("default-HTTP", url, "HTTP", 0);
  /* The test server speaks plain HTTP, so the TLS handshake fails. */
  run("default-https", url, "https", 0);
  snprintf(url, sizeof url, "http://127.0.0.1:%d/plain?echo=1", trace_port());
  run("scheme-wins", url, "https", 0);
  snprintf(url, sizeof url, "http://127.0.0.1:%d/a/../b/./c/..?echo=1", trace_port());
  run("dots-removed", url, NULL, 0);
  run("path-as-is", url, NULL, 1);
  /* A relative Location joined as libcurl joins it under PATH_AS_IS (curl test 391). */
  snprintf(url, sizeof url, "http://127.0.0.1:%d/../../x?status=302&location=../y%%3Fecho%%3D1", trace_port());
  for (long as_is = 0; as_is <= 1; as_is++) {
    struct trace_xfer x;
    CURL *h = trace_easy_new(&x, 2, NULL);
    x.keep_body = 1;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PATH_AS_IS, as_is);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    trace_result(as_is ? "redirect-as-is" : "redirect-dots-removed", curl_easy_perform(h), &x);
    trace_xfer_print_body_text("redirect", &x);
    INFO_STR(h, EFFECTIVE_URL);
    curl_easy_cleanup(h);
    trace_xfer_free(&x);
  }
  curl_global_cleanup();
  return 0;
}
