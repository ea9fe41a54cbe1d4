/* Scenario: a redirect that is not followed: REDIRECT_URL holds the absolute target. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/dir/r?status=302&location=/x%3Fsize%3D5&size=7");
  trace_result("nofollow", curl_easy_perform(h), &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, REDIRECT_COUNT);
  INFO_STR(h, EFFECTIVE_URL);
  INFO_STR(h, REDIRECT_URL);
  trace_xfer_free(&x);

  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/dir/r?status=301&location=rel%3Fa%3D1"));
  trace_result("relative", curl_easy_perform(h), &x);
  INFO_STR(h, REDIRECT_URL);
  trace_xfer_free(&x);

  /* No Location header: no redirect URL either. */
  trace_xfer_init(&x, 3);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/dir/r?status=200&size=1"));
  trace_result("plain", curl_easy_perform(h), &x);
  INFO_STR(h, REDIRECT_URL);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
