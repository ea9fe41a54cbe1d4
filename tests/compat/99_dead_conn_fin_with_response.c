/* Scenario: the server hangs up right after a keep-alive response; the next request, on the
   same handle and on a second one in the same multi, takes a new connection. */
#include <stdint.h>

#include "multi_util.h"
#include "trace.h"

/* Adds a handle for path (CURLOPT_PRIVATE = id), runs the multi until it is done, and prints
   its message and connection count. */
static CURL *run_in_multi(CURLM *m, struct trace_xfer *x, int id, const char *path) {
  CURL *h = trace_easy_new(x, id, path);
  curl_easy_setopt(h, CURLOPT_PRIVATE, (void *)(intptr_t)id);
  curl_multi_add_handle(m, h);
  trace_line("multi id=%d running: %d", id, multi_run(m));
  multi_print_msgs(m);
  INFO_LONG(h, NUM_CONNECTS);
  return h;
}

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
  CURL *ha = run_in_multi(m, &a, 3, "/fin?size=32&conn=1&idleclose=0");
  trace_sleep_ms(50);
  CURL *hb = run_in_multi(m, &b, 4, "/fin?size=32&conn=1");
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
