/* Scenario: the server closes mid-body: CURLE_PARTIAL_FILE with the bytes that did arrive. */
#include "trace.h"

static void get(const char *label, const char *pq) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, pq);
  trace_result(label, curl_easy_perform(h), &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  /* The cut falls after the header block, somewhere inside the body. */
  get("length", "/p?size=1000&cut=164");
  get("chunked", "/p?size=1000&chunked=1&chunk=100&cut=300");
  curl_global_cleanup();
  return 0;
}
