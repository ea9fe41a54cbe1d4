/* Scenario: HEAD through CURLOPT_NOBODY: headers only, then the same handle back to GET. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/head?size=500");
  curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  trace_result("head", curl_easy_perform(h), &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_LONG(h, REQUEST_SIZE);
  trace_xfer_free(&x);

  /* Turning NOBODY off must bring back a GET with a body on the kept connection. */
  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/head?size=500&x=2"));
  trace_result("get", curl_easy_perform(h), &x);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_LONG(h, NUM_CONNECTS);
  INFO_LONG(h, REQUEST_SIZE);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
