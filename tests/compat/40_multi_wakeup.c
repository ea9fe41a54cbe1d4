/* Scenario: curl_multi_wakeup from another thread cuts a 10 s curl_multi_poll short, also across a perform; curl_multi_wait ignores it. */
#include <pthread.h>
#include <time.h>

#include "trace.h"

static CURLM *multi;
static CURLMcode wakeup_result = CURLM_INTERNAL_ERROR;

static void *waker(void *arg) {
  (void)arg;
  trace_sleep_ms(100);
  wakeup_result = curl_multi_wakeup(multi);
  return NULL;
}

static long elapsed_ms(const struct timespec *a) {
  struct timespec b;
  clock_gettime(CLOCK_MONOTONIC, &b);
  return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static void poll_with_waker(const char *label) {
  pthread_t t;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  pthread_create(&t, NULL, waker, NULL);
  int numfds = -1;
  CURLMcode mc = curl_multi_poll(multi, NULL, 0, 10000, &numfds);
  long ms = elapsed_ms(&start);
  pthread_join(t, NULL);
  char what[64];
  snprintf(what, sizeof what, "%s: poll", label);
  trace_mcode(what, mc);
  trace_line("%s: numfds=%d", label, numfds);
  trace_line("%s: returned early: %s", label, ms < 5000 ? "yes" : "no");
  snprintf(what, sizeof what, "%s: wakeup", label);
  trace_mcode(what, wakeup_result);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  multi = curl_multi_init();
  poll_with_waker("empty");

  /* A wakeup that arrives before the poll makes the poll return at once. */
  trace_mcode("wakeup before poll", curl_multi_wakeup(multi));
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  int numfds = -1;
  trace_mcode("poll after wakeup", curl_multi_poll(multi, NULL, 0, 10000, &numfds));
  trace_line("returned early: %s numfds=%d", elapsed_ms(&start) < 5000 ? "yes" : "no", numfds);

  /* Same with a transfer waiting on a server that never answers. */
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/w?hang=1");
  curl_multi_add_handle(multi, h);
  int running = -1;
  for (int i = 0; i < 20; i++) {
    curl_multi_perform(multi, &running);
    curl_multi_poll(multi, NULL, 0, 20, NULL);
  }
  trace_line("running: %d", running);
  wakeup_result = CURLM_INTERNAL_ERROR;
  poll_with_waker("busy");
  curl_multi_perform(multi, &running);
  trace_line("running: %d", running);

  /* A wakeup is for the poll: a perform in between neither takes it nor cancels it. */
  trace_mcode("wakeup before perform", curl_multi_wakeup(multi));
  curl_multi_perform(multi, &running);
  clock_gettime(CLOCK_MONOTONIC, &start);
  numfds = -1;
  trace_mcode("poll after perform", curl_multi_poll(multi, NULL, 0, 1500, &numfds));
  trace_line("returned early: %s numfds=%d", elapsed_ms(&start) < 1000 ? "yes" : "no", numfds);

  /* curl_multi_wait is not curl_multi_poll: a wakeup neither cuts it short nor is used up by it. */
  trace_mcode("wakeup before wait", curl_multi_wakeup(multi));
  clock_gettime(CLOCK_MONOTONIC, &start);
  numfds = -1;
  trace_mcode("wait", curl_multi_wait(multi, NULL, 0, 300, &numfds));
  trace_line("wait returned early: %s numfds=%d", elapsed_ms(&start) < 250 ? "yes" : "no", numfds);
  clock_gettime(CLOCK_MONOTONIC, &start);
  numfds = -1;
  trace_mcode("poll after wait", curl_multi_poll(multi, NULL, 0, 1500, &numfds));
  trace_line("returned early: %s numfds=%d", elapsed_ms(&start) < 1000 ? "yes" : "no", numfds);
  trace_mcode("wakeup NULL", curl_multi_wakeup(NULL));
  curl_multi_remove_handle(multi, h);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  trace_mcode("cleanup", curl_multi_cleanup(multi));
  curl_global_cleanup();
  return 0;
}
