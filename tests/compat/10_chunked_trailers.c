/* Scenario: a chunked response with a trailer; the header callback sees the trailer line too. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/chunked?chunked=1&chunk=7&size=50&trailer=1");
  trace_result("trailer", curl_easy_perform(h), &x);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  INFO_LONG(h, HEADER_SIZE);
  trace_xfer_free(&x);

  /* Larger chunks without a trailer, on the kept connection. */
  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/chunked?chunked=1&chunk=4096&size=20000"));
  trace_result("big", curl_easy_perform(h), &x);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);

  /* An empty chunked body: only the last-chunk marker. */
  trace_xfer_init(&x, 3);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/chunked?chunked=1&size=0"));
  trace_result("empty", curl_easy_perform(h), &x);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
