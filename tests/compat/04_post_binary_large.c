/* Scenario: POSTFIELDSIZE_LARGE with a binary body holding NUL bytes, echoed back exactly. */
#include "trace.h"

int main(int argc, char **argv) {
  trace_begin(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  static const char payload[] = {'b', 'i', 'n', 0, 1, 2, '\r', '\n', 0, (char)0xff, 'z', 0};
  struct trace_xfer x;
  CURL *h = trace_easy_new(&x, 1, "/bin?echo=1");
  x.keep_body = 1;
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, payload);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)sizeof payload);
  trace_result("bin", curl_easy_perform(h), &x);
  trace_xfer_print_body_text("bin", &x);
  INFO_OFF(h, SIZE_UPLOAD_T);
  trace_xfer_free(&x);

  /* A larger body (64 KiB of NUL-laced bytes) is hashed rather than printed. */
  static char big[65536];
  for (size_t i = 0; i < sizeof big; i++) big[i] = (char)(i % 7 == 0 ? 0 : 'A' + i % 20);
  trace_xfer_init(&x, 2);
  curl_easy_setopt(h, CURLOPT_URL, trace_url("/big?size=3"));
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, big);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)sizeof big);
  trace_result("big", curl_easy_perform(h), &x);
  INFO_OFF(h, SIZE_UPLOAD_T);
  INFO_LONG(h, RESPONSE_CODE);
  curl_easy_cleanup(h);
  trace_xfer_free(&x);
  curl_global_cleanup();
  return 0;
}
