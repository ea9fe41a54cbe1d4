/* An application timer that fires a little early (ms-granular loops do) must not stall the transfer it was for. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

static long due_us = -1;  /* the application's timer: absolute time, -1 when disarmed */

static long now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int on_timer(CURLM *m, long timeout_ms, void *userp) {
  (void)m;
  (void)userp;
  due_us = timeout_ms < 0 ? -1 : now_us() + timeout_ms * 1000;
  return 0;
}

static int on_socket(CURL *e, curl_socket_t s, int what, void *u, void *p) {
  (void)e;
  (void)s;
  (void)what;
  (void)u;
  (void)p;
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  char url[128];
  snprintf(url, sizeof url, "http://127.0.0.1:%s/early?hang=1", argv[1]);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, on_timer);
  curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, on_socket);
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 300L);
  curl_multi_add_handle(m, h);
  /* Sockets are never reported ready: only the timer drives the transfer, 2 ms early each
   * time, as a loop with millisecond clocks may. CURLOPT_TIMEOUT_MS must still end it. */
  int running = 1, done = 0;
  CURLcode result = CURLE_OK;
  long end = now_us() + 3000000;
  while (!done && now_us() < end) {
    if (due_us < 0) {
      usleep(10000);
      continue;
    }
    long wait = due_us - 2000 - now_us();
    if (wait > 0) usleep((useconds_t)wait);
    due_us = -1;
    curl_multi_socket_action(m, CURL_SOCKET_TIMEOUT, 0, &running);
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(m, &left)))
      if (msg->msg == CURLMSG_DONE) {
        done = 1;
        result = msg->data.result;
      }
  }
  printf("done=%d result=%d (expected 1 and %d)\n", done, (int)result, (int)CURLE_OPERATION_TIMEDOUT);
  curl_multi_remove_handle(m, h);
  curl_easy_cleanup(h);
  curl_multi_cleanup(m);
  curl_global_cleanup();
  return done && result == CURLE_OPERATION_TIMEDOUT ? 0 : 1;
}
