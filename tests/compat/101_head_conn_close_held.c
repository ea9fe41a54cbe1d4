/* Scenario: NOBODY, then UPLOAD or POST set to 0 as curl's tool does for every transfer
 * (curl tests 14 and 1032: -I): the request still goes out as HEAD, and its answer, with
 * "Connection: close" from a server that keeps the connection open, ends with its headers,
 * with or without a Content-Length. The connection is not used again. */
#include "trace.h"

static void head(int id, const char *path, CURLoption after) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, id, path);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  if (after) curl_easy_setopt(h, after, 0L);  /* falls back to GET; NOBODY stays on */
  curl_easy_setopt(h, CURLOPT_HEADER, 1L);
  /* A regression shows as 28 within the runner's limit instead of a hang. */
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 4000L);
  trace_result("head", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("head", &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  trace_xfer_free(&x);

  /* The same handle again: the held connection must not be reused. */
  trace_xfer_init(&x, id + 1);
  curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
  curl_easy_setopt(h, CURLOPT_HEADER, 0L);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/after?size=10"));
  trace_result("get after", curl_easy_perform(h), &x);
  INFO_LONG(h, NUM_CONNECTS);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  /* Test 14: no Content-Length at all, lines ending in bare LF as curl's server sends. */
  head(1, "/want/14?close=1&hold=1&lf=1&hdr=Server:thebest/1.0", CURLOPT_UPLOAD);
  /* Test 1032: a Content-Length the HEAD answer never sends. */
  head(3, "/1032?size=6&connclose=1&hold=1&hdr=Accept-Ranges:bytes", CURLOPT_UPLOAD);
  head(5, "/post0?size=6&connclose=1&hold=1", CURLOPT_POST);
  /* NOBODY alone; HTTP/1.0 without a length. */
  head(7, "/h10?http10=1&close=1&hold=1", 0);
  curl_global_cleanup();
  return 0;
}
