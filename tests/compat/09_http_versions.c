/* Scenario: CURLOPT_HTTP_VERSION 1.0, 1.1 and 2 (the server only speaks 1.1).
   For version 2 over http:// libcurl adds h2c upgrade headers; xfer serves HTTP/2 requests as
   HTTP/1.1 without offering an upgrade it could not complete (docs/OPTIONS.md), so that
   request's bytes are not compared, only its outcome. */
#include "trace.h"

static void run(const char *label, long version, int echo) {
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, echo ? "/ver?echo=1" : "/ver?text=fine");
  x.keep_body = 1;
  trace_code("setopt HTTP_VERSION", curl_easy_setopt(h, CURLOPT_HTTP_VERSION, version));
  trace_result(label, curl_easy_perform(h), &x);
  trace_xfer_print_body_text(label, &x);
  INFO_LONG(h, HTTP_VERSION);
  INFO_LONG(h, RESPONSE_CODE);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
}

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  run("v1.0", CURL_HTTP_VERSION_1_0, 1);
  run("v1.1", CURL_HTTP_VERSION_1_1, 1);
  run("v2", CURL_HTTP_VERSION_2_0, 0);
  run("none", CURL_HTTP_VERSION_NONE, 1);
  curl_global_cleanup();
  return 0;
}
