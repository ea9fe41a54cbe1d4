/* Scenario: info_read's msgs_in_queue countdown, and a CURLMsg staying valid while more transfers run. */
#include <stdint.h>

#include "trace.h"

static int run_until_idle(CURLM *m) {
  int running = -1;
  for (int iter = 0; iter < 1000; iter++) {
    if (curl_multi_perform(m, &running) != CURLM_OK || running == 0) break;
    curl_multi_poll(m, NULL, 0, 100, NULL);
  }
  return running;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  CURL *h[4];
  struct trace_xfer x[4];
  for (int i = 0; i < 3; i++) {
    char pq[64];
    snprintf(pq, sizeof pq, "/l?size=%d&delay=%d", 10 * (i + 1), 100 * i);
    h[i] = trace_easy_new(&x[i], i + 1, pq);
    curl_easy_setopt(h[i], CURLOPT_PRIVATE, (void *)(intptr_t)(i + 1));
    curl_multi_add_handle(m, h[i]);
  }
  trace_line("running after loop: %d", run_until_idle(m));

  /* Messages come out in completion order; the delays fix that order. */
  CURLMsg *first_msg = NULL;
  CURLMsg *msg;
  int left = -1;
  while ((msg = curl_multi_info_read(m, &left))) {
    int id = trace_private_id(msg->easy_handle);
    trace_line("msg id=%d msg=%d result=%d left=%d", id, (int)msg->msg, (int)msg->data.result,
               left);
    if (id == 1) first_msg = msg;
  }
  trace_line("after drain left=%d", left);

  /* A fourth transfer runs while the first message is still held. */
  h[3] = trace_easy_new(&x[3], 4, "/l?size=99");
  curl_easy_setopt(h[3], CURLOPT_PRIVATE, (void *)(intptr_t)4);
  curl_multi_add_handle(m, h[3]);
  trace_line("running after loop: %d", run_until_idle(m));
  msg = curl_multi_info_read(m, &left);
  if (msg)
    trace_line("msg id=%d msg=%d result=%d left=%d", trace_private_id(msg->easy_handle),
               (int)msg->msg, (int)msg->data.result, left);
  if (first_msg)
    trace_line("held msg still: msg=%d easy is h1=%s result=%d", (int)first_msg->msg,
               first_msg->easy_handle == h[0] ? "yes" : "no", (int)first_msg->data.result);

  for (int i = 0; i < 4; i++) {
    curl_multi_remove_handle(m, h[i]);
    curl_easy_cleanup(h[i]);
    trace_xfer_free(&x[i]);
  }
  trace_mcode("cleanup", curl_multi_cleanup(m));
  curl_global_cleanup();
  return 0;
}
