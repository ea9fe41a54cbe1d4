/* Scenario: FOLLOWLOCATION through a 302 (and a 301 chain): REDIRECT_COUNT and EFFECTIVE_URL. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/r?status=302&location=/x%3Fsize%3D5");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  trace_result("302", curl_easy_perform(h), &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, REDIRECT_COUNT);
  INFO_STR(h, EFFECTIVE_URL);
  INFO_STR(h, REDIRECT_URL);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_LONG(h, HEADER_SIZE);
  trace_xfer_free(&x);

  /* Two hops, the second to a relative path without a leading slash. */
  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_URL,
                   trace_url("/a/b?status=301&location=/a/c%3Fstatus%3D307%26location%3Dd%253Fsize%253D3"));
  trace_result("chain", curl_easy_perform(h), &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, REDIRECT_COUNT);
  INFO_STR(h, EFFECTIVE_URL);
  trace_xfer_free(&x);

  /* A POST answered by 302 becomes a GET on the next hop (the echo shows the method). */
  trace_xfer_init(&x, 3);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/p?status=302&location=/e%3Fecho%3D1"));
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "k=v");
  trace_result("post302", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("post302", &x);
  INFO_LONG(h, REDIRECT_COUNT);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
