/* Scenario: gzip Content-Encoding decoded only when ACCEPT_ENCODING is set; sizes stay compressed. */
#include "trace.h"

/* accept: NULL leaves ACCEPT_ENCODING unset; decoding: HTTP_CONTENT_DECODING. */
static void get(const char *label, const char *pq, const char *accept, long decoding) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, pq);
  if (accept) curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, accept);
  curl_easy_setopt(h, CURLOPT_HTTP_CONTENT_DECODING, decoding);
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
  get("plain", "/g?size=1000&gzip=1", "", 1);
  get("chunked", "/g?size=5000&gzip=1&chunked=1&chunk=7", "", 1);
  get("large", "/g?size=300000&gzip=1&chunked=1&chunk=4096", "", 1);
  get("named gzip", "/g?size=1000&gzip=1", "gzip", 1);
  get("x-gzip", "/g?size=1000&gzip=1&ce=x-gzip", "", 1);
  get("identity listed", "/g?size=1000&gzip=1&ce=identity,%20gzip", "", 1);
  get("no accept", "/g?size=1000&gzip=1", NULL, 1);
  get("decoding off", "/g?size=1000&gzip=1", "", 0);
  get("decoding off no accept", "/g?size=1000&gzip=1", NULL, 0);

  /* The request carries the value given (the "" default list differs by build, not shown). */
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 2, "/echo?echo=1");
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip");
  trace_code("echo", curl_easy_perform(h));
  trace_xfer_print_body_text("echo", &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);

  curl_global_cleanup();
  return 0;
}
