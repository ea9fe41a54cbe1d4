/* Scenario: CURLMOPT_MAX_TOTAL_CONNECTIONS=3 with six transfers: all succeed over three connections. */
#include "multi_util.h"

#define COUNT 6

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  trace_mcode("setopt MAX_TOTAL_CONNECTIONS",
              curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, 3L));
  CURL *h[COUNT];
  struct trace_xfer x[COUNT];
  for (int i = 0; i < COUNT; i++) {
    h[i] = trace_easy_new(&x[i], i + 1, "/mt?size=2000&delay=50");
    curl_easy_setopt(h[i], CURLOPT_PRIVATE, (void *)(intptr_t)(i + 1));
    curl_multi_add_handle(m, h[i]);
  }
  int running = -1;
  curl_multi_perform(m, &running);
  trace_line("running after first perform: %d", running);
  trace_line("running at end: %d", multi_run(m));
  multi_print_msgs(m);
  long connects = 0;
  for (int i = 0; i < COUNT; i++) {
    long n = 0;
    curl_easy_getinfo(h[i], CURLINFO_NUM_CONNECTS, &n);
    connects += n;
    char label[16];
    snprintf(label, sizeof label, "xfer%d", i + 1);
    trace_xfer_print_body(label, &x[i]);
  }
  trace_line("sum of NUM_CONNECTS: %ld", connects);
  multi_print_stats(m);
  for (int i = 0; i < COUNT; i++) {
    curl_multi_remove_handle(m, h[i]);
    curl_easy_cleanup(h[i]);
    trace_xfer_free(&x[i]);
  }
  trace_mcode("cleanup", curl_multi_cleanup(m));
  curl_global_cleanup();
  return 0;
}
