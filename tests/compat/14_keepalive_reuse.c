/* Scenario: the same easy handle twice: the second request reuses the connection. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/ka?size=100&conn=1");
  for (int i = 1; i <= 3; i++) {
    char label[16];
    snprintf(label, sizeof label, "req%d", i);
    trace_xfer_init(&x, i);
    trace_result(label, curl_easy_perform(h), &x);
    INFO_LONG(h, NUM_CONNECTS);
    INFO_LONG(h, HEADER_SIZE);
    trace_info_times(h, i == 1); /* on reuse libcurl reports connect 0 after namelookup>0 */
    trace_xfer_free(&x);
  }
  /* The server closes after two requests here (maxreq), so a later one needs a new connection. */
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/ka?size=7&conn=1&maxreq=1"));
  trace_xfer_init(&x, 4);
  trace_result("maxreq", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);
  trace_sleep_ms(50);
  trace_xfer_init(&x, 5);
  trace_result("after", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
