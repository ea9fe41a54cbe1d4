/* Scenario: LOW_SPEED_LIMIT/LOW_SPEED_TIME abort a slow drip with CURLE_OPERATION_TIMEDOUT. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/slow?size=200&drip=100");
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1000L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 1L);
  trace_code("slow: result", curl_easy_perform(h));
  trace_xfer_print_headers("slow", &x);
  trace_line("got part of the body: %s", x.body_bytes > 0 && x.body_bytes < 200 ? "yes" : "no");
  INFO_LONG(h, RESPONSE_CODE);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
