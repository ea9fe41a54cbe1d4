/* Scenario: two curl_multi_wait calls with no perform between: the second sees what the first did, at once. */
#include <time.h>

#include "trace.h"

static long elapsed_ms(const struct timespec *a) {
  struct timespec b;
  clock_gettime(CLOCK_MONOTONIC, &b);
  return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  struct trace_xfer x;
  /* The answer comes 50 ms after the request: some waits see nothing ready, some see it. */
  CURL *h = trace_easy_new(&x, 1, "/twice?size=64&delay=50");
  curl_multi_add_handle(m, h);
  int running = 1, ready_waits = 0, held = 1;
  for (int i = 0; running && i < 200; i++) {
    curl_multi_perform(m, &running);
    if (!running) break;
    int first = -1, second = -1;
    curl_multi_wait(m, NULL, 0, 1000, &first);
    if (first <= 0) continue;
    /* Nothing ran the readiness the first wait saw: the second must report it again, now. */
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    curl_multi_wait(m, NULL, 0, 1000, &second);
    if (second != first || elapsed_ms(&start) >= 500) held = 0;
    ready_waits++;
  }
  trace_line("still running: %d", running);
  trace_line("waits that saw readiness: %s", ready_waits > 0 ? "some" : "none");
  trace_line("second wait repeated the first at once: %s", held ? "always" : "not always");
  int left = 0;
  CURLMsg *msg = curl_multi_info_read(m, &left);
  trace_code("result", msg ? msg->data.result : CURLE_OK);
  trace_xfer_print_body("body", &x);
  curl_multi_remove_handle(m, h);
  curl_easy_cleanup(h);
  curl_multi_cleanup(m);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
