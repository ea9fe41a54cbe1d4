/* Scenario: the write callback returns 0: CURLE_WRITE_ERROR, and the connection is not reused. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  CURL *h = trace_easy_new(&x, 1, "/wa?size=100&conn=1");
  x.write_calls_before_abort = 1;
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  err[0] = '\0';
  trace_result("abort", curl_easy_perform(h), &x);
  trace_line("write calls: %ld", x.write_calls);
  trace_line("errorbuffer: %s", err[0] ? "non-empty" : "empty");
  INFO_LONG(h, RESPONSE_CODE);
  trace_xfer_free(&x);

  trace_xfer_init(&x, 2);
  trace_result("after", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
