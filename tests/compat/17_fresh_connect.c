/* Scenario: FRESH_CONNECT opens a new connection even though an idle one exists. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/fc?size=10&conn=1");
  trace_result("first", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);

  curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
  trace_xfer_init(&x, 2);
  trace_result("fresh", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);

  curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 0L);
  trace_xfer_init(&x, 3);
  trace_result("reuse", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
