/* Scenario: a body delimited by the server closing the connection (no Content-Length). */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/close?close=1&size=30000");
  trace_result("close", curl_easy_perform(h), &x);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  trace_xfer_free(&x);

  /* The connection is gone, so the next request must open a new one. */
  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/close?size=10&conn=1"));
  trace_result("next", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
