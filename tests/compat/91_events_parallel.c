/* Scenario: three parallel GETs to one server driven by socket_action: one socket each. */
#include <stdint.h>

#include "trace.h"
#include "../events/epoll_driver.h"

#define COUNT 3

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  evd_init(m);
  struct trace_xfer x[COUNT];
  CURL *h[COUNT];
  for (int i = 0; i < COUNT; i++) {
    char pq[64];
    snprintf(pq, sizeof pq, "/par?size=%d&delay=%d", 2000 * (i + 1), 50 * i);
    h[i] = trace_easy_new(&x[i], i + 1, pq);
    curl_easy_setopt(h[i], CURLOPT_PRIVATE, (void *)(intptr_t)(i + 1));
    trace_mcode("add", curl_multi_add_handle(m, h[i]));
  }
  trace_line("running at end: %d", evd_run(5000));
  trace_mcode("socket_action", evd.last_mcode);
  evd_print_done(trace_code);
  for (int i = 0; i < COUNT; i++) {
    char label[16];
    snprintf(label, sizeof label, "xfer%d", i + 1);
    trace_xfer_print_body(label, &x[i]);
  }
  evd_print_sockets(trace_line);
  for (int i = 0; i < COUNT; i++) {
    trace_mcode("remove", curl_multi_remove_handle(m, h[i]));
    curl_easy_cleanup(h[i]);
    trace_xfer_free(&x[i]);
  }
  trace_mcode("multi_cleanup", curl_multi_cleanup(m));
  trace_line("after cleanup:");
  evd_print_sockets(trace_line);
  evd_close();
  curl_global_cleanup();
  return 0;
}
