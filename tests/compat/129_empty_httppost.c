/* Scenario: CURLOPT_HTTPPOST set to NULL still asks for a POST: an empty one, with no
   multipart Content-Type (curl test 516), as with a MIMEPOST set to NULL. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/e?echo=1");
  x.keep_body = 1;
  trace_code("HTTPPOST NULL", curl_easy_setopt(h, CURLOPT_HTTPPOST, NULL));
  trace_result("empty-httppost", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("empty-httppost", &x);
  trace_xfer_free(&x);
  trace_xfer_init(&x, 2);
  trace_xfer_attach(h, &x);
  x.keep_body = 1;
  trace_code("MIMEPOST NULL", curl_easy_setopt(h, CURLOPT_MIMEPOST, NULL));
  trace_result("empty-mimepost", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("empty-mimepost", &x);
  trace_xfer_free(&x);
  curl_easy_cleanup(h);
  curl_global_cleanup();
  return 0;
}
