/* Scenario: the server resets the connection after reading the request: CURLE_RECV_ERROR. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  CURL *h = trace_easy_new(&x, 1, "/r?rst=1");
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  err[0] = '\0';
  trace_result("rst", curl_easy_perform(h), &x);
  trace_line("errorbuffer: %s", err[0] ? "non-empty" : "empty");
  INFO_LONG(h, RESPONSE_CODE);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
