/* Small multi-handle drivers shared by the connection-limit scenarios (header-only). */
#ifndef XFER_TESTS_COMPAT_MULTI_UTIL_H
#define XFER_TESTS_COMPAT_MULTI_UTIL_H

#include <stdint.h>
#include <stdlib.h>

#include "trace.h"

/* Runs the multi handle until nothing is running (bounded: 1000 passes of at most 100 ms). */
static inline int multi_run(CURLM *m) {
  int running = -1;
  for (int iter = 0; iter < 1000; iter++) {
    if (curl_multi_perform(m, &running) != CURLM_OK || running == 0) break;
    curl_multi_poll(m, NULL, 0, 100, NULL);
  }
  return running;
}

/* Prints every queued CURLMsg, sorted by the id kept in CURLOPT_PRIVATE. */
static inline void multi_print_msgs(CURLM *m) {
  int ids[64], results[64], n = 0, left = 0;
  CURLMsg *msg;
  while ((msg = curl_multi_info_read(m, &left)) && n < 64) {
    ids[n] = trace_private_id(msg->easy_handle);
    results[n] = (int)msg->data.result;
    n++;
  }
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
      int t = ids[j];
      ids[j] = ids[j - 1];
      ids[j - 1] = t;
      t = results[j];
      results[j] = results[j - 1];
      results[j - 1] = t;
    }
  for (int i = 0; i < n; i++) {
    char what[64];
    snprintf(what, sizeof what, "msg id=%d result", ids[i]);
    trace_code(what, (CURLcode)results[i]);
  }
}

/* Fetches /__stats through its own easy handle and prints the server's counters. */
static inline void multi_print_stats(CURLM *m) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 99, "/__stats");
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_PRIVATE, (void *)(intptr_t)99);
  curl_multi_add_handle(m, h);
  multi_run(m);
  int left;
  while (curl_multi_info_read(m, &left)) {
  }
  long reused = -1;
  curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &reused);
  trace_line("stats request opened connections: %ld", reused);
  trace_xfer_print_body_text("stats", &x);
  curl_multi_remove_handle(m, h);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

#endif
