/* Scenario: socket_action; a handle run again while another transfer is still running reuses its connection. */
#include <stdint.h>

#include "trace.h"
#include "../events/epoll_driver.h"

/* Loop turns until `count` transfers have finished (bounded in turns and time). */
static void run_until_done(int count, int limit_ms) {
  long end = evd_now_ms() + limit_ms;
  for (int iter = 0; iter < 100000 && evd.ndone < count && evd_now_ms() < end; iter++) evd_step(50);
}

static int count_seen(const char *what) {
  int n = 0;
  for (int i = 0; i < evd.nsockets; i++)
    for (int t = 0; t < evd.sockets[i].ntokens; t++)
      if (strcmp(evd.sockets[i].tokens[t], what) == 0) n++;
  return n;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  evd_init(m);
  struct trace_xfer xs, xf;
  CURL *slow = trace_easy_new(&xs, 1, "/slow?size=500&delay=600");
  CURL *fast = trace_easy_new(&xf, 2, "/fast?size=700");
  curl_easy_setopt(slow, CURLOPT_PRIVATE, (void *)(intptr_t)1);
  curl_easy_setopt(fast, CURLOPT_PRIVATE, (void *)(intptr_t)2);
  trace_mcode("add slow", curl_multi_add_handle(m, slow));
  trace_mcode("add fast", curl_multi_add_handle(m, fast));
  run_until_done(1, 5000);
  evd_print_done(trace_code);
  trace_line("running after the fast one: %d", evd.running);

  /* Again, while the slow transfer still runs: the kept-alive connection serves it. What
   * the socket callback says about a reused socket differs (docs/DIFFERENCES.md), so only
   * the outcome is compared. */
  trace_mcode("remove fast", curl_multi_remove_handle(m, fast));
  trace_mcode("add fast again", curl_multi_add_handle(m, fast));
  run_until_done(2, 5000);
  INFO_LONG(fast, NUM_CONNECTS);
  trace_line("running after the second fast one: %d", evd.running);

  trace_line("running at end: %d", evd_run(5000));
  trace_mcode("socket_action", evd.last_mcode);
  evd_print_done(trace_code);
  trace_line("connects seen (OUT): %d", count_seen("OUT"));
  trace_line("all sockets removed once nothing runs: %s", evd_all_removed() ? "yes" : "no");
  trace_xfer_print_body("slow", &xs);
  trace_xfer_print_body("fast", &xf);
  trace_mcode("remove slow", curl_multi_remove_handle(m, slow));
  trace_mcode("remove fast", curl_multi_remove_handle(m, fast));
  curl_easy_cleanup(slow);
  curl_easy_cleanup(fast);
  trace_mcode("multi_cleanup", curl_multi_cleanup(m));
  evd_close();
  trace_xfer_free(&xs);
  trace_xfer_free(&xf);
  curl_global_cleanup();
  return 0;
}
