/* Scenario: socket and timer callback sequence of one GET driven by socket_action and epoll. */
#include <stdint.h>

#include "trace.h"
#include "../events/epoll_driver.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  evd_init(m);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/one?size=5000");
  curl_easy_setopt(h, CURLOPT_PRIVATE, (void *)(intptr_t)1);
  trace_line("timer calls before add: %ld", evd.timer_calls);
  trace_mcode("add", curl_multi_add_handle(m, h));
  trace_line("timer after add: %s", evd.timer_ms == 0 ? "0" : "not 0");
  trace_line("sockets before first action: %d", evd.nsockets);
  int left = evd_run(5000);
  trace_line("running at end: %d", left);
  trace_mcode("socket_action", evd.last_mcode);
  evd_print_done(trace_code);
  trace_result("get", evd.ndone ? evd.done_results[0] : CURLE_OK, &x);
  evd_print_sockets(trace_line);
  evd_print_timer_kinds(trace_line);
  trace_mcode("remove", curl_multi_remove_handle(m, h));
  evd_print_sockets(trace_line);
  curl_easy_cleanup(h);
  trace_mcode("multi_cleanup", curl_multi_cleanup(m));
  evd_print_sockets(trace_line);
  evd_close();
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
