/* Scenario: CURLMOPT_MAXCONNECTS=1 keeps only one idle connection after a parallel batch. */
#include "multi_util.h"

#define COUNT 3

static long run_batch(CURLM *m, int first_id) {
  CURL *h[COUNT];
  struct trace_xfer x[COUNT];
  for (int i = 0; i < COUNT; i++) {
    h[i] = trace_easy_new(&x[i], first_id + i, "/mc?size=100&delay=100");
    curl_easy_setopt(h[i], CURLOPT_PRIVATE, (void *)(intptr_t)(first_id + i));
    curl_multi_add_handle(m, h[i]);
  }
  trace_line("running at end: %d", multi_run(m));
  multi_print_msgs(m);
  long connects = 0;
  for (int i = 0; i < COUNT; i++) {
    long n = 0;
    curl_easy_getinfo(h[i], CURLINFO_NUM_CONNECTS, &n);
    connects += n;
    curl_multi_remove_handle(m, h[i]);
    curl_easy_cleanup(h[i]);
    trace_xfer_free(&x[i]);
  }
  return connects;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  trace_mcode("setopt MAXCONNECTS", curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, 1L));
  trace_line("batch 1 new connections: %ld", run_batch(m, 1));
  trace_line("batch 2 new connections: %ld", run_batch(m, 11));
  multi_print_stats(m);
  trace_mcode("cleanup", curl_multi_cleanup(m));
  curl_global_cleanup();
  return 0;
}
