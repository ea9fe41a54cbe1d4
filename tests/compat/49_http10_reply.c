/* Scenario: an HTTP/1.0 reply: HTTP_VERSION reports 1.0 and the connection is not kept. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/o?http10=1&size=12&conn=1");
  trace_result("http10", curl_easy_perform(h), &x);
  INFO_LONG(h, HTTP_VERSION);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);

  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/o?size=12&conn=1"));
  trace_result("next", curl_easy_perform(h), &x);
  INFO_LONG(h, HTTP_VERSION);
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
