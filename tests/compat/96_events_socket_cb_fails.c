/* Scenario: the socket callback returns -1 for the first socket: codes, messages and later calls. */
#include <stdint.h>

#include "trace.h"
#include "../events/epoll_driver.h"

static int refusals;

static int refuse_hook(struct evd_state *st, CURL *easy, curl_socket_t s, int what, void *socketp,
                       int ordinal) {
  (void)st;
  (void)easy;
  (void)s;
  (void)socketp;
  if (what != CURL_POLL_REMOVE && ordinal == 1 && refusals == 0) {
    refusals++;
    return -1;
  }
  return 0;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  evd_init(m);
  evd.socket_hook = refuse_hook;
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/r?size=100");
  curl_easy_setopt(h, CURLOPT_PRIVATE, (void *)(intptr_t)1);
  trace_mcode("add", curl_multi_add_handle(m, h));
  /* Bounded: stop at the first failing call, at zero running, or after 1.5 s. */
  long end = evd_now_ms() + 1500;
  for (int i = 0; i < 1000 && evd_now_ms() < end; i++) {
    evd_step(50);
    if (evd.last_mcode != CURLM_OK || evd.running == 0) break;
  }
  trace_mcode("socket_action", evd.last_mcode);
  trace_line("running: %d", evd.running);
  trace_line("refusals: %d", refusals);
  evd_print_done(trace_code);
  evd_print_sockets(trace_line);
  int running = -1;
  trace_mcode("socket_action timeout afterwards",
              curl_multi_socket_action(m, CURL_SOCKET_TIMEOUT, 0, &running));
  trace_mcode("remove", curl_multi_remove_handle(m, h));
  curl_easy_cleanup(h);
  trace_mcode("multi_cleanup", curl_multi_cleanup(m));
  evd_close();
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
