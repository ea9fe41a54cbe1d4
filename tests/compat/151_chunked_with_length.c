/* Scenario: Transfer-Encoding: chunked and a Content-Length in the same reply: libcurl 7.88
 * reads the chunks and keeps the connection (curl test 365). */
#include "trace.h"

static void run(CURL *h, int id, const char *label, const char *path) {
  struct trace_xfer x;
  trace_xfer_init(&x, id);
  trace_xfer_attach(h, &x);
  curl_easy_setopt(h, CURLOPT_URL, trace_url(path));
  trace_result(label, curl_easy_perform(h), &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_DOWNLOAD_T);
  INFO_OFF(h, CONTENT_LENGTH_DOWNLOAD_T);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 0, "/");
  trace_xfer_free(&x);
  /* The length after the chunked line, larger and smaller than the body. */
  run(h, 1, "length after", "/c?chunked=1&size=300&chunk=100&hdr=Content-Length:123456&conn=1");
  run(h, 2, "small length", "/c?chunked=1&size=300&chunk=100&hdr=Content-Length:5&conn=1");
  /* The length before the chunked line (the server's framing line comes first, so the hdr
   * lines name both and the body is framed by hand). */
  run(h, 3, "length before",
      "/c?close=1&hdr=Content-Length:99&hdr=Transfer-Encoding:chunked&text=5%0D%0Ahello%0D%0A0%0D%0A%0D%0A");
  run(h, 4, "after close", "/c?size=10&conn=1");
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
