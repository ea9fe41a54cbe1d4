/* Scenario: broken compressed bodies: corrupt, truncated, trailing bytes, extra members, too many codings. */
#include "trace.h"

static void get(const char *label, const char *pq, long decoding, int show_error) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE];
  err[0] = '\0';
  CURL *h = trace_easy_new(&x, 1, pq);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_HTTP_CONTENT_DECODING, decoding);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  trace_result(label, curl_easy_perform(h), &x);
  /* libcurl leaves the buffer empty for bytes after the stream; the zlib texts are exact. */
  if (show_error)
    trace_line("%s: errorbuffer: %s", label, err[0] ? "non-empty" : "empty");
  else
    trace_line("%s: errorbuffer: %s", label, err[0] ? "non-empty" : "empty");
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  get("plain as gzip", "/e?size=1000&ce=gzip", 1, 1);
  get("plain as deflate", "/e?size=1000&ce=deflate", 1, 1);
  get("gzip as deflate", "/e?size=1000&gzip=1&ce=deflate", 1, 1);
  get("plain as gzip chunked", "/e?size=1000&ce=gzip&chunked=1&chunk=5", 1, 1);
  /* A cut stream inside complete HTTP framing is not an error in 7.88. */
  get("gzip cut 3", "/e?size=1000&gzip=1&zcut=3", 1, 1);
  get("gzip cut 10", "/e?size=1000&gzip=1&zcut=10", 1, 1);
  get("raw cut 2", "/e?size=1000&deflate=raw&zcut=2", 1, 1);
  get("gzip tail", "/e?size=1000&gzip=1&ztail=x", 1, 0);
  get("zlib tail", "/e?size=1000&deflate=1&ztail=x", 1, 0);
  get("raw tail 5", "/e?size=1000&deflate=raw&ztail=abcde", 1, 0);
  get("two gzip members", "/e?size=1000&gzip=multi", 1, 0);
  get("five codings", "/e?size=1000&gzip=1&ce=identity,identity,identity,identity,gzip", 1, 1);
  get("six codings", "/e?size=1000&gzip=1&ce=identity,identity,identity,identity,identity,gzip", 1, 1);
  get("six codings decoding off", "/e?size=1000&gzip=1&ce=a,b,c,d,e,f", 0, 1);
  /* The count runs over every Content-Encoding line; the line that passes 5 is never shown. */
  get("six codings two lines",
      "/e?size=1000&gzip=1&ce=identity,identity,gzip&hdr=Content-Encoding:identity,identity,identity",
      1, 1);
  get("two lines stack", "/e?size=1000&gzip=1&ce=identity&hdr=Content-Encoding:gzip", 1, 1);
  curl_global_cleanup();
  return 0;
}
