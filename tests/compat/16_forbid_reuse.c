/* Scenario: FORBID_REUSE closes the connection after each transfer. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/fr?size=10&conn=1");
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  trace_result("first", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);

  trace_xfer_init(&x, 2);
  trace_result("second", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);

  /* Allowing reuse again: the connection of the third request stays for the fourth. */
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 0L);
  trace_xfer_init(&x, 3);
  trace_result("third", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);
  trace_xfer_init(&x, 4);
  trace_result("fourth", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
