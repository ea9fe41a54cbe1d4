/* Scenario: an interim 100 response before the final one: its lines reach the header callback. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/c?continue=1&size=20");
  trace_result("get", curl_easy_perform(h), &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_LONG(h, HEADER_SIZE);
  trace_xfer_free(&x);

  /* A POST large enough for libcurl to send Expect: 100-continue. */
  static char big[2 * 1024 * 1024];
  for (size_t i = 0; i < sizeof big; i++) big[i] = (char)('0' + i % 10);
  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/c?size=5"));
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, big);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)sizeof big);
  trace_result("expect", curl_easy_perform(h), &x);
  INFO_LONG(h, RESPONSE_CODE);
  INFO_OFF(h, SIZE_UPLOAD_T);
  INFO_LONG(h, HEADER_SIZE);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
