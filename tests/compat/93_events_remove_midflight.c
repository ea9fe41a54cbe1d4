/* Scenario: a transfer removed while its socket waits for a reply: REMOVE comes from remove_handle. */
#include <stdint.h>

#include "trace.h"
#include "../events/epoll_driver.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  evd_init(m);
  struct trace_xfer x[2];
  CURL *h[2];
  h[0] = trace_easy_new(&x[0], 1, "/hang?hang=1");
  h[1] = trace_easy_new(&x[1], 2, "/slow?size=100&delay=300");
  for (int i = 0; i < 2; i++) {
    curl_easy_setopt(h[i], CURLOPT_PRIVATE, (void *)(intptr_t)(i + 1));
    trace_mcode("add", curl_multi_add_handle(m, h[i]));
  }
  /* Run until both sockets wait for the reply (interest IN), bounded. */
  long end = evd_now_ms() + 3000;
  while (evd_now_ms() < end) {
    evd_step(20);
    int waiting = 0;
    for (int i = 0; i < evd.nsockets; i++) {
      struct evd_socket *k = &evd.sockets[i];
      if (k->live && k->ntokens && strcmp(k->tokens[k->ntokens - 1], "IN") == 0) waiting++;
    }
    if (waiting == 2) break;
  }
  trace_line("before remove:");
  evd_print_sockets(trace_line);
  trace_mcode("remove hanging", curl_multi_remove_handle(m, h[0]));
  trace_line("after remove:");
  evd_print_sockets(trace_line);
  trace_line("running at end: %d", evd_run(5000));
  trace_mcode("socket_action", evd.last_mcode);
  evd_print_done(trace_code);
  trace_xfer_print_body("hanging", &x[0]);
  trace_xfer_print_body("slow", &x[1]);
  evd_print_sockets(trace_line);
  trace_mcode("remove slow", curl_multi_remove_handle(m, h[1]));
  for (int i = 0; i < 2; i++) {
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
