/* Scenario: five parallel transfers on one multi handle, finishing in a staggered order. */
#include <stdint.h>
#include <stdlib.h>

#include "trace.h"

#define COUNT 5

struct done {
  int id;
  int msg;
  CURLcode result;
};

static int by_id(const void *a, const void *b) {
  return ((const struct done *)a)->id - ((const struct done *)b)->id;
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *m = curl_multi_init();
  CURL *h[COUNT];
  struct trace_xfer x[COUNT];
  for (int i = 0; i < COUNT; i++) {
    char pq[128];
    /* 200 ms apart so each perform call sees at most one transfer finish. */
    snprintf(pq, sizeof pq, "/m?size=%d&delay=%d", 1000 * (i + 1), 200 * i);
    h[i] = trace_easy_new(&x[i], i + 1, pq);
    curl_easy_setopt(h[i], CURLOPT_PRIVATE, (void *)(intptr_t)(i + 1));
    trace_mcode("add", curl_multi_add_handle(m, h[i]));
  }
  struct done done[COUNT];
  int ndone = 0;
  int running = -1, last = -1;
  for (int iter = 0; iter < 2000; iter++) {
    CURLMcode mc = curl_multi_perform(m, &running);
    if (mc != CURLM_OK) {
      trace_mcode("perform", mc);
      break;
    }
    if (running != last) {
      trace_line("running: %d", running);
      last = running;
    }
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(m, &left)) && ndone < COUNT) {
      done[ndone].id = trace_private_id(msg->easy_handle);
      done[ndone].msg = (int)msg->msg;
      done[ndone].result = msg->data.result;
      ndone++;
    }
    if (running == 0) break;
    curl_multi_poll(m, NULL, 0, 100, NULL);
  }
  qsort(done, (size_t)ndone, sizeof done[0], by_id);
  for (int i = 0; i < ndone; i++) {
    char what[64];
    snprintf(what, sizeof what, "msg id=%d msg=%d result", done[i].id, done[i].msg);
    trace_code(what, done[i].result);
  }
  for (int i = 0; i < COUNT; i++) {
    char label[16];
    snprintf(label, sizeof label, "xfer%d", i + 1);
    trace_xfer_print_body(label, &x[i]);
    INFO_LONG(h[i], RESPONSE_CODE);
    trace_mcode("remove", curl_multi_remove_handle(m, h[i]));
    curl_easy_cleanup(h[i]);
    trace_xfer_free(&x[i]);
  }
  trace_mcode("multi_cleanup", curl_multi_cleanup(m));
  curl_global_cleanup();
  return 0;
}
