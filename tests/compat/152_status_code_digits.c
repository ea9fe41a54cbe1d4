/* Scenario: status codes libcurl 7.88 refuses though they parse: fewer than three digits, a
 * code below 100, a fourth digit; all are CURLE_UNSUPPORTED_PROTOCOL (curl test 1431). */
#include "trace.h"

static void run(CURL *h, int id, const char *status) {
  struct trace_xfer x;
  char path[128];
  snprintf(path, sizeof path, "/s?status=%s&reason=OK&size=6", status);
  trace_xfer_init(&x, id);
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  char label[64];
  snprintf(label, sizeof label, "status %s", status);
  trace_result(label, curl_easy_perform(h), &x);
  INFO_LONG(h, RESPONSE_CODE);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 0, "/");
  trace_xfer_free(&x);
  run(h, 1, "2");
  run(h, 2, "20");
  run(h, 3, "99");
  run(h, 4, "200");
  run(h, 5, "999");
  run(h, 6, "2000");
  run(h, 7, "600");
  run(h, 8, "0");
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
