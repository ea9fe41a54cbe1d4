/* Scenario: a name that cannot resolve gives CURLE_COULDNT_RESOLVE_HOST. */
// needs: dns
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  CURL *h = trace_easy_new(&x, 1, NULL);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(h, CURLOPT_URL, "http://nonexistent.invalid/");
  err[0] = '\0';
  trace_result("invalid", curl_easy_perform(h), &x);
  trace_line("errorbuffer: %s", err[0] ? "non-empty" : "empty");
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_STR(h, PRIMARY_IP);
  INFO_LONG(h, PRIMARY_PORT);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
