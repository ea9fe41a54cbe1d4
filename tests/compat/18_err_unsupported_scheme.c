/* Scenario: an unsupported scheme fails with CURLE_UNSUPPORTED_PROTOCOL before any connection. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  CURL *h = trace_easy_new(&x, 1, NULL);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(h, CURLOPT_URL, "foo://127.0.0.1/");
  err[0] = '\0';
  trace_result("foo", curl_easy_perform(h), &x);
  trace_line("errorbuffer: %s", err[0] ? "non-empty" : "empty");
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_STR(h, EFFECTIVE_URL);
  trace_xfer_free(&x);

  /* PROTOCOLS_STR limiting to https makes http unsupported too. */
  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/?size=1"));
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
  err[0] = '\0';
  trace_result("restricted", curl_easy_perform(h), &x);
  trace_line("errorbuffer: %s", err[0] ? "non-empty" : "empty");
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
