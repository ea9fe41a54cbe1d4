/* Scenario: the server hangs up right after a keep-alive response; the next request, on the
   same handle and on a second one in the same multi, takes a new connection. */
#include <stdint.h>

#include "multi_util.h"
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  /* idleclose=0: no "Connection: close", yet the FIN follows the response at once. */
  CURL *h = trace_easy_new(&x, 1, "/fin?size=64&conn=1&idleclose=0");
  trace_result("first", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);

  trace_sleep_ms(50);
  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/fin?size=64&conn=1"));
  trace_result("second", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_LONG(h, RESPONSE_CODE);
  trace_xfer_free(&x);

  /* The same through one multi handle: a hang-up with the response, then a second handle. */
  CURLM *m = curl_multi_init();
  struct trace_xfer a, b;
  CURL *ha = trace_easy_new(&a, 3, "/fin?size=32&conn=1&idleclose=0");
  curl_easy_setopt(ha, CURLOPT_PRIVATE, (void *)(intptr_t)3);
  curl_multi_add_handle(m, ha);
  trace_line("multi first running: %d", multi_run(m));
  multi_print_msgs(m);
  INFO_LONG(ha, NUM_CONNECTS);
  trace_sleep_ms(50);
  CURL *hb = trace_easy_new(&b, 4, "/fin?size=32&conn=1");
  curl_easy_setopt(hb, CURLOPT_PRIVATE, (void *)(intptr_t)4);
  curl_multi_add_handle(m, hb);
  trace_line("multi second running: %d", multi_run(m));
  multi_print_msgs(m);
  INFO_LONG(hb, NUM_CONNECTS);
  trace_xfer_print_headers("second handle", &b);
  curl_multi_remove_handle(m, ha);
  curl_multi_remove_handle(m, hb);
  curl_multi_cleanup(m);
  curl_easy_cleanup(ha);
  curl_easy_cleanup(hb);
  trace_xfer_free(&a);
  trace_xfer_free(&b);
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
