/* Scenario: timer callback values: never on an empty multi, 0 after an add, -1 once idle again. */
#include <stdint.h>

#include "trace.h"
#include "../events/epoll_driver.h"

static int fail_timer(struct evd_state *st, long timeout_ms) {
  (void)st;
  (void)timeout_ms;
  return -1;
}

static const char *kind(long ms) { return ms < 0 ? "-1" : ms == 0 ? "0" : ">0"; }

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  evd_init(m);
  trace_line("calls on an empty multi: %ld", evd.timer_calls);
  int running = -1;
  trace_mcode("timeout action on empty multi",
              curl_multi_socket_action(m, CURL_SOCKET_TIMEOUT, 0, &running));
  trace_line("running %d, timer calls %ld", running, evd.timer_calls);

  struct trace_xfer x[2];
  CURL *h[2];
  for (int i = 0; i < 2; i++) {
    h[i] = trace_easy_new(&x[i], i + 1, "/t?size=100");
    curl_easy_setopt(h[i], CURLOPT_PRIVATE, (void *)(intptr_t)(i + 1));
  }
  trace_mcode("add 1", curl_multi_add_handle(m, h[0]));
  trace_line("timer calls %ld last %s", evd.timer_calls, kind(evd.timer_ms));
  trace_mcode("add 2", curl_multi_add_handle(m, h[1]));
  trace_line("timer calls %ld last %s", evd.timer_calls, kind(evd.timer_ms));
  trace_mcode("remove 2 before it ran", curl_multi_remove_handle(m, h[1]));
  trace_line("timer calls %ld last %s", evd.timer_calls, kind(evd.timer_ms));
  trace_mcode("remove 1 before it ran", curl_multi_remove_handle(m, h[0]));
  trace_line("timer calls %ld last %s", evd.timer_calls, kind(evd.timer_ms));

  trace_mcode("add 1 again", curl_multi_add_handle(m, h[0]));
  trace_line("timer calls %ld last %s", evd.timer_calls, kind(evd.timer_ms));
  evd.ntimer_kinds = 0;
  trace_line("running at end: %d", evd_run(5000));
  evd_print_done(trace_code);
  evd_print_timer_kinds(trace_line);
  long before = evd.timer_calls;
  trace_mcode("remove 1 after done", curl_multi_remove_handle(m, h[0]));
  trace_line("timer calls on remove after done: %ld", evd.timer_calls - before);
  trace_mcode("multi_cleanup", curl_multi_cleanup(m));
  evd_close();

  /* A timer callback that returns -1. */
  m = curl_multi_init();
  evd_init(m);
  evd.timer_hook = fail_timer;
  trace_mcode("add with failing timer callback", curl_multi_add_handle(m, h[1]));
  trace_line("timer calls %ld last %s", evd.timer_calls, kind(evd.timer_ms));
  /* libcurl 7.88 crashes in a socket_action after this; the scenario stops short of it. */
  trace_mcode("remove", curl_multi_remove_handle(m, h[1]));
  trace_mcode("multi_cleanup", curl_multi_cleanup(m));
  evd_close();
  for (int i = 0; i < 2; i++) {
    curl_easy_cleanup(h[i]);
    trace_xfer_free(&x[i]);
  }
  curl_global_cleanup();
  return 0;
}
