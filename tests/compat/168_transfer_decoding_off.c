/* Scenario: CURLOPT_HTTP_TRANSFER_DECODING 0. A chunked body reaches the write callback as
   it came (chunk sizes, extensions, the last chunk and trailers included, trailers not as
   headers), gzip inside it is not decoded, and getinfo sizes are libcurl's; a body that is
   not chunked is unaffected; 1 turns decoding back on. */
#include "trace.h"

static void get(const char *label, const char *pq, long decoding, const char *accept) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, pq);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_HTTP_TRANSFER_DECODING, decoding);
  if (accept) curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, accept);
  trace_result(label, curl_easy_perform(h), &x);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

static void text(const char *label, const char *pq, long decoding) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 2, pq);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_HTTP_TRANSFER_DECODING, decoding);
  trace_code(label, curl_easy_perform(h));
  trace_xfer_print_body_text(label, &x);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  text("raw chunks", "/c?text=hello%20world&chunked=1&chunk=4", 0);
  text("raw chunks with trailer", "/c?text=hello&chunked=1&chunk=3&trailer=1", 0);
  text("decoded", "/c?text=hello%20world&chunked=1&chunk=4", 1);
  get("raw gzip chunks", "/c?size=3000&gzip=1&chunked=1&chunk=100", 0, "");
  get("gzip chunks decoded", "/c?size=3000&gzip=1&chunked=1&chunk=100", 1, "");
  get("not chunked", "/c?size=3000", 0, NULL);
  get("big raw", "/c?size=200000&chunked=1&chunk=7000", 0, NULL);
  curl_global_cleanup();
  return 0;
}
