/* Scenario: curl_multi_assign from inside the socket callback; later callbacks carry the pointer. */
#include <stdint.h>

#include "trace.h"
#include "../events/epoll_driver.h"

static const char *names[] = {"", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"};
static CURLMcode first_assign = (CURLMcode)-99;
static curl_socket_t first_fd = CURL_SOCKET_BAD;

static int assign_hook(struct evd_state *st, CURL *easy, curl_socket_t s, int what, void *socketp,
                       int ordinal) {
  (void)easy;
  if (what == CURL_POLL_REMOVE || socketp || ordinal <= 0 || ordinal > 8) return 0;
  CURLMcode mc = curl_multi_assign(st->multi, s, (void *)names[ordinal]);
  if (ordinal == 1) {
    first_assign = mc;
    first_fd = s;
  }
  return 0;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  evd_init(m);
  evd.socket_hook = assign_hook;
  trace_mcode("assign before any socket", curl_multi_assign(m, 0, (void *)"x"));
  struct trace_xfer x[2];
  CURL *h[2];
  for (int i = 0; i < 2; i++) {
    h[i] = trace_easy_new(&x[i], i + 1, i ? "/b?size=700&delay=100" : "/a?size=300");
    curl_easy_setopt(h[i], CURLOPT_PRIVATE, (void *)(intptr_t)(i + 1));
    trace_mcode("add", curl_multi_add_handle(m, h[i]));
  }
  trace_line("running at end: %d", evd_run(5000));
  trace_mcode("socket_action", evd.last_mcode);
  trace_mcode("assign inside callback", first_assign);
  evd_print_done(trace_code);
  evd_print_sockets(trace_line);
  trace_mcode("assign after REMOVE", curl_multi_assign(m, first_fd, (void *)"late"));
  for (int i = 0; i < 2; i++) {
    trace_mcode("remove", curl_multi_remove_handle(m, h[i]));
    curl_easy_cleanup(h[i]);
    trace_xfer_free(&x[i]);
  }
  trace_mcode("multi_cleanup", curl_multi_cleanup(m));
  evd_close();
  curl_global_cleanup();
  return 0;
}
