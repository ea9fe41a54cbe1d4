/* Scenario: the server closes without sending a byte: CURLE_GOT_NOTHING. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  CURL *h = trace_easy_new(&x, 1, "/n?nothing=1");
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  err[0] = '\0';
  trace_result("nothing", curl_easy_perform(h), &x);
  trace_line("errorbuffer: %s", err[0] ? "non-empty" : "empty");
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);

  /* The handle stays usable. */
  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/n?size=3"));
  trace_result("after", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
