/* Scenario: a refused connection under socket_action: the socket's callbacks and the result. */
#include <stdint.h>

#include "trace.h"
#include "../events/epoll_driver.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  evd_init(m);
  char url[96];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/refused", trace_free_port());
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, NULL);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_PRIVATE, (void *)(intptr_t)1);
  trace_mcode("add", curl_multi_add_handle(m, h));
  trace_line("running at end: %d", evd_run(5000));
  trace_mcode("socket_action", evd.last_mcode);
  evd_print_done(trace_code);
  evd_print_sockets(trace_line);
  trace_line("socket callbacks ran: %s", evd.socket_calls ? "yes" : "no");
  trace_line("timer armed at end: %s", evd.timer_armed ? "yes" : "no");
  trace_mcode("remove", curl_multi_remove_handle(m, h));
  curl_easy_cleanup(h);
  trace_mcode("multi_cleanup", curl_multi_cleanup(m));
  evd_close();
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
