/* Scenario: one easy handle run twice on a socket_action multi; the second run reuses the connection. */
#include <stdint.h>

#include "trace.h"
#include "../events/epoll_driver.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  evd_init(m);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/ka?size=3000&conn=1");
  curl_easy_setopt(h, CURLOPT_PRIVATE, (void *)(intptr_t)1);
  for (int round = 1; round <= 2; round++) {
    trace_line("round %d", round);
    trace_mcode("add", curl_multi_add_handle(m, h));
    evd.running = -1;
    trace_line("running at end: %d", evd_run(5000));
    trace_mcode("socket_action", evd.last_mcode);
    evd_print_done(trace_code);
    evd.ndone = 0;
    INFO_LONG(h, NUM_CONNECTS);
    if (round == 1) {
      evd_print_sockets(trace_line);
    } else {
      /* Whether the reply was already there when the request went out is timing: print
       * only what must hold for a reused connection. */
      trace_line("sockets seen: %s", evd.nsockets <= 1 ? "at most one" : "more");
      trace_line("OUT seen (a new connect): %s", evd_seen("OUT") ? "yes" : "no");
    }
    trace_mcode("remove", curl_multi_remove_handle(m, h));
    trace_line("all sockets removed: %s", evd_all_removed() ? "yes" : "no");
    evd_reset_sockets();
  }
  trace_xfer_print_headers("both", &x);
  trace_xfer_print_body("both", &x);
  curl_easy_cleanup(h);
  trace_mcode("multi_cleanup", curl_multi_cleanup(m));
  trace_line("after cleanup: all sockets removed: %s", evd_all_removed() ? "yes" : "no");
  evd_close();
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
