/* Scenario: a kept connection the server closed while idle is retried silently on a new one. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/dead?size=64&conn=1&idleclose=50");
  trace_result("first", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);

  trace_sleep_ms(200);
  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/dead?size=64&conn=1"));
  trace_result("second", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_LONG(h, RESPONSE_CODE);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
