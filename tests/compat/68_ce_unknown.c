/* Scenario: a Content-Encoding libcurl cannot undo fails once body bytes arrive (61), else passes. */
#include "trace.h"

static void get(const char *label, const char *pq, const char *accept, long decoding) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, pq);
  if (accept) curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, accept);
  curl_easy_setopt(h, CURLOPT_HTTP_CONTENT_DECODING, decoding);
  trace_result(label, curl_easy_perform(h), &x);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  /* Debian's libcurl knows br and zstd, but these bodies are not valid in them either. The
   * ERRORBUFFER text differs by build (it lists the known codings), so it is not shown. */
  get("foo", "/u?size=1000&ce=foo", "", 1);
  get("br", "/u?size=1000&ce=br", "", 1);
  get("compress", "/u?size=1000&ce=compress", "", 1);
  get("foo chunked", "/u?size=1000&ce=foo&chunked=1&chunk=100", "", 1);
  get("gzip then foo", "/u?size=1000&gzip=1&ce=gzip%20x", "", 1);
  get("foo empty body", "/u?size=0&ce=foo", "", 1);
  get("foo no accept", "/u?size=1000&ce=foo", NULL, 1);
  get("foo decoding off", "/u?size=1000&ce=foo", "", 0);
  get("identity", "/u?size=1000&ce=identity", "", 1);
  curl_global_cleanup();
  return 0;
}
