/* Scenario: POST with POSTFIELDS (strlen) and POSTFIELDSIZE; the server echoes the request bytes. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/post?echo=1");
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "name=value&other=42");
  trace_result("post", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("post", &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_UPLOAD_T);
  INFO_LONG(h, REQUEST_SIZE);
  trace_xfer_free(&x);

  /* An explicit smaller size sends only a prefix of the buffer. */
  trace_xfer_init(&x, 2);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, "abcdefghij");
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 4L);
  trace_result("post4", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("post4", &x);
  INFO_OFF(h, SIZE_UPLOAD_T);
  INFO_LONG(h, NUM_CONNECTS);
  trace_xfer_free(&x);

  /* Zero-length POST still sends Content-Length: 0. */
  trace_xfer_init(&x, 3);
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
  trace_result("post0", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("post0", &x);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
