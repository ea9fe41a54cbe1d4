/* Scenario: deflate Content-Encoding, zlib-wrapped and raw (libcurl accepts both), plain and chunked. */
#include "trace.h"

static void get(const char *label, const char *pq) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, pq);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  trace_result(label, curl_easy_perform(h), &x);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  get("zlib", "/d?size=1000&deflate=1");
  get("zlib chunked", "/d?size=5000&deflate=1&chunked=1&chunk=3");
  get("raw", "/d?size=1000&deflate=raw");
  /* Two bytes per chunk: libcurl decides zlib-or-raw on its first write alone, so a one-byte
   * first chunk makes it fail (61) where xfer, deciding on the whole stream, succeeds. */
  get("raw chunked", "/d?size=5000&deflate=raw&chunked=1&chunk=2");
  get("raw large", "/d?size=200000&deflate=raw&chunked=1&chunk=5000");
  /* A raw stream may be followed by up to four bytes that libcurl ignores. */
  get("raw tail 4", "/d?size=1000&deflate=raw&ztail=abcd");
  /* gzip decoding also takes a zlib-wrapped stream. */
  get("zlib as gzip", "/d?size=1000&deflate=1&ce=gzip");
  get("empty body", "/d?size=0&ce=deflate");
  curl_global_cleanup();
  return 0;
}
