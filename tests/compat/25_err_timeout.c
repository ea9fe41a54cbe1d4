/* Scenario: TIMEOUT_MS against a server that never answers: CURLE_OPERATION_TIMEDOUT. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  CURL *h = trace_easy_new(&x, 1, "/t?hang=1");
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 200L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  err[0] = '\0';
  trace_result("hang", curl_easy_perform(h), &x);
  trace_line("errorbuffer: %s", err[0] ? "non-empty" : "empty");
  INFO_LONG(h, RESPONSE_CODE);
  curl_off_t total = 0;
  curl_easy_getinfo(h, CURLINFO_TOTAL_TIME_T, &total);
  trace_line("total time >= 200 ms: %s", total >= 200000 ? "yes" : "no");
  trace_xfer_free(&x);

  /* Headers arrive, then the body drips too slowly for the deadline. */
  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/t?size=100&drip=50"));
  trace_code("drip: result", curl_easy_perform(h));
  trace_xfer_print_headers("drip", &x);
  INFO_LONG(h, RESPONSE_CODE);
  trace_line("got part of the body: %s", x.body_bytes > 0 && x.body_bytes < 100 ? "yes" : "no");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
