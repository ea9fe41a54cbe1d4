/* Scenario: CURLOPT_MAXFILESIZE(_LARGE) and CURLOPT_IGNORE_CONTENT_LENGTH. A Content-Length
   above the limit fails with 63 and libcurl's ERRORBUFFER text before the body (and before
   the header callback sees the blank line); a body of unknown size (chunked, close-delimited)
   is not limited; a 304's length, a redirect's, a HEAD answer's. An ignored Content-Length
   reads the body to close (also on a connection the server keeps open until idle), reports
   no length, and leaves chunked framing alone. */
#include <stdio.h>
#include <string.h>

#include "trace.h"

static void get(const char *label, const char *path, curl_off_t max, int large, long ignore, long nobody) {
  struct trace_xfer x;
  char err[CURL_ERROR_SIZE] = "";
  CURL *h = trace_easy_new(&x, 1, path);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 4000L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_NOBODY, nobody);
  if (max >= 0) {
    if (large)
      trace_code("MAXFILESIZE_LARGE", curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, max));
    else
      trace_code("MAXFILESIZE", curl_easy_setopt(h, CURLOPT_MAXFILESIZE, (long)max));
  }
  if (ignore) trace_code("IGNORE_CONTENT_LENGTH", curl_easy_setopt(h, CURLOPT_IGNORE_CONTENT_LENGTH, ignore));
  CURLcode rc = curl_easy_perform(h);
  trace_result(label, rc, &x);
  if (rc == CURLE_FILESIZE_EXCEEDED) trace_line("%s errorbuffer: %s", label, err);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  INFO_DBL(h, CONTENT_LENGTH_DOWNLOAD);
  /* Whether the connection was kept: the next transfer on the handle says. */
  struct trace_xfer y;
  trace_xfer_init(&y, 2);
  trace_xfer_attach(h, &y);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/n?text=next"));
  curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
  curl_easy_setopt(h, CURLOPT_IGNORE_CONTENT_LENGTH, 0L);
  trace_code("next", curl_easy_perform(h));
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  trace_xfer_free(&y);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  get("over", "/f?size=100", 10, 0, 0, 0);
  get("over-large", "/f?size=100", 99, 1, 0, 0);
  get("equal", "/f?size=100", 100, 0, 0, 0);
  get("zero-is-off", "/f?size=100", 0, 1, 0, 0);
  get("chunked", "/f?chunked=1&size=100", 10, 0, 0, 0);
  get("close", "/f?close=1&size=100", 10, 0, 0, 0);
  get("304", "/f?status=304&size=100", 10, 0, 0, 0);
  get("204", "/f?status=204&hdr=Content-Length:%20100", 10, 0, 0, 0);
  get("head", "/f?size=100", 10, 0, 0, 1);
  get("redirect", "/r?status=302&size=100&location=/f%3Fsize%3D3", 10, 0, 0, 0);
  get("overflow", "/f?close=1&text=-foo-&hdr=Content-Length:%2036893488147419103232", 2000000, 0, 0, 0);
  get("beyond-int64", "/f?close=1&text=-foo-&hdr=Content-Length:%2010000000000000000000", 2000000, 0, 0, 0);
  get("ignored-limit", "/f?size=100&idleclose=300", 10, 0, 1, 0);

  get("ignore-close", "/f?close=1&size=5&hdr=Content-Length:%20100", -1, 0, 1, 0);
  get("ignore-close-off", "/f?close=1&size=5&hdr=Content-Length:%20100", -1, 0, 0, 0);
  get("ignore-keepalive", "/f?size=5&idleclose=300", -1, 0, 1, 0);
  get("ignore-chunked", "/f?chunked=1&size=20", -1, 0, 1, 0);
  get("ignore-head", "/f?size=20", -1, 0, 1, 1);
  get("ignore-304", "/f?status=304&size=20", -1, 0, 1, 0);

  CURL *e = curl_easy_init();
  trace_code("MAXFILESIZE -1", curl_easy_setopt(e, CURLOPT_MAXFILESIZE, -1L));
  trace_code("MAXFILESIZE_LARGE -1", curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)-1));
  trace_code("IGNORE_CONTENT_LENGTH 2", curl_easy_setopt(e, CURLOPT_IGNORE_CONTENT_LENGTH, 2L));
  curl_easy_cleanup(e);
  curl_global_cleanup();
  return 0;
}
